//! `warta user` and `warta token`: newsroom accounts and API tokens from the
//! command line (the first admin, scripts, recovery).

use super::CommonArgs;
use crate::newsroom::actions::people::check_email;
use crate::newsroom::secrets::{check_new_password, digest, hash_password, random_secret};
use anyhow::{Context, bail};
use chrono::Utc;
use clap::{Args, Subcommand};
use std::io::Read;
use warta_core::{Locale, Role};
use warta_store::Store;

/// `warta user add | list | password`
#[derive(Debug, Args)]
pub struct UserArgs {
    #[command(flatten)]
    common: CommonArgs,
    #[command(subcommand)]
    action: UserAction,
}

#[derive(Debug, Subcommand)]
enum UserAction {
    /// Add a user; prints a generated password unless one comes on stdin.
    Add {
        /// Sign-in email.
        #[arg(long)]
        email: String,
        /// Display name.
        #[arg(long)]
        name: String,
        /// contributor, author, editor or admin.
        #[arg(long)]
        role: Role,
        /// Read the password from standard input instead of generating one.
        #[arg(long)]
        password_stdin: bool,
    },
    /// List users.
    List,
    /// Give a user a new generated password (ends their other sessions).
    Password {
        /// Sign-in email.
        #[arg(long)]
        email: String,
    },
}

/// `warta token add | list | revoke`
#[derive(Debug, Args)]
pub struct TokenArgs {
    #[command(flatten)]
    common: CommonArgs,
    #[command(subcommand)]
    action: TokenAction,
}

#[derive(Debug, Subcommand)]
enum TokenAction {
    /// Make an API token for a user and print it (shown only this once).
    Add {
        /// Owner's email.
        #[arg(long)]
        email: String,
        /// What the token is for.
        #[arg(long)]
        name: String,
    },
    /// List a user's tokens.
    List {
        /// Owner's email.
        #[arg(long)]
        email: String,
    },
    /// Revoke a token by its number (see `list`).
    Revoke {
        /// Owner's email.
        #[arg(long)]
        email: String,
        /// Token number.
        id: i64,
    },
}

async fn open(common: &CommonArgs) -> anyhow::Result<Store> {
    let config = common.config(None)?;
    if config.database_url.is_sqlite() {
        std::fs::create_dir_all(&config.data_dir)?;
    }
    Store::connect(config.database_url.expose())
        .await
        .with_context(|| format!("cannot open database {}", config.database_url))
}

async fn user_id(store: &Store, email: &str) -> anyhow::Result<warta_core::UserId> {
    Ok(store
        .credentials(email)
        .await?
        .with_context(|| format!("no user with email {email}"))?
        .user
        .id)
}

pub(super) async fn run_user(args: UserArgs) -> anyhow::Result<()> {
    let store = open(&args.common).await?;
    match args.action {
        UserAction::Add {
            email,
            name,
            role,
            password_stdin,
        } => {
            let email = check_email(&email).map_err(|e| anyhow::anyhow!(e.message(Locale::En)))?;
            if name.trim().is_empty() {
                bail!("--name must not be empty");
            }
            let (password, generated) = if password_stdin {
                let mut text = String::new();
                std::io::stdin().read_to_string(&mut text)?;
                let password = text.trim_end_matches(['\r', '\n']).to_owned();
                check_new_password(&password)
                    .map_err(|e| anyhow::anyhow!(e.message(Locale::En)))?;
                (password, false)
            } else {
                (random_secret()[..20].to_owned(), true)
            };
            let hash = hash_password(password.clone()).await?;
            store
                .add_user(&email, &name, role, &hash, Utc::now())
                .await
                .with_context(|| format!("cannot add {email}"))?;
            println!("Added {email} ({role}).");
            if generated {
                println!("Password: {password}");
            }
        }
        UserAction::List => {
            for user in store.users().await? {
                println!(
                    "{}\t{}\t{}\t{}{}",
                    user.id,
                    user.email,
                    user.role,
                    user.name,
                    if user.active { "" } else { "\t(disabled)" }
                );
            }
        }
        UserAction::Password { email } => {
            let id = user_id(&store, &email).await?;
            let password = random_secret()[..20].to_owned();
            let hash = hash_password(password.clone()).await?;
            store.set_password(id, &hash, None, Utc::now()).await?;
            println!("New password for {email}: {password}");
        }
    }
    store.close().await;
    Ok(())
}

pub(super) async fn run_token(args: TokenArgs) -> anyhow::Result<()> {
    let store = open(&args.common).await?;
    match args.action {
        TokenAction::Add { email, name } => {
            let id = user_id(&store, &email).await?;
            if name.trim().is_empty() {
                bail!("--name must not be empty");
            }
            let token = format!("wt_{}", random_secret());
            store
                .add_api_token(id, &name, &digest(&token), &token[..9], Utc::now())
                .await?;
            println!("{token}");
        }
        TokenAction::List { email } => {
            let id = user_id(&store, &email).await?;
            for token in store.api_tokens(id).await? {
                println!(
                    "{}\t{}…\t{}\t{}",
                    token.id,
                    token.hint,
                    token.name,
                    if token.revoked_at.is_some() {
                        "revoked"
                    } else {
                        "active"
                    }
                );
            }
        }
        TokenAction::Revoke { email, id } => {
            let user = user_id(&store, &email).await?;
            store
                .revoke_api_token(user, id, Utc::now())
                .await
                .with_context(|| format!("{email} has no token {id}"))?;
            println!("Token {id} revoked.");
        }
    }
    store.close().await;
    Ok(())
}
