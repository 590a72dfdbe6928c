//! The `warta` command.

/// mimalloc rather than the system allocator: measured at 100,000 articles
/// (wrk, 1,000 cached article pages, this 2-core machine) it served 53,000
/// requests/s against 49,000 (56,000 against 46,000 at 256 connections,
/// p99 80 ms against 121 ms), and it gives memory back after a full
/// relatedness build, whose peak the system allocator kept resident
/// (610 MB at start against 401 MB, 270 MB once serving). Built without
/// transparent huge pages (`no_thp`): where the kernel grants them on
/// request, as Debian's does, its arenas were resident 2 MiB at a time
/// (136-164 MB of huge pages after a load; resident 198 against 234-239
/// MB, as many requests served).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    warta::cli::main()
}
