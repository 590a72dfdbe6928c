//! The newsroom as staff and API clients use it: accounts and sign-in,
//! role rules, the workflow with its scheduler and edit conflicts, media,
//! the API document, and hostile input.

mod accounts;
mod api;
mod media;
mod roles;
mod workflow;
