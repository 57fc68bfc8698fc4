//! A local stand-in of the 1688 Open Platform gateway, for integration, end-to-end and benchmark code.
//!
//! It serves `{base_url}/param2/{version}/{namespace}/{name}/{appKey}` on 127.0.0.1 (port 0) and
//! behaves like the real gateway as `shared/gateway-spec.md` describes it: it checks the app key path
//! segment, recomputes `_aop_signature` from the received form fields and the URL path (its own
//! implementation, independent of the storefront's), requires the access token for search and detail,
//! and answers the documented shapes. [`StandIn::set_behaviour`] switches it at run time to answer
//! one class of error. Calls are counted per API id.
//!
//! For benchmarks and soak runs (see `examples/stand_in_gateway.rs`) it can also, when configured
//! (the defaults keep all of this off): add latency to every call, enforce an app-wide rate limit
//! with the real `gw.QosAppFrequencyLimit` answer, inject seeded random faults (5xx, stalls longer
//! than a client's timeout, truncated bodies), answer any keyword and any offer id from a generated
//! catalog ([`StandInConfig::generated_catalog`]), and report its counters as JSON at
//! `GET /stand-in/stats`.
//!
//! Include it with `#[path = "…/support/stand_in.rs"] mod stand_in;` (relative to the including file).

#![allow(dead_code)]

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};
use axum::{Json, Router};
use hmac::{Hmac, KeyInit, Mac};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use sha1::Sha1;

pub const CURRENT_TIME: &str = "system:currentTime-1";
pub const CATEGORY_GET: &str = "com.alibaba.product:alibaba.category.get-1";
pub const KEYWORD_QUERY: &str = "com.alibaba.fenxiao.crossborder:product.search.keywordQuery-1";
pub const PRODUCT_DETAIL: &str =
    "com.alibaba.fenxiao.crossborder:product.search.queryProductDetail-1";

pub const APP_KEY: &str = "12345678";
pub const APP_SECRET: &str = "stand-in-app-secret";
pub const ACCESS_TOKEN: &str = "stand-in-access-token";

