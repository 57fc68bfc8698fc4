//! The browser-test harness.
//!
//! [`run`] serves the app in-process on the mock catalog, starts chromedriver on a free port with a
//! fresh Chromium profile, hands the flow a [`Page`], and afterwards always closes the session,
//! kills chromedriver (and any Chromium it left behind) and removes the profile, even when the
//! flow fails or panics. Flows run one at a time: the machine is small and Chromium is not.

use std::collections::HashMap;
use std::future::Future;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use axum::http::Method;
use fantoccini::elements::Element;
use fantoccini::wd::{Capabilities, WebDriverCompatibleCommand};
use fantoccini::{Client, ClientBuilder, Locator};
use rust_decimal::Decimal;
use serde_json::{Value, json};
use storefront::config::Config;
use storefront::{AppState, app};
use url::Url;

pub type TestResult<T = ()> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

/// The id of the first mock product (also the example offer in the docs).
pub const KNOWN_ID: u64 = 610947572360;

/// How long any single wait (an element, a URL, images) may take.
const WAIT: Duration = Duration::from_secs(10);
/// How long a whole flow may take before it counts as hung.
const FLOW_TIMEOUT: Duration = Duration::from_secs(90);
const DESKTOP_WINDOW: &str = "--window-size=1280,900";
/// Full-page screenshots stop at this height (CSS pixels).
const MAX_SCREENSHOT_HEIGHT: u64 = 6000;

/// One flow at a time, across the test threads.
static SERIAL: Mutex<()> = Mutex::new(());

/// What kind of browser a flow needs.
#[derive(Debug, Clone, Copy)]
pub struct Browser {
    pub javascript: bool,
    /// Emulate a phone whose viewport is this many CSS pixels wide.
    pub mobile_width: Option<u32>,
}

