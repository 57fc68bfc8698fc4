//! Live mode serves many shoppers from few upstream calls, and keeps serving when 1688 fails.

use std::time::Duration;

use storefront::AppState;
use storefront::config::CacheTtl;
use storefront::provider::pacing::Pacing;

use crate::live::standard_vars;
use crate::stand_in::{self, Behaviour, StandIn, StandInConfig};
use crate::support::*;

async fn app_with(pacing: Pacing, extra: &[(&str, &str)]) -> (StandIn, AppState) {
    let gateway = StandIn::start(StandInConfig::default()).await;
    let mut vars = standard_vars(&gateway);
    vars.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    let vars: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let state = live_state_paced(config(&vars), pacing).await;
    (gateway, state)
}

#[tokio::test]
async fn fifty_shoppers_opening_the_same_uncached_product_make_one_upstream_call() {
    let (gateway, state) = app_with(Pacing::unlimited(), &[]).await;
    gateway.set_behaviour(Behaviour::Slow(Duration::from_millis(300)));
    let uri = format!("/api/products/{}", stand_in::KNOWN_OFFER);
    let requests = (0..50).map(|_| {
        let state = state.clone();
        let uri = uri.clone();
        tokio::spawn(async move { get_with(state, &uri, &[]).await.status })
    });
    for status in futures_join(requests).await {
        assert_eq!(status, 200);
    }
    assert_eq!(gateway.calls(stand_in::PRODUCT_DETAIL), 1);
}

async fn futures_join<T: Send + 'static>(
    handles: impl Iterator<Item = tokio::task::JoinHandle<T>>,
) -> Vec<T> {
    let mut out = Vec::new();
    for handle in handles.collect::<Vec<_>>() {
        out.push(handle.await.expect("task"));
    }
    out
}

#[tokio::test]
async fn repeated_page_views_within_the_cache_lifetime_make_no_new_calls() {
    let (gateway, state) = app_with(Pacing::unlimited(), &[]).await;
    let product = format!("/products/{}", stand_in::KNOWN_OFFER);
    for uri in ["/", "/search?q=phone", &product, "/categories"] {
        assert_eq!(get_with(state.clone(), uri, &[]).await.status, 200, "{uri}");
    }
    let after_first_views = gateway.total_calls();
    for _ in 0..3 {
        for uri in ["/", "/search?q=phone", &product, "/categories"] {
            assert_eq!(get_with(state.clone(), uri, &[]).await.status, 200, "{uri}");
        }
    }
    // Other addresses showing the same data reuse the cached answers too.
    let same_data = format!("/api/products/{}", stand_in::KNOWN_OFFER);
    assert_eq!(get_with(state.clone(), &same_data, &[]).await.status, 200);
    assert_eq!(
        get_with(state.clone(), "/api/products?q=phone", &[])
            .await
            .status,
        200
    );
    assert_eq!(gateway.total_calls(), after_first_views);
    let status = get_with(state, "/api/status", &[]).await.json();
    assert!(status["usage"]["cache"]["hits"].as_u64().unwrap() >= 2);
}

#[tokio::test]
async fn the_limiter_never_lets_more_than_the_configured_rate_through() {
    let pacing = Pacing {
        max_wait: Duration::from_secs(10),
        ..Pacing::new(5.0, None)
    };
    let burst = pacing.burst as usize;
    let (gateway, state) = app_with(pacing, &[]).await;
    // 30 different searches at once: each needs its own upstream call.
    let requests = (0..30).map(|i| {
        let state = state.clone();
        tokio::spawn(async move {
            get_with(state, &format!("/api/products?q=item{i}"), &[])
                .await
                .status
        })
    });
    for status in futures_join(requests).await {
        assert_eq!(status, 200);
    }
    let arrivals = gateway.arrivals();
    assert_eq!(arrivals.len(), 30);
    // In any one-second window: at most the burst plus five per second.
    for (i, start) in arrivals.iter().enumerate() {
        let within = arrivals[i..]
            .iter()
            .take_while(|t| t.duration_since(*start) < Duration::from_secs(1))
            .count();
        assert!(within <= burst + 5, "{within} calls within one second");
    }
    let span = arrivals.last().unwrap().duration_since(arrivals[0]);
    assert!(
        span >= Duration::from_secs(3),
        "30 calls at 5/s took only {span:?}"
    );
}

#[tokio::test]
async fn a_call_that_cannot_get_a_slot_in_time_gets_the_unavailable_page() {
    let pacing = one_call_a_second_waiting_briefly();
    let (_gateway, state) = app_with(pacing, &[]).await;
    let mut statuses = Vec::new();
    for i in 0..4 {
        statuses.push(
            get_with(state.clone(), &format!("/api/products?q=thing{i}"), &[])
                .await
                .status
                .as_u16(),
        );
    }
    assert_eq!(statuses[0], 200, "the first call gets its slot");
    assert!(statuses[1..].iter().all(|s| *s == 503), "{statuses:?}");
}

