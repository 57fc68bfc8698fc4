//! Live mode against a stand-in that follows the documented 1688 contract strictly: the front door
//! works, the parameters have their documented types, optional blocks never take a page down, and
//! the status page costs nothing per view.

use serde_json::Value;
use storefront::AppState;
use storefront::provider::pacing::Pacing;

use crate::live::{live_app, standard_vars};
use crate::stand_in::{self, Behaviour, StandIn, StandInConfig};
use crate::support::*;

/// Offer ids of the cards on a page, in order.
fn card_ids(response: &TestResponse) -> Vec<u64> {
    response
        .attrs(".card a.card-link", "href")
        .iter()
        .map(|href| href.trim_start_matches("/products/").parse().unwrap())
        .collect()
}

/// The `offerQueryParam` of the last search the stand-in received.
fn last_search(gateway: &StandIn) -> Value {
    let params = gateway
        .last_params(stand_in::KEYWORD_QUERY)
        .expect("a search was received");
    serde_json::from_str(&params["offerQueryParam"]).unwrap()
}

#[tokio::test]
async fn the_live_front_door_answers_with_real_offers() {
    let (gateway, state) = live_app(standard_vars).await;

    let home = get_with(state.clone(), "/", &[]).await;
    assert_eq!(home.status, 200, "{}", home.body);
    assert_eq!(home.count(".category-grid a"), stand_in::CATEGORIES.len());
    assert_eq!(home.count(".shelf"), 3, "one shelf per featured keyword");
    assert!(card_ids(&home).contains(&stand_in::KNOWN_OFFER));
    assert_eq!(home.count(".block-notice"), 0);

    for uri in ["/products", "/search"] {
        let start = get_with(state.clone(), uri, &[]).await;
        assert_eq!(start.status, 200, "{uri}: {}", start.body);
        assert_eq!(start.count("#start"), 1, "{uri}: the start page");
        assert!(start.count(".category-grid a") > 0, "{uri}");
        assert!(start.count(".popular a") >= 3, "{uri}");
        assert!(!card_ids(&start).is_empty(), "{uri}: the first shelf");
    }
    // Every search sent had a keyword (the strict stand-in refuses an empty one without a
    // category, and the pages above would then show notices instead of cards).
    let sent = last_search(&gateway);
    assert!(!sent["keyword"].as_str().unwrap().is_empty());
}

