//! Several instances of the store, one quota: with `REDIS_URL` set, every instance shares through
//! Redis one rate limiter, one daily budget and one back-off ([`pacing`]), and one catalog tier
//! with a short lock that collapses identical misses across instances ([`catalog`]).
//!
//! [`Shared`] is the link to Redis. Redis trouble is not a store outage: every operation is
//! bounded by `REDIS_TIMEOUT_MS`; the first one that fails or is late puts this instance *alone*
//! (it serves from its local tier and paces at its share of the rate) without waiting on Redis
//! again until a background ping gets an answer, which puts it back to *shared*. Each change is
//! logged once. The connection manager of the `redis` crate reconnects by itself.
//!
//! Keys start with `storefront:{source}:{app key}:`, so several stores may share one Redis; no
//! key or value holds a secret or a token.

pub mod catalog;
pub mod pacing;

use std::fmt;
use std::future::Future;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};

use jiff::civil::Date;
use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use secrecy::{ExposeSecret, SecretString};

use crate::china_time;
use crate::config::Config;
use crate::provider::SharingStats;

/// How often an instance that is alone asks Redis whether it is back.
const PING_EVERY: Duration = Duration::from_secs(1);

/// What [`Shared::connect`] needs, from the configuration.
#[derive(Clone)]
pub struct SharedSettings {
    /// `REDIS_URL` (may hold a password: never shown).
    pub url: SecretString,
    /// `STOREFRONT_INSTANCES`.
    pub instances: u32,
    /// `STOREFRONT_INSTANCE_ID`.
    pub instance_id: String,
    /// `REDIS_TIMEOUT_MS`: no Redis operation is waited for longer; a late answer counts as
    /// Redis trouble.
    pub timeout: Duration,
}

impl SharedSettings {
    /// The settings of `config`; `None` without `REDIS_URL`.
    pub fn from_config(config: &Config) -> Option<SharedSettings> {
        Some(SharedSettings {
            url: config.redis_url.clone()?,
            instances: config.instances.max(1),
            instance_id: config.instance_id.clone(),
            timeout: config.redis_timeout,
        })
    }
}

/// Redis could not be used at all: the URL is not one the client accepts. The message never
/// holds the URL (it may carry a password).
#[derive(Debug, thiserror::Error)]
#[error("invalid setting REDIS_URL: the Redis client does not accept it ({kind})")]
pub struct SharedBuildError {
    kind: String,
}

/// The link to Redis, shared by the pacing and the catalog of this instance. Cheap to clone.
#[derive(Clone)]
pub struct Shared {
    link: Arc<Link>,
}

struct Link {
    manager: ConnectionManager,
    /// Whether Redis answered the last operation in time.
    up: AtomicBool,
    /// When the current mode began.
    since: Mutex<Instant>,
    /// `redis://host:port/db` without the password, for `/api-status`.
    address: String,
    instance_id: String,
    instances: u32,
    /// `REDIS_TIMEOUT_MS`.
    timeout: Duration,
    /// Upstream calls this instance made today (China time).
    own_calls: Mutex<(Date, u32)>,
    /// Answers this instance took from the shared tier instead of calling upstream.
    shared_hits: AtomicU64,
    /// Identical misses that waited for another instance's call instead of making their own.
    collapsed: AtomicU64,
}

impl fmt::Debug for Shared {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Shared")
            .field("redis", &self.link.address)
            .field("instance_id", &self.link.instance_id)
            .finish_non_exhaustive()
    }
}

impl Shared {
    /// Connects to Redis, waiting at most a few `REDIS_TIMEOUT_MS` for a first answer: without one
    /// the instance starts alone, and a background task keeps asking. Fails only when the URL is
    /// not one the client accepts.
    pub async fn connect(settings: SharedSettings) -> Result<Shared, SharedBuildError> {
        let build_error = |error: redis::RedisError| SharedBuildError {
            kind: format!("{:?}", error.kind()),
        };
        let client = redis::Client::open(settings.url.expose_secret()).map_err(build_error)?;
        let timeout = settings.timeout;
        let manager = ConnectionManager::new_lazy_with_config(
            client,
            ConnectionManagerConfig::new()
                .set_connection_timeout(Some(timeout))
                .set_response_timeout(Some(timeout))
                .set_number_of_retries(1)
                .set_min_delay(Duration::from_millis(50))
                .set_max_delay(Duration::from_millis(200)),
        )
        .map_err(build_error)?;
        let link = Arc::new(Link {
            manager,
            up: AtomicBool::new(false),
            since: Mutex::new(Instant::now()),
            address: public_address(settings.url.expose_secret()),
            instance_id: settings.instance_id,
            instances: settings.instances,
            timeout,
            own_calls: Mutex::new((china_time::today(), 0)),
            shared_hits: AtomicU64::new(0),
            collapsed: AtomicU64::new(0),
        });
        let shared = Shared { link };
        if shared.ping(timeout * 4).await {
            shared.mark_up();
        } else {
            tracing::warn!(
                redis = %shared.link.address,
                instance = %shared.link.instance_id,
                "Redis cannot be reached at start: this instance serves from its local tier and paces alone at 1/{} of ALIBABA_QPS until it can",
                shared.link.instances
            );
        }
        tokio::spawn(keep_alive(Arc::downgrade(&shared.link)));
        Ok(shared)
    }

