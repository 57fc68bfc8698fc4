//! The HTML pages, in mock mode, as a shopper sees them.

use storefront::AppState;

use crate::support::*;

fn assert_mock_banner(response: &TestResponse) {
    let html = response.html();
    let banner: Vec<_> = html.select(&sel("#data-source")).collect();
    assert_eq!(banner.len(), 1, "exactly one data-source banner");
    assert_eq!(banner[0].value().attr("data-source"), Some("mock"));
    let text = banner[0].text().collect::<String>();
    assert!(text.contains("Sample data"), "{text}");
    assert!(
        text.contains("ALIBABA_APP_KEY"),
        "says how to switch: {text}"
    );
}

#[tokio::test]
async fn every_page_says_it_shows_sample_data() {
    for uri in [
        "/",
        "/products",
        "/search?q=phone",
        &format!("/products/{KNOWN_ID}"),
        "/categories",
        "/api-status",
        "/no-such-page",
        "/products?page=0",
    ] {
        let response = get(uri).await;
        assert_mock_banner(&response);
    }
}

#[tokio::test]
async fn home_has_search_box_categories_and_featured_products() {
    let response = get("/").await;
    assert_eq!(response.status, 200);
    assert!(response.count("form[action='/search'] input[name=q]") >= 1);
    let category_links = response.attrs(".category-grid a", "href");
    assert!(category_links.len() >= 12, "{category_links:?}");
    assert!(
        category_links
            .iter()
            .all(|h| h.starts_with("/products?category="))
    );
    assert!(response.count(".card") >= 8);
}

#[tokio::test]
async fn home_category_link_lists_that_category() {
    let home = get("/").await;
    let link = home.attrs(".category-grid a", "href").remove(0);
    let name = home.texts(".category-grid a .cat-name").remove(0);
    let listing = get(&link).await;
    assert_eq!(listing.status, 200);
    assert_eq!(listing.texts("h1"), vec![name]);
    assert!(listing.count(".card") > 0);
    let selected = listing.attrs("select[name=category] option[selected]", "value");
    assert_eq!(
        vec![link.trim_start_matches("/products?category=").to_string()],
        selected
    );
}

#[tokio::test]
async fn listing_shows_twenty_products_and_the_filter_controls() {
    let response = get("/products").await;
    assert_eq!(response.status, 200);
    assert_eq!(response.count(".card-grid .card"), 20);
    for control in [
        "select[name=category]",
        "input[name=min_price]",
        "input[name=max_price]",
        "select[name=sort]",
    ] {
        assert_eq!(response.count(control), 1, "{control}");
    }
    let sorts = response.attrs("select[name=sort] option", "value");
    assert_eq!(sorts, vec!["relevance", "price_asc", "price_desc", "sales"]);
    assert!(response.texts(".result-count")[0].starts_with("Showing 1–20 of"));
    // Cards read as English: plural units, grouped digits.
    let meta = response.texts(".card-meta").remove(0);
    assert!(meta.starts_with("MOQ 20 pieces · 41,725 sold/mo"), "{meta}");
    // Sample data does not describe itself as 1688's.
    let description = response.attrs("meta[name=description]", "content").concat();
    assert!(
        description.contains("sample products") && !description.contains("1688"),
        "{description}"
    );
}

#[tokio::test]
async fn a_single_result_and_an_empty_filter_read_naturally() {
    let one = get("/search?q=pet%20toy").await;
    assert_eq!(one.texts(".result-count"), ["1 product"]);
    let none = get("/products?max_price=0.5").await;
    let advice = none.texts("#no-results p").concat();
    assert!(
        advice.contains("Nothing matches these filters") && !advice.contains("fewer words"),
        "{advice}"
    );
}

#[tokio::test]
async fn pagination_links_keep_every_filter() {
    let response =
        get("/products?q=phone&min_price=1&max_price=500&sort=price_asc&page_size=2").await;
    assert_eq!(response.status, 200);
    let next = response.attrs("a.page-next", "href");
    assert_eq!(
        next,
        vec!["/products?q=phone&min_price=1&max_price=500&sort=price_asc&page=2&page_size=2"]
    );
    let page2 = get(&next[0]).await;
    assert_eq!(page2.status, 200);
    assert_eq!(page2.count(".card-grid .card"), 2);
    assert_eq!(page2.texts(".page-current"), vec!["2"]);
    assert_eq!(page2.attrs("a.page-prev", "href").len(), 1);
}

#[tokio::test]
async fn sorting_by_price_orders_the_cards() {
    let ascending = card_prices(&get("/products?sort=price_asc").await);
    assert!(ascending.windows(2).all(|w| w[0] <= w[1]), "{ascending:?}");
    let descending = card_prices(&get("/products?sort=price_desc").await);
    assert!(
        descending.windows(2).all(|w| w[0] >= w[1]),
        "{descending:?}"
    );
}