/// What `system.currentTime` answers.
pub const GATEWAY_TIME: &str = "20261123153000123+0800";
/// `totalRecords` of every search that finds something.
pub const TOTAL_OFFERS: u64 = 1234;
/// A search for this keyword finds nothing.
pub const NO_RESULTS_KEYWORD: &str = "no-such-offer";
/// The offer with a full detail answer (tiers, SKUs, attributes, a description with a `<script>`).
pub const KNOWN_OFFER: u64 = 610947572360;
/// Every offer the search returns, in order; each also has a (smaller) detail answer.
pub const OFFERS: [u64; 3] = [KNOWN_OFFER, 624588963211, 655512345678];
/// A root category: id, name, and its children (id, name), which are leaves.
pub type RootCategory = (u64, &'static str, &'static [(u64, &'static str)]);

/// The category tree.
pub const CATEGORIES: [RootCategory; 3] = [
    (7, "服装", &[(127, "女装"), (128, "男装")]),
    (
        1031919,
        "手机、通讯",
        &[(1038378, "手机壳"), (1046625, "数据线")],
    ),
    (1813, "玩具", &[(181301, "积木"), (181302, "毛绒玩具")]),
];

/// How the stand-in answers, after it has checked app key, signature and token (in the gateway's
/// order). Every variant but `Normal` stands for one class of failure.
#[derive(Debug, Clone, PartialEq)]
pub enum Behaviour {
    /// Documented answers, with real verification of key, signature and token.
    Normal,
    /// HTTP 400 `gw.SignatureInvalid`, as if the app secret were wrong.
    SignatureInvalid,
    /// HTTP 401 `"401"` for the APIs that need a token, as if it had expired.
    TokenExpired,
    /// HTTP 400 `gw.APIACLDecline` for this API id only; the others answer normally.
    AclDecline { api: String },
    /// HTTP 400 `gw.QosAppFrequencyLimit`.
    RateLimited,
    /// HTTP 400 `gw.NoUsageLeftError`.
    QuotaExhausted,
    /// HTTP 500 with an HTML body.
    ServerError,
    /// The normal answer, after this delay.
    Slow(Duration),
    /// HTTP 200 with a truncated JSON body.
    Malformed,
    /// HTTP 200 with a 5 MiB JSON body.
    Oversized,
    /// Searches find nothing (everything else is normal).
    NoOffers,
}

#[derive(Debug, Clone)]
pub struct StandInConfig {
    pub app_key: String,
    pub app_secret: String,
    pub access_token: String,
    pub behaviour: Behaviour,
    /// Port on 127.0.0.1; 0 (the default) picks a free one.
    pub port: u16,
    /// Added to every gateway call before it is answered (default: none).
    pub latency: Duration,
    /// A further random delay of up to this much per call, drawn from the seeded generator
    /// (default: none). `latency` 50 ms with `latency_jitter` 150 ms gives 50–200 ms.
    pub latency_jitter: Duration,
    /// App-wide rate limit in calls per second: a token bucket holding one second's worth
    /// (at least one call), refilled continuously. Calls beyond it get HTTP 400
    /// `gw.QosAppFrequencyLimit`. `None` (the default): no limit.
    pub max_qps: Option<f64>,
    /// Random faults (default: none).
    pub faults: Faults,
    /// Answer any keyword and any 12-digit offer id from a generated catalog (see
    /// [`generated_offer_id`]) instead of the three fixed offers. Default `false`.
    pub generated_catalog: bool,
}

impl Default for StandInConfig {
    /// [`APP_KEY`], [`APP_SECRET`], [`ACCESS_TOKEN`], [`Behaviour::Normal`], a free port, no
    /// latency, no rate limit, no faults, the fixed catalog.
    fn default() -> Self {
        StandInConfig {
            app_key: APP_KEY.into(),
            app_secret: APP_SECRET.into(),
            access_token: ACCESS_TOKEN.into(),
            behaviour: Behaviour::Normal,
            port: 0,
            latency: Duration::ZERO,
            latency_jitter: Duration::ZERO,
            max_qps: None,
            faults: Faults::default(),
            generated_catalog: false,
        }
    }
}

/// Probabilities (0.0–1.0) of faults injected into gateway calls, drawn per call from a generator
/// seeded with `seed`, so a run can be repeated. At most one fault hits a call.
#[derive(Debug, Clone, PartialEq)]
pub struct Faults {
    /// HTTP 500, 502 or 503 with an HTML body.
    pub server_error: f64,
    /// The answer comes only after `timeout_delay`: longer than any sane client waits.
    pub timeout: f64,
    /// The body stops halfway: either the HTTP framing is complete but the JSON is cut, or the
    /// connection closes before the announced `Content-Length` (one or the other at random).
    pub truncated: f64,
    /// How long a "timeout" fault holds the answer back (default 30 s).
    pub timeout_delay: Duration,
    pub seed: u64,
}

impl Default for Faults {
    fn default() -> Self {
        Faults {
            server_error: 0.0,
            timeout: 0.0,
            truncated: 0.0,
            timeout_delay: Duration::from_secs(30),
            seed: 1,
        }
    }
}

impl Faults {
    fn any(&self) -> bool {
        self.server_error > 0.0 || self.timeout > 0.0 || self.truncated > 0.0
    }
}

/// How many faults of each kind the stand-in injected.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FaultCounts {
    pub server_error: usize,
    pub timeout: usize,
    pub truncated: usize,
}

impl FaultCounts {
    pub fn total(&self) -> usize {
        self.server_error + self.timeout + self.truncated
    }
}

/// A running stand-in; the server stops when this is dropped.
pub struct StandIn {
    /// `http://127.0.0.1:{port}/openapi`: what `ALIBABA_API_URL` would hold.
    pub base_url: String,
    pub addr: SocketAddr,
    shared: Arc<Shared>,
    server: tokio::task::JoinHandle<()>,
}

struct Shared {
    app_key: String,
    app_secret: String,
    access_token: String,
    /// The behaviour, and how many more times it applies before `Normal` returns (`None`: for good).
    behaviour: Mutex<(Behaviour, Option<usize>)>,
    calls: Mutex<HashMap<String, usize>>,
    last_params: Mutex<HashMap<String, HashMap<String, String>>>,
    /// Whether [`OAUTH_CODE`] was exchanged already (codes are single use).
    codes_used: Mutex<bool>,
    arrivals: Mutex<Vec<std::time::Instant>>,
    latency: Duration,
    latency_jitter: Duration,
    /// The rate limit: calls per second, and the bucket (tokens left, when last refilled).
    max_qps: Option<f64>,
    bucket: Mutex<(f64, Instant)>,
    rate_limited: AtomicUsize,
    faults: Faults,
    /// splitmix64 state: fault and jitter draws.
    rng: Mutex<u64>,
    server_errors: AtomicUsize,
    timeouts: AtomicUsize,
    truncations: AtomicUsize,
    generated_catalog: bool,
}

impl StandIn {
    /// Starts the stand-in on 127.0.0.1 with a free port.
    pub async fn start(config: StandInConfig) -> StandIn {
        let shared = Arc::new(Shared {
            app_key: config.app_key,
            app_secret: config.app_secret,
            access_token: config.access_token,
            behaviour: Mutex::new((config.behaviour, None)),
            calls: Mutex::new(HashMap::new()),
            last_params: Mutex::new(HashMap::new()),
            codes_used: Mutex::new(false),
            arrivals: Mutex::new(Vec::new()),
            latency: config.latency,
            latency_jitter: config.latency_jitter,
            max_qps: config.max_qps.filter(|qps| *qps > 0.0),
            bucket: Mutex::new((config.max_qps.unwrap_or(0.0).max(1.0), Instant::now())),
            rate_limited: AtomicUsize::new(0),
            rng: Mutex::new(config.faults.seed),
            faults: config.faults,
            server_errors: AtomicUsize::new(0),
            timeouts: AtomicUsize::new(0),
            truncations: AtomicUsize::new(0),
            generated_catalog: config.generated_catalog,
        });
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", config.port))
            .await
            .expect("bind the stand-in to 127.0.0.1");
        let addr = listener.local_addr().expect("the stand-in's address");
        let app = router(Arc::clone(&shared));
        let server = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        StandIn {
            base_url: format!("http://{addr}/openapi"),
            addr,
            shared,
            server,
        }
    }

    /// Switches the behaviour for all following calls.
    pub fn set_behaviour(&self, behaviour: Behaviour) {
        *self.shared.behaviour.lock().unwrap() = (behaviour, None);
    }

    /// Applies `behaviour` to the next `times` calls it affects, then answers normally again.
    pub fn set_behaviour_times(&self, behaviour: Behaviour, times: usize) {
        *self.shared.behaviour.lock().unwrap() = (behaviour, Some(times));
    }

    /// Calls received for `api` (an API id such as [`KEYWORD_QUERY`]), whatever their outcome.
    pub fn calls(&self, api: &str) -> usize {
        self.shared
            .calls
            .lock()
            .unwrap()
            .get(api)
            .copied()
            .unwrap_or(0)
    }

    /// When each signed call arrived, in order (for pacing checks).
    pub fn arrivals(&self) -> Vec<std::time::Instant> {
        self.shared.arrivals.lock().unwrap().clone()
    }

    pub fn total_calls(&self) -> usize {
        self.shared.calls.lock().unwrap().values().sum()
    }

    pub fn reset_calls(&self) {
        self.shared.calls.lock().unwrap().clear();
    }

    /// The form fields (without `_aop_signature`) of the last correctly signed call of `api`.
    pub fn last_params(&self, api: &str) -> Option<HashMap<String, String>> {
        self.shared.last_params.lock().unwrap().get(api).cloned()
    }

    /// `gw.QosAppFrequencyLimit` answers given, by the rate limit or by [`Behaviour::RateLimited`].
    pub fn rate_limited_answers(&self) -> usize {
        self.shared.rate_limited.load(Ordering::Relaxed)
    }

    /// Faults injected so far (see [`Faults`]).
    pub fn faults_injected(&self) -> FaultCounts {
        self.shared.fault_counts()
    }

    /// What `GET /stand-in/stats` answers: `total_calls`, `calls` per API id,
    /// `rate_limited_answers` and `faults_injected` by kind (with a `total`).
    pub fn stats(&self) -> Value {
        self.shared.stats()
    }
}

impl Drop for StandIn {
    fn drop(&mut self) {
        self.server.abort();
    }
}

fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route(
            "/openapi/param2/{version}/{namespace}/{name}/{app_key}",
            any(handle),
        )
        .route(
            "/openapi/param2/{version}/{namespace}/{name}",
            any(|| async {
                gateway_error(
                    StatusCode::BAD_REQUEST,
                    "gw.AppKeyMissing",
                    "AppKey is missing",
                )
            }),
        )
        .route(
            "/openapi/http/1/system.oauth2/getToken/{app_key}",
            any(oauth_token),
        )
        .route(
            "/stand-in/stats",
            get(|State(shared): State<Arc<Shared>>| async move { Json(shared.stats()) }),
        )
        .with_state(shared)
}

/// The authorization code the stand-in accepts (once).
pub const OAUTH_CODE: &str = "stand-in-oauth-code";
/// The refresh token it hands out with the access token.
pub const REFRESH_TOKEN: &str = "stand-in-refresh-token";

/// `system.oauth2/getToken` (not signed): exchanges [`OAUTH_CODE`] once, or a refresh token, for
/// the configured access token; anything else gets the documented HTTP 400 error.
async fn oauth_token(
    State(shared): State<Arc<Shared>>,
    Path(app_key): Path<String>,
    body: Bytes,
) -> Response {
    *shared
        .calls
        .lock()
        .unwrap()
        .entry("system.oauth2:getToken-1".into())
        .or_default() += 1;
    let form: HashMap<String, String> = form_urlencoded::parse(&body).into_owned().collect();
    let field = |name: &str| form.get(name).map(String::as_str).unwrap_or("");
    let refused = |description: &str| {
        (
            StatusCode::BAD_REQUEST,
            Json(json!({"error": "invalid_request", "error_description": description})),
        )
            .into_response()
    };
    if app_key != shared.app_key || field("client_id") != shared.app_key {
        return refused("unknown client_id");
    }
    if field("client_secret") != shared.app_secret {
        return refused("client_secret is wrong");
    }
    let granted = match field("grant_type") {
        "authorization_code" => {
            let mut used = shared.codes_used.lock().unwrap();
            field("code") == OAUTH_CODE && !std::mem::replace(&mut *used, true)
        }
        "refresh_token" => field("refresh_token") == REFRESH_TOKEN,
        _ => false,
    };
    if !granted {
        return refused("invalid or expired code");
    }
    Json(json!({
        "access_token": shared.access_token,
        "expires_in": "36000",
        "refresh_token": REFRESH_TOKEN,
        "refresh_token_timeout": "20991231000000000+0800",
        "aliId": "8888",
        "memberId": "b2b-stand-in",
        "resource_owner": "stand-in"
    }))
    .into_response()
}

/// The gateway's signature, implemented here on its own for an independent check:
/// `HEX(HMAC-SHA1(secret, urlPath + concat(sorted(key + value))))`.
pub fn expected_signature(secret: &str, url_path: &str, params: &[(String, String)]) -> String {
    let mut parts: Vec<Vec<u8>> = params
        .iter()
        .map(|(k, v)| [k.as_bytes(), v.as_bytes()].concat())
        .collect();
    parts.sort();
    let mut mac = Hmac::<Sha1>::new_from_slice(secret.as_bytes()).expect("any key length");
    mac.update(url_path.as_bytes());
    for part in &parts {
        mac.update(part);
    }
    hex::encode_upper(mac.finalize().into_bytes())
}

/// One gateway call: counted, then (when configured) rate limited on arrival, delayed, and maybe
/// hit by a fault; otherwise answered by [`answer`].
async fn handle(
    State(shared): State<Arc<Shared>>,
    Path((version, namespace, name, app_key)): Path<(String, String, String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let api = format!("{namespace}:{name}-{version}");
    shared
        .arrivals
        .lock()
        .unwrap()
        .push(std::time::Instant::now());
    *shared.calls.lock().unwrap().entry(api.clone()).or_default() += 1;

    let over_limit = !shared.take_token();
    let delay = shared.latency + shared.jitter();
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    if over_limit {
        return shared.rate_limit_answer();
    }
    let fault = shared.draw_fault();
    match fault {
        Some(Fault::ServerError) => return server_error_answer(&shared),
        Some(Fault::Timeout) => tokio::time::sleep(shared.faults.timeout_delay).await,
        _ => {}
    }
    let response = answer(&shared, (version, namespace, name, app_key), headers, body).await;
    match fault {
        Some(Fault::Truncated) => truncate(&shared, response).await,
        _ => response,
    }
}

/// The answer to a call that got through rate limit and faults, in the gateway's check order.
async fn answer(
    shared: &Shared,
    (version, namespace, name, app_key): (String, String, String, String),
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let api = format!("{namespace}:{name}-{version}");
    if app_key != shared.app_key {
        return gateway_error(
            StatusCode::BAD_REQUEST,
            "gw.AppKeyNotFound",
            "AppKey not found",
        );
    }
    if ![CURRENT_TIME, CATEGORY_GET, KEYWORD_QUERY, PRODUCT_DETAIL].contains(&api.as_str()) {
        return gateway_error(
            StatusCode::BAD_REQUEST,
            "gw.APIUnsupported",
            "API not supported",
        );
    }
    let is_form = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return gateway_error(StatusCode::BAD_REQUEST, "gw.ParamMissing", "form expected");
    }

    let mut fields: Vec<(String, String)> = form_urlencoded::parse(&body).into_owned().collect();
    let Some(pos) = fields.iter().position(|(k, _)| k == "_aop_signature") else {
        return gateway_error(
            StatusCode::BAD_REQUEST,
            "gw.SignatureMissing",
            "Signature is missing",
        );
    };
    let (_, received) = fields.remove(pos);
    let url_path = format!("param2/{version}/{namespace}/{name}/{app_key}");
    if received != expected_signature(&shared.app_secret, &url_path, &fields) {
        return gateway_error(
            StatusCode::BAD_REQUEST,
            "gw.SignatureInvalid",
            "Signature is invalid",
        );
    }
    let forced = shared.take_behaviour(&api);
    if forced == Behaviour::SignatureInvalid {
        return gateway_error(
            StatusCode::BAD_REQUEST,
            "gw.SignatureInvalid",
            "Signature is invalid",
        );
    }
    let params: HashMap<String, String> = fields.into_iter().collect();
    shared
        .last_params
        .lock()
        .unwrap()
        .insert(api.clone(), params.clone());

    let needs_token = api == KEYWORD_QUERY || api == PRODUCT_DETAIL;
    if needs_token && params.get("access_token") != Some(&shared.access_token) {
        return gateway_error(
            StatusCode::UNAUTHORIZED,
            "401",
            "Request need user authorized",
        );
    }
    if needs_token && forced == Behaviour::TokenExpired {
        // The wording seen live for an expired token.
        return gateway_error(
            StatusCode::UNAUTHORIZED,
            "401",
            "Request need user authenticated",
        );
    }

    match forced {
        Behaviour::AclDecline { .. } => {
            return gateway_error(
                StatusCode::BAD_REQUEST,
                "gw.APIACLDecline",
                "AppKey is not allowed(acl)",
            );
        }
        Behaviour::RateLimited => return shared.rate_limit_answer(),
        Behaviour::QuotaExhausted => {
            return gateway_error(
                StatusCode::BAD_REQUEST,
                "gw.NoUsageLeftError",
                "SLA bill has no usage left",
            );
        }
        Behaviour::ServerError => {
            return (
                StatusCode::INTERNAL_SERVER_ERROR,
                [(header::CONTENT_TYPE, "text/html")],
                "<html><body>500 Internal Server Error</body></html>",
            )
                .into_response();
        }
        Behaviour::Malformed => {
            return json_body(
                StatusCode::OK,
                r#"{"result":{"success":true,"code":"200","result":{"totalRec"#.into(),
            );
        }
        Behaviour::Oversized => {
            let padding = "x".repeat(5 * 1024 * 1024);
            return json_body(StatusCode::OK, format!(r#"{{"padding":"{padding}"}}"#));
        }
        Behaviour::Slow(delay) => tokio::time::sleep(delay).await,
        _ => {}
    }

    match api.as_str() {
        CURRENT_TIME => json_body(StatusCode::OK, Value::from(GATEWAY_TIME).to_string()),
        CATEGORY_GET => match params
            .get("categoryID")
            .and_then(|id| id.parse::<u64>().ok())
        {
            Some(id) => ok_json(category_answer(id)),
            None => gateway_error(
                StatusCode::BAD_REQUEST,
                "gw.ParamMissing",
                "categoryID is missing",
            ),
        },
        KEYWORD_QUERY => match params.get("offerQueryParam") {
            None => gateway_error(
                StatusCode::BAD_REQUEST,
                "gw.ParamMissing",
                "offerQueryParam is missing",
            ),
            Some(raw) => match offer_query(raw) {
                Err(problem) => ok_json(parameter_error(&problem)),
                Ok(query) => {
                    let no_offers = forced == Behaviour::NoOffers;
                    if shared.generated_catalog {
                        ok_json(generated_search_answer(&query, no_offers))
                    } else {
                        ok_json(search_answer(&query, no_offers))
                    }
                }
            },
        },
        _ => match params.get("offerDetailParam") {
            None => gateway_error(
                StatusCode::BAD_REQUEST,
                "gw.ParamMissing",
                "offerDetailParam is missing",
            ),
            Some(raw) => match offer_detail_id(raw) {
                Err(problem) => ok_json(parameter_error(&problem)),
                Ok(offer_id) if shared.generated_catalog && !OFFERS.contains(&offer_id) => {
                    ok_json(generated_detail_answer(offer_id))
                }
                Ok(offer_id) => ok_json(detail_answer(offer_id)),
            },
        },
    }
}

/// A search as the documentation of `keywordQuery` describes `offerQueryParam`, checked strictly.
#[derive(Debug, Clone, PartialEq)]
pub struct OfferQuery {
    pub keyword: String,
    pub begin_page: u64,
    pub page_size: u64,
    pub country: String,
    pub category_id: Option<u64>,
    pub sort: Option<(SortKey, bool)>,
    pub keyword_translate: Option<bool>,
    pub price_start: Option<f64>,
    pub price_end: Option<f64>,
}

/// The sort keys in use: `{"price":"asc"}`, `{"monthSold":"desc"}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    Price,
    MonthSold,
}

/// Parses `offerQueryParam` as the API documents it: `keyword` (String), `beginPage`, `pageSize`
/// (Integer, at most 50) and `country` (String) required; an empty keyword only with a
/// `categoryId` (Long); `sort` a String holding JSON; `keywordTranslate` a Boolean; prices
/// Strings. `Err` says what is wrong, as the parameter error does.
pub fn offer_query(raw: &str) -> Result<OfferQuery, String> {
    let value: Value = serde_json::from_str(raw).map_err(|_| "offerQueryParam is not JSON")?;
    let object = value
        .as_object()
        .ok_or("offerQueryParam must be a JSON object")?;
    let required = |name: &str| object.get(name).ok_or(format!("{name} is required"));
    let keyword = required("keyword")?
        .as_str()
        .ok_or("keyword must be a String")?
        .to_string();
    let integer = |name: &str| -> Result<u64, String> {
        required(name)?
            .as_u64()
            .ok_or(format!("{name} must be an Integer"))
    };
    let begin_page = integer("beginPage")?;
    let page_size = integer("pageSize")?;
    if begin_page == 0 {
        return Err("beginPage starts at 1".into());
    }
    if !(1..=50).contains(&page_size) {
        return Err("pageSize must be from 1 to 50".into());
    }
    let country = required("country")?
        .as_str()
        .filter(|c| !c.is_empty())
        .ok_or("country must be a language code such as en")?
        .to_string();
    let category_id = match object.get("categoryId") {
        None => None,
        Some(id) => Some(id.as_u64().ok_or("categoryId must be a Long")?),
    };
    if keyword.trim().is_empty() && category_id.is_none() {
        return Err("keyword is required".into());
    }
    let sort = match object.get("sort") {
        None => None,
        Some(Value::String(text)) => Some(sort_string(text)?),
        Some(_) => return Err("sort must be a String holding JSON".into()),
    };
    let keyword_translate = match object.get("keywordTranslate") {
        None => None,
        Some(flag) => Some(flag.as_bool().ok_or("keywordTranslate must be a Boolean")?),
    };
    let price = |name: &str| -> Result<Option<f64>, String> {
        match object.get(name) {
            None => Ok(None),
            Some(Value::String(text)) => text
                .parse::<f64>()
                .ok()
                .filter(|p| p.is_finite() && *p >= 0.0)
                .map(Some)
                .ok_or(format!("{name} must be a price")),
            Some(_) => Err(format!("{name} must be a String")),
        }
    };
    Ok(OfferQuery {
        keyword,
        begin_page,
        page_size,
        country,
        category_id,
        sort,
        keyword_translate,
        price_start: price("priceStart")?,
        price_end: price("priceEnd")?,
    })
}

/// `{"price":"asc"}` and the like: one known key, `asc` or `desc`. `Ok((key, ascending))`.
fn sort_string(text: &str) -> Result<(SortKey, bool), String> {
    let bad = || format!("sort {text} is not a known sort");
    let value: Value = serde_json::from_str(text).map_err(|_| bad())?;
    let object = value.as_object().filter(|o| o.len() == 1).ok_or_else(bad)?;
    let (key, direction) = object.iter().next().ok_or_else(bad)?;
    let key = match key.as_str() {
        "price" => SortKey::Price,
        "monthSold" => SortKey::MonthSold,
        _ => return Err(bad()),
    };
    match direction.as_str() {
        Some("asc") => Ok((key, true)),
        Some("desc") => Ok((key, false)),
        _ => Err(bad()),
    }
}

/// `offerDetailParam`: `offerId` (Long) and `country` (String), both required.
fn offer_detail_id(raw: &str) -> Result<u64, String> {
    let value: Value = serde_json::from_str(raw).map_err(|_| "offerDetailParam is not JSON")?;
    let offer_id = value
        .get("offerId")
        .ok_or("offerId is required")?
        .as_u64()
        .ok_or("offerId must be a Long")?;
    value
        .get("country")
        .and_then(Value::as_str)
        .filter(|c| !c.is_empty())
        .ok_or("country is required")?;
    Ok(offer_id)
}

/// The cross-border APIs' parameter error: HTTP 200, `result.success:false`, code `500_001`.
fn parameter_error(problem: &str) -> Value {
    json!({ "result": { "success": false, "code": "500_001", "message": format!("参数错误: {problem}") } })
}

/// A fault drawn for one call.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Fault {
    ServerError,
    Timeout,
    Truncated,
}

impl Shared {
    /// Takes a token from the rate limit's bucket; `false` when the call is over the limit.
    fn take_token(&self) -> bool {
        let Some(qps) = self.max_qps else {
            return true;
        };
        let capacity = qps.max(1.0);
        let mut bucket = self.bucket.lock().unwrap();
        let now = Instant::now();
        let refilled = bucket.0 + now.duration_since(bucket.1).as_secs_f64() * qps;
        *bucket = (refilled.min(capacity), now);
        if bucket.0 >= 1.0 {
            bucket.0 -= 1.0;
            true
        } else {
            false
        }
    }

    fn rate_limit_answer(&self) -> Response {
        self.rate_limited.fetch_add(1, Ordering::Relaxed);
        gateway_error(
            StatusCode::BAD_REQUEST,
            "gw.QosAppFrequencyLimit",
            "App call exceeds limited frequency",
        )
    }

    /// A uniform draw in `0.0..1.0` from the seeded generator (splitmix64).
    fn uniform(&self) -> f64 {
        let mut state = self.rng.lock().unwrap();
        *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        (mix64(*state) >> 11) as f64 / (1u64 << 53) as f64
    }

    fn jitter(&self) -> Duration {
        if self.latency_jitter.is_zero() {
            return Duration::ZERO;
        }
        self.latency_jitter.mul_f64(self.uniform())
    }

    /// The fault for this call, if any, counted. Draws nothing when no fault is configured.
    fn draw_fault(&self) -> Option<Fault> {
        let faults = &self.faults;
        if !faults.any() {
            return None;
        }
        let draw = self.uniform();
        let fault = if draw < faults.server_error {
            Fault::ServerError
        } else if draw < faults.server_error + faults.timeout {
            Fault::Timeout
        } else if draw < faults.server_error + faults.timeout + faults.truncated {
            Fault::Truncated
        } else {
            return None;
        };
        let counter = match fault {
            Fault::ServerError => &self.server_errors,
            Fault::Timeout => &self.timeouts,
            Fault::Truncated => &self.truncations,
        };
        counter.fetch_add(1, Ordering::Relaxed);
        Some(fault)
    }

    fn fault_counts(&self) -> FaultCounts {
        FaultCounts {
            server_error: self.server_errors.load(Ordering::Relaxed),
            timeout: self.timeouts.load(Ordering::Relaxed),
            truncated: self.truncations.load(Ordering::Relaxed),
        }
    }

    fn stats(&self) -> Value {
        let calls = self.calls.lock().unwrap().clone();
        let faults = self.fault_counts();
        json!({
            "total_calls": calls.values().sum::<usize>(),
            "calls": calls,
            "rate_limited_answers": self.rate_limited.load(Ordering::Relaxed),
            "faults_injected": {
                "server_error": faults.server_error,
                "timeout": faults.timeout,
                "truncated": faults.truncated,
                "total": faults.total(),
            },
        })
    }

    /// The behaviour that applies to this call of `api`, counting down a limited one.
    fn take_behaviour(&self, api: &str) -> Behaviour {
        let mut guard = self.behaviour.lock().unwrap();
        let (behaviour, remaining) = &mut *guard;
        let applies = match behaviour {
            Behaviour::Normal => false,
            Behaviour::AclDecline { api: declined } => declined == api,
            Behaviour::TokenExpired => api == KEYWORD_QUERY || api == PRODUCT_DETAIL,
            Behaviour::NoOffers => api == KEYWORD_QUERY,
            _ => true,
        };
        if !applies {
            return Behaviour::Normal;
        }
        let current = behaviour.clone();
        if let Some(left) = remaining {
            *left = left.saturating_sub(1);
            if *left == 0 {
                *guard = (Behaviour::Normal, None);
            }
        }
        current
    }
}

fn json_body(status: StatusCode, body: String) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/json;charset=UTF-8")],
        body,
    )
        .into_response()
}

