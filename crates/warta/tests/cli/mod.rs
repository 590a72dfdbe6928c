//! The `warta` command, run as a user runs it.

mod import;
mod serve;
mod users;
