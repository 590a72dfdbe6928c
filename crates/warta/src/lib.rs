//! Warta: a news portal and its newsroom in one program.
//!
//! The binary (`main.rs`) only hands over to [`cli`]. The map of the
//! modules is in `ARCHITECTURE.md` at the root of the repository.

pub mod admission;
pub mod api;
pub mod app;
pub mod body;
pub mod brand;
pub mod cli;
pub mod config;
pub mod demo;
pub mod error;
pub mod feeds;
pub mod headers;
pub mod health;
pub mod i18n;
pub mod import;
pub mod jobs;
pub mod lists;
pub mod live;
pub mod media;
pub mod messages;
pub mod newsroom;
pub mod ops;
pub mod purge;
pub mod ranking;
pub mod reader;
pub mod routes;
pub mod server;
pub mod text;
pub mod theme;
