//! A local stand-in of Onebound's 1688 APIs (`GET {base}/1688/{api_name}/?key=…&secret=…&…`), for
//! the storefront's integration tests and benchmarks.
//!
//! It follows the contract of Onebound's API pages (`shared/gateway-spec.md` §7) strictly:
//!
//! - every answer is HTTP 200 JSON in Onebound's envelope: `error` (empty on success), `reason`,
//!   `error_code` (`"0000"` on success), `cache`, `api_info`, `execution_time`, `server_time`,
//!   `call_args` (the business parameters, never the key or secret), `api_type`, `request_id`,
//!   and `items` (`item_search`) or `item` (`item_get`);
//! - `key` and `secret` are required query parameters and checked (`4005`); `lang` must be
//!   `cn`, `en` or `ru`, `cache` `yes` or `no`, `result_type` `json` (the only format it serves);
//! - `item_search` needs a non-empty `q` or a positive `cat`; `page` and `page_size` (1–100) are
//!   whole numbers, `start_price` / `end_price` numbers, `sort` one of `bid`, `_bid`, `_sale`,
//!   `_credit`; `item_get` needs a numeric `num_iid`. A bad parameter is `4003`, an unknown API
//!   `4004`;
//! - failures, switched on with [`OneboundStandIn::set_behaviour`]: a bad key or secret (`4005`),
//!   calls too frequent (`4013`), quota used up (`4014`), API not enabled for the key (`4016`),
//!   Onebound timing out on 1688 (`5000`), an unknown item (`2000`, `item-not-found`), a 502 HTML
//!   page, a truncated body.
//!
//! For benchmarks (the `stand-in-onebound` binary): latency with jitter, an app-wide rate limit
//! answered with `4013`, seeded faults (5xx, stalls, truncated bodies; shared with the gateway
//! stand-in) and a generated catalog answering any keyword and any 12-digit id.

mod catalog;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::{Path, RawQuery, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{Value, json};

use crate::cli::LoadFlags;
use crate::gateway::faults::{Fault, FaultInjector, RateLimit};

pub use catalog::{CATEGORY_IDS, ITEMS, KNOWN_ITEM, TOTAL_RESULTS, generated_item_id};

pub const ITEM_SEARCH: &str = "item_search";
pub const ITEM_GET: &str = "item_get";

pub const KEY: &str = "stand-in-onebound-key";
pub const SECRET: &str = "stand-in-onebound-secret";
/// A search for this keyword finds nothing.
pub const NO_RESULTS_KEYWORD: &str = "no-such-offer";

/// How the stand-in answers calls that passed the key, secret and parameter checks (or, for the
/// credential failures, all calls). Every variant but `Normal` is one class of failure.
#[derive(Debug, Clone, PartialEq)]
pub enum Behaviour {
    Normal,
    /// `4005`: the key is unknown or disabled.
    BadKey,
    /// `4005`: the secret does not match the key.
    BadSecret,
    /// `4013`: calls too frequent.
    RateLimited,
    /// `4014`: the key's quota is used up.
    QuotaExhausted,
    /// `4016`: the API is not enabled for this key.
    NotEnabled,
    /// `5000`: Onebound could not get the data from 1688 in time.
    UpstreamTimeout,
    /// HTTP 502 with an HTML page, as a failing front end answers.
    ServerError,
    /// HTTP 200 with the JSON cut in half.
    Malformed,
    /// The normal answer, after this delay.
    Slow(Duration),
}

#[derive(Debug, Clone)]
pub struct OneboundConfig {
    pub key: String,
    pub secret: String,
    pub behaviour: Behaviour,
    /// Port, latency, the rate limit (answered with `4013`), faults and catalog; by default a
    /// free port, none of the rest, and the fixed items.
    pub load: LoadFlags,
}

impl Default for OneboundConfig {
    fn default() -> Self {
        OneboundConfig {
            key: KEY.into(),
            secret: SECRET.into(),
            behaviour: Behaviour::Normal,
            load: LoadFlags::default(),
        }
    }
}

/// A running stand-in; the server stops when this is dropped.
pub struct OneboundStandIn {
    /// `http://127.0.0.1:{port}`: what `ONEBOUND_API_URL` would hold.
    pub base_url: String,
    pub addr: SocketAddr,
    shared: Arc<Shared>,
    server: tokio::task::JoinHandle<()>,
}

struct Shared {
    key: String,
    secret: String,
    behaviour: Mutex<(Behaviour, Option<usize>)>,
    calls: Mutex<HashMap<String, usize>>,
    last_params: Mutex<HashMap<String, HashMap<String, String>>>,
    latency: Duration,
    rate_limit: RateLimit,
    rate_limited: AtomicUsize,
    faults: FaultInjector,
    generated_catalog: bool,
}

impl OneboundStandIn {
    pub async fn start(config: OneboundConfig) -> OneboundStandIn {
        let shared = Arc::new(Shared {
            key: config.key,
            secret: config.secret,
            behaviour: Mutex::new((config.behaviour, None)),
            calls: Mutex::new(HashMap::new()),
            last_params: Mutex::new(HashMap::new()),
            latency: config.load.latency,
            rate_limit: RateLimit::new(config.load.max_qps),
            rate_limited: AtomicUsize::new(0),
            faults: FaultInjector::new(config.load.faults, config.load.latency_jitter),
            generated_catalog: config.load.generated_catalog,
        });
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", config.load.port))
            .await
            .expect("bind the stand-in to 127.0.0.1");
        let addr = listener.local_addr().expect("the stand-in's address");
        let app = Router::new()
            .route("/1688/{api}/", get(handle))
            .route("/1688/{api}", get(handle))
            .route(
                "/stand-in/stats",
                get(|State(shared): State<Arc<Shared>>| async move { Json(shared.stats()) }),
            )
            .with_state(Arc::clone(&shared));
        let server = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        OneboundStandIn {
            base_url: format!("http://{addr}"),
            addr,
            shared,
            server,
        }
    }