fn ok_json(value: Value) -> Response {
    json_body(StatusCode::OK, value.to_string())
}

fn gateway_error(status: StatusCode, code: &str, message: &str) -> Response {
    json_body(
        status,
        json!({
            "error_code": code,
            "error_message": message,
            "exception": message,
            "request_id": "0bb3f2e817000000000000000e0a1b",
        })
        .to_string(),
    )
}

fn category_answer(id: u64) -> Value {
    let child = |(id, name): &(u64, &str), leaf: bool| json!({ "id": id, "name": name, "isLeaf": leaf, "categoryType": "1" });
    let node = |id: u64, name: &str, parents: Vec<u64>, children: Vec<Value>| {
        json!({
            "categoryID": id,
            "name": name,
            "isLeaf": children.is_empty(),
            "parentIDs": parents,
            "childCategorys": children,
        })
    };
    let info = if id == 0 {
        Some(node(
            0,
            "",
            vec![],
            CATEGORIES
                .iter()
                .map(|(id, name, _)| child(&(*id, *name), false))
                .collect(),
        ))
    } else {
        CATEGORIES.iter().find_map(|(root, root_name, children)| {
            if *root == id {
                return Some(node(
                    id,
                    root_name,
                    vec![0],
                    children.iter().map(|c| child(c, true)).collect(),
                ));
            }
            children
                .iter()
                .find(|(child_id, _)| *child_id == id)
                .map(|(_, name)| node(id, name, vec![*root], vec![]))
        })
    };
    json!({ "categoryInfo": info.into_iter().collect::<Vec<_>>(), "succes": "true" })
}

