//! Onebound mode end to end: the real app against `stand_ins::onebound`, a local stand-in of
//! Onebound's 1688 APIs that checks key, secret and every documented parameter.

use std::time::Duration;

use stand_ins::onebound::{self as stand_in, Behaviour, OneboundStandIn};
use storefront::AppState;
use storefront::diagnostics::StatusReport;
use storefront::provider::ProviderName;
use storefront::provider::onebound::OneboundConfig;
use storefront::provider::pacing::Pacing;

use crate::support::*;

/// Onebound credentials matching the stand-in's, and its address.
pub fn onebound_vars(onebound: &OneboundStandIn) -> Vec<(String, String)> {
    vec![
        ("ONEBOUND_KEY".into(), stand_in::KEY.into()),
        ("ONEBOUND_SECRET".into(), stand_in::SECRET.into()),
        ("ONEBOUND_API_URL".into(), onebound.base_url.clone()),
        // Every view of the status page may probe.
        ("STATUS_RECHECK_SECS".into(), "0".into()),
        ("ONEBOUND_DAILY_LIMIT".into(), "0".into()),
        // Each test its own catalog, and no file.
        ("STOREFRONT_STORE".into(), "memory".into()),
    ]
}

/// The Onebound-mode state for `vars`, with short timeouts and retry delays and `pacing`.
pub async fn onebound_state_paced(vars: &[(String, String)], pacing: Pacing) -> AppState {
    let vars: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let config = config(&vars);
    assert_eq!(
        config.source.name,
        ProviderName::Onebound,
        "{:?}",
        config.source
    );
    let mut onebound = OneboundConfig::from_config(&config).expect("key and secret configured");
    onebound.timeout = Duration::from_secs(1);
    onebound.retry_base_delay = Duration::from_millis(5);
    onebound.pacing = pacing;
    AppState::onebound(config, onebound)
        .await
        .expect("Onebound state")
}

pub async fn onebound_app() -> (OneboundStandIn, AppState) {
    let onebound = OneboundStandIn::start(stand_in::OneboundConfig::default()).await;
    let state = onebound_state_paced(&onebound_vars(&onebound), Pacing::unlimited()).await;
    (onebound, state)
}

fn assert_onebound_banner(response: &TestResponse) {
    assert_eq!(response.attrs("#data-source", "data-source"), vec!["live"]);
    assert_eq!(
        response.attrs("#data-source", "data-provider"),
        vec!["onebound"]
    );
    let text = &response.texts("#data-source")[0];
    assert!(
        text.contains("Live 1688 data") && text.contains("Onebound"),
        "{text}"
    );
}

