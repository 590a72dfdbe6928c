//! Tests by URL, mirroring `src/routes.rs`: the reader's pages, feeds,
//! the newsroom under `/redaksi`, the API under `/api/v1`, the operators'
//! endpoints; `shapes` pins the whole shape of what readers, crawlers and
//! apps read (snapshots).

mod api;
mod feeds;
mod headers;
mod newsroom;
mod ops;
mod overload;
pub mod reader;
mod shapes;
