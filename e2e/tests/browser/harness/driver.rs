//! The WebDriver side of a flow: the app served in-process, chromedriver in its own process
//! group, a fresh Chromium profile, the session's capabilities, and the guard that always tears
//! all of it down, even when the flow fails or panics.

use std::future::Future;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use axum::http::Method;
use fantoccini::ClientBuilder;
use fantoccini::wd::{Capabilities, WebDriverCompatibleCommand};
use serde_json::{Value, json};
use storefront::config::Config;
use storefront::{AppState, service};
use url::Url;

use super::page::{Page, screenshot_dir};
use super::{Browser, TestResult, WAIT};

/// How long a whole flow may take before it counts as hung.
const FLOW_TIMEOUT: Duration = Duration::from_secs(90);
const DESKTOP_WINDOW: &str = "--window-size=1280,900";

/// One flow at a time, across the test threads.
static SERIAL: Mutex<()> = Mutex::new(());

/// Runs `flow` against a fresh app and browser, then tears everything down; a failure of the
/// flow (an error or a panic) fails the test after the teardown.
pub fn run<F, Fut>(name: &'static str, browser: Browser, flow: F)
where
    F: FnOnce(Page) -> Fut,
    Fut: Future<Output = TestResult> + Send + 'static,
{
    let _serial = SERIAL.lock().unwrap_or_else(PoisonError::into_inner);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a tokio runtime");
    let outcome = runtime.block_on(session(name, browser, flow));
    runtime.shutdown_timeout(Duration::from_secs(2));
    match outcome {
        Ok(()) => {}
        Err(Failure::Panic(payload)) => std::panic::resume_unwind(payload),
        Err(Failure::Error(error)) => panic!("flow `{name}` failed: {error}"),
    }
}

enum Failure {
    Error(Box<dyn std::error::Error + Send + Sync>),
    Panic(Box<dyn std::any::Any + Send>),
}

impl<E: Into<Box<dyn std::error::Error + Send + Sync>>> From<E> for Failure {
    fn from(error: E) -> Self {
        Failure::Error(error.into())
    }
}

async fn session<F, Fut>(name: &'static str, browser: Browser, flow: F) -> Result<(), Failure>
where
    F: FnOnce(Page) -> Fut,
    Fut: Future<Output = TestResult> + Send + 'static,
{
    // A failure screenshot from an earlier run would only mislead.
    let _ = std::fs::remove_file(screenshot_dir().join(format!("{name}-failure.png")));
    // Declared in this order so they are dropped in reverse: driver, then profile, then app.
    let app = TestApp::start().await?;
    let profile = Profile::create()?;
    let driver = ChromeDriver::start().await?;
    let client = ClientBuilder::rustls()?
        .capabilities(capabilities(browser, profile.path()))
        .connect(&driver.url)
        .await
        .map_err(|e| format!("no Chromium session through {}: {e}", driver.url))?;

    let page =
        Page::new(client.clone(), app.base.clone(), name).with_driver(driver.url.clone(), browser);
    let outcome = guarded(page.clone(), flow).await;
    let outcome = match outcome {
        Ok(()) => page.assert_healthy_logs().await.map_err(Failure::from),
        Err(failure) => {
            if let Ok(url) = page.url().await {
                eprintln!("flow `{name}` failed at {url}");
            }
            if let Err(e) = page.screenshot("failure").await {
                eprintln!("no failure screenshot for `{name}`: {e}");
            }
            Err(failure)
        }
    };
    drop(page);
    let closed = client.close().await;
    drop(driver);
    drop(profile);
    drop(app);
    outcome?;
    closed.map_err(|e| format!("closing the browser session: {e}"))?;
    Ok(())
}

/// A second browser on the same app, with its own fresh profile (no cookies, nothing cached):
/// a colleague opening a link. Its Chromium runs under the flow's chromedriver, so the
/// teardown of the flow ends it even if [`FreshBrowser::close`] is never reached.
pub struct FreshBrowser {
    pub page: Page,
    _profile: Profile,
}

impl FreshBrowser {
    pub(super) async fn open(
        driver_url: &str,
        browser: Browser,
        base: String,
        flow: &'static str,
    ) -> TestResult<FreshBrowser> {
        let profile = Profile::create()?;
        let client = ClientBuilder::rustls()?
            .capabilities(capabilities(browser, profile.path()))
            .connect(driver_url)
            .await
            .map_err(|e| format!("no second Chromium session through {driver_url}: {e}"))?;
        client.goto("about:blank").await?;
        let page = Page::new(client, base, flow).with_driver(driver_url.to_string(), browser);
        page.drain_logs().await?;
        Ok(FreshBrowser {
            page,
            _profile: profile,
        })
    }

    /// Closes the session (the profile is removed when this is dropped).
    pub async fn close(self) -> TestResult {
        self.page.client.clone().close().await?;
        Ok(())
    }
}

/// Runs the flow as its own task, so that a panic inside it comes back here as a value.
async fn guarded<F, Fut>(page: Page, flow: F) -> Result<(), Failure>
where
    F: FnOnce(Page) -> Fut,
    Fut: Future<Output = TestResult> + Send + 'static,
{
    // Forget the browser's start-up noise before the flow begins.
    page.client.goto("about:blank").await?;
    page.drain_logs().await?;

    let task = tokio::spawn(flow(page));
    let abort = task.abort_handle();
    match tokio::time::timeout(FLOW_TIMEOUT, task).await {
        Ok(Ok(Ok(()))) => Ok(()),
        Ok(Ok(Err(error))) => Err(Failure::Error(error)),
        Ok(Err(join)) if join.is_panic() => Err(Failure::Panic(join.into_panic())),
        Ok(Err(join)) => Err(format!("the flow was cancelled: {join}").into()),
        Err(_) => {
            abort.abort();
            Err(format!("the flow took longer than {FLOW_TIMEOUT:?}").into())
        }
    }
}

fn capabilities(browser: Browser, profile: &Path) -> Capabilities {
    let mut args: Vec<String> = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
    ]
    .map(String::from)
    .to_vec();
    args.push(format!("--user-data-dir={}", profile.display()));
    let mut chrome = json!({ "binary": chrome_binary() });
    match browser.mobile_width {
        Some(width) => {
            chrome["mobileEmulation"] = json!({
                "deviceMetrics": { "width": width, "height": 812, "pixelRatio": 1.0, "mobile": true, "touch": true }
            });
        }
        None => args.push(DESKTOP_WINDOW.to_string()),
    }
    if !browser.javascript {
        chrome["prefs"] = json!({ "profile.managed_default_content_settings.javascript": 2 });
    }
    chrome["args"] = json!(args);
    let capabilities = json!({
        "browserName": "chrome",
        "goog:chromeOptions": chrome,
        "goog:loggingPrefs": { "browser": "ALL", "performance": "ALL" },
    });
    match capabilities {
        Value::Object(map) => map,
        _ => unreachable!("built as an object"),
    }
}

fn chrome_binary() -> String {
    std::env::var("CHROME_BIN").unwrap_or_else(|_| "/usr/bin/chromium".to_string())
}

/// The app on a free port of 127.0.0.1, served by a task of the test's runtime.
struct TestApp {
    base: String,
    server: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl TestApp {
    async fn start() -> TestResult<TestApp> {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let base = format!("http://{}", listener.local_addr()?);
        // Served as the binary serves it.
        let service = service(AppState::mock(Config::for_tests()));
        let server = tokio::spawn(async move { axum::serve(listener, service).await });
        Ok(TestApp { base, server })
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        self.server.abort();
    }
}

/// A fresh, empty Chromium profile directory, removed afterwards.
struct Profile(PathBuf);

impl Profile {
    fn create() -> std::io::Result<Profile> {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "storefront-e2e-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir)?;
        Ok(Profile(dir))
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for Profile {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A chromedriver child process in its own process group; dropping it kills the group, so a
/// Chromium whose session could not be closed goes too.
struct ChromeDriver {
    child: Child,
    url: String,
}

impl ChromeDriver {
    async fn start() -> TestResult<ChromeDriver> {
        let binary =
            std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".to_string());
        let port = free_port()?;
        let child = Command::new(&binary)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .map_err(|e| {
                format!(
                    "cannot start {binary} ({e}): apt-get install chromium-driver, or set CHROMEDRIVER"
                )
            })?;
        let mut driver = ChromeDriver {
            child,
            url: format!("http://127.0.0.1:{port}"),
        };
        driver.wait_until_ready().await?;
        Ok(driver)
    }

    /// Polls `/status` until chromedriver says it is ready.
    async fn wait_until_ready(&mut self) -> TestResult {
        let http = reqwest::Client::new();
        let status = format!("{}/status", self.url);
        let deadline = Instant::now() + WAIT;
        loop {
            if let Some(exit) = self.child.try_wait()? {
                return Err(format!("chromedriver exited at start-up: {exit}").into());
            }
            if let Ok(response) = http.get(&status).send().await
                && let Ok(body) = response.json::<Value>().await
                && body["value"]["ready"] == json!(true)
            {
                return Ok(());
            }
            if Instant::now() > deadline {
                return Err(format!("chromedriver did not answer {status} within {WAIT:?}").into());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

impl Drop for ChromeDriver {
    fn drop(&mut self) {
        // The child leads its own process group: signal the whole group.
        let group = format!("-{}", self.child.id());
        let _ = Command::new("kill")
            .args(["-KILL", "--", &group])
            .stderr(Stdio::null())
            .status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A port that was free a moment ago.
fn free_port() -> std::io::Result<u16> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    Ok(listener.local_addr()?.port())
}

/// `POST /session/{id}/se/log`: Chromium's log of one type since the last read ("browser" for the
/// console, "performance" for DevTools events). Reading empties it.
#[derive(Debug)]
pub(super) struct ReadLog(pub(super) &'static str);

impl WebDriverCompatibleCommand for ReadLog {
    fn endpoint(&self, base: &Url, session: Option<&str>) -> Result<Url, url::ParseError> {
        base.join(&format!("session/{}/se/log", session.unwrap_or_default()))
    }

    fn method_and_body(&self, _: &Url) -> (Method, Option<String>) {
        (Method::POST, Some(json!({ "type": self.0 }).to_string()))
    }
}

/// `POST /session/{id}/goog/cdp/execute`: one DevTools protocol command.
#[derive(Debug)]
pub(super) struct DevTools {
    pub(super) command: &'static str,
    pub(super) params: Value,
}

impl WebDriverCompatibleCommand for DevTools {
    fn endpoint(&self, base: &Url, session: Option<&str>) -> Result<Url, url::ParseError> {
        base.join(&format!(
            "session/{}/goog/cdp/execute",
            session.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &Url) -> (Method, Option<String>) {
        let body = json!({ "cmd": self.command, "params": self.params });
        (Method::POST, Some(body.to_string()))
    }
}