#[tokio::test]
async fn price_filter_keeps_prices_in_range() {
    let response = get("/products?min_price=10&max_price=50&page_size=40").await;
    let prices = card_prices(&response);
    assert!(!prices.is_empty());
    assert!(
        prices.iter().all(|p| (10.0..=50.0).contains(p)),
        "{prices:?}"
    );
    assert_eq!(response.attrs("input[name=min_price]", "value"), vec!["10"]);
    assert_eq!(response.attrs("input[name=max_price]", "value"), vec!["50"]);
}

#[tokio::test]
async fn search_finds_products_in_chinese_and_english_and_keeps_the_query() {
    for q in ["手机", "phone"] {
        let response = get(&format!("/search?q={}", urlencode(q))).await;
        assert_eq!(response.status, 200);
        assert!(response.count(".card") > 0, "no results for {q}");
        assert_eq!(response.attrs("#header-q", "value"), vec![q.to_string()]);
        assert_eq!(response.attrs("#f-q", "value"), vec![q.to_string()]);
        assert_eq!(
            response.attrs("form.filter-form", "action"),
            vec!["/search"]
        );
    }
}

#[tokio::test]
async fn a_search_without_results_shows_the_empty_state_with_suggestions() {
    let response = get("/search?q=zzqxjv").await;
    assert_eq!(response.status, 200);
    assert_eq!(response.count("#no-results"), 1);
    assert!(response.count("#no-results .suggestions a") >= 3);
    assert_eq!(response.count(".card"), 0);
}

#[tokio::test]
async fn a_pasted_offer_url_or_id_opens_the_product() {
    for q in [
        "https://detail.1688.com/offer/610947572360.html",
        "610947572360",
    ] {
        let response = get(&format!("/search?q={}", urlencode(q))).await;
        assert_eq!(response.status, 303, "{q}");
        assert_eq!(response.header("location"), Some("/products/610947572360"));
    }
}

#[tokio::test]
async fn a_pasted_1688_search_link_searches_its_keyword_here() {
    // As copied from 1688's address bar: GBK, longer than a keyword may be.
    let link = format!(
        "https://s.1688.com/selloffer/offer_search.htm?keywords=%CA%D6%BB%FA&n=y&netType=1%2C11&spm={}",
        "a".repeat(240)
    );
    let response = get(&format!("/search?q={}", urlencode(&link))).await;
    assert_eq!(response.status, 303);
    let target = response.header("location").unwrap().to_string();
    assert_eq!(target, format!("/search?q={}", urlencode("手机")));
    let results = get(&target).await;
    assert_eq!(results.status, 200);
    assert!(results.count(".card") > 0);
}

#[tokio::test]
async fn a_page_past_the_end_shows_a_way_back() {
    let response = get("/products?page=999").await;
    assert_eq!(response.status, 200);
    assert_eq!(response.count("#past-end"), 1);
    let links = response.attrs("#past-end a", "href");
    assert!(links.contains(&"/products".to_string()), "{links:?}");
}

#[tokio::test]
async fn product_page_shows_everything_a_buyer_needs() {
    let response = get(&format!("/products/{KNOWN_ID}")).await;
    assert_eq!(response.status, 200);
    let html = response.html();
    assert!(html.select(&sel(".gallery img")).count() >= 1);
    assert_eq!(select_texts(&html, "h1").len(), 1);
    assert_eq!(select_texts(&html, ".title-zh").len(), 1);
    let tiers = select_texts(&html, "#price-tiers tbody tr");
    assert!((1..=4).contains(&tiers.len()), "{tiers:?}");
    assert!(tiers.iter().all(|t| t.contains('¥')));
    assert!(select_texts(&html, "#moq")[0].contains("Minimum order"));
    assert!(html.select(&sel("#variants tbody tr")).count() >= 1);
    assert!(html.select(&sel("#specifications dt")).count() >= 3);
    assert_eq!(html.select(&sel("#description")).count(), 1);
    assert_eq!(select_texts(&html, "#supplier .supplier-name").len(), 1);
    assert_eq!(
        response.attrs("#offer-link", "href"),
        vec!["https://detail.1688.com/offer/610947572360.html"]
    );
    // Sample data says so where a buyer would leave for 1688.
    assert!(response.texts("#sample-offer-note")[0].contains("made up"));
    assert!(response.texts("title")[0].contains("sample offer 610947572360"));
    let related = response.attrs("#related .card a.card-link", "href");
    assert!(!related.is_empty());
    assert!(!related.contains(&format!("/products/{KNOWN_ID}")));
    assert_eq!(get(&related[0]).await.status, 200);
}