/// `(offerId, subject, subjectTrans, imageUrl, price, minOrderQuantity, monthSold, top, second)`
type OfferRow = (
    u64,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    u32,
    u32,
    u64,
    u64,
);

const OFFER_ROWS: [OfferRow; 3] = [
    (
        KNOWN_OFFER,
        "新款手机壳硅胶防摔",
        "New silicone phone case",
        "img/ibank/O1CN01case.jpg",
        "3.50",
        2,
        1520,
        1031919,
        1038378,
    ),
    (
        OFFERS[1],
        "快充数据线 1米",
        "Fast charging cable 1m",
        "//cbu01.alicdn.com/img/ibank/O1CN01cable.jpg",
        "8.80",
        10,
        860,
        1031919,
        1046625,
    ),
    (
        OFFERS[2],
        "儿童积木玩具",
        "Building blocks for kids",
        "https://cbu01.alicdn.com/img/ibank/O1CN01blocks.jpg",
        "25.00",
        1,
        2310,
        1813,
        181301,
    ),
];

/// The fixed catalog's search: every offer for any keyword, those of the category when one is
/// given, in the order asked for.
fn search_answer(query: &OfferQuery, no_offers: bool) -> Value {
    let (page_size, current) = (query.page_size, query.begin_page);
    let mut rows: Vec<&OfferRow> = OFFER_ROWS
        .iter()
        .filter(|row| query.category_id.is_none_or(|c| c == row.7 || c == row.8))
        .collect();
    match query.sort {
        Some((SortKey::Price, ascending)) => rows.sort_by(|a, b| {
            let order =
                a.4.parse::<f64>()
                    .unwrap()
                    .total_cmp(&b.4.parse::<f64>().unwrap());
            if ascending { order } else { order.reverse() }
        }),
        Some((SortKey::MonthSold, ascending)) => rows.sort_by(|a, b| {
            if ascending {
                a.6.cmp(&b.6)
            } else {
                b.6.cmp(&a.6)
            }
        }),
        None => {}
    }
    let empty = no_offers || query.keyword == NO_RESULTS_KEYWORD || rows.is_empty();
    let data: Vec<Value> = if empty {
        vec![]
    } else {
        rows.into_iter()
            .skip(((current - 1) * page_size) as usize)
            .take(page_size as usize)
            .map(|(id, subject, trans, image, price, moq, sold, top, second)| {
                json!({
                    "offerId": id,
                    "subject": subject,
                    "subjectTrans": trans,
                    "imageUrl": image,
                    "priceInfo": { "price": price, "consignPrice": price, "promotionPrice": null },
                    "minOrderQuantity": moq,
                    "monthSold": sold,
                    "repurchaseRate": "28%",
                    "topCategoryId": top,
                    "secondCategoryId": second,
                    "thirdCategoryId": 0,
                })
            })
            .collect()
    };
    let total = if empty { 0 } else { TOTAL_OFFERS };
    search_envelope(total, page_size, current, data)
}

