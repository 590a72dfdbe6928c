//! `warta user` and `warta token`.

use crate::util::TestApp;
use reqwest::Method;
use std::io::Write;
use std::process::Stdio;

fn stdout(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[tokio::test]
async fn users_and_tokens_are_managed_from_the_command_line() {
    let app = TestApp::start().await;
    let output = app
        .warta(&[
            "user",
            "add",
            "--email",
            "Ani@Redaksi.id",
            "--name",
            "Ani Lestari",
            "--role",
            "editor",
        ])
        .await;
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let printed = stdout(&output);
    let password = printed
        .lines()
        .find_map(|l| l.strip_prefix("Password: "))
        .unwrap();
    assert_eq!(app.sign_in("ani@redaksi.id", password).await.status(), 303);
    // The same email twice, an unknown role, a bad email: clear errors.
    for args in [
        [
            "user",
            "add",
            "--email",
            "ani@redaksi.id",
            "--name",
            "Lagi",
            "--role",
            "author",
        ],
        [
            "user",
            "add",
            "--email",
            "b@redaksi.id",
            "--name",
            "B",
            "--role",
            "pemilik",
        ],
        [
            "user",
            "add",
            "--email",
            "bukan-email",
            "--name",
            "B",
            "--role",
            "author",
        ],
    ] {
        let output = app.warta(&args).await;
        assert!(!output.status.success(), "{args:?} accepted");
        assert!(!output.stderr.is_empty());
    }
    // A password from stdin, checked against the policy.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_warta"))
        .args([
            "user",
            "add",
            "--data",
            app.dir.path().to_str().unwrap(),
            "--email",
            "budi@redaksi.id",
            "--name",
            "Budi",
            "--role",
            "author",
            "--password-stdin",
        ])
        .args(crate::util::database_args(app.dir.path()))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"sandi-budi-panjang\n")
        .unwrap();
    assert!(child.wait().unwrap().success());
    assert_eq!(
        app.sign_in("budi@redaksi.id", "sandi-budi-panjang")
            .await
            .status(),
        303
    );
    assert!(stdout(&app.warta(&["user", "list"]).await).contains("budi@redaksi.id\tauthor\tBudi"));

    // Tokens: printed once, work with the owner's role, die when revoked.
    let output = app
        .warta(&[
            "token",
            "add",
            "--email",
            "ani@redaksi.id",
            "--name",
            "CMS lama",
        ])
        .await;
    let token = stdout(&output).trim().to_owned();
    assert!(token.starts_with("wt_"));
    assert_eq!(
        app.api(Method::GET, "/api/v1/picks", Some(&token), None)
            .await
            .0,
        200
    );
    let listed = stdout(
        &app.warta(&["token", "list", "--email", "ani@redaksi.id"])
            .await,
    );
    let id = listed.split('\t').next().unwrap().to_owned();
    assert!(listed.contains("CMS lama\tactive"));
    assert!(!listed.contains(&token), "the list never shows the token");
    assert!(
        app.warta(&["token", "revoke", "--email", "ani@redaksi.id", &id])
            .await
            .status
            .success()
    );
    assert_eq!(
        app.api(Method::GET, "/api/v1/picks", Some(&token), None)
            .await
            .0,
        401
    );
    assert!(
        !app.warta(&["token", "revoke", "--email", "budi@redaksi.id", &id])
            .await
            .status
            .success(),
        "only the owner's"
    );
}