#[tokio::test]
async fn product_images_are_served_by_the_app_itself() {
    let response = get(&format!("/products/{KNOWN_ID}")).await;
    let images = response.attrs("img", "src");
    assert!(!images.is_empty());
    for src in images {
        assert!(src.starts_with("/img/mock/"), "{src}");
        let image = get(&src).await;
        assert_eq!(image.status, 200, "{src}");
        assert_eq!(image.header("content-type"), Some("image/svg+xml"));
        assert!(image.body.contains("<svg"));
    }
}

#[tokio::test]
async fn no_page_references_an_external_host_in_mock_mode() {
    for uri in [
        "/",
        "/products",
        "/search?q=phone",
        &format!("/products/{KNOWN_ID}"),
        "/categories",
    ] {
        let response = get(uri).await;
        let resources = [
            ("img", "src"),
            ("link:not([rel=canonical])", "href"),
            ("script", "src"),
        ];
        for (selector, attr) in resources {
            for url in response.attrs(selector, attr) {
                assert!(url.starts_with('/'), "{uri} references {url}");
            }
        }
        // The canonical address is this store's own (SITE_URL), and nothing loads it.
        for url in response.attrs("link[rel=canonical]", "href") {
            assert!(url.starts_with("http://localhost:3000/"), "{uri}: {url}");
        }
        for url in response.attrs("meta[property='og:image']", "content") {
            assert!(url.starts_with("http://localhost:3000/"), "{uri}: {url}");
        }
    }
}

#[tokio::test]
async fn categories_page_shows_three_levels() {
    let response = get("/categories").await;
    assert_eq!(response.status, 200);
    assert!(response.count(".tree-top") >= 12);
    assert!(response.count(".tree-top > ul > li > ul > li > a") >= 24);
    let links = response.attrs(".category-tree a", "href");
    assert!(links.iter().all(|h| h.starts_with("/products?category=")));
}

#[tokio::test]
async fn api_status_in_mock_mode_says_what_to_configure() {
    let response = get("/api-status").await;
    assert_eq!(response.status, 200);
    assert_eq!(response.attrs("#mode", "data-mode"), vec!["mock"]);
    for id in ["#app-key", "#app-secret", "#access-token"] {
        assert_eq!(response.texts(id), vec!["no"], "{id}");
    }
    let message = response.texts("#credentials-message")[0].clone();
    assert!(message.contains("ALIBABA_APP_KEY") && message.contains("ALIBABA_APP_SECRET"));
    assert!(response.texts("#gateway-url")[0].contains("https://gw.open.1688.com/openapi"));
    assert!(response.count("#how-to-get-credentials li") >= 3);
}

#[tokio::test]
async fn api_status_masks_the_key_and_never_shows_secret_or_token() {
    let state = AppState::mock(config(&[
        ("ALIBABA_APP_KEY", "12345678"),
        ("ALIBABA_APP_SECRET", "QWERTY-secret-9f8e7d"),
        ("ALIBABA_ACCESS_TOKEN", "ZXCVB-token-1a2b3c"),
    ]));
    for uri in ["/api-status", "/api/status"] {
        let response = get_with(state.clone(), uri, &[]).await;
        assert!(response.body.contains("1234****"), "{uri}");
        assert!(!response.body.contains("12345678"), "{uri}");
        for secret in ["QWERTY", "9f8e7d", "ZXCVB", "1a2b3c"] {
            assert!(!response.body.contains(secret), "{uri} leaks {secret}");
        }
    }
    let page = get_with(state, "/api-status", &[]).await;
    assert_eq!(
        page.texts("#credentials-message"),
        vec!["API credentials are configured!"]
    );
    assert_eq!(page.texts("#app-secret"), vec!["yes (hidden)"]);
}

#[tokio::test]
async fn unknown_paths_get_the_themed_404() {
    let response = get("/definitely/not/here").await;
    assert_eq!(response.status, 404);
    assert_eq!(response.count(".error-page"), 1);
    assert_eq!(response.texts(".error-code"), vec!["404"]);
    assert!(response.count("link[rel=stylesheet]") == 1);
    // A page of this store was never on 1688.
    let message = response.texts(".error-message").concat();
    assert!(!message.contains("1688"), "{message}");
}

#[tokio::test]
async fn a_method_a_page_does_not_answer_gets_405_with_the_methods_it_does() {
    for (method, uri) in [("POST", "/products"), ("DELETE", "/quote"), ("PUT", "/")] {
        let request = axum::http::Request::builder()
            .method(method)
            .uri(uri)
            .body(axum::body::Body::empty())
            .unwrap();
        let response = send(mock_state(), request).await;
        assert_eq!(response.status, 405, "{method} {uri}");
        assert_eq!(response.count(".error-page"), 1, "{method} {uri}");
        let allow = response.header("allow").unwrap_or_default();
        assert!(allow.contains("GET"), "{method} {uri}: Allow {allow:?}");
    }
}

