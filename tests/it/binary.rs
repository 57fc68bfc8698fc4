//! The `storefront` binary itself: start-up, configuration errors, graceful shutdown.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

fn storefront() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_storefront"));
    // A directory without .env files, no inherited credentials, a data directory of its own.
    command
        .current_dir(std::env::temp_dir())
        .env_remove("ALIBABA_APP_KEY")
        .env_remove("ALIBABA_APP_SECRET")
        .env_remove("ALIBABA_ACCESS_TOKEN")
        .env_remove("ONEBOUND_KEY")
        .env_remove("ONEBOUND_SECRET")
        .env_remove("STOREFRONT_PROVIDER")
        .env("STOREFRONT_DATA_DIR", crate::live::temp_dir("binary"))
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
    start_command_and_read_url(storefront())
}

/// Like [`start_and_read_url`], for a prepared command; the log's URL line is in the log.
fn start_command_and_read_url(command: Command) -> (Child, String) {
    let (child, log, _) = start_keeping_the_log(command);
    (child, log)
}

/// Starts `command` and waits for its URL line: the child, the log up to that line, and every
/// line it logs from start to exit.
fn start_keeping_the_log(mut command: Command) -> (Child, String, Arc<Mutex<Vec<String>>>) {
    let mut child = command
        .env("PORT", "0")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starts");
    let stdout = BufReader::new(child.stdout.take().unwrap());
    let all = Arc::new(Mutex::new(Vec::new()));
    let (lines, received) = std::sync::mpsc::channel();
    std::thread::spawn({
        let all = all.clone();
        move || {
            for line in stdout.lines() {
                let line = line.expect("utf-8 log line");
                all.lock().unwrap().push(line.clone());
                // Nobody waits for lines once the URL was found; the whole log is kept above.
                let _ = lines.send(line);
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
        if let Some(at) = line.find("serving on http://127.0.0.1:") {
            url = Some(
                line[at + "serving on ".len()..]
                    .split_whitespace()
                    .next()
                    .unwrap()
                    .to_string(),
            );
        }
        seen.push(line);
    }
    let log = seen.join("\n");
    assert!(url.is_some(), "no URL logged within 20 s:\n{log}");
    (child, log, all)
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

/// The base URL the binary announced in its log ("serving on http://…").
fn url_in(log: &str) -> String {
    let at = log.find("serving on ").expect("the serving line") + "serving on ".len();
    log[at..].split_whitespace().next().unwrap().to_string()
}

/// The status of a GET of `url`.
async fn status_of(url: String) -> reqwest::StatusCode {
    reqwest::get(url)
        .await
        .expect("the binary answers")
        .status()
}

/// The binary in live mode against `gateway_url`, keeping its catalog in `data_dir`.
fn live_command(gateway_url: &str, data_dir: &str) -> Command {
    use crate::stand_in;
    let mut command = storefront();
    command
        .env("ALIBABA_APP_KEY", stand_in::APP_KEY)
        .env("ALIBABA_APP_SECRET", stand_in::APP_SECRET)
        .env("ALIBABA_ACCESS_TOKEN", stand_in::ACCESS_TOKEN)
        .env("ALIBABA_API_URL", gateway_url)
        .env("ALIBABA_DAILY_LIMIT", "0")
        // Fast enough that every optional block of a page gets its call too.
        .env("ALIBABA_QPS", "50")
        .env("STOREFRONT_DATA_DIR", data_dir);
    command
}

#[tokio::test]
async fn a_kill_at_any_moment_leaves_a_catalog_that_serves_every_saved_page() {
    use crate::stand_in::{self, StandIn, StandInConfig};
    let gateway = StandIn::start(StandInConfig::default()).await;
    let data_dir = crate::live::temp_dir("binary-kill");
    let pages = [
        "/search?q=phone".to_string(),
        format!("/products/{}", stand_in::KNOWN_OFFER),
        "/api/products?q=cable".to_string(),
    ];
    let command = live_command(&gateway.base_url, &data_dir);
    let (mut child, log) = tokio::task::spawn_blocking(move || start_command_and_read_url(command))
        .await
        .unwrap();
    let base = url_in(&log);
    // Twice: an optional block (related products, the category filter) that found no free call
    // slot the first time gets one the second time.
    for _ in 0..2 {
        for page in &pages {
            let status = status_of(format!("{base}{page}")).await;
            assert_eq!(status, 200, "{page}");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // No goodbye: SIGKILL right after the answers.
    child.kill().unwrap();
    child.wait().unwrap();
    let calls = gateway.total_calls();

    let command = live_command(&gateway.base_url, &data_dir);
    let (child, log) = tokio::task::spawn_blocking(move || start_command_and_read_url(command))
        .await
        .unwrap();
    let base = url_in(&log);
    for page in &pages {
        let status = status_of(format!("{base}{page}")).await;
        assert_eq!(status, 200, "{page} after the kill");
    }
    assert_eq!(
        gateway.total_calls(),
        calls,
        "every saved page, without a call"
    );
    tokio::task::spawn_blocking(move || stop_with(child, "TERM"))
        .await
        .unwrap();
}

#[test]
fn an_unusable_catalog_file_stops_the_binary_with_one_line() {
    let data_dir = crate::live::temp_dir("binary-garbage");
    std::fs::write(
        format!("{data_dir}/catalog.sqlite3"),
        b"garbage, not SQLite",
    )
    .unwrap();
    let output = live_command("http://127.0.0.1:9/openapi", &data_dir)
        .output()
        .expect("runs");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    let lines: Vec<_> = stderr
        .lines()
        .filter(|l| l.starts_with("storefront:"))
        .collect();
    assert_eq!(lines.len(), 1, "{stderr}");
    assert!(
        lines[0].contains("catalog.sqlite3") && lines[0].contains("Move the file away"),
        "{stderr}"
    );
}

#[test]
fn with_only_onebound_credentials_the_start_up_line_says_onebound_and_why() {
    let mut command = storefront();
    command
        .env("ONEBOUND_KEY", "t-binary-key")
        .env("ONEBOUND_SECRET", "binary-secret-value")
        // Nothing is called at start-up; a closed port makes sure of it.
        .env("ONEBOUND_API_URL", "http://localhost:9");
    let (child, log) = start_command_and_read_url(command);
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

#[tokio::test]
async fn a_spent_daily_budget_is_logged_once_not_once_per_page() {
    use crate::stand_in::{StandIn, StandInConfig};
    let gateway = StandIn::start(StandInConfig::default()).await;
    let data_dir = crate::live::temp_dir("binary-spent");
    let mut command = live_command(&gateway.base_url, &data_dir);
    command.env("ALIBABA_DAILY_LIMIT", "1");
    let (child, log, all) = tokio::task::spawn_blocking(move || start_keeping_the_log(command))
        .await
        .unwrap();
    let base = url_in(&log);
    // The first search spends the day's one call; the twenty after it come from the catalog.
    for n in 0..21 {
        let status = status_of(format!("{base}/api/products?q=phone+{n}")).await;
        assert!(status.is_success(), "search {n}: {status}");
    }
    assert_eq!(gateway.total_calls(), 1);
    tokio::task::spawn_blocking(move || stop_with(child, "TERM"))
        .await
        .unwrap();
    let lines = all.lock().unwrap().clone();
    let spent: Vec<_> = lines
        .iter()
        .filter(|l| l.contains("budget is spent"))
        .collect();
    assert_eq!(spent.len(), 1, "{}", lines.join("\n"));
    assert!(spent[0].contains("WARN"), "{}", spent[0]);
    assert!(
        !lines
            .iter()
            .any(|l| l.contains("WARN") && l.contains("not sent")),
        "{}",
        lines.join("\n")
    );
}
