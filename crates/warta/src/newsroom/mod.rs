//! The newsroom under `/redaksi`: signing in, the article list and editor,
//! the workflow buttons, revisions, the desk (review queue, notes,
//! presence), what readers read now (`readers`), media, curation, users
//! and tokens, stories (Kronologi), webhooks.
//! Every page is server-rendered HTML in Indonesian; the little script
//! there is only improves what works without it. The routes are in
//! `routes.rs`, all behind [`auth::guard`], which makes sure every request
//! here is signed in and every form post carries the session's CSRF token.
//!
//! Handlers read the request, call [`actions`] (every write, shared with
//! the API) and render a page with [`page`]'s helpers.

pub mod actions;
pub mod articles;
pub mod auth;
pub mod curation;
pub mod desk;
pub mod library;
pub mod live;
pub mod page;
pub mod people;
pub mod readers;
pub mod secrets;
pub mod session;
pub mod stories;
pub mod webhooks;