fn detail_answer(offer_id: u64) -> Value {
    let Some(row) = OFFER_ROWS.iter().find(|row| row.0 == offer_id) else {
        return json!({ "result": { "success": false, "code": "500_004", "message": "商品不存在" } });
    };
    let (id, subject, trans, image, price, moq, sold, top, second) = *row;
    let category_name = CATEGORIES
        .iter()
        .flat_map(|(_, _, children)| children.iter())
        .find(|(child, _)| *child == second)
        .map(|(_, name)| *name)
        .unwrap_or_default();
    let mut detail = json!({
        "offerId": id,
        "categoryId": second,
        "categoryName": category_name,
        "topCategoryId": top,
        "secondCategoryId": second,
        "thirdCategoryId": 0,
        "subject": subject,
        "subjectTrans": trans,
        "description": "<p>Factory direct.</p>",
        "productImage": { "images": [image], "whiteImage": null },
        "productAttribute": [],
        "productSkuInfos": [],
        "productSaleInfo": {
            "amountOnSale": 10000,
            "priceRangeList": [{ "startQuantity": moq, "price": price }],
            "quoteType": 0,
            "unitInfo": { "unit": "个", "transUnit": "piece" }
        },
        "minOrderQuantity": moq,
        "companyName": "深圳市示例贸易有限公司",
        "sellerOpenId": "BBBstandInSeller",
        "soldOut": (sold * 12).to_string(),
        "tradeScore": "4.0",
        "productShippingInfo": { "weight": 0.2, "width": 10, "height": 5, "length": 15 }
    });
    if offer_id == KNOWN_OFFER {
        let full = json!({
            "description": "<p>Durable <b>silicone</b> case.</p><script>alert('stolen')</script><img src=\"//cbu01.alicdn.com/img/ibank/desc1.jpg\" onerror=\"alert(1)\">",
            "productImage": {
                "images": ["img/ibank/O1CN01case.jpg", "//cbu01.alicdn.com/img/ibank/O1CN01case2.jpg"],
                "whiteImage": "https://cbu01.alicdn.com/img/ibank/O1CN01white.jpg"
            },
            "productAttribute": [
                { "attributeId": "287", "attributeName": "材质", "attributeNameTrans": "Material", "value": "硅胶", "valueTrans": "Silicone" },
                { "attributeId": "1398", "attributeName": "适用型号", "attributeNameTrans": "Compatible model", "value": "iPhone 15", "valueTrans": "iPhone 15" }
            ],
            "productSkuInfos": [
                {
                    "skuId": 4812345678901u64, "specId": "b0f6a3c1d2e4", "price": "3.50", "amountOnSale": 500,
                    "skuAttributes": [{ "attributeId": 3216, "attributeName": "颜色", "attributeNameTrans": "Color", "value": "红色", "valueTrans": "Red", "skuImageUrl": "img/ibank/red.jpg" }]
                },
                {
                    "skuId": 4812345678902u64, "specId": "c1a7b4d2e3f5", "price": "3.50", "promotionPrice": "3.30", "amountOnSale": 320,
                    "skuAttributes": [{ "attributeId": 3216, "attributeName": "颜色", "attributeNameTrans": "Color", "value": "蓝色", "valueTrans": "Blue", "skuImageUrl": "//cbu01.alicdn.com/img/ibank/blue.jpg" }]
                }
            ],
            "productSaleInfo": {
                "amountOnSale": 820,
                "priceRangeList": [
                    { "startQuantity": 2, "price": "3.50" },
                    { "startQuantity": 100, "price": "3.20", "promotionPrice": "3.00" },
                    { "startQuantity": 1000, "price": "2.80" }
                ],
                "quoteType": 1,
                "unitInfo": { "unit": "个", "transUnit": "piece" }
            },
            "companyName": "义乌市示例电子商务有限公司",
            "tradeScore": "4.5"
        });
        for (key, value) in full.as_object().expect("an object") {
            detail[key] = value.clone();
        }
    }
    json!({ "result": { "success": true, "code": "200", "message": "", "result": detail } })
}

