//! The `warta` command.

fn main() -> std::process::ExitCode {
    warta::cli::main()
}
