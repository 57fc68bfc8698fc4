//! Who is a crawler, so that crawlers never cost an upstream call.
//!
//! A request is a crawler's when its `User-Agent` contains one of `CRAWLER_USER_AGENTS`
//! (ignoring case), or when it comes from a client that ignored a `Retry-After`: one that came
//! back for the same address before the time it was given, [`EARLY_RETURNS`] times (one early
//! reload is forgiven). Such a client is treated as a crawler for [`PENALTY`]. A client is the
//! connection's peer address — or, with `TRUST_X_FORWARDED_FOR`, behind a proxy that writes it, the
//! last address of `X-Forwarded-For` — together with its `User-Agent`, so that one script does not
//! flag the people who share its address (an office, a carrier's NAT). A browser's own navigation
//! (`Sec-Fetch-Mode: navigate`: a person opening or reloading a page, or the waiting page
//! reloading itself) never counts as an early return: an impatient person pressing reload on the
//! "fetching" page stays a shopper.
//!
//! [`classify`] tells each request which [`Visitor`] it is (a request extension the handlers read
//! through the [`Visitor`] extractor, in their signature) and remembers the `Retry-After` of each
//! answer. Handlers pass `visitor.need(..)` to the provider: a crawler's [`Need::Held`] is
//! answered only from what the store already holds, and otherwise fails with
//! [`crate::provider::ProviderError::NotHeld`], a 503 with `Retry-After`
//! ([`NOT_HELD_RETRY_AFTER`]). The sample catalog costs nothing, so crawlers get every page in
//! mock mode.

use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use axum::middleware::Next;
use axum::response::Response;
use moka::sync::Cache;

use crate::config::Config;
use crate::provider::Need;

/// What a crawler is told when a page is not held: come back in an hour (a page is held once a
/// shopper has opened it).
pub const NOT_HELD_RETRY_AFTER: Duration = Duration::from_secs(3600);
/// Early returns to one address (before its `Retry-After`) that make a client a crawler.
pub const EARLY_RETURNS: u32 = 2;
/// How long a client that ignored a `Retry-After` is treated as a crawler.
pub const PENALTY: Duration = Duration::from_secs(15 * 60);
/// Slack for timers: a return this much before the time is not early (a page that reloads
/// itself after its `Retry-After` comes back after it anyway).
const GRACE: Duration = Duration::from_millis(250);
/// Clients and addresses remembered at most (oldest forgotten first).
const REMEMBERED: u64 = 20_000;

/// Who is asking: decides whether a request may cost an upstream call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Visitor {
    #[default]
    Shopper,
    /// A known crawler, or a client that ignored a `Retry-After`: only what the store holds.
    Crawler,
}

impl Visitor {
    /// The need to pass to the provider: a crawler's request never calls upstream.
    pub fn need(self, need: Need) -> Need {
        match self {
            Visitor::Shopper => need,
            Visitor::Crawler => Need::Held,
        }
    }

    pub fn is_crawler(self) -> bool {
        self == Visitor::Crawler
    }
}

/// Reads what [`classify`] decided; a request it did not see is a shopper's.
impl<S: Send + Sync> FromRequestParts<S> for Visitor {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Visitor, Infallible> {
        Ok(parts
            .extensions
            .get::<Visitor>()
            .copied()
            .unwrap_or_default())
    }
}

/// Who asks, as the `Retry-After` rule tells clients apart: an address and a `User-Agent`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Client {
    pub ip: IpAddr,
    /// A hash of the `User-Agent` (0 without one).
    agent: u64,
}

impl Client {
    fn new(ip: IpAddr, user_agent: Option<&[u8]>) -> Client {
        use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};
        let agent = user_agent.map_or(0, |ua| {
            BuildHasherDefault::<DefaultHasher>::default().hash_one(ua)
        });
        Client { ip, agent }
    }
}

/// A `Retry-After` given to a client for one address.
#[derive(Debug, Clone, Copy)]
struct Promise {
    until: Instant,
    early: u32,
}

/// The crawler rules and what they remember.
pub struct Crawlers {
    /// `CRAWLER_USER_AGENTS`, lower-cased.
    agents: Vec<String>,
    trust_x_forwarded_for: bool,
    /// By client and address (path and query).
    promises: Cache<(Client, String), Promise>,
    /// Clients that ignored a `Retry-After`, for [`PENALTY`].
    flagged: Cache<Client, ()>,
}

impl Crawlers {
    pub fn from_config(config: &Config) -> Crawlers {
        Crawlers {
            agents: config
                .crawler_user_agents
                .iter()
                .map(|a| a.to_ascii_lowercase())
                .collect(),
            trust_x_forwarded_for: config.trust_x_forwarded_for,
            promises: Cache::builder()
                .max_capacity(REMEMBERED)
                .time_to_live(NOT_HELD_RETRY_AFTER + GRACE)
                .build(),
            flagged: Cache::builder()
                .max_capacity(REMEMBERED)
                .time_to_live(PENALTY)
                .build(),
        }
    }