    /// Switches the behaviour for all following calls.
    pub fn set_behaviour(&self, behaviour: Behaviour) {
        *self.shared.behaviour.lock().unwrap() = (behaviour, None);
    }

    /// Applies `behaviour` to the next `times` calls, then answers normally again.
    pub fn set_behaviour_times(&self, behaviour: Behaviour, times: usize) {
        *self.shared.behaviour.lock().unwrap() = (behaviour, Some(times));
    }

    /// Calls received for `api` (`item_search`, `item_get`), whatever their outcome.
    pub fn calls(&self, api: &str) -> usize {
        self.shared
            .calls
            .lock()
            .unwrap()
            .get(api)
            .copied()
            .unwrap_or(0)
    }

    pub fn total_calls(&self) -> usize {
        self.shared.calls.lock().unwrap().values().sum()
    }

    /// The query parameters of the last call of `api` that passed the checks (secret included:
    /// tests compare it, nothing prints it).
    pub fn last_params(&self, api: &str) -> Option<HashMap<String, String>> {
        self.shared.last_params.lock().unwrap().get(api).cloned()
    }

    /// `GET /stand-in/stats`: `total_calls`, `calls` per API, `rate_limited_answers`,
    /// `faults_injected` by kind.
    pub fn stats(&self) -> Value {
        self.shared.stats()
    }
}

impl Drop for OneboundStandIn {
    fn drop(&mut self) {
        self.server.abort();
    }
}

impl Shared {
    fn stats(&self) -> Value {
        let calls = self.calls.lock().unwrap().clone();
        let faults = self.faults.counts();
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

    /// The behaviour for this call, counting down a limited one.
    fn take_behaviour(&self) -> Behaviour {
        let mut guard = self.behaviour.lock().unwrap();
        let current = guard.0.clone();
        if let Some(left) = &mut guard.1 {
            *left = left.saturating_sub(1);
            if *left == 0 {
                *guard = (Behaviour::Normal, None);
            }
        }
        current
    }
}

/// One call: counted, rate limited, delayed, maybe hit by a fault, then answered in Onebound's
/// order of checks (credentials, API, parameters) and the behaviour a test set.
async fn handle(
    State(shared): State<Arc<Shared>>,
    Path(api): Path<String>,
    RawQuery(raw): RawQuery,
) -> Response {
    *shared.calls.lock().unwrap().entry(api.clone()).or_default() += 1;
    let over_limit = !shared.rate_limit.take_token();
    let delay = shared.latency + shared.faults.jitter();
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    if over_limit {
        shared.rate_limited.fetch_add(1, Ordering::Relaxed);
        return failure("4013", "too-frequent", "调用太频繁，请降低频率");
    }
    let fault = shared.faults.draw();
    match fault {
        Some(Fault::ServerError) => return shared.faults.server_error_answer(),
        Some(Fault::Timeout) => tokio::time::sleep(shared.faults.timeout_delay()).await,
        _ => {}
    }
    let params: HashMap<String, String> =
        form_urlencoded::parse(raw.unwrap_or_default().as_bytes())
            .into_owned()
            .collect();
    let response = answer(&shared, &api, params).await;
    match fault {
        Some(Fault::Truncated) => shared.faults.truncate(response).await,
        _ => response,
    }
}

async fn answer(shared: &Shared, api: &str, params: HashMap<String, String>) -> Response {
    let param = |name: &str| {
        params
            .get(name)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    };
    let behaviour = shared.take_behaviour();
    if param("key") != Some(shared.key.as_str()) || behaviour == Behaviour::BadKey {
        return failure(
            "4005",
            "key-invalid",
            "key不存在或已停用 (the key is unknown or disabled)",
        );
    }
    if param("secret") != Some(shared.secret.as_str()) || behaviour == Behaviour::BadSecret {
        return failure(
            "4005",
            "secret-invalid",
            "secret错误 (the secret does not match the key)",
        );
    }
    if api != ITEM_SEARCH && api != ITEM_GET {
        return failure("4004", "api-not-found", "接口不存在");
    }
    if let Err(problem) = check_params(api, &params) {
        return failure("4003", "param-error", &problem);
    }
    shared
        .last_params
        .lock()
        .unwrap()
        .insert(api.to_string(), params.clone());
    match behaviour {
        Behaviour::RateLimited => return failure("4013", "too-frequent", "调用太频繁，请降低频率"),
        Behaviour::QuotaExhausted => {
            return failure(
                "4014",
                "quota-exceeded",
                "今日调用次数已用完 (the quota is used up)",
            );
        }
        Behaviour::NotEnabled => {
            return failure(
                "4016",
                "api-not-enabled",
                "接口未开通 (API not enabled for this key)",
            );
        }
        Behaviour::UpstreamTimeout => {
            return failure(
                "5000",
                "timeout",
                "请求1688超时 (1688 did not answer in time)",
            );
        }
        Behaviour::ServerError => {
            return (
                StatusCode::BAD_GATEWAY,
                [(header::CONTENT_TYPE, "text/html")],
                "<html><body><h1>502 Bad Gateway</h1></body></html>",
            )
                .into_response();
        }
        Behaviour::Slow(delay) => tokio::time::sleep(delay).await,
        _ => {}
    }
    let lang = param("lang").unwrap_or("cn");
    let body = if api == ITEM_SEARCH {
        catalog::search(&params, lang, shared.generated_catalog)
            .map(|items| json!({ "items": items }))
    } else {
        let id: u64 = param("num_iid")
            .and_then(|id| id.parse().ok())
            .unwrap_or_default();
        catalog::item(id, lang, shared.generated_catalog).map(|item| json!({ "item": item }))
    };
    let Some(body) = body else {
        return failure(
            "2000",
            "item-not-found",
            "商品不存在或已下架 (no such item)",
        );
    };
    let mut envelope = envelope("", "0000", "");
    if let (Value::Object(envelope), Value::Object(body)) = (&mut envelope, body) {
        envelope.extend(body);
        let call_args: serde_json::Map<String, Value> = params
            .iter()
            .filter(|(k, _)| !["key", "secret"].contains(&k.as_str()))
            .map(|(k, v)| (k.clone(), Value::String(v.clone())))
            .collect();
        envelope.insert("call_args".into(), Value::Object(call_args));
    }
    let text = envelope.to_string();
    if behaviour == Behaviour::Malformed {
        return json_text(text[..text.len() / 2].to_string());
    }
    json_text(text)
}

/// The strict checks of the documented parameters.
fn check_params(api: &str, params: &HashMap<String, String>) -> Result<(), String> {
    let param = |name: &str| {
        params
            .get(name)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    };
    let whole = |name: &str, range: std::ops::RangeInclusive<u64>| match param(name) {
        None => Ok(()),
        Some(v) => v
            .parse::<u64>()
            .ok()
            .filter(|n| range.contains(n))
            .map(|_| ())
            .ok_or_else(|| format!("{name} must be a whole number in {range:?}")),
    };
    if let Some(lang) = param("lang")
        && !["cn", "en", "ru"].contains(&lang)
    {
        return Err("lang must be cn, en or ru".into());
    }
    if let Some(cache) = param("cache")
        && !["yes", "no"].contains(&cache)
    {
        return Err("cache must be yes or no".into());
    }
    if let Some(format) = param("result_type")
        && format != "json"
    {
        return Err("result_type: this stand-in serves json only".into());
    }
    if api == ITEM_GET {
        return match param("num_iid") {
            Some(id) if id.bytes().all(|b| b.is_ascii_digit()) && id.len() <= 20 => Ok(()),
            _ => Err("num_iid is required: the numeric 1688 offer id".into()),
        };
    }
    whole("page", 1..=10_000)?;
    whole("page_size", 1..=100)?;
    whole("cat", 0..=u64::MAX)?;
    for price in ["start_price", "end_price"] {
        if let Some(v) = param(price)
            && v.parse::<f64>()
                .ok()
                .filter(|p| p.is_finite() && *p >= 0.0)
                .is_none()
        {
            return Err(format!("{price} must be a number"));
        }
    }
    if let Some(sort) = param("sort")
        && !["bid", "_bid", "_sale", "_credit"].contains(&sort)
    {
        return Err("sort must be bid, _bid, _sale or _credit".into());
    }
    let has_q = param("q").is_some_and(|q| !q.trim().is_empty());
    let has_cat = param("cat").is_some_and(|c| c != "0");
    if !has_q && !has_cat {
        return Err("q (a keyword) or cat (a category id) is required".into());
    }
    Ok(())
}

/// Onebound's envelope around a failure.
fn failure(code: &str, error: &str, reason: &str) -> Response {
    json_text(envelope(error, code, reason).to_string())
}

fn envelope(error: &str, code: &str, reason: &str) -> Value {
    json!({
        "error": error,
        "reason": reason,
        "error_code": code,
        "cache": 0,
        "api_info": "today:1 max:10000",
        "execution_time": "0.012",
        "server_time": "Beijing/2026-11-23 15:30:00",
        "api_type": "1688",
        "request_id": "stand-in",
    })
}

fn json_text(body: String) -> Response {
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
        body,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn a_search_needs_a_keyword_or_a_category_and_documented_values() {
        assert!(check_params(ITEM_SEARCH, &params(&[("q", "phone")])).is_ok());
        assert!(check_params(ITEM_SEARCH, &params(&[("cat", "1038378")])).is_ok());
        for bad in [
            params(&[]),
            params(&[("q", " "), ("cat", "0")]),
            params(&[("q", "x"), ("sort", "price")]),
            params(&[("q", "x"), ("page", "0")]),
            params(&[("q", "x"), ("page_size", "500")]),
            params(&[("q", "x"), ("start_price", "cheap")]),
            params(&[("q", "x"), ("lang", "de")]),
            params(&[("q", "x"), ("result_type", "xml")]),
        ] {
            assert!(check_params(ITEM_SEARCH, &bad).is_err(), "{bad:?}");
        }
        assert!(check_params(ITEM_GET, &params(&[("num_iid", "abc")])).is_err());
        assert!(check_params(ITEM_GET, &params(&[("num_iid", "610947572360")])).is_ok());
    }
}
