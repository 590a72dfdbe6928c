//! The `warta` command, run as a user runs it.

mod backup;
mod import;
mod migrate;
mod serve;
mod users;
mod wordpress;
mod wordpress_files;