#[tokio::test]
async fn every_page_in_onebound_mode_shows_the_stand_ins_data() {
    let (onebound, state) = onebound_app().await;

    let listing = get_with(state.clone(), "/search?q=phone+case", &[]).await;
    assert_eq!(listing.status, 200, "{}", listing.body);
    assert_onebound_banner(&listing);
    let links = listing.attrs(".card a.card-link", "href");
    let expected: Vec<String> = stand_in::ITEMS
        .iter()
        .map(|id| format!("/products/{id}"))
        .collect();
    assert_eq!(links, expected);
    assert_eq!(listing.texts(".card-title")[0], "New silicone phone case");
    assert_eq!(
        listing.count(".card-title-zh"),
        0,
        "one language: the title is not repeated"
    );
    assert_eq!(card_prices(&listing), vec![3.5, 12.8, 25.0]);
    assert!(
        listing.texts(".result-count")[0].contains("1,234"),
        "{:?}",
        listing.texts(".result-count")
    );
    let images = listing.attrs(".card img", "src");
    assert_eq!(
        images.len(),
        2,
        "the item without a picture shows the placeholder"
    );
    assert!(
        images.iter().all(|src| src.starts_with("https://")),
        "{images:?}"
    );
    assert_eq!(listing.count(".card .card-img-missing"), 1);
    assert!(
        listing
            .attrs(".card img", "referrerpolicy")
            .iter()
            .all(|p| p == "no-referrer")
    );

    let product = get_with(
        state.clone(),
        &format!("/products/{}", stand_in::KNOWN_ITEM),
        &[],
    )
    .await;
    assert_eq!(product.status, 200, "{}", product.body);
    assert_onebound_banner(&product);
    assert_eq!(product.texts("h1"), vec!["New silicone phone case"]);
    assert_eq!(
        product.count(".title-zh"),
        0,
        "one language: the title is not repeated"
    );
    assert_eq!(
        product.count("#price-tiers tbody tr"),
        3,
        "price by quantity"
    );
    assert!(
        product.texts("#moq")[0].contains("2 piece"),
        "{:?}",
        product.texts("#moq")
    );
    assert!(product.count("#gallery img") >= 2);
    for src in product.attrs("#gallery img", "src") {
        assert!(src.starts_with("https://cbu01.alicdn.com/"), "{src}");
    }
    assert!(
        product.body.contains("Red") && product.body.contains("Size"),
        "SKUs with properties"
    );
    assert!(
        product.body.contains("义乌市示例贸易有限公司"),
        "the seller"
    );
    assert_eq!(product.count("#description"), 1);
    assert_eq!(scripts_besides_json_ld(&product), 0);
    assert!(!product.body.contains("steal()"));

    let categories = get_with(state.clone(), "/categories", &[]).await;
    assert_eq!(categories.status, 200);
    assert_onebound_banner(&categories);
    assert!(
        categories.count(".tree-top") >= 10,
        "the tree the store knows"
    );

    let browse = get_with(
        state.clone(),
        &format!("/products?category={}", stand_in::CATEGORY_IDS[0]),
        &[],
    )
    .await;
    assert_eq!(browse.status, 200, "{}", browse.body);
    assert_eq!(
        browse.attrs(".card a.card-link", "href"),
        vec![format!("/products/{}", stand_in::KNOWN_ITEM)]
    );
    let params = onebound.last_params(stand_in::ITEM_SEARCH).unwrap();
    assert_eq!(params.get("cat").map(String::as_str), Some("1038378"));
    assert!(
        !params.contains_key("q"),
        "a category is browsed without a keyword"
    );

    let link = urlencode(&format!(
        "https://detail.1688.com/offer/{}.html?spm=a26",
        stand_in::KNOWN_ITEM
    ));
    let offer_link = get_with(state.clone(), &format!("/search?q={link}"), &[]).await;
    assert_eq!(offer_link.status, 303);
    assert_eq!(
        offer_link.header("location"),
        Some(format!("/products/{}", stand_in::KNOWN_ITEM).as_str())
    );

    let home = get_with(state.clone(), "/", &[]).await;
    assert_eq!(home.status, 200);
    assert_onebound_banner(&home);
    assert!(
        home.count(".card") >= 1,
        "the shelves show Onebound's items"
    );

    let start = get_with(state.clone(), "/products", &[]).await;
    assert_eq!(
        start.status, 200,
        "no keyword and no category: the start page, not an error"
    );

    let api = get_with(state.clone(), "/api/products?q=phone", &[])
        .await
        .json();
    assert_eq!(api["source"], "live");
    assert_eq!(api["items"][0]["id"], stand_in::KNOWN_ITEM);
    let missing = get_with(state, "/products/100000000001", &[]).await;
    assert_eq!(missing.status, 404, "an unknown item is a 404 page");
}

