//! `/api/v1` as apps and scripts use it: the document and every endpoint
//! (`document`), and the shapes of its answers (`routes::shapes`). The
//! workflow and role tests that go through the API live with the newsroom
//! pages they share rules with (`routes::newsroom`).

mod bodies;
mod contract;
mod document;
mod limits;
mod webhooks;
