//! A local stand-in of the 1688 Open Platform gateway, for integration, end-to-end and benchmark code.
//!
//! It serves `{base_url}/param2/{version}/{namespace}/{name}/{appKey}` on 127.0.0.1 (port 0) and
//! behaves like the real gateway as `shared/gateway-spec.md` describes it: it checks the app key path
//! segment, recomputes `_aop_signature` from the received form fields and the URL path (its own
//! implementation, independent of the storefront's), requires the access token for search and detail,
//! and answers the documented shapes. [`StandIn::set_behaviour`] switches it at run time to answer
//! one class of error. Calls are counted per API id.
//!
//! For benchmarks and soak runs (see the `stand-in-gateway` binary) it can also, when configured
//! (the defaults keep all of this off): add latency to every call, enforce an app-wide rate limit
//! with the real `gw.QosAppFrequencyLimit` answer, inject seeded random faults (5xx, stalls longer
//! than a client's timeout, truncated bodies), answer any keyword and any offer id from a generated
//! catalog ([`StandInConfig::generated_catalog`]), and report its counters as JSON at
//! `GET /stand-in/stats`.
//!
//! The modules, by job:
//! - `protocol`: routing, and one call answered in the gateway's order of checks;
//! - `signature`: the stand-in's own `_aop_signature` computation;
//! - `params`: the strict checks of `offerQueryParam` and `offerDetailParam`;
//! - `image`: image search — the upload (image ids) and `imageQuery`;
//! - `behaviour`: the class of answer a test switches on ([`Behaviour`]);
//! - `faults`: the rate limit, seeded fault draws, 5xx answers and truncated bodies;
//! - `oauth`: the token endpoint;
//! - `fixed` and `generated`: the two catalogs;
//! - `hash`: the stable hashes behind the seeded draws and the generated catalog.

mod behaviour;
pub(crate) mod faults;
mod fixed;
mod generated;
pub(crate) mod hash;
mod image;
mod oauth;
mod params;
mod protocol;
mod signature;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

pub use behaviour::Behaviour;
use behaviour::BehaviourSwitch;
pub use faults::{FaultCounts, Faults};
use faults::{FaultInjector, RateLimit};
pub use fixed::{CATEGORIES, KNOWN_OFFER, OFFERS, RootCategory, TOTAL_OFFERS};
pub use generated::{
    GENERATED_ID_BASE, GENERATED_ID_STEP, GENERATED_OFFERS, generated_offer_id,
    is_unknown_generated_offer,
};
pub use oauth::{OAUTH_CODE, REFRESH_TOKEN};
pub use params::{DOCUMENTED_FILTERS, OfferQuery, SALE_TYPES, SaleFilter, SortKey, offer_query};
pub use signature::expected_signature;

pub const CURRENT_TIME: &str = "system:currentTime-1";
pub const CATEGORY_GET: &str = "com.alibaba.product:alibaba.category.get-1";
pub const KEYWORD_QUERY: &str = "com.alibaba.fenxiao.crossborder:product.search.keywordQuery-1";
pub const PRODUCT_DETAIL: &str =
    "com.alibaba.fenxiao.crossborder:product.search.queryProductDetail-1";
pub const IMAGE_UPLOAD: &str = "com.alibaba.fenxiao.crossborder:product.image.upload-1";
pub const IMAGE_QUERY: &str = "com.alibaba.fenxiao.crossborder:product.search.imageQuery-1";

pub const APP_KEY: &str = "12345678";
pub const APP_SECRET: &str = "stand-in-app-secret";
pub const ACCESS_TOKEN: &str = "stand-in-access-token";

/// What `system.currentTime` answers.
pub const GATEWAY_TIME: &str = "20261123153000123+0800";
/// A search for this keyword finds nothing.
pub const NO_RESULTS_KEYWORD: &str = "no-such-offer";

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

/// A running stand-in; the server stops when this is dropped.
pub struct StandIn {
    /// `http://127.0.0.1:{port}/openapi`: what `ALIBABA_API_URL` would hold.
    pub base_url: String,
    pub addr: SocketAddr,
    shared: Arc<Shared>,
    server: tokio::task::JoinHandle<()>,
}

