//! The persistent catalog: every answer kept across restarts, served stale while it refreshes, a
//! planner within the budget, a self-refreshing page instead of a bare 503, and a search over the
//! saved offers when no call is left today.

use std::time::{Duration, Instant};

use storefront::AppState;
use storefront::config::{CacheTtl, Config};
use storefront::provider::pacing::Pacing;

use crate::live::{standard_vars, temp_dir};
use crate::stand_in::{self, Behaviour, StandIn, StandInConfig};
use crate::support::*;

/// A live state on `gateway` keeping its catalog in `data_dir`, with `pacing` and `ttl`.
async fn state_in(
    gateway: &StandIn,
    data_dir: &str,
    pacing: Pacing,
    ttl: Option<Duration>,
) -> AppState {
    let mut vars = standard_vars(gateway);
    vars.retain(|(k, _)| k != "STOREFRONT_DATA_DIR");
    vars.push(("STOREFRONT_DATA_DIR".into(), data_dir.into()));
    let vars: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let mut config: Config = config(&vars);
    if let Some(ttl) = ttl {
        config.cache_ttl = CacheTtl {
            categories: ttl,
            product: ttl,
            search: ttl,
        };
    }
    live_state_paced(config, pacing).await
}

/// Waits (at most 5 s) until `done` holds.
pub async fn eventually(what: &str, done: impl Fn() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(5);
    while !done() {
        assert!(Instant::now() < deadline, "never happened: {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn product_uri(id: u64) -> String {
    format!("/products/{id}")
}

#[tokio::test]
async fn a_restart_serves_every_page_seen_before_without_a_call() {
    let gateway = StandIn::start(StandInConfig::default()).await;
    let data_dir = temp_dir("store-restart");
    let pages = [
        "/".to_string(),
        "/search?q=phone".to_string(),
        format!("/search?q={}", urlencode("手机壳")),
        product_uri(stand_in::KNOWN_OFFER),
        "/products?category=1031919".to_string(),
        "/categories".to_string(),
        "/api/products?q=phone".to_string(),
    ];
    let mut before = Vec::new();
    {
        let state = state_in(&gateway, &data_dir, Pacing::unlimited(), None).await;
        for uri in &pages {
            let page = get_with(state.clone(), uri, &[]).await;
            assert_eq!(page.status, 200, "{uri}");
            before.push(page.body);
        }
    }
    assert!(gateway.total_calls() > 0);
    gateway.reset_calls();

    let state = state_in(&gateway, &data_dir, Pacing::unlimited(), None).await;
    for (uri, body) in pages.iter().zip(before) {
        let page = get_with(state.clone(), uri, &[]).await;
        assert_eq!(page.status, 200, "{uri}");
        assert_eq!(page.count("#stale-notice"), 0, "{uri}: still fresh");
        if uri.starts_with("/api/") {
            assert_eq!(
                page.json()["items"],
                serde_json::from_str::<serde_json::Value>(&body).unwrap()["items"]
            );
        } else {
            assert_eq!(
                page.texts("main"),
                TestResponse::from_body(body).texts("main"),
                "{uri}"
            );
        }
    }
    assert_eq!(gateway.total_calls(), 0, "a restart costs no call");
}

#[tokio::test]
async fn an_expired_answer_is_served_at_once_and_refreshed_in_the_background_once() {
    let gateway = StandIn::start(StandInConfig::default()).await;
    let lifetime = Duration::from_millis(300);
    let state = state_in(
        &gateway,
        &temp_dir("store-swr"),
        Pacing::unlimited(),
        Some(lifetime),
    )
    .await;
    // The JSON detail: one answer, no related block.
    let uri = format!("/api/products/{}", stand_in::KNOWN_OFFER);
    assert_eq!(get_with(state.clone(), &uri, &[]).await.status, 200);
    assert_eq!(gateway.calls(stand_in::PRODUCT_DETAIL), 1);
    tokio::time::sleep(lifetime + Duration::from_millis(100)).await;

    // A slow upstream: an answer that waited for it would take 700 ms.
    gateway.set_behaviour(Behaviour::Slow(Duration::from_millis(700)));
    let started = Instant::now();
    let stale = get_with(state.clone(), &uri, &[]).await;
    assert_eq!(stale.status, 200);
    assert!(
        started.elapsed() < Duration::from_millis(500),
        "served at once"
    );
    assert!(stale.json()["stale_seconds"].is_u64(), "{}", stale.body);
    assert_eq!(
        stale.json()["product"]["id"],
        stand_in::KNOWN_OFFER,
        "the saved product"
    );
    // More views while the refresh is on its way do not ask again.
    for _ in 0..3 {
        assert_eq!(get_with(state.clone(), &uri, &[]).await.status, 200);
    }
    eventually("the refresh", || refreshed_today(&state) == 1).await;
    gateway.set_behaviour(Behaviour::Normal);
    let fresh = get_with(state.clone(), &uri, &[]).await;
    assert!(
        fresh.json()["stale_seconds"].is_null(),
        "refreshed: {}",
        fresh.body
    );
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(
        gateway.calls(stand_in::PRODUCT_DETAIL),
        2,
        "refreshed exactly once"
    );
}

/// The planner's figures (read directly: a view of the status page would probe the gateway).
fn store_stats(state: &AppState) -> storefront::provider::StoreStats {
    state.provider.usage().unwrap().store.unwrap()
}

fn refreshed_today(state: &AppState) -> u32 {
    store_stats(state).refreshed_today
}

#[tokio::test]
async fn the_planner_keeps_a_reserve_for_shoppers_and_never_exceeds_the_budget() {
    let gateway = StandIn::start(StandInConfig::default()).await;
    let lifetime = Duration::from_millis(300);
    let pacing = Pacing {
        daily_limit: Some(10),
        ..Pacing::unlimited()
    };
    let state = state_in(&gateway, &temp_dir("store-budget"), pacing, Some(lifetime)).await;
    // Five answers (five calls), then all of them stale and viewed again.
    let searches: Vec<String> = (0..5).map(|i| format!("/api/products?q=item{i}")).collect();
    for uri in &searches {
        assert_eq!(get_with(state.clone(), uri, &[]).await.status, 200, "{uri}");
    }
    tokio::time::sleep(lifetime + Duration::from_millis(100)).await;
    for uri in &searches {
        let stale = get_with(state.clone(), uri, &[]).await;
        assert_eq!(stale.status, 200, "{uri}");
        assert!(stale.json()["stale_seconds"].as_u64().is_some());
    }
    // Refreshes stop at 70 % of the budget: 7 calls.
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(
        gateway.total_calls(),
        7,
        "the planner left the reserve alone"
    );
    let store = store_stats(&state);
    assert_eq!(store.refreshed_today, 2);
    assert!(store.skipped_today >= 1, "{store:?}");

    // Shoppers get the reserve, and not one call more.
    for id in stand_in::OFFERS {
        let product = get_with(state.clone(), &format!("/api/products/{id}"), &[]).await;
        assert_eq!(product.status, 200, "{}", product.body);
    }
    assert_eq!(gateway.total_calls(), 10);
    let refused = get_with(state.clone(), "/api/products?q=never-searched-before", &[]).await;
    assert!(refused.json()["saved_offers"].is_u64(), "{}", refused.body);
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(gateway.total_calls(), 10, "the budget holds");
}

#[tokio::test]
async fn a_page_without_a_free_slot_reloads_itself_until_it_is_fetched() {
    let gateway = StandIn::start(StandInConfig::default()).await;
    let pacing = one_call_a_second_waiting_briefly();
    let state = state_in(&gateway, &temp_dir("store-queue"), pacing, None).await;
    let first = get_with(state.clone(), &product_uri(stand_in::KNOWN_OFFER), &[]).await;
    assert_eq!(first.status, 200, "the first call gets its slot");

    let uri = "/search?q=cable";
    let waiting = get_with(state.clone(), uri, &[]).await;
    assert_eq!(waiting.status, 202, "{}", waiting.body);
    assert_eq!(waiting.count("#pending"), 1);
    assert_eq!(waiting.count(".error-page"), 0, "not an error page");
    let refresh = waiting.attrs("meta[http-equiv=refresh]", "content");
    assert_eq!(refresh.len(), 1);
    let seconds: u64 = refresh[0].parse().unwrap();
    assert!((1..=5).contains(&seconds), "{seconds}");
    assert_eq!(waiting.header("retry-after"), Some(refresh[0].as_str()));
    assert!(waiting.texts(".pending-eta")[0].contains("ready in about"));
    let json = get_with(state.clone(), "/api/products?q=cable", &[]).await;
    assert_eq!(json.status, 503, "scripts get 503");
    assert!(json.header("retry-after").is_some());

    eventually("the queued call", || {
        gateway.calls(stand_in::KEYWORD_QUERY) == 1
    })
    .await;
    tokio::time::sleep(Duration::from_millis(100)).await;
    let ready = get_with(state, uri, &[]).await;
    assert_eq!(ready.status, 200);
    assert!(ready.count(".card") >= 1);
    assert_eq!(
        gateway.calls(stand_in::KEYWORD_QUERY),
        1,
        "fetched once, by the planner"
    );
}

#[tokio::test]
async fn an_offer_seen_in_a_search_shows_its_listing_while_its_details_are_fetched() {
    let gateway = StandIn::start(StandInConfig::default()).await;
    let pacing = one_call_a_second_waiting_briefly();
    let state = state_in(&gateway, &temp_dir("store-preview"), pacing, None).await;
    assert_eq!(
        get_with(state.clone(), "/api/products?q=cable", &[])
            .await
            .status,
        200
    );

    let uri = product_uri(stand_in::OFFERS[1]);
    let preview = get_with(state.clone(), &uri, &[]).await;
    assert_eq!(preview.status, 200, "{}", preview.body);
    assert_eq!(preview.count("#details-pending"), 1);
    assert_eq!(preview.texts("h1"), vec!["Fast charging cable 1m"]);
    assert!(preview.texts(".price")[0].starts_with("¥8.80"));
    assert_eq!(
        preview.attrs("meta[http-equiv=refresh]", "content").len(),
        1
    );
    assert_eq!(
        preview.attrs("meta[name=robots]", "content"),
        vec!["noindex"]
    );

    eventually("the details", || {
        gateway.calls(stand_in::PRODUCT_DETAIL) == 1
    })
    .await;
    tokio::time::sleep(Duration::from_millis(100)).await;
    let full = get_with(state, &uri, &[]).await;
    assert_eq!(full.status, 200);
    assert_eq!(full.count("#details-pending"), 0);
    assert!(full.count("#price-tiers tbody tr") >= 1);
}

#[tokio::test]
async fn during_a_back_off_saved_pages_are_served_and_new_ones_queued() {
    let gateway = StandIn::start(StandInConfig::default()).await;
    let state = state_in(
        &gateway,
        &temp_dir("store-backoff"),
        Pacing::new(100.0, None),
        None,
    )
    .await;
    let saved = product_uri(stand_in::KNOWN_OFFER);
    assert_eq!(get_with(state.clone(), &saved, &[]).await.status, 200);
    gateway.set_behaviour(Behaviour::RateLimited);
    let limited = get_with(state.clone(), "/search?q=cable", &[]).await;
    assert_eq!(limited.status, 202, "queued, not a bare 503");
    gateway.set_behaviour(Behaviour::Normal);
    // The app is backing off for 10 s: no call goes out, the saved page is still there.
    let calls = gateway.total_calls();
    assert_eq!(get_with(state.clone(), &saved, &[]).await.status, 200);
    let new = get_with(state, &product_uri(stand_in::OFFERS[2]), &[]).await;
    assert_eq!(new.status, 202);
    assert_eq!(gateway.total_calls(), calls);
}

#[tokio::test]
async fn with_the_budget_spent_a_search_answers_from_the_saved_offers() {
    let gateway = StandIn::start(StandInConfig::default()).await;
    let pacing = Pacing {
        daily_limit: Some(1),
        ..Pacing::unlimited()
    };
    let state = state_in(&gateway, &temp_dir("store-saved"), pacing, None).await;
    assert_eq!(
        get_with(state.clone(), "/api/products?q=phone", &[])
            .await
            .status,
        200
    );
    assert_eq!(gateway.total_calls(), 1);

    for (uri, expected) in [
        ("/search?q=silicone", stand_in::KNOWN_OFFER),
        (
            &*format!("/search?q={}", urlencode("数据线")),
            stand_in::OFFERS[1],
        ),
        ("/search?q=blocks&sort=price_desc", stand_in::OFFERS[2]),
    ] {
        let page = get_with(state.clone(), uri, &[]).await;
        assert_eq!(page.status, 200, "{uri}: {}", page.body);
        let notice = page.texts("#saved-search-notice");
        assert_eq!(notice.len(), 1, "{uri}");
        assert!(
            notice[0].contains("3 offers saved") && notice[0].contains("00:00 China time"),
            "{notice:?}"
        );
        let first = page.attrs(".card a.card-link", "href");
        assert_eq!(first.first(), Some(&product_uri(expected)), "{uri}");
    }
    let nothing = get_with(state, "/search?q=zzzz", &[]).await;
    assert_eq!(nothing.status, 200);
    assert_eq!(nothing.count("#no-results"), 1);
    assert_eq!(gateway.total_calls(), 1);
}

#[tokio::test]
async fn the_days_calls_survive_a_restart() {
    let gateway = StandIn::start(StandInConfig::default()).await;
    let data_dir = temp_dir("store-day");
    let pacing = || Pacing {
        daily_limit: Some(3),
        ..Pacing::unlimited()
    };
    {
        let state = state_in(&gateway, &data_dir, pacing(), None).await;
        for q in ["a", "b"] {
            let uri = format!("/api/products?q={q}");
            assert_eq!(get_with(state.clone(), &uri, &[]).await.status, 200);
        }
        // The day's figures reach the file about once a second.
        tokio::time::sleep(Duration::from_millis(1500)).await;
    }
    let state = state_in(&gateway, &data_dir, pacing(), None).await;
    assert_eq!(state.provider.usage().unwrap().calls_today, 2);
    assert_eq!(
        get_with(state.clone(), "/api/products/610947572360", &[])
            .await
            .status,
        200
    );
    let refused = get_with(state, "/api/products/655512345678", &[]).await;
    assert_eq!(refused.status, 503);
    assert_eq!(refused.json()["error"]["code"], "quota_exhausted");
    assert_eq!(gateway.total_calls(), 3);
}

#[cfg(unix)]
#[tokio::test]
async fn the_catalog_file_and_its_directory_are_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let gateway = StandIn::start(StandInConfig::default()).await;
    let parent = temp_dir("store-perms");
    let data_dir = format!("{parent}/data");
    let state = state_in(&gateway, &data_dir, Pacing::unlimited(), None).await;
    assert_eq!(get_with(state, "/search?q=phone", &[]).await.status, 200);
    let mode = |path: &str| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&data_dir), 0o700);
    assert_eq!(mode(&format!("{data_dir}/catalog.sqlite3")), 0o600);
}