#[tokio::test]
async fn onebound_requests_carry_the_documented_parameters() {
    let (onebound, state) = onebound_app().await;
    let response = get_with(state.clone(), "/search?q=%E6%89%8B%E6%9C%BA%E5%A3%B3&sort=sales&min_price=1.5&max_price=20&page=2&page_size=10", &[]).await;
    assert_eq!(response.status, 200, "{}", response.body);
    let params = onebound.last_params(stand_in::ITEM_SEARCH).unwrap();
    for (name, value) in [
        ("key", stand_in::KEY),
        ("secret", stand_in::SECRET),
        ("q", "手机壳"),
        ("sort", "_sale"),
        ("start_price", "1.5"),
        ("end_price", "20"),
        ("page", "2"),
        ("page_size", "10"),
        ("lang", "en"),
        ("cache", "yes"),
        ("result_type", "json"),
    ] {
        assert_eq!(params.get(name).map(String::as_str), Some(value), "{name}");
    }
    for (sort, expected) in [("price_asc", "bid"), ("price_desc", "_bid")] {
        get_with(state.clone(), &format!("/search?q=x&sort={sort}"), &[]).await;
        let params = onebound.last_params(stand_in::ITEM_SEARCH).unwrap();
        assert_eq!(params.get("sort").map(String::as_str), Some(expected));
    }
    get_with(state, &format!("/products/{}", stand_in::ITEMS[1]), &[]).await;
    let params = onebound.last_params(stand_in::ITEM_GET).unwrap();
    assert_eq!(
        params.get("num_iid").map(String::as_str),
        Some(stand_in::ITEMS[1].to_string().as_str())
    );
}

/// The error class, the page's status, and a setting the remedy must name, per failure.
const FAILURES: [(Behaviour, &str, u16, &str); 8] = [
    (Behaviour::BadKey, "app_key_rejected", 502, "ONEBOUND_KEY"),
    (
        Behaviour::BadSecret,
        "invalid_signature",
        502,
        "ONEBOUND_SECRET",
    ),
    // A rate limit pauses calls, not pages: the page is queued and reloads by itself (202).
    (Behaviour::RateLimited, "rate_limited", 202, "ONEBOUND_QPS"),
    (
        Behaviour::QuotaExhausted,
        "quota_exhausted",
        503,
        "ONEBOUND_DAILY_LIMIT",
    ),
    (
        Behaviour::NotEnabled,
        "permission_denied",
        502,
        "item_search",
    ),
    (
        Behaviour::UpstreamTimeout,
        "unavailable",
        503,
        "ONEBOUND_API_URL",
    ),
    (
        Behaviour::ServerError,
        "unavailable",
        503,
        "ONEBOUND_API_URL",
    ),
    (Behaviour::Malformed, "unavailable", 503, "ONEBOUND_API_URL"),
];

#[tokio::test]
async fn each_onebound_failure_class_gives_its_page_and_remedy() {
    for (behaviour, code, status, setting) in FAILURES {
        let (onebound, state) = onebound_app().await;
        onebound.set_behaviour(behaviour.clone());

        let page = get_with(state.clone(), "/search?q=phone", &[]).await;
        assert_eq!(page.status, status, "{behaviour:?}: {}", page.body);
        let shown = if status == 202 {
            "#pending"
        } else {
            ".error-page"
        };
        assert_eq!(page.count(shown), 1, "{behaviour:?}");
        assert_eq!(page.count(".card"), 0, "no invented data: {behaviour:?}");
        // The calls go to Onebound: its pacing, allowance or outage is not 1688's.
        let words = page.texts(&format!("{shown} h1, {shown} p")).join(" ");
        for untrue in [
            "1688 is",
            "1688 did not",
            "its 1688",
            "reach 1688",
            "calls to 1688",
        ] {
            assert!(!words.contains(untrue), "{behaviour:?}: {words}");
        }
        if matches!(
            behaviour,
            Behaviour::RateLimited | Behaviour::QuotaExhausted | Behaviour::UpstreamTimeout
        ) {
            assert!(words.contains("Onebound"), "{behaviour:?}: {words}");
        }
        let api = get_with(state.clone(), "/api/products?q=phone", &[]).await;
        assert_eq!(api.json()["error"]["code"], code, "{behaviour:?}");

        let status_page = get_with(state.clone(), "/api-status?recheck=1", &[]).await;
        assert_eq!(status_page.status, 200);
        assert_eq!(
            status_page.attrs("#provider", "data-provider"),
            vec!["onebound"]
        );
        let errors = status_page.attrs(".check", "data-error");
        assert_eq!(
            errors.first().map(String::as_str),
            Some(code),
            "{behaviour:?}: {}",
            status_page.body
        );
        let remedy = &status_page.texts(".check-remedy")[0];
        assert!(remedy.contains(setting), "{behaviour:?}: {remedy}");
        assert!(
            !remedy.contains("ALIBABA_"),
            "{behaviour:?}: a remedy names Onebound's settings: {remedy}"
        );
    }
}