#[tokio::test]
async fn unknown_and_malformed_products_are_404() {
    for uri in [
        "/products/999999999999",
        "/products/abc",
        "/products/-1",
        "/products/%FF",
    ] {
        let response = get(uri).await;
        assert!(
            response.status == 404 || response.status == 400,
            "{uri}: {}",
            response.status
        );
        assert_eq!(response.count(".error-page"), 1, "{uri}");
    }
}

#[tokio::test]
async fn an_unknown_category_is_404() {
    let response = get("/products?category=999999999").await;
    assert_eq!(response.status, 404);
    assert!(response.texts("h1")[0].contains("Category not found"));
}

#[tokio::test]
async fn prices_can_be_shown_in_a_second_currency_labelled_approximate() {
    let state = AppState::mock(config(&[("DISPLAY_CURRENCY", "USD"), ("CNY_RATE", "0.14")]));
    let response = get_with(state, "/products", &[]).await;
    let approx = response.texts(".card .approx");
    assert_eq!(approx.len(), 20);
    assert!(
        approx[0].starts_with("≈ USD ") && approx[0].ends_with("approx."),
        "{approx:?}"
    );
    assert_eq!(get("/products").await.count(".approx"), 0);
}

#[tokio::test]
async fn healthz_answers_ok() {
    let response = get("/healthz").await;
    assert_eq!(response.status, 200);
    assert_eq!(response.body, "ok");
}

#[tokio::test]
async fn stylesheet_is_fingerprinted_and_cached_for_long() {
    let page = get("/").await;
    let href = page.attrs("link[rel=stylesheet]", "href").remove(0);
    assert!(href.starts_with("/static/style.css?v="), "{href}");
    let css = get(&href).await;
    assert_eq!(css.status, 200);
    assert!(
        css.header("cache-control")
            .unwrap()
            .contains("max-age=31536000")
    );
    let etag = css.header("etag").unwrap().to_string();
    let again = get_with(
        AppState::mock(storefront::config::Config::for_tests()),
        &href,
        &[("if-none-match", &etag)],
    )
    .await;
    assert_eq!(again.status, 304);

    // Without its fingerprint (or with an old one) the file is revalidated, never pinned.
    for other in ["/static/style.css", "/static/style.css?v=0123456789ab"] {
        let css = get(other).await;
        assert_eq!(css.status, 200, "{other}");
        assert_eq!(
            css.header("cache-control"),
            Some("public, no-cache"),
            "{other}"
        );
        assert_eq!(css.header("etag"), Some(etag.as_str()), "{other}");
    }
}

#[tokio::test]
async fn pages_are_compressed_when_the_client_accepts_it() {
    let response = get_with(mock_state(), "/products", &[("accept-encoding", "gzip")]).await;
    assert_eq!(response.header("content-encoding"), Some("gzip"));
}

#[tokio::test]
async fn static_files_cannot_escape_their_directory() {
    for uri in [
        "/static/../Cargo.toml",
        "/static/%2e%2e%2fCargo.toml",
        "/static/..%2FCargo.toml",
        "/static/%2e%2e/%2e%2e/etc/passwd",
        "/static/style.css/../../Cargo.toml",
    ] {
        let response = get(uri).await;
        assert_eq!(response.status, 404, "{uri}");
        assert!(!response.body.contains("[package]"), "{uri}");
        assert!(!response.body.contains("root:"), "{uri}");
    }
}

#[tokio::test]
async fn every_answer_carries_the_security_headers() {
    for uri in [
        "/",
        "/products/abc",
        "/api/products",
        "/static/favicon.svg",
        "/healthz",
    ] {
        let response = get(uri).await;
        let csp = response
            .header("content-security-policy")
            .unwrap_or_default();
        assert!(csp.contains("default-src 'none'"), "{uri}: {csp}");
        assert!(
            !csp.contains("script-src"),
            "{uri}: no script allowed at all"
        );
        assert!(csp.contains("frame-ancestors 'none'"), "{uri}");
        assert_eq!(
            response.header("x-content-type-options"),
            Some("nosniff"),
            "{uri}"
        );
        assert_eq!(response.header("x-frame-options"), Some("DENY"), "{uri}");
        assert!(response.header("referrer-policy").is_some(), "{uri}");
        assert!(response.header("cache-control").is_some(), "{uri}");
    }
    assert_eq!(
        get("/products").await.header("cache-control"),
        Some("no-cache")
    );
    assert_eq!(
        get("/products/abc").await.header("cache-control"),
        Some("no-store")
    );
}