#[tokio::test]
async fn the_daily_budget_is_enforced_and_shown() {
    let pacing = Pacing {
        daily_limit: Some(2),
        ..Pacing::unlimited()
    };
    let (gateway, state) = app_with(pacing, &[]).await;
    assert_eq!(
        get_with(state.clone(), "/api/products?q=a", &[])
            .await
            .status,
        200
    );
    assert_eq!(
        get_with(state.clone(), "/api/products?q=b", &[])
            .await
            .status,
        200
    );
    // No call is left today: a product never fetched cannot be shown, but a search is answered
    // from the offers the store saved.
    let refused = get_with(state.clone(), "/api/products/655512345678", &[]).await;
    assert_eq!(refused.status, 503);
    assert_eq!(refused.json()["error"]["code"], "quota_exhausted");
    let saved = get_with(state.clone(), "/api/products?q=case", &[]).await;
    assert_eq!(saved.status, 200, "{}", saved.body);
    assert!(saved.json()["saved_offers"].as_u64().unwrap() >= 1);
    assert_eq!(gateway.total_calls(), 2);
    let page = get_with(state, "/api-status", &[]).await;
    assert!(
        page.texts("#calls-today")[0].starts_with("2 of 2"),
        "{:?}",
        page.texts("#calls-today")
    );
}

#[tokio::test]
async fn a_failing_gateway_after_warm_up_still_yields_cached_pages_with_a_staleness_notice() {
    // Answers live 200 ms, so a short wait makes every one of them stale.
    let lifetime = Duration::from_millis(200);
    let gateway = StandIn::start(StandInConfig::default()).await;
    let vars = standard_vars(&gateway);
    let vars: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let mut config = config(&vars);
    config.cache_ttl = CacheTtl {
        categories: lifetime,
        product: lifetime,
        search: lifetime,
    };
    let state = live_state_paced(config, Pacing::unlimited()).await;
    let product = format!("/products/{}", stand_in::KNOWN_OFFER);
    for uri in ["/search?q=phone", product.as_str(), "/categories"] {
        let fresh = get_with(state.clone(), uri, &[]).await;
        assert_eq!(fresh.status, 200, "{uri}");
        assert_eq!(fresh.count("#stale-notice"), 0);
    }
    tokio::time::sleep(lifetime + Duration::from_millis(100)).await;
    for behaviour in [
        Behaviour::ServerError,
        Behaviour::RateLimited,
        Behaviour::Slow(Duration::from_secs(3)),
    ] {
        gateway.set_behaviour(behaviour.clone());
        for uri in ["/search?q=phone", product.as_str(), "/categories"] {
            let stale = get_with(state.clone(), uri, &[]).await;
            assert_eq!(stale.status, 200, "{behaviour:?} {uri}");
            let notice = stale.texts("#stale-notice");
            assert_eq!(notice.len(), 1, "{behaviour:?} {uri}");
            assert!(
                notice[0].contains("second") && notice[0].contains("ago"),
                "{notice:?}"
            );
        }
        let json = get_with(state.clone(), "/api/products?q=phone", &[])
            .await
            .json();
        assert!(json["stale_seconds"].as_u64().is_some(), "{behaviour:?}");
    }
    // Something never fetched before has nothing to fall back on.
    gateway.set_behaviour(Behaviour::ServerError);
    assert_eq!(
        get_with(state, "/search?q=never-seen", &[]).await.status,
        503
    );
}

#[tokio::test]
async fn a_rate_limit_answer_pauses_every_upstream_call_of_the_app() {
    let (gateway, state) = app_with(Pacing::new(100.0, None), &[]).await;
    gateway.set_behaviour(Behaviour::RateLimited);
    let first = get_with(state.clone(), "/api/products?q=phone", &[]).await;
    assert_eq!(first.status, 503);
    assert_eq!(first.json()["error"]["code"], "rate_limited");
    let calls = gateway.total_calls();
    assert_eq!(calls, 1, "no retry into a rate limit");

    // The gateway would answer now, but the whole app is backing off: no call goes out.
    gateway.set_behaviour(Behaviour::Normal);
    let product = get_with(
        state.clone(),
        &format!("/api/products/{}", stand_in::KNOWN_OFFER),
        &[],
    )
    .await;
    assert_eq!(product.status, 503);
    assert_eq!(gateway.total_calls(), calls);

    let status = get_with(state, "/api-status", &[]).await;
    assert!(
        status.texts("#backoff")[0].starts_with("pausing all calls"),
        "{:?}",
        status.texts("#backoff")
    );
    assert!(status.texts("#last-error")[0].contains("rate_limited"));
}
