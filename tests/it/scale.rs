//! Scale out: two store instances in one test, one stand-in gateway, one real `redis-server`
//! (started here on a free port, stopped on drop). They share one rate limiter, one daily budget,
//! one back-off and one catalog; when Redis goes away each serves from its own tiers, and when it
//! comes back they share again.

use std::time::{Duration, Instant};

use storefront::AppState;
use storefront::provider::SharingStats;
use storefront::provider::pacing::Pacing;

use crate::live::standard_vars;
use crate::redis_server::RedisServer;
use crate::stand_in::{self, Behaviour, StandIn, StandInConfig};
use crate::store::eventually;
use crate::support::*;

/// How long the sharing tests give a Redis operation: the test machine may be busy enough to hold
/// a loopback answer past the default 250 ms, which would (rightly) put an instance on its own.
/// The bound itself is tested with the default, against a Redis that stops answering.
const PATIENT: &str = "2000";

/// One store instance on `gateway`, sharing through the Redis at `redis_url` as `id`, one of two.
async fn instance(gateway: &StandIn, redis_url: &str, id: &str, pacing: Pacing) -> AppState {
    instance_with(gateway, redis_url, id, pacing, PATIENT).await
}

/// Like [`instance`], giving each Redis operation `timeout_ms`.
async fn instance_with(
    gateway: &StandIn,
    redis_url: &str,
    id: &str,
    pacing: Pacing,
    timeout_ms: &str,
) -> AppState {
    let mut vars = standard_vars(gateway);
    vars.extend([
        ("REDIS_URL".to_string(), redis_url.to_string()),
        ("REDIS_TIMEOUT_MS".to_string(), timeout_ms.to_string()),
        ("STOREFRONT_INSTANCES".to_string(), "2".to_string()),
        ("STOREFRONT_INSTANCE_ID".to_string(), id.to_string()),
        ("STOREFRONT_STORE".to_string(), "memory".to_string()),
    ]);
    let vars: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    live_state_paced(config(&vars), pacing).await
}

/// Two instances, `one` and `two`, on one gateway and one Redis. Keep the Redis bound to a name
/// (`_redis`, not `_`): dropping it stops the server.
async fn two_instances(
    gateway: StandInConfig,
    pacing: Pacing,
) -> (StandIn, RedisServer, AppState, AppState) {
    let gateway = StandIn::start(gateway).await;
    let redis = RedisServer::start();
    let one = instance(&gateway, &redis.url(), "one", pacing.clone()).await;
    let two = instance(&gateway, &redis.url(), "two", pacing).await;
    (gateway, redis, one, two)
}

/// What an instance reports of its sharing (no probe, no call).
fn sharing(state: &AppState) -> SharingStats {
    state
        .provider
        .usage()
        .and_then(|usage| usage.store)
        .and_then(|store| store.shared)
        .expect("an instance with REDIS_URL reports its sharing")
}

/// The JSON of offer `id`: its detail alone, no optional block.
fn api_product(id: u64) -> String {
    format!("/api/products/{id}")
}

async fn status(state: &AppState, uri: &str) -> u16 {
    get_with(state.clone(), uri, &[]).await.status.as_u16()
}

