//! The `storefront` binary itself: start-up, configuration errors, graceful shutdown.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn storefront() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_storefront"));
    // A directory without .env files, and no inherited credentials.
    command
        .current_dir(std::env::temp_dir())
        .env_remove("ALIBABA_APP_KEY")
        .env_remove("ALIBABA_APP_SECRET")
        .env_remove("ALIBABA_ACCESS_TOKEN")
        .env_remove("ONEBOUND_KEY")
        .env_remove("ONEBOUND_SECRET")
        .env_remove("STOREFRONT_PROVIDER")
        .env("RUST_LOG", "info")
        .env("NO_COLOR", "1");
    command
}

#[test]
fn an_invalid_port_stops_start_up_with_one_line_naming_the_variable() {
    let output = storefront().env("PORT", "abc").output().expect("runs");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    let lines: Vec<_> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "{stderr}");
    assert!(lines[0].contains("PORT"), "{stderr}");
}

/// Starts the binary on a free port and waits (at most 20 s, whether lines arrive or not) for the
/// line announcing its URL; returns the log.
fn start_and_read_url() -> (Child, String) {
    start_with_and_read_url(&[])
}

/// Like [`start_and_read_url`], with `vars` set in its environment.
fn start_with_and_read_url(vars: &[(&str, &str)]) -> (Child, String) {
    let mut child = storefront()
        .envs(vars.iter().copied())
        .env("PORT", "0")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starts");
    let stdout = BufReader::new(child.stdout.take().unwrap());
    let (lines, received) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in stdout.lines() {
            if lines.send(line.expect("utf-8 log line")).is_err() {
                break;
            }
        }
    });
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut seen = Vec::new();
    let mut url = None;
    while url.is_none() {
        let left = deadline.saturating_duration_since(Instant::now());
        let Ok(line) = received.recv_timeout(left) else {
            break;
        };
        if let Some(at) = line.find("http://127.0.0.1:") {
            url = Some(line[at..].split_whitespace().next().unwrap().to_string());
        }
        seen.push(line);
    }
    let log = seen.join("\n");
    assert!(url.is_some(), "no URL logged within 20 s:\n{log}");
    (child, log)
}

/// Sends `signal` and expects a clean exit (status 0) within the shutdown grace.
fn stop_with(mut child: Child, signal: &str) {
    let status = Command::new("kill")
        .args([format!("-{signal}"), child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "exit status {status} after SIG{signal}");
            break;
        }
        assert!(Instant::now() < deadline, "did not stop after SIG{signal}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn it_logs_its_url_warns_about_mock_data_and_stops_cleanly_on_sigterm() {
    let (child, log) = start_and_read_url();
    assert!(
        log.contains("WARN") && log.contains("mock"),
        "no mock warning:\n{log}"
    );
    stop_with(child, "TERM");
}

#[test]
fn it_stops_cleanly_on_ctrl_c() {
    let (child, _) = start_and_read_url();
    stop_with(child, "INT");
}

#[tokio::test]
async fn check_passes_against_a_working_gateway_and_fails_on_a_wrong_secret() {
    use crate::stand_in::{self, StandIn, StandInConfig};
    let gateway = StandIn::start(StandInConfig::default()).await;
    let run = |secret: &'static str| {
        let mut command = storefront();
        command
            .arg("check")
            .env("ALIBABA_APP_KEY", stand_in::APP_KEY)
            .env("ALIBABA_APP_SECRET", secret)
            .env("ALIBABA_ACCESS_TOKEN", stand_in::ACCESS_TOKEN)
            .env("ALIBABA_API_URL", &gateway.base_url)
            .env("RUST_LOG", "warn");
        tokio::task::spawn_blocking(move || command.output().expect("runs"))
    };
    let ok = run(stand_in::APP_SECRET).await.unwrap();
    let stdout = String::from_utf8_lossy(&ok.stdout);
    assert!(ok.status.success(), "{stdout}");
    assert!(stdout.contains("mode:                 live"), "{stdout}");
    assert!(!stdout.contains(stand_in::APP_SECRET) && !stdout.contains(stand_in::ACCESS_TOKEN));

    let bad = run("a-wrong-secret").await.unwrap();
    let stdout = String::from_utf8_lossy(&bad.stdout);
    assert!(!bad.status.success());
    assert!(
        stdout.contains("FAIL") && stdout.contains("App Secret"),
        "{stdout}"
    );
}

#[test]
fn check_fails_in_mock_mode_and_says_what_to_set() {
    let output = storefront().arg("check").output().expect("runs");
    assert!(!output.status.success());
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("mode:                 mock"), "{stdout}");
    assert!(
        stdout.contains("ALIBABA_APP_KEY and ALIBABA_APP_SECRET"),
        "{stdout}"
    );
}

#[test]
fn with_only_onebound_credentials_the_start_up_line_says_onebound_and_why() {
    let (child, log) = start_with_and_read_url(&[
        ("ONEBOUND_KEY", "t-binary-key"),
        ("ONEBOUND_SECRET", "binary-secret-value"),
        // Nothing is called at start-up; a closed port makes sure of it.
        ("ONEBOUND_API_URL", "http://localhost:9"),
    ]);
    let line = log
        .lines()
        .find(|l| l.contains("live mode"))
        .unwrap_or_else(|| panic!("no mode line:\n{log}"));
    assert!(
        line.contains("onebound") && line.contains("only the Onebound credentials"),
        "{line}"
    );
    assert!(!log.contains("binary-secret-value"), "{log}");
    stop_with(child, "TERM");
}

#[test]
fn storefront_provider_naming_a_source_without_credentials_stops_start_up() {
    let output = storefront()
        .env("STOREFRONT_PROVIDER", "onebound")
        .output()
        .expect("runs");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("STOREFRONT_PROVIDER") && stderr.contains("ONEBOUND_KEY"),
        "{stderr}"
    );
}
