//! Shared helpers: build the app, send a request, parse the answer.

use std::collections::HashMap;
use std::sync::OnceLock;
use std::time::Duration;

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use http_body_util::BodyExt;
use scraper::{Html, Selector};
use storefront::config::Config;
use storefront::provider::pacing::Pacing;
use storefront::{AppState, app};
use tower::ServiceExt;

/// One call a second, and a page waits at most 100 ms for its slot: the second page asked for
/// within a second finds none.
pub fn one_call_a_second_waiting_briefly() -> Pacing {
    Pacing {
        max_wait: Duration::from_millis(100),
        ..Pacing::new(1.0, None)
    }
}

/// The id of the first mock product (also the example offer in the docs).
pub const KNOWN_ID: u64 = 610947572360;

pub fn config(vars: &[(&str, &str)]) -> Config {
    let map: HashMap<String, String> = vars
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    Config::from_lookup(|name| map.get(name).cloned()).expect("valid test config")
}

pub struct TestResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl TestResponse {
    /// A page body kept from an earlier answer, to compare with.
    pub fn from_body(body: String) -> TestResponse {
        TestResponse {
            status: StatusCode::OK,
            headers: HeaderMap::new(),
            body,
        }
    }

    pub fn html(&self) -> Html {
        Html::parse_document(&self.body)
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// Texts of all elements matching `selector`, whitespace-trimmed.
    pub fn texts(&self, selector: &str) -> Vec<String> {
        select_texts(&self.html(), selector)
    }

    /// Values of `attr` on all elements matching `selector`.
    pub fn attrs(&self, selector: &str, attr: &str) -> Vec<String> {
        let html = self.html();
        html.select(&sel(selector))
            .filter_map(|e| e.value().attr(attr).map(str::to_string))
            .collect()
    }

    pub fn count(&self, selector: &str) -> usize {
        self.html().select(&sel(selector)).count()
    }
}

pub fn sel(selector: &str) -> Selector {
    Selector::parse(selector).unwrap_or_else(|e| panic!("bad selector {selector}: {e}"))
}

pub fn select_texts(html: &Html, selector: &str) -> Vec<String> {
    html.select(&sel(selector))
        .map(|e| {
            e.text()
                .collect::<String>()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

/// The default mock-mode state, built once: the catalog is the same every time.
pub fn mock_state() -> AppState {
    static STATE: OnceLock<AppState> = OnceLock::new();
    STATE
        .get_or_init(|| AppState::mock(Config::for_tests()))
        .clone()
}

/// Sends one GET to the mock-mode app.
pub async fn get(uri: &str) -> TestResponse {
    get_with(mock_state(), uri, &[]).await
}

pub async fn get_with(state: AppState, uri: &str, headers: &[(&str, &str)]) -> TestResponse {
    let mut request = Request::get(uri);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    send(state, request.body(Body::empty()).expect("valid request")).await
}

/// Sends one form POST (`application/x-www-form-urlencoded`) to `uri`.
pub async fn post_with(
    state: AppState,
    uri: &str,
    form: &str,
    headers: &[(&str, &str)],
) -> TestResponse {
    let mut request =
        Request::post(uri).header("content-type", "application/x-www-form-urlencoded");
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    send(
        state,
        request
            .body(Body::from(form.to_owned()))
            .expect("valid request"),
    )
    .await
}

/// Sends `request` to the app and reads the whole answer.
pub async fn send(state: AppState, request: Request<Body>) -> TestResponse {
    let response = app(state)
        .oneshot(request)
        .await
        .expect("the router never fails");
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    TestResponse {
        status,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

/// Script elements of a page other than the JSON-LD data blocks of its head, which run nothing;
/// each of those is checked to hold valid JSON without a `<` (so no text can end it early).
pub fn scripts_besides_json_ld(response: &TestResponse) -> usize {
    const DATA_BLOCK: &str = "<script type=\"application/ld+json\">";
    let html = response.html();
    for block in html.select(&sel("script[type='application/ld+json']")) {
        let text: String = block.text().collect();
        assert!(!text.contains('<'), "a JSON-LD block holds a <: {text}");
        serde_json::from_str::<serde_json::Value>(&text)
            .unwrap_or_else(|e| panic!("JSON-LD is not JSON ({e}): {text}"));
    }
    let elements = html
        .select(&sel("script:not([type='application/ld+json'])"))
        .count();
    let tags = response.body.matches("<script").count() - response.body.matches(DATA_BLOCK).count();
    elements + tags
}

/// Prices of the cards on a listing page, as numbers.
pub fn card_prices(response: &TestResponse) -> Vec<f64> {
    response
        .texts(".card .price")
        .iter()
        .map(|p| {
            p.trim_start_matches('¥')
                .replace(',', "")
                .parse::<f64>()
                .expect("price")
        })
        .collect()
}

pub fn urlencode(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// Live-mode state for `config`, with retries that wait milliseconds instead of seconds.
pub async fn live_state(config: Config) -> AppState {
    live_state_paced(config, storefront::provider::pacing::Pacing::unlimited()).await
}

/// Like [`live_state`], with explicit pacing.
pub async fn live_state_paced(
    config: Config,
    pacing: storefront::provider::pacing::Pacing,
) -> AppState {
    let mut gateway = storefront::provider::gateway::GatewayConfig::from_config(&config)
        .expect("key and secret configured");
    gateway.retry_base_delay = std::time::Duration::from_millis(5);
    gateway.timeout = std::time::Duration::from_secs(1);
    gateway.pacing = pacing;
    AppState::live(config, gateway).await.expect("live state")
}
