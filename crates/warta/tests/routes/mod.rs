//! Tests by URL, mirroring `src/routes.rs`.

mod feeds;
mod reader;