// Several worker threads, as the binary runs: the stand-in notes a call when it arrives, not
// when one busy thread gets round to it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_under_load_never_put_more_than_alibaba_qps_calls_into_one_second() {
    let qps = 4.0;
    let pacing = Pacing {
        max_wait: Duration::from_secs(2),
        ..Pacing::new(qps, None)
    };
    let gateway = StandInConfig {
        // The real gateway's answer to a burst, should one get through.
        max_qps: Some(qps),
        ..StandInConfig::default()
    };
    let (gateway, _redis, one, two) = two_instances(gateway, pacing).await;

    // 16 different searches on each instance at once: each needs its own call. What cannot get
    // a slot in time is queued, and each instance's planner keeps calling for it.
    let requests = (0..32).map(|i| {
        let state = if i % 2 == 0 { one.clone() } else { two.clone() };
        tokio::spawn(async move { status(&state, &format!("/api/products?q=load{i}")).await })
    });
    for handle in requests.collect::<Vec<_>>() {
        let status = handle.await.expect("request");
        assert!(status == 200 || status == 503, "got {status}");
    }
    tokio::time::sleep(Duration::from_secs(3)).await;

    let calls = gateway.total_calls();
    assert!(calls >= 10, "only {calls} calls: no load");
    assert!(sharing(&one).instance_calls_today > 0 && sharing(&two).instance_calls_today > 0);
    let busiest = gateway.max_calls_in_one_second();
    assert!(
        busiest <= qps as usize,
        "{busiest} calls within one second: {:?} {:?} {:?}",
        sharing(&one),
        sharing(&two),
        gateway
            .arrivals()
            .windows(2)
            .map(|w| w[1].duration_since(w[0]).as_millis())
            .collect::<Vec<_>>()
    );
    assert_eq!(gateway.rate_limited_answers(), 0);
}

#[tokio::test]
async fn a_product_opened_on_one_instance_is_served_by_the_other_without_a_call() {
    let (gateway, _redis, one, two) =
        two_instances(StandInConfig::default(), Pacing::unlimited()).await;
    let page = format!("/products/{}", stand_in::KNOWN_OFFER);
    let first = get_with(one.clone(), &page, &[]).await;
    assert_eq!(first.status, 200);
    let calls = gateway.total_calls();
    assert!(calls >= 1);

    let second = get_with(two.clone(), &page, &[]).await;
    assert_eq!(second.status, 200);
    assert_eq!(second.texts("h1"), first.texts("h1"));
    assert_eq!(second.count("#stale-notice"), 0);
    let json = get_with(two.clone(), &api_product(stand_in::KNOWN_OFFER), &[]).await;
    assert_eq!(json.status, 200);
    assert_eq!(
        gateway.total_calls(),
        calls,
        "instance two made no call: {:?}",
        sharing(&two)
    );
    assert!(sharing(&two).shared_hits >= 1);

    let status_page = get_with(two, "/api-status", &[]).await;
    assert!(status_page.texts("#instance-id")[0].starts_with("two"));
    assert_eq!(status_page.attrs("#sharing", "data-mode"), vec!["shared"]);
}

#[tokio::test]
async fn identical_misses_on_two_instances_at_once_make_one_upstream_call() {
    let (gateway, _redis, one, two) =
        two_instances(StandInConfig::default(), Pacing::unlimited()).await;
    gateway.set_behaviour(Behaviour::Slow(Duration::from_millis(300)));
    let uri = api_product(stand_in::KNOWN_OFFER);
    let requests = (0..20).map(|i| {
        let state = if i % 2 == 0 { one.clone() } else { two.clone() };
        let uri = uri.clone();
        tokio::spawn(async move { status(&state, &uri).await })
    });
    for handle in requests.collect::<Vec<_>>() {
        assert_eq!(handle.await.expect("request"), 200);
    }
    assert_eq!(gateway.calls(stand_in::PRODUCT_DETAIL), 1);
}

