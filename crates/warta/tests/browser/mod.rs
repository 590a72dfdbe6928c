//! Pages seen in headless Chromium, as readers see them.

mod layout;
mod newsroom;
mod seed;