/// HTTP 500, 502 or 503 with an HTML body, as a failing front end would answer.
fn server_error_answer(shared: &Shared) -> Response {
    let (status, text) = match (shared.uniform() * 3.0) as u32 {
        0 => (
            StatusCode::INTERNAL_SERVER_ERROR,
            "500 Internal Server Error",
        ),
        1 => (StatusCode::BAD_GATEWAY, "502 Bad Gateway"),
        _ => (
            StatusCode::SERVICE_UNAVAILABLE,
            "503 Service Temporarily Unavailable",
        ),
    };
    (
        status,
        [(header::CONTENT_TYPE, "text/html")],
        format!("<html><head><title>{text}</title></head><body><h1>{text}</h1></body></html>"),
    )
        .into_response()
}

/// `response` with its body cut in half: either a complete HTTP answer holding half the JSON, or
/// the announced length with the connection closed after half of it.
async fn truncate(shared: &Shared, response: Response) -> Response {
    let (mut parts, body) = response.into_parts();
    let Ok(full) = axum::body::to_bytes(body, usize::MAX).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let half = full.slice(..full.len() / 2);
    if shared.uniform() < 0.5 {
        parts.headers.remove(header::CONTENT_LENGTH);
        return Response::from_parts(parts, axum::body::Body::from(half));
    }
    // The announced length, half the bytes, then an error: hyper closes the connection mid-body.
    parts
        .headers
        .insert(header::CONTENT_LENGTH, full.len().into());
    let cut = http_body_util::Full::new(half)
        .map_err(|never: std::convert::Infallible| -> std::io::Error { match never {} })
        .with_trailers(async {
            // A pause first, so hyper sends the head and the first half before the failure.
            tokio::time::sleep(Duration::from_millis(20)).await;
            Some(Err(std::io::Error::new(
                std::io::ErrorKind::ConnectionAborted,
                "stand-in: body truncated on purpose",
            )))
        });
    // Through a stream, so that the body's size is unknown to hyper: it then frames the answer by
    // the announced length and closes the connection when the body fails.
    let body = axum::body::Body::from_stream(axum::body::Body::new(cut).into_data_stream());
    Response::from_parts(parts, body)
}

// -------------------------------------------------------------------------------------------------
// The generated catalog (`StandInConfig::generated_catalog`).

/// How many offers searches draw from.
pub const GENERATED_OFFERS: u64 = 3000;
/// Offer `n` of the generated catalog (`0..GENERATED_OFFERS`) has id `BASE + n × STEP`.
pub const GENERATED_ID_BASE: u64 = 600_000_000_000;
pub const GENERATED_ID_STEP: u64 = 97_654_321;

/// The id of offer `index` of the generated catalog: 12 digits, spread out like real ids. Since
/// `BASE % 6 == 0` and `STEP % 6 == 1`, `id % 6 == index % 6`, which picks its leaf category.
pub fn generated_offer_id(index: u64) -> u64 {
    GENERATED_ID_BASE + index * GENERATED_ID_STEP
}

/// Offer ids that the generated catalog does not know (queryProductDetail answers "not found"):
/// anything but 12 digits, ids starting with 9999, and 100000000000–100000000999.
pub fn is_unknown_generated_offer(id: u64) -> bool {
    // 12-digit ids run from 100000000000 to 999999999999; the marked ranges are cut off both ends.
    !(100_000_001_000..999_900_000_000).contains(&id)
}

/// The leaf categories of [`CATEGORIES`] in order, with their roots: an offer's leaf is
/// `leaves()[id % 6]`.
fn leaves() -> Vec<(u64, &'static str, u64)> {
    CATEGORIES
        .iter()
        .flat_map(|(root, _, children)| children.iter().map(move |(id, name)| (*id, *name, *root)))
        .collect()
}

/// Per leaf (in [`leaves`] order): product nouns (Chinese, English).
const PRODUCT_WORDS: [&[(&str, &str)]; 6] = [
    &[
        ("连衣裙", "dress"),
        ("T恤", "T-shirt"),
        ("半身裙", "skirt"),
        ("针织开衫", "knit cardigan"),
    ],
    &[
        ("衬衫", "shirt"),
        ("夹克", "jacket"),
        ("休闲裤", "casual trousers"),
        ("卫衣", "hoodie"),
    ],
    &[
        ("手机壳", "phone case"),
        ("磁吸手机壳", "magnetic phone case"),
        ("透明手机壳", "clear phone case"),
    ],
    &[
        ("数据线", "charging cable"),
        ("快充线", "fast charging cable"),
        ("编织数据线", "braided USB cable"),
    ],
    &[
        ("积木", "building blocks"),
        ("拼装积木", "construction bricks"),
        ("磁力积木", "magnetic tiles"),
    ],
    &[
        ("毛绒玩具", "plush toy"),
        ("公仔", "stuffed doll"),
        ("抱枕", "plush pillow"),
    ],
];

const ADJECTIVES: [(&str, &str); 8] = [
    ("新款", "New"),
    ("爆款", "Best-selling"),
    ("跨境", "Cross-border"),
    ("厂家直销", "Factory direct"),
    ("批发", "Wholesale"),
    ("ins风", "Trendy"),
    ("韩版", "Korean-style"),
    ("高品质", "High-quality"),
];