/// What start-up says about a catalog file it cannot use.
async fn start_up_error(data_dir: &str) -> String {
    let gateway = StandIn::start(StandInConfig::default()).await;
    let mut vars = standard_vars(&gateway);
    vars.retain(|(k, _)| k != "STOREFRONT_DATA_DIR");
    vars.push(("STOREFRONT_DATA_DIR".into(), data_dir.into()));
    let vars: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    match AppState::from_config(config(&vars)).await {
        Ok(_) => panic!("{data_dir}: started on an unusable file"),
        Err(error) => error.to_string(),
    }
}

#[tokio::test]
async fn an_unusable_catalog_file_stops_start_up_naming_the_file_and_what_to_do() {
    let garbage = temp_dir("store-garbage");
    std::fs::write(
        format!("{garbage}/catalog.sqlite3"),
        b"this is not a database, just text",
    )
    .unwrap();
    let message = start_up_error(&garbage).await;
    assert!(
        message.contains(&format!("{garbage}/catalog.sqlite3")),
        "{message}"
    );
    assert!(message.contains("Move the file away"), "{message}");
    assert_eq!(message.lines().count(), 1);

    // A real catalog cut in half.
    let truncated = temp_dir("store-truncated");
    {
        let gateway = StandIn::start(StandInConfig::default()).await;
        let state = state_in(&gateway, &truncated, Pacing::unlimited(), None).await;
        for q in ["phone", "case", "cable", "blocks", "toy", "shirt"] {
            get_with(state.clone(), &format!("/search?q={q}"), &[]).await;
        }
    }
    let file = format!("{truncated}/catalog.sqlite3");
    checkpoint(&file);
    let bytes = std::fs::read(&file).unwrap();
    std::fs::write(&file, &bytes[..bytes.len() / 2]).unwrap();
    let message = start_up_error(&truncated).await;
    assert!(
        message.contains(&file) && message.contains("Move the file away"),
        "{message}"
    );

    // A catalog from a newer storefront.
    let newer = temp_dir("store-newer");
    {
        let gateway = StandIn::start(StandInConfig::default()).await;
        state_in(&gateway, &newer, Pacing::unlimited(), None).await;
    }
    let file = format!("{newer}/catalog.sqlite3");
    rusqlite::Connection::open(&file)
        .unwrap()
        .pragma_update(None, "user_version", 99)
        .unwrap();
    let message = start_up_error(&newer).await;
    assert!(
        message.contains(&file) && message.contains("newer storefront"),
        "{message}"
    );
}

/// Moves everything from the write-ahead log into the file itself.
fn checkpoint(file: &str) {
    rusqlite::Connection::open(file)
        .unwrap()
        .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .unwrap();
}
