//! A PostgreSQL cluster of one test's own, from Debian's binaries, that
//! the test may stop and start again (the shared server of the other tests
//! must never go away under them). Runs as the `postgres` user when the
//! tests run as root, as PostgreSQL refuses root.

use std::path::PathBuf;
use std::process::Command;

/// A cluster on a free loopback port; stopped and removed when dropped.
pub struct OwnCluster {
    bin: PathBuf,
    dir: tempfile::TempDir,
    /// `postgres://postgres@127.0.0.1:PORT/postgres`.
    pub url: String,
    options: String,
}

impl OwnCluster {
    /// Makes and starts a cluster; `None` (with the reason on stderr) when
    /// the binaries are missing, unless `WARTA_TEST_REQUIRE_POSTGRES` is
    /// set: then it fails, so CI never passes without it.
    pub fn start() -> Option<OwnCluster> {
        let bin = std::fs::read_dir("/usr/lib/postgresql")
            .ok()
            .and_then(|versions| {
                versions
                    .filter_map(Result::ok)
                    .map(|version| version.path().join("bin"))
                    .filter(|bin| bin.join("initdb").is_file())
                    .max()
            });
        let Some(bin) = bin else {
            if std::env::var_os("WARTA_TEST_REQUIRE_POSTGRES").is_some() {
                panic!("WARTA_TEST_REQUIRE_POSTGRES is set but no PostgreSQL binaries were found");
            }
            eprintln!("skipped: no PostgreSQL binaries under /usr/lib/postgresql");
            return None;
        };
        let dir = tempfile::tempdir().unwrap();
        let root = running_as_root();
        if root {
            let status = Command::new("chown")
                .args(["postgres"])
                .arg(dir.path())
                .status()
                .unwrap();
            assert!(status.success(), "chown postgres");
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let cluster = OwnCluster {
            bin,
            url: format!("postgres://postgres@127.0.0.1:{port}/postgres"),
            options: format!(
                "-p {port} -k {} -c listen_addresses=127.0.0.1 -c fsync=off",
                dir.path().display()
            ),
            dir,
        };
        let data = cluster.dir.path().join("data");
        cluster.run(
            "initdb",
            &[
                "-D",
                data.to_str().unwrap(),
                "-A",
                "trust",
                "-U",
                "postgres",
            ],
        );
        cluster.start_again();
        Some(cluster)
    }

    /// `tool` of the cluster's binaries, as the user PostgreSQL runs as.
    fn command(&self, tool: &str) -> Command {
        let program = self.bin.join(tool);
        if running_as_root() {
            let mut command = Command::new("runuser");
            command.args(["-u", "postgres", "--"]).arg(program);
            command
        } else {
            Command::new(program)
        }
    }

    fn run(&self, tool: &str, args: &[&str]) {
        let output = self.command(tool).args(args).output().unwrap();
        assert!(
            output.status.success(),
            "{tool} {args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }

    fn data(&self) -> String {
        self.dir.path().join("data").display().to_string()
    }

    /// Starts the cluster (again), waiting until it takes connections.
    pub fn start_again(&self) {
        let log = self.dir.path().join("log").display().to_string();
        self.run(
            "pg_ctl",
            &[
                "-D",
                &self.data(),
                "-l",
                &log,
                "-w",
                "-o",
                &self.options,
                "start",
            ],
        );
    }

    /// Stops the cluster as an operator's `systemctl stop` does: sessions
    /// are ended, nothing new is taken.
    pub fn stop(&self) {
        self.run("pg_ctl", &["-D", &self.data(), "-m", "fast", "-w", "stop"]);
    }
}

impl Drop for OwnCluster {
    fn drop(&mut self) {
        let data = self.data();
        let _ = self
            .command("pg_ctl")
            .args(["-D", data.as_str(), "-m", "immediate", "stop"])
            .output();
    }
}

/// Whether the tests run as root (then PostgreSQL runs as `postgres`).
fn running_as_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|out| out.stdout.starts_with(b"0\n"))
}