const COLOURS: [(&str, &str); 6] = [
    ("黑色", "Black"),
    ("白色", "White"),
    ("红色", "Red"),
    ("蓝色", "Blue"),
    ("粉色", "Pink"),
    ("灰色", "Grey"),
];

const CITIES: [&str; 6] = ["义乌市", "深圳市", "广州市", "杭州市", "汕头市", "东莞市"];

fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// FNV-1a: a stable hash of a keyword.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// A few derived numbers of an offer, all from its id.
struct GeneratedOffer {
    id: u64,
    leaf: (u64, &'static str, u64),
    subject: String,
    subject_trans: String,
    /// Unit price in fen.
    price_fen: u64,
    moq: u64,
    month_sold: u64,
    hash: u64,
}

impl GeneratedOffer {
    fn new(id: u64) -> GeneratedOffer {
        let leaf_index = (id % 6) as usize;
        let hash = mix64(id.wrapping_add(0x1688));
        let words = PRODUCT_WORDS[leaf_index];
        let (noun, noun_en) = words[(hash % words.len() as u64) as usize];
        let (adjective, adjective_en) =
            ADJECTIVES[((hash >> 8) % ADJECTIVES.len() as u64) as usize];
        let model = 100 + (hash >> 16) % 900;
        GeneratedOffer {
            id,
            leaf: leaves()[leaf_index],
            subject: format!("{adjective}{noun} {model}款"),
            subject_trans: format!("{adjective_en} {noun_en} model {model}"),
            price_fen: 50 + (hash >> 24) % 7950,
            moq: [1, 2, 3, 5, 10, 20, 50, 100][((hash >> 40) % 8) as usize],
            month_sold: (hash >> 44) % 20_000,
            hash,
        }
    }

    fn price(&self, percent: u64) -> String {
        let fen = (self.price_fen * percent / 100).max(50);
        format!("{}.{:02}", fen / 100, fen % 100)
    }

    fn image(&self, n: u64) -> String {
        format!(
            "https://cbu01.alicdn.com/img/ibank/O1CN01{:012x}_{n}.jpg",
            self.hash >> 16
        )
    }

    fn summary(&self) -> Value {
        json!({
            "offerId": self.id,
            "subject": self.subject,
            "subjectTrans": self.subject_trans,
            "imageUrl": self.image(0),
            "priceInfo": { "price": self.price(100), "consignPrice": self.price(110), "promotionPrice": null },
            "minOrderQuantity": self.moq,
            "monthSold": self.month_sold,
            "repurchaseRate": format!("{}%", (self.hash >> 8) % 60),
            "topCategoryId": self.leaf.2,
            "secondCategoryId": self.leaf.0,
            "thirdCategoryId": 0,
        })
    }

    fn detail(&self) -> Value {
        let colours: Vec<Value> = (0..2 + self.hash % 3)
            .map(|n| {
                let (colour, colour_en) =
                    COLOURS[((self.hash >> (n * 3)) as usize + n as usize) % COLOURS.len()];
                json!({
                    "skuId": 4_800_000_000_000u64 + (self.id % 1_000_000_000) * 10 + n,
                    "specId": format!("{:016x}", mix64(self.hash + n)),
                    "price": self.price(100),
                    "amountOnSale": 100 + (self.hash >> (n * 5)) % 5000,
                    "skuAttributes": [{
                        "attributeId": 3216, "attributeName": "颜色", "attributeNameTrans": "Color",
                        "value": colour, "valueTrans": colour_en, "skuImageUrl": self.image(10 + n)
                    }]
                })
            })
            .collect();
        let tiers = [
            (self.moq, 100),
            (self.moq.max(1) * 50, 92),
            (self.moq.max(1) * 500, 85),
        ];
        json!({
            "offerId": self.id,
            "categoryId": self.leaf.0,
            "categoryName": self.leaf.1,
            "topCategoryId": self.leaf.2,
            "secondCategoryId": self.leaf.0,
            "thirdCategoryId": 0,
            "subject": self.subject,
            "subjectTrans": self.subject_trans,
            "description": format!(
                "<p>{}: factory direct, ships within 48 hours.</p><p><img src=\"{}\"></p>",
                self.subject_trans,
                self.image(20)
            ),
            "productImage": { "images": [self.image(0), self.image(1), self.image(2)], "whiteImage": self.image(3) },
            "productAttribute": [
                { "attributeId": "1398", "attributeName": "货号", "attributeNameTrans": "Item number", "value": format!("SI-{}", self.id % 100_000), "valueTrans": format!("SI-{}", self.id % 100_000) },
                { "attributeId": "2176", "attributeName": "品牌", "attributeNameTrans": "Brand", "value": "其他", "valueTrans": "Other" }
            ],
            "productSkuInfos": colours,
            "productSaleInfo": {
                "amountOnSale": 1000 + self.hash % 50_000,
                "priceRangeList": tiers
                    .iter()
                    .map(|(quantity, percent)| json!({ "startQuantity": quantity, "price": self.price(*percent) }))
                    .collect::<Vec<_>>(),
                "quoteType": 1,
                "unitInfo": { "unit": "件", "transUnit": "piece" }
            },
            "minOrderQuantity": self.moq,
            "companyName": format!("{}示例{}贸易有限公司", CITIES[(self.hash % 6) as usize], ["星辰", "宏达", "优品", "聚源"][((self.hash >> 4) % 4) as usize]),
            "sellerOpenId": format!("BBB{:010x}", self.hash >> 24),
            "soldOut": (self.month_sold * 12).to_string(),
            "tradeScore": format!("{}.{}", 3 + (self.hash >> 50) % 2, (self.hash >> 52) % 10),
            "productShippingInfo": { "weight": 0.1 + ((self.hash >> 20) % 20) as f64 / 10.0, "width": 10, "height": 5, "length": 15 }
        })
    }
}

/// keywordQuery over the generated catalog: any keyword finds a few hundred offers (how many, and
/// which, depends only on the keyword and the category filter); pages of `pageSize`. A category
/// filter keeps to the offers of that category (none for an unknown one).
fn generated_search_answer(query: &OfferQuery, no_offers: bool) -> Value {
    let (page_size, current) = (query.page_size, query.begin_page);
    let keyword = query.keyword.as_str();
    let leaves = leaves();
    let slots: Vec<u64> = match query.category_id {
        None => (0..leaves.len() as u64).collect(),
        Some(category) => (0..leaves.len() as u64)
            .filter(|slot| {
                let (leaf, _, root) = leaves[*slot as usize];
                leaf == category || root == category
            })
            .collect(),
    };
    let hash = fnv1a(keyword.as_bytes());
    let pool = GENERATED_OFFERS / leaves.len() as u64 * slots.len() as u64;
    let total = if no_offers || keyword == NO_RESULTS_KEYWORD || pool == 0 {
        0
    } else {
        pool.min(120 + hash % 380)
    };
    // 7919 is prime and does not divide any pool size, so the offers of one search are distinct.
    let offer = |i: u64| {
        let m = (hash % pool + i * 7919) % pool;
        let slot = slots[(m % slots.len() as u64) as usize];
        let index = slot + leaves.len() as u64 * (m / slots.len() as u64);
        GeneratedOffer::new(generated_offer_id(index))
    };
    let first = (current - 1) * page_size;
    let data: Vec<Value> = match query.sort {
        // Relevance: the pool's own order, computed for the page only.
        None => (first..(current * page_size).min(total))
            .map(|i| offer(i).summary())
            .collect(),
        // A sort ranks the whole result (a few hundred offers) before paging.
        Some((key, ascending)) => {
            let mut all: Vec<GeneratedOffer> = (0..total).map(offer).collect();
            all.sort_by_key(|o| match key {
                SortKey::Price => o.price_fen,
                SortKey::MonthSold => o.month_sold,
            });
            if !ascending {
                all.reverse();
            }
            all.iter()
                .skip(first as usize)
                .take(page_size as usize)
                .map(GeneratedOffer::summary)
                .collect()
        }
    };
    search_envelope(total, page_size, current, data)
}

/// keywordQuery's documented answer around one page of offers.
fn search_envelope(total: u64, page_size: u64, current: u64, data: Vec<Value>) -> Value {
    json!({
        "result": {
            "success": true,
            "code": "200",
            "message": "",
            "result": {
                "totalRecords": total,
                "totalPage": total.div_ceil(page_size.max(1)),
                "pageSize": page_size,
                "currentPage": current,
                "data": data,
            }
        }
    })
}

/// queryProductDetail over the generated catalog: any 12-digit id not marked unknown (see
/// [`is_unknown_generated_offer`]) has a deterministic detail.
fn generated_detail_answer(offer_id: u64) -> Value {
    if is_unknown_generated_offer(offer_id) {
        return json!({ "result": { "success": false, "code": "500_004", "message": "商品不存在" } });
    }
    let detail = GeneratedOffer::new(offer_id).detail();
    json!({ "result": { "success": true, "code": "200", "message": "", "result": detail } })
}

#[cfg(test)]
mod stand_in_tests {
    use super::*;

