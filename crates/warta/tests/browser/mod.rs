//! Pages seen in headless Chromium, as readers see them.

mod breaking;
mod desk;
mod editor;
mod kronologi;
mod layout;
mod live;
mod newsroom;
mod reader_page;
mod seed;
mod suggest;