#[tokio::test]
async fn retried_failures_recover_and_rate_limits_pause_every_call() {
    let (onebound, state) = onebound_app().await;
    onebound.set_behaviour_times(Behaviour::UpstreamTimeout, 1);
    let page = get_with(state.clone(), "/search?q=retry", &[]).await;
    assert_eq!(page.status, 200, "one retry after Onebound's own timeout");
    assert_eq!(onebound.calls(stand_in::ITEM_SEARCH), 2);

    onebound.set_behaviour_times(Behaviour::BadKey, 1);
    let refused = get_with(state, "/search?q=no-retry", &[]).await;
    assert_eq!(refused.status, 502);
    assert_eq!(
        onebound.calls(stand_in::ITEM_SEARCH),
        3,
        "a refused key is not retried"
    );
}

#[tokio::test]
async fn the_status_page_and_storefront_check_probe_one_search_and_one_item() {
    let (onebound, state) = onebound_app().await;
    let page = get_with(state.clone(), "/api-status", &[]).await;
    assert_eq!(page.status, 200);
    assert_eq!(
        page.texts("#credentials-message"),
        vec!["API credentials are configured!"]
    );
    assert_eq!(
        page.attrs(".check", "data-ok"),
        vec!["true", "true"],
        "{}",
        page.body
    );
    assert!(
        page.texts("#onebound-key")[0].contains("stan****"),
        "{:?}",
        page.texts("#onebound-key")
    );
    assert!(!page.body.contains(stand_in::SECRET));
    assert_eq!(onebound.calls(stand_in::ITEM_SEARCH), 1);
    assert_eq!(onebound.calls(stand_in::ITEM_GET), 1);

    let report = StatusReport::collect_now(&state).await;
    assert!(report.healthy());
    let text = report.to_text();
    assert!(text.contains("source:               onebound"), "{text}");
    assert!(
        text.contains("ONEBOUND_KEY:         yes (stan****)"),
        "{text}"
    );
    assert!(!text.contains(stand_in::SECRET));

    onebound.set_behaviour(Behaviour::QuotaExhausted);
    let failing = StatusReport::collect_now(&state).await;
    assert!(!failing.healthy());
    let text = failing.to_text();
    assert!(
        text.contains("[FAIL]")
            && text.contains("what to do:")
            && text.contains("ONEBOUND_DAILY_LIMIT"),
        "{text}"
    );
}

#[tokio::test]
async fn the_status_page_spends_only_its_allowance_of_onebound_calls() {
    let onebound = OneboundStandIn::start(stand_in::OneboundConfig::default()).await;
    let mut vars = onebound_vars(&onebound);
    vars.retain(|(k, _)| k != "STATUS_RECHECK_SECS" && k != "ONEBOUND_DAILY_LIMIT");
    vars.push(("ONEBOUND_DAILY_LIMIT".into(), "20".into()));
    vars.push(("STATUS_RECHECK_SECS".into(), "0".into()));
    let state = onebound_state_paced(&vars, Pacing::unlimited()).await;
    // A tenth of ONEBOUND_DAILY_LIMIT, at least 4: two probes of two calls.
    for _ in 0..5 {
        get_with(state.clone(), "/api-status?recheck=1", &[]).await;
    }
    assert_eq!(onebound.total_calls(), 4);
}

#[tokio::test]
async fn answers_are_cached_and_optional_blocks_never_wait_for_a_slot() {
    let onebound = OneboundStandIn::start(stand_in::OneboundConfig::default()).await;
    let state = onebound_state_paced(&onebound_vars(&onebound), Pacing::new(0.5, None)).await;
    let first = get_with(
        state.clone(),
        &format!("/products/{}", stand_in::KNOWN_ITEM),
        &[],
    )
    .await;
    assert_eq!(first.status, 200);
    assert_eq!(onebound.calls(stand_in::ITEM_GET), 1);
    // The item took the only slot for two seconds: the related products are left out at once.
    assert_eq!(onebound.calls(stand_in::ITEM_SEARCH), 0);
    assert_eq!(
        first.texts("#related .block-notice"),
        vec![
            "More products from this category will show once Onebound has a moment: this store paces its calls. Reload the page shortly."
        ],
    );

    let again = get_with(state.clone(), "/api/products/610947572360", &[]).await;
    assert_eq!(again.status, 200);
    assert_eq!(onebound.calls(stand_in::ITEM_GET), 1, "the cached item");
}

