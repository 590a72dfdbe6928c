//! Tests by URL, mirroring `src/routes.rs`.

mod feeds;
mod ops;
mod overload;
mod reader;