#[tokio::test]
async fn a_category_listing_sends_the_category_with_an_empty_keyword() {
    let (gateway, state) = live_app(standard_vars).await;
    let listing = get_with(state, "/products?category=1031919&sort=price_desc", &[]).await;
    assert_eq!(listing.status, 200, "{}", listing.body);
    assert_eq!(
        card_ids(&listing),
        vec![stand_in::OFFERS[1], stand_in::KNOWN_OFFER],
        "the category's offers, dearest first"
    );
    let sent = last_search(&gateway);
    assert_eq!(sent["keyword"], "");
    assert_eq!(sent["categoryId"], 1031919);
    assert_eq!(sent["sort"], r#"{"price":"desc"}"#);
    // The roots for the filter and the category itself; no lookup of its name for a keyword.
    assert_eq!(gateway.calls(stand_in::CATEGORY_GET), 2);
    assert_eq!(gateway.calls(stand_in::KEYWORD_QUERY), 1);
}

#[tokio::test]
async fn sorted_searches_come_back_in_order_with_sort_sent_as_a_json_string() {
    let (gateway, state) = live_app(standard_vars).await;
    let [cheap, middle, dear] = [
        stand_in::OFFERS[0],
        stand_in::OFFERS[1],
        stand_in::OFFERS[2],
    ];
    let cases = [
        ("price_asc", r#"{"price":"asc"}"#, vec![cheap, middle, dear]),
        (
            "price_desc",
            r#"{"price":"desc"}"#,
            vec![dear, middle, cheap],
        ),
        // Sold last month: 2,310, 1,520, 860.
        (
            "sales",
            r#"{"monthSold":"desc"}"#,
            vec![dear, cheap, middle],
        ),
    ];
    for (sort, sent_sort, expected) in cases {
        let page = get_with(state.clone(), &format!("/search?q=phone&sort={sort}"), &[]).await;
        assert_eq!(page.status, 200, "{sort}: {}", page.body);
        assert_eq!(card_ids(&page), expected, "{sort}");
        let sent = last_search(&gateway);
        assert_eq!(
            sent["sort"],
            Value::from(sent_sort),
            "{sort}: a string, not an object"
        );
        assert!(
            sent.get("keywordTranslate").is_none(),
            "{sort}: English is translated by 1688"
        );
    }
    let relevance = get_with(state, "/search?q=phone", &[]).await;
    assert_eq!(relevance.status, 200);
    assert!(last_search(&gateway).get("sort").is_none());
}

#[tokio::test]
async fn a_chinese_keyword_is_searched_as_it_is() {
    let (gateway, state) = live_app(standard_vars).await;
    let page = get_with(
        state.clone(),
        &format!("/search?q={}", urlencode("手机壳")),
        &[],
    )
    .await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert_eq!(card_ids(&page), stand_in::OFFERS.to_vec());
    let sent = last_search(&gateway);
    assert_eq!(sent["keyword"], "手机壳");
    assert_eq!(sent["keywordTranslate"], true);

    let english = get_with(state, "/search?q=phone+case", &[]).await;
    assert_eq!(english.status, 200);
    assert!(last_search(&gateway).get("keywordTranslate").is_none());
}

#[tokio::test]
async fn json_search_without_keyword_or_category_names_the_parameter_in_live_mode() {
    let (gateway, state) = live_app(standard_vars).await;
    let response = get_with(state, "/api/products?sort=price_asc", &[]).await;
    assert_eq!(response.status, 400);
    assert_eq!(response.json()["error"]["parameter"], "q");
    assert_eq!(gateway.calls(stand_in::KEYWORD_QUERY), 0);
}

#[tokio::test]
async fn a_failing_optional_block_leaves_the_rest_of_the_page_standing() {
    let (gateway, state) = live_app(standard_vars).await;
    // Searches are refused, details and categories work.
    gateway.set_behaviour(Behaviour::AclDecline {
        api: stand_in::KEYWORD_QUERY.into(),
    });

    let product = get_with(
        state.clone(),
        &format!("/products/{}", stand_in::KNOWN_OFFER),
        &[],
    )
    .await;
    assert_eq!(product.status, 200, "{}", product.body);
    assert!(product.count("#price-tiers tbody tr") >= 1);
    assert_eq!(product.count("#related .block-notice"), 1);
    assert_eq!(product.count("#related .card"), 0);

    let home = get_with(state.clone(), "/", &[]).await;
    assert_eq!(home.status, 200, "{}", home.body);
    assert_eq!(home.count(".category-grid a"), stand_in::CATEGORIES.len());
    assert_eq!(home.count(".shelf .block-notice"), 3);
    assert_eq!(home.count(".card"), 0, "nothing invented");

    // A page missing a block is not kept: once searches work, the next view shows them.
    gateway.set_behaviour(Behaviour::Normal);
    let home = get_with(state, "/", &[]).await;
    assert_eq!(home.count(".block-notice"), 0);
    assert!(home.count(".shelf .card") > 0);
}

#[tokio::test]
async fn optional_blocks_never_wait_for_a_call_slot() {
    let gateway = StandIn::start(StandInConfig::default()).await;
    let vars = standard_vars(&gateway);
    let vars: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    // One call per second, and a required call would wait up to 2 s for its slot.
    let state = live_state_paced(config(&vars), Pacing::new(1.0, None)).await;

    let home = get_with(state, "/", &[]).await;
    assert_eq!(home.status, 200);
    assert_eq!(
        gateway.total_calls(),
        1,
        "only the slot that was free at once was used"
    );
    assert_eq!(
        home.count(".block-notice"),
        3,
        "the other three blocks say they are coming"
    );
}

/// The status page's settings in these tests: a re-check at most every `recheck` seconds, and
/// `allowance` diagnostic calls a day.
async fn status_app(recheck: &str, allowance: &str) -> (StandIn, AppState) {
    let (recheck, allowance) = (recheck.to_string(), allowance.to_string());
    live_app(move |g| {
        let mut vars = standard_vars(g);
        vars.push(("STATUS_RECHECK_SECS".into(), recheck));
        vars.push(("STATUS_DAILY_CALLS".into(), allowance));
        vars
    })
    .await
}

#[tokio::test]
async fn fifty_views_of_the_status_page_cost_one_probe() {
    let (gateway, state) = status_app("60", "10").await;
    for i in 0..50 {
        let uri = if i % 2 == 0 {
            "/api-status"
        } else {
            "/api/status"
        };
        assert_eq!(get_with(state.clone(), uri, &[]).await.status, 200, "{uri}");
    }
    assert_eq!(gateway.total_calls(), 4, "one probe of four checks");
    let page = get_with(state.clone(), "/api-status", &[]).await;
    assert_eq!(page.attrs(".check", "data-ok").len(), 4);
    assert_eq!(page.count("#checked-ago"), 1);
    assert_eq!(
        page.count("#recheck"),
        0,
        "no re-check link within the interval"
    );

    // A re-check asked for within the interval is refused, and says when it is possible.
    let again = get_with(state, "/api-status?recheck=1", &[]).await;
    assert_eq!(again.status, 200);
    assert_eq!(gateway.total_calls(), 4);
    assert!(again.texts("#recheck-later")[0].contains("possible in"));
}

#[tokio::test]
async fn a_recheck_probes_again_within_the_daily_allowance() {
    let (gateway, state) = status_app("0", "8").await;
    let first = get_with(state.clone(), "/api-status", &[]).await;
    assert_eq!(gateway.total_calls(), 4);
    assert_eq!(
        first.attrs("#recheck", "href"),
        vec!["/api-status?recheck=1"]
    );

    let json = get_with(state.clone(), "/api/status?recheck=1", &[])
        .await
        .json();
    assert_eq!(gateway.total_calls(), 8, "the re-check ran");
    assert_eq!(json["checks"].as_array().unwrap().len(), 4);
    assert_eq!(
        json["recheck"]["available"], false,
        "the allowance of 8 is spent"
    );

    let refused = get_with(state, "/api-status?recheck=1", &[]).await;
    assert_eq!(gateway.total_calls(), 8, "past the allowance: no call");
    assert_eq!(
        refused.attrs(".check", "data-ok").len(),
        4,
        "the last results stay shown"
    );
    let why = refused.texts("#recheck-later")[0].clone();
    assert!(
        why.contains("STATUS_DAILY_CALLS") && why.contains("00:00 China time"),
        "{why}"
    );
}

#[tokio::test]
async fn storefront_check_style_probes_ignore_the_allowance() {
    let (gateway, state) = status_app("60", "0").await;
    let page = get_with(state.clone(), "/api-status", &[]).await;
    assert_eq!(gateway.total_calls(), 0, "no allowance, no probe");
    assert_eq!(page.count(".check"), 0);
    let report = storefront::diagnostics::StatusReport::collect_now(&state).await;
    assert_eq!(report.checks.len(), 4);
    assert!(report.healthy());
    assert_eq!(gateway.total_calls(), 4);
}
