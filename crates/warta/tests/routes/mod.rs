//! Tests by URL, mirroring `src/routes.rs`.

mod feeds;
mod overload;
mod reader;
