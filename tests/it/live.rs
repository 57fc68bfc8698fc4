//! Live mode end to end: the real app against a local stand-in of the 1688 gateway that verifies
//! every signature. No test touches the internet.

use storefront::AppState;

use crate::stand_in::{self, Behaviour, StandIn, StandInConfig};
use crate::support::*;

pub async fn live_app(
    config_for: impl FnOnce(&StandIn) -> Vec<(String, String)>,
) -> (StandIn, AppState) {
    let gateway = StandIn::start(StandInConfig::default()).await;
    let vars = config_for(&gateway);
    let vars: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let state = live_state(config(&vars)).await;
    (gateway, state)
}

/// The store owner's token in the live tests.
pub const OWNER_TOKEN: &str = "owner-token-0123456789abcdef";

/// Credentials matching the stand-in's, the owner token, and a private data directory.
pub fn standard_vars(gateway: &StandIn) -> Vec<(String, String)> {
    vec![
        ("ALIBABA_APP_KEY".into(), stand_in::APP_KEY.into()),
        ("ALIBABA_APP_SECRET".into(), stand_in::APP_SECRET.into()),
        ("ALIBABA_ACCESS_TOKEN".into(), stand_in::ACCESS_TOKEN.into()),
        ("ALIBABA_API_URL".into(), gateway.base_url.clone()),
        ("STOREFRONT_DATA_DIR".into(), temp_dir("live")),
        ("STOREFRONT_ADMIN_TOKEN".into(), OWNER_TOKEN.into()),
    ]
}

/// Where the owner starts the OAuth flow.
fn owner_start() -> String {
    format!("/auth/1688?admin={OWNER_TOKEN}")
}

/// Like [`standard_vars`], but without `ALIBABA_ACCESS_TOKEN`: the token must come through OAuth,
/// stored in `data_dir`.
fn oauth_only_vars(gateway: &StandIn, data_dir: &str) -> Vec<(String, String)> {
    let mut vars = standard_vars(gateway);
    vars.retain(|(k, _)| k != "ALIBABA_ACCESS_TOKEN" && k != "STOREFRONT_DATA_DIR");
    vars.push(("STOREFRONT_DATA_DIR".into(), data_dir.to_string()));
    vars
}

