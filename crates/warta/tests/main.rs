//! Warta's integration tests: one binary, so the crate links once. The
//! folders mirror what users touch: `routes/` the URL tree (reader,
//! newsroom, API, operators), `cli/` the commands, `browser/` pages seen in
//! a real browser, `corpus/` the shared corpus of real articles, `faults/`
//! faults on purpose (a full disk, a damaged index), `nodes`
//! several servers on one database; `util/` is the one set of helpers.

mod browser;
mod cli;
mod corpus;
mod faults;
mod nodes;
mod routes;
mod util;