#[tokio::test]
async fn a_stale_page_says_the_fresh_copy_comes_from_onebound() {
    let onebound = OneboundStandIn::start(stand_in::OneboundConfig::default()).await;
    let mut vars = onebound_vars(&onebound);
    vars.push(("CACHE_SEARCH_TTL_SECS".into(), "1".into()));
    let state = onebound_state_paced(&vars, Pacing::unlimited()).await;
    let fresh = get_with(state.clone(), "/search?q=phone", &[]).await;
    assert_eq!(fresh.status, 200);
    assert_eq!(fresh.count("#stale-notice"), 0);

    // Failing before the answer goes stale: no refresh in between can make it fresh again.
    onebound.set_behaviour(Behaviour::ServerError);
    tokio::time::sleep(Duration::from_millis(1_200)).await;
    let stale = get_with(state, "/search?q=phone", &[]).await;
    assert_eq!(stale.status, 200);
    let notice = stale.texts("#stale-notice").join(" ");
    assert!(
        notice.contains("fetched from Onebound") && notice.contains("or Onebound answers again"),
        "{notice}"
    );
}

#[tokio::test]
async fn with_onebounds_budget_spent_the_listing_and_the_offer_preview_say_whose_calls_are_used_up()
{
    let onebound = OneboundStandIn::start(stand_in::OneboundConfig::default()).await;
    let pacing = Pacing {
        daily_limit: Some(1),
        ..Pacing::unlimited()
    };
    let state = onebound_state_paced(&onebound_vars(&onebound), pacing).await;
    assert_eq!(
        get_with(state.clone(), "/search?q=phone", &[]).await.status,
        200
    );

    let saved = get_with(state.clone(), "/search?q=phone&sort=price_asc", &[]).await;
    assert_eq!(saved.status, 200, "{}", saved.body);
    assert_eq!(onebound.calls(stand_in::ITEM_SEARCH), 1);
    let notice = saved.texts("#saved-search-notice").join(" ");
    assert!(
        notice.contains("its Onebound calls for today are used up"),
        "{notice}"
    );
    // An offer seen only in a listing: what the listing showed, and why the rest waits.
    let card = &saved.attrs(".card a.card-link", "href")[0];
    let preview = get_with(state, card, &[]).await;
    assert_eq!(preview.status, 200, "{}", preview.body);
    let pending = preview.texts("#details-pending").join(" ");
    assert!(
        pending.contains("This store's Onebound calls for today are used up"),
        "{pending}"
    );
}

#[tokio::test]
async fn identical_concurrent_views_share_one_onebound_call() {
    let (onebound, state) = onebound_app().await;
    onebound.set_behaviour(Behaviour::Slow(Duration::from_millis(200)));
    let views = (0..6).map(|_| {
        let state = state.clone();
        tokio::spawn(async move {
            get_with(state, "/api/products?q=collapse", &[])
                .await
                .status
        })
    });
    for view in views {
        assert_eq!(view.await.unwrap(), 200);
    }
    assert_eq!(onebound.calls(stand_in::ITEM_SEARCH), 1);
}