    /// Whether `user_agent` names a crawler.
    pub fn is_crawler_agent(&self, user_agent: &str) -> bool {
        let user_agent = user_agent.to_ascii_lowercase();
        self.agents.iter().any(|a| user_agent.contains(a.as_str()))
    }

    /// The client: its address (the peer, or the last `X-Forwarded-For` entry when trusted) and
    /// its `User-Agent`.
    pub fn client(&self, headers: &HeaderMap, peer: Option<IpAddr>) -> Option<Client> {
        let user_agent = headers.get(header::USER_AGENT).map(|v| v.as_bytes());
        self.address(headers, peer)
            .map(|ip| Client::new(ip, user_agent))
    }

    fn address(&self, headers: &HeaderMap, peer: Option<IpAddr>) -> Option<IpAddr> {
        if self.trust_x_forwarded_for {
            // The last address is the one the proxy wrote; earlier ones the client may forge.
            let forwarded = headers
                .get_all("x-forwarded-for")
                .iter()
                .next_back()
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.rsplit(',').next())
                .and_then(|a| a.trim().parse().ok());
            if forwarded.is_some() {
                return forwarded;
            }
        }
        peer
    }

    /// Notes a request of `client` for `address` at `now`; whether the client is (now) treated
    /// as a crawler for having ignored a `Retry-After`. A browser's navigation (`navigation`)
    /// is never an early return.
    pub fn arrive(&self, client: Client, address: &str, now: Instant, navigation: bool) -> bool {
        if self.flagged.contains_key(&client) {
            return true;
        }
        if navigation {
            return false;
        }
        let key = (client, address.to_owned());
        let Some(promise) = self.promises.get(&key) else {
            return false;
        };
        if now + GRACE >= promise.until {
            self.promises.invalidate(&key);
            return false;
        }
        let early = promise.early + 1;
        self.promises.insert(key, Promise { early, ..promise });
        if early >= EARLY_RETURNS {
            tracing::info!(
                "a client came back before its Retry-After {early} times: treated as a crawler for {} min",
                PENALTY.as_secs() / 60
            );
            self.flagged.insert(client, ());
            return true;
        }
        false
    }

    /// Remembers that `client` was told to come back for `address` after `retry_after`.
    pub fn promise(&self, client: Client, address: &str, retry_after: Duration, now: Instant) {
        let key = (client, address.to_owned());
        let early = self.promises.get(&key).map_or(0, |p| p.early);
        self.promises.insert(
            key,
            Promise {
                until: now + retry_after,
                early,
            },
        );
    }
}

