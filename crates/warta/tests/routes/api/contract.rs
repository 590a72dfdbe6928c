//! The API against its own document, as an integrator's tool reads it:
//! schemathesis (property-based testing from `/api/v1/openapi.json`:
//! examples, coverage, fuzzing and stateful phases, every check, which is
//! its default: `--checks all` would also undo the one check the toml
//! turns off for one operation) as an
//! admin, an editor and a contributor, with a fixed seed and a bounded
//! number of cases. Any failure fails the build. What the document alone
//! cannot tell schemathesis is in `tests/schemathesis.toml`, with why.

use crate::util::{ArticleBuilder, TestApp, which};
use warta_core::Role;

/// The `st` command: `WARTA_TEST_SCHEMATHESIS`, else on the PATH.
fn schemathesis() -> String {
    std::env::var("WARTA_TEST_SCHEMATHESIS")
        .ok()
        .or_else(|| which("st"))
        .expect(
            "no schemathesis: run the README's test command, which installs it \
             (or set WARTA_TEST_SCHEMATHESIS to its `st`)",
        )
}

#[tokio::test]
async fn schemathesis_finds_no_contract_failure_for_admin_editor_or_contributor() {
    let st = schemathesis();
    let app = TestApp::start().await;
    app.add(&[
        ArticleBuilder::new("a", "Banjir Rob Rendam Muara Angke").tags(&["banjir"]),
        ArticleBuilder::new("b", "Harga Beras Turun").in_section("ekonomi"),
        ArticleBuilder::new("c", "Timnas Menang Telak").in_section("bola"),
    ])
    .await;
    let config = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/schemathesis.toml");
    let mut summaries = Vec::new();
    for (role, email) in [
        (Role::Admin, "admin@redaksi.id"),
        (Role::Editor, "editor@redaksi.id"),
        (Role::Contributor, "kontributor@redaksi.id"),
    ] {
        let (user, _) = app.add_user(email, "Uji Kontrak", role).await;
        let token = app.token_for(user).await;
        let output = tokio::process::Command::new(&st)
            // Its cache of crashes goes to the test's own folder, not the
            // repository.
            .current_dir(app.dir.path())
            .args(["--no-color", "--config-file", config, "run"])
            .arg(format!("{}/api/v1/openapi.json", app.base))
            .args(["--header", &format!("Authorization: Bearer {token}")])
            .args(["--phases", "examples,coverage,fuzzing,stateful"])
            .args([
                "--max-examples",
                "15",
                "--seed",
                "20261205",
                "--workers",
                "1",
            ])
            .args(["--request-timeout", "20", "--max-failures", "50"])
            .output()
            .await
            .expect("schemathesis runs");
        let printed = String::from_utf8_lossy(&output.stdout);
        let cases = printed
            .lines()
            .find(|line| {
                let line = line.trim_start();
                line.starts_with(|c: char| c.is_ascii_digit()) && line.contains(" generated")
            })
            .unwrap_or("")
            .trim();
        let outcome = printed
            .lines()
            .rev()
            .find(|line| line.starts_with('=') && line.contains(" in "))
            .unwrap_or("")
            .trim_matches(|c| c == '=' || c == ' ');
        let summary = format!("{cases}; {outcome}");
        assert!(
            output.status.success(),
            "schemathesis as {role:?}: {summary}\n{}\n{}",
            printed
                .lines()
                .skip_while(|l| !l.contains("FAILURES"))
                .take(120)
                .collect::<Vec<_>>()
                .join("\n"),
            String::from_utf8_lossy(&output.stderr)
        );
        summaries.push(format!("{role:?}: {summary}"));
    }
    // The figures the note reports.
    eprintln!("schemathesis: {}", summaries.join("; "));
}
