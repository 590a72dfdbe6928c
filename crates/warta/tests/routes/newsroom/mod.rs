//! `/redaksi` as staff use it: accounts and sign-in (`accounts`), articles
//! through the workflow with its scheduler, edit conflicts, revisions and
//! previews (`articles`, by the editor's form and the API alike), what the
//! rich editor's script asks of the server (`editor`), media
//! (`media`), and the role rules across the newsroom and the API (`roles`).

mod accounts;
mod articles;
mod curation;
mod desk;
mod editor;
mod media;
mod readers;
mod roles;
mod stories;