/// What the request handlers share: the configuration and everything counted.
struct Shared {
    app_key: String,
    app_secret: String,
    access_token: String,
    behaviour: BehaviourSwitch,
    calls: Mutex<HashMap<String, usize>>,
    last_params: Mutex<HashMap<String, HashMap<String, String>>>,
    /// Whether [`OAUTH_CODE`] was exchanged already (codes are single use).
    codes_used: Mutex<bool>,
    arrivals: Mutex<Vec<Instant>>,
    latency: Duration,
    rate_limit: RateLimit,
    faults: FaultInjector,
    generated_catalog: bool,
    /// Image ids issued by the image upload.
    uploads: image::Uploads,
}

impl StandIn {
    /// Starts the stand-in on 127.0.0.1 with a free port.
    pub async fn start(config: StandInConfig) -> StandIn {
        let shared = Arc::new(Shared {
            app_key: config.app_key,
            app_secret: config.app_secret,
            access_token: config.access_token,
            behaviour: BehaviourSwitch::new(config.behaviour),
            calls: Mutex::new(HashMap::new()),
            last_params: Mutex::new(HashMap::new()),
            codes_used: Mutex::new(false),
            arrivals: Mutex::new(Vec::new()),
            latency: config.latency,
            rate_limit: RateLimit::new(config.max_qps),
            faults: FaultInjector::new(config.faults, config.latency_jitter),
            generated_catalog: config.generated_catalog,
            uploads: image::Uploads::default(),
        });
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", config.port))
            .await
            .expect("bind the stand-in to 127.0.0.1");
        let addr = listener.local_addr().expect("the stand-in's address");
        let app = protocol::router(Arc::clone(&shared));
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
        self.shared.behaviour.set(behaviour, None);
    }

    /// Applies `behaviour` to the next `times` calls it affects, then answers normally again.
    pub fn set_behaviour_times(&self, behaviour: Behaviour, times: usize) {
        self.shared.behaviour.set(behaviour, Some(times));
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
    pub fn arrivals(&self) -> Vec<Instant> {
        self.shared.arrivals.lock().unwrap().clone()
    }

    /// The most calls that arrived within any one second (a sliding window): what the real
    /// gateway's per-second rate limit would count.
    pub fn max_calls_in_one_second(&self) -> usize {
        max_in_window(&self.arrivals(), Duration::from_secs(1))
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
        self.shared.rate_limit.answers()
    }

    /// Faults injected so far (see [`Faults`]).
    pub fn faults_injected(&self) -> FaultCounts {
        self.shared.faults.counts()
    }

    /// What `GET /stand-in/stats` answers: `total_calls`, `calls` per API id,
    /// `rate_limited_answers`, `max_calls_in_one_second` (see
    /// [`StandIn::max_calls_in_one_second`]) and `faults_injected` by kind (with a `total`).
    pub fn stats(&self) -> Value {
        self.shared.stats()
    }
}

impl Drop for StandIn {
    fn drop(&mut self) {
        self.server.abort();
    }
}

/// The most of `arrivals` (in order) that fall within any one `window`.
fn max_in_window(arrivals: &[Instant], window: Duration) -> usize {
    let mut most = 0;
    let mut first = 0;
    for (last, at) in arrivals.iter().enumerate() {
        while at.duration_since(arrivals[first]) >= window {
            first += 1;
        }
        most = most.max(last - first + 1);
    }
    most
}

impl Shared {
    /// Counts one call of `api` (an API id, or the token endpoint's name).
    fn count_call(&self, api: &str) {
        *self
            .calls
            .lock()
            .unwrap()
            .entry(api.to_string())
            .or_default() += 1;
    }

    fn stats(&self) -> Value {
        let calls = self.calls.lock().unwrap().clone();
        let faults = self.faults.counts();
        json!({
            "total_calls": calls.values().sum::<usize>(),
            "calls": calls,
            "rate_limited_answers": self.rate_limit.answers(),
            "max_calls_in_one_second": max_in_window(
                &self.arrivals.lock().unwrap(),
                Duration::from_secs(1),
            ),
            "faults_injected": {
                "server_error": faults.server_error,
                "timeout": faults.timeout,
                "truncated": faults.truncated,
                "total": faults.total(),
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_busiest_second_counts_calls_less_than_a_second_apart() {
        let start = Instant::now();
        let at = |ms: u64| start + Duration::from_millis(ms);
        assert_eq!(max_in_window(&[], Duration::from_secs(1)), 0);
        let arrivals = [at(0), at(400), at(999), at(1000), at(1300), at(1350)];
        // 400, 999, 1000, 1300 and 1350 lie within one second; 0 and 1000 do not.
        assert_eq!(max_in_window(&arrivals, Duration::from_secs(1)), 5);
    }
}