#[tokio::test]
async fn the_daily_budget_is_shared_so_the_sixth_call_of_either_instance_is_refused() {
    let pacing = Pacing {
        daily_limit: Some(5),
        ..Pacing::unlimited()
    };
    let (gateway, _redis, one, two) = two_instances(StandInConfig::default(), pacing).await;
    for q in ["a", "b", "c"] {
        assert_eq!(status(&one, &format!("/api/products?q={q}")).await, 200);
    }
    for q in ["d", "e"] {
        assert_eq!(status(&two, &format!("/api/products?q={q}")).await, 200);
    }
    assert_eq!(gateway.total_calls(), 5);

    // Neither instance spent five on its own, yet the app's budget is gone for both.
    for (state, offer) in [(&one, stand_in::OFFERS[1]), (&two, stand_in::OFFERS[2])] {
        let refused = get_with(state.clone(), &api_product(offer), &[]).await;
        assert_eq!(refused.status, 503);
        assert_eq!(refused.json()["error"]["code"], "quota_exhausted");
    }
    assert_eq!(gateway.total_calls(), 5);

    for (state, own) in [(&one, "3"), (&two, "2")] {
        let page = get_with(state.clone(), "/api-status", &[]).await;
        let calls = page.texts("#calls-today");
        assert!(
            calls[0].starts_with("5 of 5, by all instances"),
            "{calls:?}"
        );
        assert_eq!(page.texts("#instance-calls-today"), vec![own]);
    }
    assert_eq!(
        gateway.total_calls(),
        5,
        "the status pages' probes were refused too"
    );
}

#[tokio::test]
async fn a_rate_limit_answer_on_one_instance_pauses_the_other() {
    let (gateway, _redis, one, two) =
        two_instances(StandInConfig::default(), Pacing::new(100.0, None)).await;
    gateway.set_behaviour(Behaviour::RateLimited);
    let first = get_with(one, "/api/products?q=phone", &[]).await;
    assert_eq!(first.status, 503);
    assert_eq!(first.json()["error"]["code"], "rate_limited");
    assert_eq!(gateway.total_calls(), 1);

    // The gateway would answer now, but every instance of the app is pausing.
    gateway.set_behaviour(Behaviour::Normal);
    let other = get_with(two.clone(), &api_product(stand_in::KNOWN_OFFER), &[]).await;
    assert_eq!(other.status, 503);
    assert_eq!(other.json()["error"]["code"], "rate_limited");
    assert_eq!(gateway.total_calls(), 1);

    let page = get_with(two, "/api-status", &[]).await;
    assert!(
        page.texts("#backoff")[0].starts_with("pausing all calls"),
        "{:?}",
        page.texts("#backoff")
    );
}

/// Every page of `uris` on `state` answers within `bound`, without a server error.
async fn pages_answer(state: &AppState, uris: &[String], bound: Duration) {
    for uri in uris {
        let status = tokio::time::timeout(bound, status(state, uri))
            .await
            .unwrap_or_else(|_| panic!("{uri} took longer than {bound:?}"));
        assert_eq!(status, 200, "{uri}");
    }
}

#[tokio::test]
async fn with_redis_stopped_pages_come_from_the_local_tier_and_sharing_resumes_when_it_is_back() {
    let (gateway, mut redis, one, two) =
        two_instances(StandInConfig::default(), Pacing::new(20.0, None)).await;
    let seen = format!("/products/{}", stand_in::KNOWN_OFFER);
    assert_eq!(status(&one, &seen).await, 200);
    assert_eq!(status(&two, &seen).await, 200);
    let details = gateway.calls(stand_in::PRODUCT_DETAIL);
    assert_eq!(details, 1);

    redis.stop();
    let pages = [
        seen.clone(),
        "/search?q=phone".to_string(),
        "/categories".to_string(),
        "/".to_string(),
    ];
    for state in [&one, &two] {
        pages_answer(state, &pages, Duration::from_secs(10)).await;
    }
    assert_eq!(
        gateway.calls(stand_in::PRODUCT_DETAIL),
        details,
        "the product came from each instance's own tier"
    );
    eventually("both instances alone", || {
        sharing(&one).mode == "alone" && sharing(&two).mode == "alone"
    })
    .await;
    let page = get_with(one.clone(), "/api-status", &[]).await;
    assert_eq!(page.attrs("#sharing", "data-mode"), vec!["alone"]);

    redis.restart();
    eventually("both instances share again", || {
        sharing(&one).mode == "shared" && sharing(&two).mode == "shared"
    })
    .await;
    let other = format!("/products/{}", stand_in::OFFERS[1]);
    // Twice: an optional block (related products) that found no free call slot the first time
    // gets one the second time, so that every answer of the page is in Redis.
    for _ in 0..2 {
        assert_eq!(status(&one, &other).await, 200);
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let calls = gateway.total_calls();
    assert_eq!(status(&two, &other).await, 200);
    assert_eq!(
        gateway.total_calls(),
        calls,
        "instance two took it from Redis"
    );
}

#[tokio::test]
async fn a_redis_that_stops_answering_holds_no_page_beyond_a_bound() {
    let gateway = StandIn::start(StandInConfig::default()).await;
    let redis = RedisServer::start();
    // The default REDIS_TIMEOUT_MS: 250 ms.
    let state = instance_with(&gateway, &redis.url(), "one", Pacing::unlimited(), "250").await;
    redis.freeze();
    let started = Instant::now();
    let pages = [
        "/search?q=phone".to_string(),
        format!("/products/{}", stand_in::KNOWN_OFFER),
        "/categories".to_string(),
    ];
    pages_answer(&state, &pages, Duration::from_secs(5)).await;
    // Each Redis operation gets at most 250 ms, and once one is late the instance stops asking:
    // three pages with a few operations each stay far below this.
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "a frozen Redis held pages for {:?}",
        started.elapsed()
    );
    assert_eq!(sharing(&state).mode, "alone");
    redis.thaw();
    eventually("sharing again", || sharing(&state).mode == "shared").await;
}