pub fn temp_dir(name: &str) -> String {
    let dir = std::env::temp_dir().join(format!(
        "storefront-test-{name}-{}-{}",
        std::process::id(),
        rand_suffix()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir.to_string_lossy().into_owned()
}

fn rand_suffix() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

fn assert_live_banner(response: &TestResponse) {
    assert_eq!(response.attrs("#data-source", "data-source"), vec!["live"]);
    assert!(response.texts("#data-source")[0].contains("Live 1688 data"));
}

#[tokio::test]
async fn live_pages_show_gateway_data() {
    let (_gateway, state) = live_app(standard_vars).await;

    let listing = get_with(state.clone(), "/search?q=phone", &[]).await;
    assert_eq!(listing.status, 200, "{}", listing.body);
    assert_live_banner(&listing);
    let links = listing.attrs(".card a.card-link", "href");
    assert!(
        links.contains(&format!("/products/{}", stand_in::KNOWN_OFFER)),
        "{links:?}"
    );
    assert!(listing.texts(".result-count")[0].contains("1,234"));
    for src in listing.attrs(".card img", "src") {
        assert!(src.starts_with("https://"), "{src}");
    }

    let product = get_with(
        state.clone(),
        &format!("/products/{}", stand_in::KNOWN_OFFER),
        &[],
    )
    .await;
    assert_eq!(product.status, 200, "{}", product.body);
    assert_live_banner(&product);
    assert!(product.count("#price-tiers tbody tr") >= 1);
    assert_eq!(
        product.count("#sample-offer-note"),
        0,
        "a live offer is 1688's"
    );
    assert!(product.texts("title")[0].contains(&format!("1688 offer {}", stand_in::KNOWN_OFFER)));
    assert_eq!(product.count("#description"), 1);
    assert_eq!(product.count("#description script"), 0);
    assert_eq!(
        scripts_besides_json_ld(&product),
        0,
        "supplier HTML is sanitized"
    );

    let categories = get_with(state.clone(), "/categories", &[]).await;
    assert_eq!(categories.status, 200);
    assert_eq!(categories.count(".tree-top"), stand_in::CATEGORIES.len());

    let home = get_with(state.clone(), "/", &[]).await;
    assert_eq!(home.status, 200, "{}", home.body);
    assert_live_banner(&home);

    let api = get_with(state, "/api/products?q=phone", &[]).await.json();
    assert_eq!(api["source"], "live");
    assert_eq!(api["total"], stand_in::TOTAL_OFFERS);
}

#[tokio::test]
async fn live_mode_allows_the_image_cdn_in_the_content_security_policy() {
    let (_gateway, state) = live_app(standard_vars).await;
    let response = get_with(state, "/healthz", &[]).await;
    let csp = response.header("content-security-policy").unwrap();
    assert!(csp.contains("img-src 'self' https://*.alicdn.com"), "{csp}");
    assert!(
        get("/healthz")
            .await
            .header("content-security-policy")
            .unwrap()
            .contains("img-src 'self';")
    );
}

/// (behaviour, page status, JSON status, JSON error code)
fn failure_classes() -> Vec<(Behaviour, u16, u16, &'static str)> {
    vec![
        (Behaviour::SignatureInvalid, 502, 502, "invalid_signature"),
        (Behaviour::TokenExpired, 502, 502, "unauthorized"),
        (
            Behaviour::AclDecline {
                api: stand_in::KEYWORD_QUERY.into(),
            },
            502,
            502,
            "permission_denied",
        ),
        // A rate limit pauses calls, not pages: the page is queued and reloads by itself (202);
        // scripts get 503 with Retry-After.
        (Behaviour::RateLimited, 202, 503, "rate_limited"),
        (Behaviour::QuotaExhausted, 503, 503, "quota_exhausted"),
        (Behaviour::ServerError, 503, 503, "unavailable"),
        (Behaviour::Malformed, 503, 503, "unavailable"),
    ]
}

fn fast_failing_vars(gateway: &StandIn) -> Vec<(String, String)> {
    standard_vars(gateway)
}

#[tokio::test]
async fn each_gateway_failure_gets_a_clear_error_page_and_json_error() {
    let (gateway, state) = live_app(fast_failing_vars).await;
    for (n, (behaviour, page_status, json_status, code)) in
        failure_classes().into_iter().enumerate()
    {
        gateway.set_behaviour(behaviour.clone());
        // A keyword of its own per class: a queued page stays queued until the planner fetches it.
        let keyword = format!("phone{n}");
        let page = get_with(state.clone(), &format!("/search?q={keyword}"), &[]).await;
        assert_eq!(page.status, page_status, "{behaviour:?}");
        assert_live_banner(&page);
        if page_status == 202 {
            assert_eq!(page.count("#pending"), 1, "{behaviour:?}");
            assert_eq!(page.attrs("meta[http-equiv=refresh]", "content").len(), 1);
            assert!(page.header("retry-after").is_some());
        } else {
            assert_eq!(page.count(".error-page"), 1, "{behaviour:?}");
            assert!(
                page.attrs(".error-page a", "href")
                    .contains(&"/api-status".to_string()),
                "{behaviour:?}"
            );
        }
        assert_eq!(page.count(".card"), 0, "no invented data: {behaviour:?}");

        let api = get_with(state.clone(), &format!("/api/products?q={keyword}"), &[]).await;
        assert_eq!(api.status, json_status, "{behaviour:?}");
        assert_eq!(api.json()["error"]["code"], code, "{behaviour:?}");
        if page_status == 202 {
            assert!(api.header("retry-after").is_some(), "{behaviour:?}");
        }
    }
}

#[tokio::test]
async fn an_unknown_offer_is_a_404_in_live_mode() {
    let (_gateway, state) = live_app(standard_vars).await;
    let response = get_with(state, "/products/100000000001", &[]).await;
    assert_eq!(response.status, 404);
    assert_live_banner(&response);
}

#[tokio::test]
async fn api_status_probes_the_gateway_and_reports_success() {
    let (_gateway, state) = live_app(standard_vars).await;
    let page = get_with(state.clone(), "/api-status", &[]).await;
    assert_eq!(page.status, 200);
    assert_eq!(page.attrs("#mode", "data-mode"), vec!["live"]);
    assert_eq!(
        page.texts("#credentials-message"),
        vec!["API credentials are configured!"]
    );
    let oks = page.attrs(".check", "data-ok");
    assert_eq!(oks.len(), 4, "{oks:?}");
    assert!(oks.iter().all(|ok| ok == "true"), "{}", page.body);
    assert!(
        page.texts(".check .latency")
            .iter()
            .all(|l| l.ends_with("ms"))
    );
    let json = get_with(state, "/api/status", &[]).await.json();
    assert_eq!(json["mode"], "live");
    assert_eq!(json["checks"].as_array().unwrap().len(), 4);
}

#[tokio::test]
async fn api_status_names_the_cause_and_the_remedy_of_each_failure() {
    let (gateway, state) = live_app(|g| {
        let mut vars = fast_failing_vars(g);
        vars.push(("STATUS_RECHECK_SECS".into(), "0".into()));
        vars.push(("ALIBABA_DAILY_LIMIT".into(), "0".into()));
        vars
    })
    .await;
    let expectations = [
        (
            Behaviour::SignatureInvalid,
            "invalid_signature",
            "App Secret",
        ),
        (Behaviour::TokenExpired, "unauthorized", "Authorize"),
        (
            Behaviour::AclDecline {
                api: stand_in::PRODUCT_DETAIL.into(),
            },
            "permission_denied",
            "product.search.queryProductDetail",
        ),
        (Behaviour::RateLimited, "rate_limited", "Wait"),
        (Behaviour::QuotaExhausted, "quota_exhausted", "quota"),
    ];
    for (behaviour, code, remedy) in expectations {
        gateway.set_behaviour(behaviour.clone());
        let page = get_with(state.clone(), "/api-status?recheck=1", &[]).await;
        assert_eq!(page.status, 200);
        let errors = page.attrs(".check", "data-error");
        assert!(
            errors.iter().any(|e| e == code),
            "{behaviour:?}: {errors:?}"
        );
        let remedies = page.texts(".check-remedy").join(" ");
        assert!(remedies.contains(remedy), "{behaviour:?}: {remedies}");
        let json = get_with(state.clone(), "/api/status", &[]).await.json();
        let codes: Vec<_> = json["checks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["error_code"].clone())
            .collect();
        assert!(
            codes.contains(&serde_json::json!(code)),
            "{behaviour:?}: {codes:?}"
        );
    }
}

#[tokio::test]
async fn oauth_start_redirects_to_1688_with_client_site_callback_and_state() {
    let (_gateway, state) = live_app(|g| {
        let mut vars = standard_vars(g);
        vars.push(("SITE_URL".into(), "https://shop.example".into()));
        vars
    })
    .await;
    let response = get_with(state, &owner_start(), &[]).await;
    assert_eq!(response.status, 303);
    let location = response.header("location").unwrap();
    assert!(
        location.starts_with("https://auth.1688.com/oauth/authorize?"),
        "{location}"
    );
    let query: std::collections::HashMap<String, String> =
        form_urlencoded::parse(location.split_once('?').unwrap().1.as_bytes())
            .into_owned()
            .collect();
    assert_eq!(query["client_id"], stand_in::APP_KEY);
    assert_eq!(query["site"], "1688");
    assert_eq!(query["redirect_uri"], "https://shop.example/api/callback");
    assert!(query["state"].len() >= 16);
}

fn state_from(location: &str) -> String {
    form_urlencoded::parse(location.split_once('?').unwrap().1.as_bytes())
        .find(|(k, _)| k == "state")
        .unwrap()
        .1
        .into_owned()
}

#[tokio::test]
async fn oauth_callback_stores_the_token_for_the_owner_only_and_refuses_replays() {
    let data_dir = temp_dir("oauth");
    let (gateway, state) = live_app(|g| oauth_only_vars(g, &data_dir)).await;
    let token_file = std::path::Path::new(&data_dir).join("oauth-token.json");

    // Without a token, product APIs are unauthorized.
    assert_eq!(
        get_with(state.clone(), "/search?q=phone", &[]).await.status,
        502
    );

    // A forged state is refused and nothing is stored.
    let forged = get_with(
        state.clone(),
        &format!("/api/callback?code={}&state=forged", stand_in::OAUTH_CODE),
        &[],
    )
    .await;
    assert_eq!(forged.status, 400);
    assert_eq!(forged.count(".error-page"), 1, "an HTML page, not JSON");
    assert!(!token_file.exists());

    let start = get_with(state.clone(), &owner_start(), &[]).await;
    let oauth_state = state_from(start.header("location").unwrap());

    // A wrong code with a valid state is refused too.
    let bad_code = get_with(
        state.clone(),
        &format!("/api/callback?code=wrong&state={oauth_state}"),
        &[],
    )
    .await;
    assert_eq!(bad_code.status, 400);
    assert!(!token_file.exists());

    let start = get_with(state.clone(), &owner_start(), &[]).await;
    let oauth_state = state_from(start.header("location").unwrap());
    let callback = format!(
        "/api/callback?code={}&state={oauth_state}",
        stand_in::OAUTH_CODE
    );
    let ok = get_with(state.clone(), &callback, &[]).await;
    assert_eq!(ok.status, 303, "{}", ok.body);
    assert_eq!(ok.header("location"), Some("/api-status"));
    assert_eq!(gateway.calls("system.oauth2:getToken-1"), 2);
    let stored = std::fs::read_to_string(&token_file).unwrap();
    assert!(stored.contains(stand_in::ACCESS_TOKEN));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&token_file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    // The stored token now works for the product APIs.
    assert_eq!(
        get_with(state.clone(), "/search?q=phone", &[]).await.status,
        200
    );

    // Replaying the callback is refused and leaves the stored token alone.
    let replay = get_with(state.clone(), &callback, &[]).await;
    assert_eq!(replay.status, 400);
    assert_eq!(std::fs::read_to_string(&token_file).unwrap(), stored);
}

#[tokio::test]
async fn oauth_without_credentials_explains_what_is_missing() {
    let state = AppState::mock(config(&[("STOREFRONT_ADMIN_TOKEN", OWNER_TOKEN)]));
    let response = get_with(state, &owner_start(), &[]).await;
    assert_eq!(response.status, 400);
    assert!(response.texts(".error-message")[0].contains("ALIBABA_APP_KEY"));
}

#[tokio::test]
async fn without_an_owner_token_nobody_can_connect_the_store_and_the_status_page_says_how() {
    let (_gateway, state) = live_app(|g| {
        let mut vars = standard_vars(g);
        vars.retain(|(k, _)| k != "STOREFRONT_ADMIN_TOKEN");
        vars
    })
    .await;
    for uri in ["/auth/1688", &owner_start()] {
        let response = get_with(state.clone(), uri, &[]).await;
        assert_eq!(response.status, 404, "{uri}");
        assert!(response.header("location").is_none());
    }
    let status = get_with(state, "/api-status", &[]).await;
    assert_eq!(status.attrs("#oauth", "data-enabled"), vec!["false"]);
    assert!(status.texts("#oauth")[0].contains("STOREFRONT_ADMIN_TOKEN"));
}

#[tokio::test]
async fn a_visitor_without_the_owner_token_gets_no_authorization_link() {
    let (gateway, state) = live_app(standard_vars).await;
    for uri in [
        "/auth/1688".to_string(),
        "/auth/1688?admin=".to_string(),
        "/auth/1688?admin=guess".to_string(),
        format!("/auth/1688?admin={}", &OWNER_TOKEN[..OWNER_TOKEN.len() - 1]),
    ] {
        let response = get_with(state.clone(), &uri, &[]).await;
        assert_eq!(response.status, 403, "{uri}");
        assert!(response.header("location").is_none(), "{uri}");
        assert!(!response.body.contains(OWNER_TOKEN));
    }
    // A callback with a state the visitor made up (or got elsewhere) stores nothing.
    let callback = get_with(
        state,
        &format!(
            "/api/callback?code={}&state=0123456789abcdef0123456789abcdef",
            stand_in::OAUTH_CODE
        ),
        &[],
    )
    .await;
    assert_eq!(callback.status, 400);
    assert_eq!(
        gateway.calls("system.oauth2:getToken-1"),
        0,
        "the code is never exchanged"
    );
}

#[tokio::test]
async fn an_expiring_oauth_token_is_refreshed_before_use() {
    let data_dir = temp_dir("refresh");
    let soon = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        + 60;
    std::fs::write(
        std::path::Path::new(&data_dir).join("oauth-token.json"),
        serde_json::json!({
            "access_token": "old-token-about-to-expire",
            "refresh_token": stand_in::REFRESH_TOKEN,
            "expires_at": soon,
            "refresh_expires_at": null
        })
        .to_string(),
    )
    .unwrap();
    let (gateway, state) = live_app(|g| oauth_only_vars(g, &data_dir)).await;
    let response = get_with(state, "/api/products?q=phone", &[]).await;
    assert_eq!(
        response.status, 200,
        "the refreshed token is accepted: {}",
        response.body
    );
    assert_eq!(gateway.calls("system.oauth2:getToken-1"), 1);
    let stored =
        std::fs::read_to_string(std::path::Path::new(&data_dir).join("oauth-token.json")).unwrap();
    assert!(stored.contains(stand_in::ACCESS_TOKEN) && !stored.contains("old-token"));
}

#[tokio::test]
async fn a_live_category_listing_fetches_that_category_and_shows_its_subcategories() {
    let (gateway, state) = live_app(standard_vars).await;
    let response = get_with(state, "/products?category=1031919", &[]).await;
    assert_eq!(response.status, 200, "{}", response.body);
    assert_eq!(response.texts("h1"), vec!["手机、通讯"]);
    let subcategories = response.attrs(".subcategories a", "href");
    assert_eq!(subcategories.len(), 2, "{subcategories:?}");
    assert!(subcategories[0].contains("category=1038378"));
    // The roots (for the filter) and the category itself; the search needs no name lookup.
    assert_eq!(gateway.calls(stand_in::CATEGORY_GET), 2);
    assert_eq!(gateway.calls(stand_in::KEYWORD_QUERY), 1);
}
