//! Malformed input gets a clear 4xx naming what is wrong — never a 500, never unescaped output.

use crate::support::*;

/// (query string, parameter named in the answer)
const BAD_PARAMETERS: &[(&str, &str)] = &[
    ("page=0", "page"),
    ("page=abc", "page"),
    ("page=-3", "page"),
    ("page=1.5", "page"),
    ("page=99999999999999999999", "page"),
    ("page_size=41", "page_size"),
    ("page_size=0", "page_size"),
    ("min_price=x", "min_price"),
    ("min_price=-1", "min_price"),
    ("max_price=NaN", "max_price"),
    ("max_price=inf", "max_price"),
    ("min_price=50&max_price=10", "min_price"),
    ("sort=cheapest", "sort"),
    ("category=shoes", "category"),
    ("page=1&page=2", "page"),
    ("ships_within=12", "ships_within"),
    ("ships_within=24h", "ships_within"),
    ("ships_within=24&ships_within=48", "ships_within"),
    ("verified_factory=yes", "verified_factory"),
    ("verified_factory=2", "verified_factory"),
    ("min_monthly_sales=-5", "min_monthly_sales"),
    ("min_monthly_sales=many", "min_monthly_sales"),
    ("min_monthly_sales=1e3", "min_monthly_sales"),
    ("min_monthly_sales=99999999999", "min_monthly_sales"),
    ("max_moq=0", "max_moq"),
    ("max_moq=2.5", "max_moq"),
    ("max_moq=-1", "max_moq"),
];

#[tokio::test]
async fn bad_parameters_get_a_400_page_naming_the_parameter() {
    for path in ["/products", "/search"] {
        for (query, param) in BAD_PARAMETERS {
            let response = get(&format!("{path}?{query}")).await;
            assert_eq!(response.status, 400, "{path}?{query}");
            assert_eq!(
                response.texts(".error-param code"),
                vec![param.to_string()],
                "{query}"
            );
            let message = response.texts(".error-message").remove(0);
            assert!(message.contains(param), "{message}");
            assert!(message.contains("must"), "says what is allowed: {message}");
        }
    }
}

#[tokio::test]
async fn bad_parameters_get_a_json_error_on_the_api() {
    for (query, param) in BAD_PARAMETERS {
        let response = get(&format!("/api/products?{query}")).await;
        assert_eq!(response.status, 400, "{query}");
        assert!(
            response
                .header("content-type")
                .unwrap()
                .starts_with("application/json")
        );
        let json = response.json();
        assert_eq!(json["error"]["status"], 400);
        assert_eq!(json["error"]["code"], "invalid_parameter");
        assert_eq!(json["error"]["parameter"], *param);
    }
}

#[tokio::test]
async fn a_keyword_over_200_characters_is_refused() {
    let response = get(&format!("/search?q={}", "a".repeat(201))).await;
    assert_eq!(response.status, 400);
    assert_eq!(response.texts(".error-param code"), vec!["q"]);
    let ok = get(&format!("/search?q={}", "a".repeat(200))).await;
    assert_eq!(ok.status, 200);
}

#[tokio::test]
async fn injected_markup_is_shown_as_text_not_run() {
    let payload = "<script>alert(1)</script><img src=x onerror=alert(2)>\"'";
    let encoded = urlencode(payload);
    for uri in [
        format!("/search?q={encoded}"),
        format!("/products?q={encoded}"),
        format!("/products?q={encoded}&page=0"),
        format!("/products?sort={encoded}"),
        format!("/products/{encoded}"),
        format!("/{encoded}"),
    ] {
        let response = get(&uri).await;
        assert!(
            response.status.is_success() || response.status.is_client_error(),
            "{uri}"
        );
        assert!(!response.body.contains("<script>alert"), "{uri}");
        assert!(!response.body.contains("<img src=x"), "{uri}");
        assert_eq!(response.count("script"), 0, "{uri}");
    }
    let search = get(&format!("/search?q={encoded}")).await;
    assert_eq!(
        search.attrs("#header-q", "value"),
        vec![payload.to_string()]
    );
}

#[tokio::test]
async fn odd_but_harmless_input_is_accepted() {
    for uri in [
        "/products?utm_source=newsletter",
        "/products?q=%FF%FE",
        "/products?q=%00%01phone%7F",
        "/products?q=&category=&min_price=&max_price=&sort=&page=&page_size=",
        "/search?q=+++",
        "/products?min_price=0&max_price=0",
        "/products?page=10000",
    ] {
        let response = get(uri).await;
        assert_eq!(response.status, 200, "{uri}");
    }
}

#[tokio::test]
async fn no_route_answers_500_to_odd_paths() {
    for uri in [
        "/products/",
        "/products/%00",
        "/products/610947572360/extra",
        "/img/mock/abc/1.svg",
        "/img/mock/610947572360/999.svg",
        "/img/mock/610947572360/..%2F..%2FCargo.toml",
        "/api/products/abc",
        "/api/nothing",
        "/static/",
        "/%E4%B8%AD%E6%96%87",
    ] {
        let response = get(uri).await;
        // A trailing slash is sent to the address without it; anything else is a 4xx.
        if let Some(location) = response.header("location") {
            assert_eq!(response.status, 308, "{uri}");
            assert_eq!(location, uri.trim_end_matches('/'), "{uri}");
        } else {
            assert!(
                response.status.is_client_error(),
                "{uri}: {}",
                response.status
            );
        }
    }
}

#[tokio::test]
async fn a_trailing_slash_or_a_leading_zero_leads_to_the_one_address_and_never_off_site() {
    for (uri, target) in [
        ("/products/", "/products"),
        ("/products/?q=phone&page=2", "/products?q=phone&page=2"),
        ("/quote/", "/quote"),
        ("/products/610947572360/", "/products/610947572360"),
        ("/categories//", "/categories"),
        // One product, one address.
        ("/products/0610947572360", "/products/610947572360"),
    ] {
        let response = get(uri).await;
        assert_eq!(response.status, 308, "{uri}");
        assert_eq!(response.header("location"), Some(target), "{uri}");
        assert_eq!(get(target).await.status, 200, "{target}");
    }
    // What a browser would read as another host is not redirected.
    for uri in [
        "//evil.example/",
        "///evil.example/",
        "/\\evil.example/",
        "/%5Cevil.example/",
        "/",
        "//",
    ] {
        let response = get(uri).await;
        let location = response.header("location").unwrap_or_default();
        assert!(
            !location.starts_with("//") && !location.starts_with("/\\"),
            "{uri}: {location}"
        );
    }
}

#[tokio::test]
async fn an_overlong_address_gets_a_414_page() {
    let response = get(&format!("/products?utm={}", "a".repeat(5000))).await;
    assert_eq!(response.status, 414);
    assert_eq!(response.count(".error-page"), 1);
}