#[tokio::test]
async fn an_instance_started_without_redis_serves_alone_and_joins_when_redis_comes() {
    let gateway = StandIn::start(StandInConfig::default()).await;
    let mut redis = RedisServer::start();
    redis.stop();
    let state = instance(&gateway, &redis.url(), "early", Pacing::unlimited()).await;
    assert_eq!(sharing(&state).mode, "alone");
    assert_eq!(status(&state, "/search?q=phone").await, 200);

    redis.restart();
    eventually("sharing", || sharing(&state).mode == "shared").await;
    assert_eq!(
        status(&state, &api_product(stand_in::KNOWN_OFFER)).await,
        200
    );
    let keys: Vec<String> = redis.dump().into_iter().map(|(key, _)| key).collect();
    assert!(
        keys.iter()
            .any(|key| key.ends_with(&format!(":answer:product:{}", stand_in::KNOWN_OFFER))),
        "{keys:?}"
    );
}

#[tokio::test]
async fn redis_keys_and_values_hold_no_secret_and_the_redis_password_is_never_shown() {
    let gateway = StandIn::start(StandInConfig::default()).await;
    let password = "redis-PASSWORD-0123456789";
    let redis = RedisServer::with_password(password);
    let one = instance(&gateway, &redis.url(), "one", Pacing::unlimited()).await;
    let two = instance(&gateway, &redis.url(), "two", Pacing::unlimited()).await;
    let product = format!("/products/{}", stand_in::KNOWN_OFFER);
    for state in [&one, &two] {
        for uri in ["/", "/search?q=phone", product.as_str(), "/categories"] {
            assert_eq!(status(state, uri).await, 200, "{uri}");
        }
    }

    let stored = redis.dump();
    assert!(stored.len() >= 4, "{stored:?}");
    for (key, value) in &stored {
        assert!(key.starts_with("storefront:1688:12345678:"), "{key}");
        for secret in [stand_in::APP_SECRET, stand_in::ACCESS_TOKEN, password] {
            assert!(!key.contains(secret), "{key}");
            assert!(
                !value.as_deref().unwrap_or_default().contains(secret),
                "{key} holds a secret"
            );
        }
    }
    for uri in ["/api-status", "/api/status"] {
        let page = get_with(one.clone(), uri, &[]).await;
        assert_eq!(page.status, 200);
        assert!(!page.body.contains(password), "{uri} shows the password");
        assert!(
            page.body
                .contains(&format!("redis://127.0.0.1:{}/0", redis.port)),
            "{uri} names the Redis it shares through"
        );
    }
}