/// Tells the handlers who is asking ([`Visitor`]), and remembers each `Retry-After` given.
pub async fn classify(
    State(crawlers): State<Arc<Crawlers>>,
    mut request: Request,
    next: Next,
) -> Response {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip());
    let client = crawlers.client(request.headers(), peer);
    let address = request
        .uri()
        .path_and_query()
        .map_or_else(String::new, |pq| pq.as_str().to_owned());
    let now = Instant::now();
    let by_agent = request
        .headers()
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ua| crawlers.is_crawler_agent(ua));
    let navigation = request
        .headers()
        .get("sec-fetch-mode")
        .is_some_and(|mode| mode.as_bytes().eq_ignore_ascii_case(b"navigate"));
    let ignored_retry_after = client.is_some_and(|c| crawlers.arrive(c, &address, now, navigation));
    let visitor = if by_agent || ignored_retry_after {
        Visitor::Crawler
    } else {
        Visitor::Shopper
    };
    request.extensions_mut().insert(visitor);
    let response = next.run(request).await;
    let retry_after = response
        .headers()
        .get(header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if let (Some(client), Some(seconds)) = (client, retry_after) {
        crawlers.promise(
            client,
            &address,
            Duration::from_secs(seconds),
            Instant::now(),
        );
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn crawlers(vars: &[(&str, &str)]) -> Crawlers {
        let map: std::collections::HashMap<&str, &str> = vars.iter().copied().collect();
        let config = Config::from_lookup(|name| map.get(name).map(|v| v.to_string())).unwrap();
        Crawlers::from_config(&config)
    }

    const IP: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(192, 0, 2, 7));
    const SCRIPT: Client = Client { ip: IP, agent: 1 };

    #[test]
    fn known_crawlers_and_preview_fetchers_are_told_by_their_user_agent() {
        let c = crawlers(&[]);
        for ua in [
            "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
            "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
            "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
            "WhatsApp/2.23.20.0",
            "TelegramBot (like TwitterBot)",
            "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
            "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2; +https://openai.com/gptbot)",
            "Scrapy/2.11.2 (+https://scrapy.org)",
        ] {
            assert!(c.is_crawler_agent(ua), "{ua}");
        }
        for ua in [
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
            // A phone maker's name holds "bot": not a crawler.
            "Mozilla/5.0 (Linux; Android 10; CUBOT_X30 Build/QP1A) AppleWebKit/537.36 Chrome/120.0 Mobile Safari/537.36",
            // Scripts using the JSON API are users; a rude one is caught by its Retry-After.
            "curl/8.5.0",
            "python-requests/2.32.3",
        ] {
            assert!(!c.is_crawler_agent(ua), "{ua}");
        }
    }

    #[test]
    fn the_setting_replaces_the_list() {
        let c = crawlers(&[("CRAWLER_USER_AGENTS", "InHouseChecker")]);
        assert!(c.is_crawler_agent("inhousechecker/1.0"));
        assert!(!c.is_crawler_agent("Googlebot/2.1"));
        let none = crawlers(&[("CRAWLER_USER_AGENTS", "none")]);
        assert!(!none.is_crawler_agent("Googlebot/2.1"));
    }

    #[test]
    fn the_client_is_the_peer_unless_a_proxy_is_trusted() {
        let mut headers = HeaderMap::new();
        headers.insert(
            "x-forwarded-for",
            "203.0.113.9, 198.51.100.4".parse().unwrap(),
        );
        let peer = Some(IP);
        let ip = |c: Option<Client>| c.map(|c| c.ip);
        assert_eq!(ip(crawlers(&[]).client(&headers, peer)), peer);
        let behind_proxy = crawlers(&[("TRUST_X_FORWARDED_FOR", "true")]);
        assert_eq!(
            ip(behind_proxy.client(&headers, peer)),
            Some("198.51.100.4".parse().unwrap())
        );
        assert_eq!(ip(behind_proxy.client(&HeaderMap::new(), peer)), peer);
        // The same address with another User-Agent is another client.
        let mut other = HeaderMap::new();
        other.insert(header::USER_AGENT, "python-requests/2.32".parse().unwrap());
        assert_ne!(
            crawlers(&[]).client(&other, peer),
            crawlers(&[]).client(&HeaderMap::new(), peer)
        );
    }

    #[test]
    fn a_client_coming_back_early_twice_is_a_crawler_for_a_while() {
        let c = crawlers(&[]);
        let start = Instant::now();
        assert!(!c.arrive(SCRIPT, "/products/1", start, false));
        c.promise(SCRIPT, "/products/1", Duration::from_secs(10), start);
        // One early reload is forgiven.
        assert!(!c.arrive(SCRIPT, "/products/1", start + Duration::from_secs(2), false));
        c.promise(
            SCRIPT,
            "/products/1",
            Duration::from_secs(8),
            start + Duration::from_secs(2),
        );
        assert!(c.arrive(SCRIPT, "/products/1", start + Duration::from_secs(3), false));
        // Flagged: every address now, not just that one.
        assert!(c.arrive(SCRIPT, "/", start + Duration::from_secs(4), false));
    }

    #[test]
    fn a_client_that_waits_as_told_stays_a_shopper() {
        let c = crawlers(&[]);
        let start = Instant::now();
        for round in 0..5u64 {
            let now = start + Duration::from_secs(round * 3);
            assert!(
                !c.arrive(SCRIPT, "/products/1", now, false),
                "round {round}"
            );
            c.promise(SCRIPT, "/products/1", Duration::from_secs(3), now);
        }
        // Other addresses in the meantime are not early returns.
        c.promise(SCRIPT, "/products/2", Duration::from_secs(60), start);
        assert!(!c.arrive(SCRIPT, "/products/3", start, false));
        assert!(!c.arrive(SCRIPT, "/", start, false));
    }

    #[test]
    fn a_person_reloading_a_page_early_stays_a_shopper() {
        let c = crawlers(&[]);
        let start = Instant::now();
        c.promise(SCRIPT, "/search?q=cup", Duration::from_secs(10), start);
        for n in 1..=5u64 {
            let now = start + Duration::from_millis(n * 300);
            assert!(!c.arrive(SCRIPT, "/search?q=cup", now, true), "reload {n}");
        }
        // The same address, another User-Agent: another client, not flagged by the first.
        let other = Client { ip: IP, agent: 2 };
        c.promise(other, "/search?q=cup", Duration::from_secs(10), start);
        assert!(!c.arrive(other, "/search?q=cup", start, false));
        assert!(c.arrive(other, "/search?q=cup", start, false));
        assert!(
            !c.arrive(SCRIPT, "/", start, false),
            "the first is still a shopper"
        );
    }
}