    fn owned(params: &[(&str, &str)]) -> Vec<(String, String)> {
        params
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn generated_ids_are_twelve_digits_and_pick_their_leaf_by_index() {
        assert_eq!(GENERATED_ID_BASE % 6, 0);
        assert_eq!(GENERATED_ID_STEP % 6, 1);
        for index in [0, 1, 5, 6, 2999] {
            let id = generated_offer_id(index);
            assert_eq!(id.to_string().len(), 12);
            assert_eq!(id % 6, index % 6);
            assert!(!is_unknown_generated_offer(id));
        }
        for unknown in [
            100_000_000_001,
            999_999_999_999,
            99_999_999_999,
            1_000_000_000_000,
        ] {
            assert!(is_unknown_generated_offer(unknown), "{unknown}");
        }
    }

    #[test]
    fn generated_searches_are_deterministic_distinct_and_respect_the_category() {
        let query = |keyword: &str, category: Option<u64>, page: u64| {
            let mut q =
                json!({"keyword": keyword, "beginPage": page, "pageSize": 20, "country": "en"});
            if let Some(category) = category {
                q["categoryId"] = json!(category);
            }
            generated_search_answer(&offer_query(&q.to_string()).unwrap(), false)
        };
        let ids = |answer: &Value| -> Vec<u64> {
            answer["result"]["result"]["data"]
                .as_array()
                .unwrap()
                .iter()
                .map(|offer| offer["offerId"].as_u64().unwrap())
                .collect()
        };
        let first = query("phone case", None, 1);
        assert_eq!(first, query("phone case", None, 1));
        assert_eq!(ids(&first).len(), 20);
        let total = first["result"]["result"]["totalRecords"].as_u64().unwrap();
        assert!((120..500).contains(&total));
        let mut all: Vec<u64> = (1..=total.div_ceil(20))
            .flat_map(|page| ids(&query("phone case", None, page)))
            .collect();
        assert_eq!(all.len() as u64, total);
        all.sort();
        all.dedup();
        assert_eq!(all.len() as u64, total, "no offer twice in one search");

        for id in ids(&query("手机壳", Some(1038378), 2)) {
            assert_eq!(GeneratedOffer::new(id).leaf.0, 1038378);
        }
        for id in ids(&query("", Some(1813), 1)) {
            assert_eq!(GeneratedOffer::new(id).leaf.2, 1813);
        }
        assert!(ids(&query("x", Some(42), 1)).is_empty());
        assert!(ids(&query(NO_RESULTS_KEYWORD, None, 1)).is_empty());
    }

    #[test]
    fn offer_queries_are_checked_as_documented() {
        let ok = |q: Value| offer_query(&q.to_string());
        let base = json!({"keyword": "手机", "beginPage": 1, "pageSize": 20, "country": "en"});
        assert!(ok(base.clone()).is_ok());
        let with = |key: &str, value: Value| {
            let mut q = base.clone();
            q[key] = value;
            ok(q)
        };
        let without = |key: &str| {
            let mut q = base.clone();
            q.as_object_mut().unwrap().remove(key);
            ok(q)
        };
        for required in ["keyword", "beginPage", "pageSize", "country"] {
            assert!(without(required).is_err(), "{required}");
        }
        assert!(
            with("keyword", json!("")).is_err(),
            "empty keyword without a category"
        );
        assert!(ok(json!({"keyword": "", "categoryId": 1813, "beginPage": 1, "pageSize": 20, "country": "en"})).is_ok());
        assert!(with("pageSize", json!(51)).is_err());
        assert!(
            with("sort", json!({"price": "asc"})).is_err(),
            "sort is a String"
        );
        assert_eq!(
            with("sort", json!(r#"{"price":"desc"}"#)).unwrap().sort,
            Some((SortKey::Price, false))
        );
        assert!(with("sort", json!(r#"{"cheapest":"asc"}"#)).is_err());
        assert!(with("keywordTranslate", json!("true")).is_err());
        assert!(
            with("priceStart", json!(1.5)).is_err(),
            "prices are Strings"
        );
        assert!(
            with("categoryId", json!("1813")).is_err(),
            "categoryId is a Long"
        );
    }

    #[test]
    fn generated_details_agree_with_the_search_summary() {
        let id = generated_offer_id(17);
        let answer = generated_detail_answer(id);
        let detail = &answer["result"]["result"];
        let offer = GeneratedOffer::new(id);
        assert_eq!(detail["offerId"], id);
        assert_eq!(detail["subject"], offer.subject.as_str());
        assert_eq!(
            detail["productSaleInfo"]["priceRangeList"][0]["price"],
            offer.price(100)
        );
        assert_eq!(
            generated_detail_answer(100_000_000_001)["result"]["success"],
            false
        );
    }

    #[test]
    fn stand_in_signature_matches_the_spec_vectors() {
        assert_eq!(
            expected_signature(
                "test123",
                "param2/1/system/currentTime/1000000",
                &owned(&[("b", "2"), ("a", "1")])
            ),
            "33E54F4F7B989E3E0E912D3FBD2F1A03CA7CCE88"
        );
        assert_eq!(
            expected_signature(
                "1a2b3c4d5e6f7g8h9i0j",
                "param2/1/com.alibaba.fenxiao.crossborder/product.search.keywordQuery/12345678",
                &owned(&[
                    ("pageSize", "20"),
                    ("_aop_timestamp", "1700000000000"),
                    ("keywords", "手机"),
                    ("page", "1")
                ])
            ),
            "64410404DBCC4E5A8D0B4B5126AA7B3707627E5A"
        );
        assert_eq!(
            expected_signature(
                "1a2b3c4d5e6f7g8h9i0j",
                "param2/1/com.alibaba.product/alibaba.category.get/12345678",
                &owned(&[("categoryID", "0"), ("_aop_timestamp", "1700000000000")])
            ),
            "AA7C046B1C5D6C74A27F38044F1F5899F42584D2"
        );
    }
}