#[tokio::test]
async fn the_onebound_daily_limit_is_never_overspent() {
    let onebound = OneboundStandIn::start(stand_in::OneboundConfig::default()).await;
    let mut vars = onebound_vars(&onebound);
    vars.retain(|(k, _)| k != "ONEBOUND_DAILY_LIMIT");
    vars.push(("ONEBOUND_DAILY_LIMIT".into(), "1".into()));
    let state = onebound_state_paced(&vars, Pacing::new(100.0, Some(1))).await;
    assert_eq!(
        get_with(state.clone(), "/search?q=first", &[]).await.status,
        200
    );
    // The budget is spent: a new search is answered from the offers the store saved.
    let second = get_with(state.clone(), "/search?q=second", &[]).await;
    assert_eq!(second.status, 200, "{}", second.body);
    let unknown = get_with(
        state.clone(),
        &format!("/api/products/{}", stand_in::ITEMS[2]),
        &[],
    )
    .await;
    assert_eq!(
        unknown.json()["error"]["code"],
        "quota_exhausted",
        "{}",
        unknown.body
    );
    assert_eq!(onebound.total_calls(), 1, "the budget is never overspent");
    let status = get_with(state, "/api/status", &[]).await.json();
    assert_eq!(status["usage"]["calls_today"], 1);
    assert_eq!(status["usage"]["daily_limit"], 1);
}

#[tokio::test]
async fn the_banner_names_the_source_in_every_mode() {
    let mock = get("/categories").await;
    assert_eq!(mock.attrs("#data-source", "data-provider"), vec!["mock"]);
    assert_eq!(mock.attrs("#data-source", "data-source"), vec!["mock"]);

    let (_gateway, gateway_state) = crate::live::live_app(crate::live::standard_vars).await;
    let live = get_with(gateway_state, "/categories", &[]).await;
    assert_eq!(live.attrs("#data-source", "data-provider"), vec!["1688"]);
    assert!(live.texts("#data-source")[0].contains("1688 Open Platform"));

    let (_onebound, state) = onebound_app().await;
    assert_onebound_banner(&get_with(state, "/categories", &[]).await);
}

#[tokio::test]
async fn the_state_is_built_on_the_source_the_credentials_choose() {
    let alibaba = [
        ("ALIBABA_APP_KEY", "12345678"),
        ("ALIBABA_APP_SECRET", "s3cr3t"),
    ];
    let onebound = [
        ("ONEBOUND_KEY", "t1234567"),
        ("ONEBOUND_SECRET", "ob-s3cr3t"),
    ];
    // Credentials, STOREFRONT_PROVIDER, the source built.
    type Case<'a> = (&'a [(&'a str, &'a str)], Option<&'a str>, ProviderName);
    let cases: [Case; 7] = [
        (&[], None, ProviderName::Mock),
        (&alibaba, None, ProviderName::Gateway),
        (&onebound, None, ProviderName::Onebound),
        (
            &[alibaba[0], alibaba[1], onebound[0], onebound[1]],
            None,
            ProviderName::Gateway,
        ),
        (
            &[alibaba[0], alibaba[1], onebound[0], onebound[1]],
            Some("onebound"),
            ProviderName::Onebound,
        ),
        (
            &[alibaba[0], alibaba[1], onebound[0], onebound[1]],
            Some("mock"),
            ProviderName::Mock,
        ),
        (&onebound, Some("mock"), ProviderName::Mock),
    ];
    let data_dir = crate::live::temp_dir("choice");
    for (credentials, provider, expected) in cases {
        let mut vars: Vec<(&str, &str)> = credentials.to_vec();
        vars.push(("STOREFRONT_DATA_DIR", &data_dir));
        if let Some(provider) = provider {
            vars.push(("STOREFRONT_PROVIDER", provider));
        }
        // Building sends nothing.
        let state = AppState::from_config(config(&vars)).await.expect("state");
        assert_eq!(state.provider.name(), expected, "{vars:?}");
    }
}

#[tokio::test]
async fn buyer_filters_onebound_cannot_apply_are_refused_by_name() {
    let (onebound, state) = onebound_app().await;
    let page = get_with(state.clone(), "/search?q=phone&ships_within=24", &[]).await;
    assert_eq!(page.status, 400, "{}", page.body);
    assert!(page.body.contains("ships_within"));
    let listing = get_with(state, "/search?q=phone", &[]).await;
    assert_eq!(
        listing.count("input[name=verified_factory]"),
        0,
        "no filter offered"
    );
    assert_eq!(
        onebound.calls(stand_in::ITEM_SEARCH),
        1,
        "the refused search made no call"
    );
}