impl Browser {
    pub const DESKTOP: Browser = Browser {
        javascript: true,
        mobile_width: None,
    };
    pub const PHONE: Browser = Browser {
        javascript: true,
        mobile_width: Some(375),
    };
    pub const NO_JAVASCRIPT: Browser = Browser {
        javascript: false,
        mobile_width: None,
    };
}

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

    let page = Page {
        client: client.clone(),
        base: app.base.clone(),
        flow: name,
    };
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
        let router = app(AppState::mock(Config::for_tests()));
        let server = tokio::spawn(async move { axum::serve(listener, router).await });
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
            if let Ok(response) = http.get(&status).send().await {
                if let Ok(body) = response.json::<Value>().await {
                    if body["value"]["ready"] == json!(true) {
                        return Ok(());
                    }
                }
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
struct ReadLog(&'static str);

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
struct DevTools {
    command: &'static str,
    params: Value,
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

/// The browser as a flow sees it: the app's pages and what a shopper can do on them.
#[derive(Clone)]
pub struct Page {
    pub client: Client,
    base: String,
    flow: &'static str,
}

impl Page {
    /// The app's address, e.g. `http://127.0.0.1:41234`.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// Whether a page's own scripts run: loads a tiny page whose inline script would change a
    /// text, and reads the text. (WebDriver's `execute` is no test: it runs even with scripts off.)
    pub async fn javascript_runs(&self) -> TestResult<bool> {
        self.open_url(
            "data:text/html,<p id=probe>off</p><script>document.getElementById('probe').textContent = 'on'</script>",
        )
        .await?;
        let text = self.text("#probe").await?;
        match text.as_str() {
            "on" => Ok(true),
            "off" => Ok(false),
            other => Err(format!("unexpected probe text {other:?}").into()),
        }
    }

    /// Clicks an element that navigates, then waits until the new URL satisfies `ready`.
    pub async fn click_and_wait(
        &self,
        element: &Element,
        what: &str,
        ready: impl Fn(&Url) -> bool,
    ) -> TestResult<Url> {
        element.click().await?;
        self.wait_for_url(what, ready).await
    }

    /// Opens one of the app's pages by path, e.g. `/products?page=2`.
    pub async fn open(&self, path: &str) -> TestResult {
        self.client.goto(&format!("{}{path}", self.base)).await?;
        Ok(())
    }

    /// Opens any URL (for the harness's own checks, e.g. a `data:` page).
    pub async fn open_url(&self, url: &str) -> TestResult {
        self.client.goto(url).await?;
        Ok(())
    }

    pub async fn url(&self) -> TestResult<Url> {
        Ok(self.client.current_url().await?)
    }

    /// The current URL's path and the decoded value of each query parameter.
    pub async fn location(&self) -> TestResult<(String, HashMap<String, String>)> {
        let url = self.url().await?;
        let params = url.query_pairs().into_owned().collect();
        Ok((url.path().to_string(), params))
    }

    /// Waits until the current URL satisfies `ready` (e.g. after a click or a form submit).
    pub async fn wait_for_url(&self, what: &str, ready: impl Fn(&Url) -> bool) -> TestResult<Url> {
        let deadline = Instant::now() + WAIT;
        loop {
            let url = self.url().await?;
            if ready(&url) && self.js("return document.readyState").await? == json!("complete") {
                return Ok(url);
            }
            if Instant::now() > deadline {
                return Err(format!("waited {WAIT:?} for {what}; still at {url}").into());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// The first element matching `css`, waiting for it to appear.
    pub async fn find(&self, css: &str) -> TestResult<Element> {
        self.client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css(css))
            .await
            .map_err(|e| format!("no element `{css}` on {}: {e}", self.describe()).into())
    }

    pub async fn find_all(&self, css: &str) -> TestResult<Vec<Element>> {
        Ok(self.client.find_all(Locator::Css(css)).await?)
    }

    /// The element matching `css`, which must be displayed and have a non-empty box.
    pub async fn visible(&self, css: &str) -> TestResult<Element> {
        let element = self.find(css).await?;
        let (_, _, width, height) = element.rectangle().await?;
        if !element.is_displayed().await? || width < 1.0 || height < 1.0 {
            return Err(format!("`{css}` is present but not displayed ({width}×{height})").into());
        }
        Ok(element)
    }

    /// The element matching `css`, which must be visible and lie horizontally inside the viewport.
    pub async fn visible_in_viewport(&self, css: &str) -> TestResult<Element> {
        let element = self.visible(css).await?;
        let (x, _, width, _) = element.rectangle().await?;
        let viewport = self.inner_width().await?;
        if x < 0.0 || x + width > viewport as f64 + 0.5 {
            return Err(format!(
                "`{css}` spans x = {x}..{} outside the {viewport}px viewport",
                x + width
            )
            .into());
        }
        Ok(element)
    }

    /// Texts of all elements matching `css`, whitespace-collapsed (hidden ones read as "").
    pub async fn texts(&self, css: &str) -> TestResult<Vec<String>> {
        let mut texts = Vec::new();
        for element in self.find_all(css).await? {
            texts.push(collapse(&element.text().await?));
        }
        Ok(texts)
    }

    pub async fn text(&self, css: &str) -> TestResult<String> {
        Ok(collapse(&self.find(css).await?.text().await?))
    }

    /// The current `value` of a form control (what the shopper sees in it).
    pub async fn value(&self, css: &str) -> TestResult<String> {
        Ok(self
            .find(css)
            .await?
            .prop("value")
            .await?
            .unwrap_or_default())
    }

    /// Replaces the text of an input as a shopper would: clear it, then type.
    pub async fn type_into(&self, css: &str, text: &str) -> TestResult<Element> {
        let input = self.visible(css).await?;
        input.clear().await?;
        input.send_keys(text).await?;
        Ok(input)
    }

    /// Prices of the product cards, in yuan (the lowest price each card shows).
    pub async fn card_prices(&self) -> TestResult<Vec<Decimal>> {
        self.texts(".card .price")
            .await?
            .iter()
            .map(|text| parse_price(text))
            .collect()
    }

    pub async fn js(&self, script: &str) -> TestResult<Value> {
        Ok(self.client.execute(script, Vec::new()).await?)
    }

    pub async fn inner_width(&self) -> TestResult<u64> {
        self.js("return window.innerWidth")
            .await?
            .as_u64()
            .ok_or_else(|| "window.innerWidth is not a number".into())
    }

    /// Fails if the page can be scrolled sideways at the current viewport.
    pub async fn assert_no_horizontal_scroll(&self) -> TestResult {
        let sizes = self
            .js("const d = document.documentElement; \
                 return [d.scrollWidth, window.innerWidth, d.clientWidth, document.body.scrollWidth]")
            .await?;
        let [scroll, inner, client, body] = [0, 1, 2, 3].map(|i| sizes[i].as_u64().unwrap_or(0));
        if scroll > inner || body > inner {
            let wide = self
                .js("return Array.from(document.querySelectorAll('body *')) \
                       .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5) \
                       .slice(0, 5).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + \
                         (e.className && typeof e.className === 'string' ? '.' + e.className.trim().replace(/\\s+/g, '.') : '') + \
                         ' right=' + Math.round(e.getBoundingClientRect().right))")
                .await?;
            return Err(format!(
                "{} scrolls sideways: scrollWidth {scroll} (body {body}) > innerWidth {inner} \
                 (clientWidth {client}); widest: {wide}",
                self.describe()
            )
            .into());
        }
        Ok(())
    }

    /// Checks the page as loaded: every image (lazy ones too) decodes, no resource answered with
    /// an error status, and nothing failed or was logged as an error in the browser since the last
    /// check.
    pub async fn assert_healthy(&self) -> TestResult {
        let mut problems = self.image_and_resource_problems().await?;
        problems.extend(self.log_problems().await?);
        if problems.is_empty() {
            Ok(())
        } else {
            Err(format!("{}:\n  {}", self.describe(), problems.join("\n  ")).into())
        }
    }

    /// Only the browser's logs: failed requests and console errors since the last check.
    pub async fn assert_healthy_logs(&self) -> TestResult {
        let problems = self.log_problems().await?;
        if problems.is_empty() {
            Ok(())
        } else {
            Err(format!("after the flow:\n  {}", problems.join("\n  ")).into())
        }
    }

    /// Failed requests and console errors since the last read, as readable lines.
    pub async fn log_problems(&self) -> TestResult<Vec<String>> {
        let mut problems = Vec::new();
        for entry in self.read_log("browser").await? {
            if entry["level"] == json!("SEVERE") {
                problems.push(format!(
                    "console error ({}): {}",
                    entry["source"].as_str().unwrap_or("?"),
                    entry["message"].as_str().unwrap_or("?")
                ));
            }
        }
        problems.extend(network_problems(&self.read_log("performance").await?));
        Ok(problems)
    }

    /// Empties the browser's logs.
    pub async fn drain_logs(&self) -> TestResult {
        self.read_log("browser").await?;
        self.read_log("performance").await?;
        Ok(())
    }

    async fn read_log(&self, kind: &'static str) -> TestResult<Vec<Value>> {
        match self.client.issue_cmd(ReadLog(kind)).await? {
            Value::Array(entries) => Ok(entries),
            other => Err(format!("the {kind} log is not a list: {other}").into()),
        }
    }

    /// Loads every image now (lazy ones included), waits for them, and lists the ones that did
    /// not decode and the resources that answered with an error status.
    async fn image_and_resource_problems(&self) -> TestResult<Vec<String>> {
        self.js(
            "document.querySelectorAll('img[loading=lazy]').forEach(i => { i.loading = 'eager'; })",
        )
        .await?;
        let deadline = Instant::now() + WAIT;
        while self
            .js("return Array.from(document.images).every(i => i.complete)")
            .await?
            != json!(true)
        {
            if Instant::now() > deadline {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let broken = self
            .js("return Array.from(document.images) \
                   .filter(i => !(i.complete && i.naturalWidth > 0)) \
                   .map(i => 'image did not load: ' + (i.currentSrc || i.src))")
            .await?;
        let failed = self
            .js("return performance.getEntriesByType('navigation') \
                   .concat(performance.getEntriesByType('resource')) \
                   .filter(e => e.responseStatus >= 400) \
                   .map(e => 'HTTP ' + e.responseStatus + ': ' + e.name)")
            .await?;
        Ok([broken, failed]
            .iter()
            .filter_map(Value::as_array)
            .flatten()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect())
    }

    /// Saves a PNG of the whole page (up to a height limit) as `target/e2e/{flow}-{name}.png`.
    pub async fn screenshot(&self, name: &str) -> TestResult<PathBuf> {
        let dir = screenshot_dir();
        std::fs::create_dir_all(&dir)?;
        let path = dir.join(format!("{}-{name}.png", self.flow));
        let png = match self.full_page_png().await {
            Ok(png) => png,
            Err(_) => self.client.screenshot().await?,
        };
        std::fs::write(&path, png)?;
        Ok(path)
    }

    async fn full_page_png(&self) -> TestResult<Vec<u8>> {
        use base64::Engine as _;
        let size = self
            .js("const d = document.documentElement; return [d.scrollWidth, d.scrollHeight]")
            .await?;
        let width = size[0].as_u64().unwrap_or(1).max(1);
        let height = size[1]
            .as_u64()
            .unwrap_or(1)
            .clamp(1, MAX_SCREENSHOT_HEIGHT);
        let answer = self
            .client
            .issue_cmd(DevTools {
                command: "Page.captureScreenshot",
                params: json!({
                    "format": "png",
                    "captureBeyondViewport": true,
                    "clip": { "x": 0, "y": 0, "width": width, "height": height, "scale": 1 },
                }),
            })
            .await?;
        let data = answer["data"]
            .as_str()
            .ok_or("Page.captureScreenshot returned no data")?;
        Ok(base64::engine::general_purpose::STANDARD.decode(data)?)
    }

    /// The flow's name, for error messages.
    fn describe(&self) -> String {
        format!("`{}`", self.flow)
    }
}

/// `target/e2e/` (following `CARGO_TARGET_DIR`).
pub fn screenshot_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("CARGO_TARGET_TMPDIR is target/tmp")
        .join("e2e")
}

/// Requests that failed or were answered with an error status, from the performance log.
fn network_problems(entries: &[Value]) -> Vec<String> {
    let mut urls: HashMap<String, String> = HashMap::new();
    let mut problems = Vec::new();
    for entry in entries {
        let Some(message) = entry["message"]
            .as_str()
            .and_then(|m| serde_json::from_str::<Value>(m).ok())
        else {
            continue;
        };
        let event = &message["message"];
        let params = &event["params"];
        let request = params["requestId"].as_str().unwrap_or_default().to_string();
        match event["method"].as_str().unwrap_or_default() {
            "Network.requestWillBeSent" => {
                let url = params["request"]["url"].as_str().unwrap_or_default();
                urls.insert(request, url.to_string());
            }
            "Network.responseReceived" => {
                let status = params["response"]["status"].as_u64().unwrap_or(0);
                if status >= 400 {
                    let url = params["response"]["url"].as_str().unwrap_or("?");
                    problems.push(format!("request answered {status}: {url}"));
                }
            }
            "Network.loadingFailed" => {
                // A load cancelled because the page moved on is not a failure of the server; one
                // blocked by the browser (e.g. by the content security policy) is.
                let cancelled = params["canceled"] == json!(true);
                let blocked = params["blockedReason"].as_str();
                if !cancelled || blocked.is_some() {
                    let url = urls.get(&request).map(String::as_str).unwrap_or("?");
                    problems.push(format!(
                        "request failed ({}{}): {url}",
                        params["errorText"].as_str().unwrap_or("?"),
                        blocked
                            .map(|b| format!(", blocked: {b}"))
                            .unwrap_or_default()
                    ));
                }
            }
            _ => {}
        }
    }
    problems
}

/// `¥12.50` → 12.50.
pub fn parse_price(text: &str) -> TestResult<Decimal> {
    text.trim()
        .trim_start_matches('¥')
        .replace(',', "")
        .parse()
        .map_err(|e| format!("not a price: {text:?} ({e})").into())
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
