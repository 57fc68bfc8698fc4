//! What a flow does with the browser: [`Page`] opens the app's pages, waits for elements and
//! URLs, reads texts, form values and prices, takes full-page screenshots, and checks a page's
//! health (images decode, no error statuses, nothing failed or logged as an error).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, Locator};
use rust_decimal::Decimal;
use serde_json::{Value, json};
use url::Url;

use super::driver::{DevTools, FreshBrowser, ReadLog};
use super::{Browser, TestResult, WAIT};

/// Full-page screenshots stop at this height (CSS pixels).
const MAX_SCREENSHOT_HEIGHT: u64 = 6000;

/// The browser as a flow sees it: the app's pages and what a shopper can do on them.
#[derive(Clone)]
pub struct Page {
    pub client: Client,
    base: String,
    flow: &'static str,
    /// The chromedriver of the session and the kind of browser, for a second browser.
    driver: Option<(String, Browser)>,
}

impl Page {
    /// A page of the app at `base`, in the session `client`, for the flow `flow`.
    pub(super) fn new(client: Client, base: String, flow: &'static str) -> Page {
        Page {
            client,
            base,
            flow,
            driver: None,
        }
    }

    pub(super) fn with_driver(mut self, url: String, browser: Browser) -> Page {
        self.driver = Some((url, browser));
        self
    }

    /// Another browser of the same kind on the same app, with a fresh profile (no cookies): a
    /// colleague who got a link.
    pub async fn fresh_browser(&self) -> TestResult<FreshBrowser> {
        let (url, browser) = self.driver.clone().ok_or("no chromedriver known")?;
        FreshBrowser::open(&url, browser, self.base.clone(), self.flow).await
    }

    /// Clicks the link `css` and returns the file the browser downloaded: its name and bytes.
    /// Downloads go to `target/e2e/{flow}-downloads/`, emptied first.
    pub async fn download(&self, css: &str) -> TestResult<(String, Vec<u8>)> {
        let dir = screenshot_dir().join(format!("{}-downloads", self.flow));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir)?;
        self.client
            .issue_cmd(DevTools {
                command: "Browser.setDownloadBehavior",
                params: json!({ "behavior": "allow", "downloadPath": dir.display().to_string() }),
            })
            .await?;
        self.visible(css).await?.click().await?;
        let deadline = Instant::now() + WAIT;
        loop {
            let done = std::fs::read_dir(&dir)?
                .filter_map(Result::ok)
                .map(|entry| entry.path())
                .find(|path| {
                    path.extension().is_none_or(|e| e != "crdownload")
                        && std::fs::metadata(path).is_ok_and(|m| m.len() > 0)
                });
            if let Some(path) = done {
                // Give the browser a moment to finish writing what it renamed into place.
                tokio::time::sleep(Duration::from_millis(100)).await;
                let name = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                return Ok((name, std::fs::read(&path)?));
            }
            if Instant::now() > deadline {
                return Err(format!("no download from `{css}` within {WAIT:?}").into());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

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