    /// Whether Redis is in use now (it answered the last operation in time).
    pub fn is_up(&self) -> bool {
        self.link.up.load(Ordering::Relaxed)
    }

    /// `STOREFRONT_INSTANCE_ID`.
    pub fn instance_id(&self) -> &str {
        &self.link.instance_id
    }

    /// `STOREFRONT_INSTANCES`.
    pub fn instances(&self) -> u32 {
        self.link.instances
    }

    /// The prefix of every key of one source's app: `storefront:{source}:{app key}`.
    pub fn namespace(source: &str, app_key: &str) -> String {
        format!("storefront:{source}:{app_key}")
    }

    /// Runs one Redis operation, at most `REDIS_TIMEOUT_MS`; `None` when this instance is alone, or
    /// when the operation fails or is late (which makes it alone).
    pub async fn run<T, F, Fut>(&self, what: &'static str, op: F) -> Option<T>
    where
        F: FnOnce(ConnectionManager) -> Fut,
        Fut: Future<Output = redis::RedisResult<T>>,
    {
        if !self.is_up() {
            return None;
        }
        match tokio::time::timeout(self.link.timeout, op(self.link.manager.clone())).await {
            Ok(Ok(value)) => Some(value),
            Ok(Err(error)) => {
                self.mark_down(what, &format!("{:?}", error.kind()));
                None
            }
            Err(_) => {
                self.mark_down(what, "no answer in time");
                None
            }
        }
    }

    /// Counts one upstream call of this instance.
    pub fn note_own_call(&self) {
        let mut own = self
            .link
            .own_calls
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        let today = china_time::today();
        if own.0 != today {
            *own = (today, 0);
        }
        own.1 += 1;
    }

    pub(crate) fn note_shared_hit(&self) {
        self.link.shared_hits.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn note_collapsed(&self) {
        self.link.collapsed.fetch_add(1, Ordering::Relaxed);
    }

    /// What `/api-status` shows of the sharing.
    pub fn stats(&self) -> SharingStats {
        let link = &self.link;
        let own = *link.own_calls.lock().unwrap_or_else(|e| e.into_inner());
        let shared = self.is_up();
        SharingStats {
            instance_id: link.instance_id.clone(),
            mode: if shared { "shared" } else { "alone" },
            redis: link.address.clone(),
            since_seconds: link
                .since
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .elapsed()
                .as_secs(),
            instances: link.instances,
            instance_calls_today: if own.0 == china_time::today() {
                own.1
            } else {
                0
            },
            shared_hits: link.shared_hits.load(Ordering::Relaxed),
            collapsed: link.collapsed.load(Ordering::Relaxed),
        }
    }

    async fn ping(&self, within: Duration) -> bool {
        let mut manager = self.link.manager.clone();
        let ping = async move { redis::cmd("PING").query_async::<String>(&mut manager).await };
        matches!(tokio::time::timeout(within, ping).await, Ok(Ok(_)))
    }

    fn mark_up(&self) {
        if !self.link.up.swap(true, Ordering::Relaxed) {
            *self.link.since.lock().unwrap_or_else(|e| e.into_inner()) = Instant::now();
            tracing::info!(
                redis = %self.link.address,
                instance = %self.link.instance_id,
                "sharing through Redis: one pacing, one daily budget, one back-off and one catalog for every instance"
            );
        }
    }

    fn mark_down(&self, what: &str, why: &str) {
        if self.link.up.swap(false, Ordering::Relaxed) {
            *self.link.since.lock().unwrap_or_else(|e| e.into_inner()) = Instant::now();
            tracing::warn!(
                redis = %self.link.address,
                instance = %self.link.instance_id,
                operation = what,
                cause = why,
                "Redis trouble: this instance serves from its local tier and paces alone at 1/{} of ALIBABA_QPS until Redis answers again",
                self.link.instances
            );
        }
    }
}

/// Pings Redis once per [`PING_EVERY`] while this instance is alone; stops when the link is
/// dropped.
async fn keep_alive(link: Weak<Link>) {
    loop {
        tokio::time::sleep(PING_EVERY).await;
        let Some(link) = link.upgrade() else {
            return;
        };
        let shared = Shared { link };
        let timeout = shared.link.timeout;
        if !shared.is_up() && shared.ping(timeout).await {
            shared.mark_up();
        }
    }
}

/// `url` without user name or password, e.g. `redis://10.0.0.5:6379/0`.
fn public_address(url: &str) -> String {
    match reqwest::Url::parse(url) {
        Ok(mut parsed) => {
            let _ = parsed.set_username("");
            let _ = parsed.set_password(None);
            // `?pass=` is how a unix socket URL carries a password.
            parsed.set_query(None);
            parsed.to_string()
        }
        Err(_) => "redis".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_address_shown_has_no_password() {
        assert_eq!(
            public_address("redis://:SECRETPW@10.0.0.5:6379/0"),
            "redis://10.0.0.5:6379/0"
        );
        assert_eq!(
            public_address("redis://user:SECRETPW@cache:6380"),
            "redis://cache:6380"
        );
        assert_eq!(
            public_address("redis+unix:///run/redis.sock?pass=SECRETPW"),
            "redis+unix:///run/redis.sock"
        );
    }

    #[test]
    fn keys_are_namespaced_by_source_and_app_key() {
        assert_eq!(
            Shared::namespace("1688", "12345678"),
            "storefront:1688:12345678"
        );
    }
}
