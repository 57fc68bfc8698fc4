//! Links that travel: every page's head (title, description, canonical, robots, OpenGraph,
//! JSON-LD), `/robots.txt` and `/sitemap.xml`, and crawlers that never cost an upstream call.

use std::collections::HashSet;
use std::net::SocketAddr;
use std::sync::OnceLock;
use std::time::Duration;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::Request;
use scraper::Html;
use serde_json::Value;
use storefront::AppState;
use storefront::config::Config;
use storefront::provider::pacing::Pacing;

use crate::live::{standard_vars, temp_dir};
use crate::stand_in::{self, StandIn, StandInConfig};
use crate::support::*;

const SITE: &str = "https://shop.example";
const GOOGLEBOT: &str = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";
const BROWSER: &str = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";

/// Mock mode with a public address of its own.
fn site_state() -> AppState {
    static STATE: OnceLock<AppState> = OnceLock::new();
    STATE
        .get_or_init(|| AppState::mock(config(&[("SITE_URL", SITE)])))
        .clone()
}

async fn page(uri: &str) -> TestResponse {
    get_with(site_state(), uri, &[]).await
}

/// What a page's head says about it.
struct Head {
    title: String,
    description: Option<String>,
    canonical: Option<String>,
    robots: Option<String>,
    json_ld: Vec<Value>,
    html: Html,
}

impl Head {
    fn of(response: &TestResponse) -> Head {
        let html = response.html();
        let one = |selector: &str, attr: &str| {
            let found: Vec<String> = html
                .select(&sel(selector))
                .filter_map(|e| e.value().attr(attr).map(str::to_string))
                .collect();
            assert!(found.len() <= 1, "{selector} more than once");
            found.into_iter().next()
        };
        let json_ld = html
            .select(&sel("head script[type='application/ld+json']"))
            .map(|script| {
                let text: String = script.text().collect();
                serde_json::from_str(&text).unwrap_or_else(|e| panic!("JSON-LD ({e}): {text}"))
            })
            .collect();
        Head {
            title: select_texts(&html, "head title").concat(),
            description: one("head meta[name=description]", "content"),
            canonical: one("head link[rel=canonical]", "href"),
            robots: one("head meta[name=robots]", "content"),
            json_ld,
            html: html.clone(),
        }
    }

    fn property(&self, name: &str) -> Option<String> {
        self.html
            .select(&sel(&format!("head meta[property='{name}']")))
            .find_map(|e| e.value().attr("content").map(str::to_string))
    }

    fn name(&self, name: &str) -> Option<String> {
        self.html
            .select(&sel(&format!("head meta[name='{name}']")))
            .find_map(|e| e.value().attr("content").map(str::to_string))
    }

    fn indexed(&self) -> bool {
        !self
            .robots
            .as_deref()
            .unwrap_or_default()
            .contains("noindex")
    }

    /// The JSON-LD document of `kind` (`@type`).
    fn ld(&self, kind: &str) -> &Value {
        let found: Vec<&Value> = self.json_ld.iter().filter(|d| d["@type"] == kind).collect();
        assert_eq!(found.len(), 1, "one {kind} in {:?}", self.json_ld);
        assert_eq!(found[0]["@context"], "https://schema.org");
        found[0]
    }
}

/// The first top-level category of the sample catalog, as the categories page links it.
async fn first_category() -> String {
    page("/categories")
        .await
        .attrs(".category-tree h2 a", "href")[0]
        .clone()
}

#[tokio::test]
async fn every_page_kind_has_a_unique_title_a_description_and_a_canonical_address() {
    let id = KNOWN_ID;
    let category = first_category().await;
    let pages = [
        ("/".to_string(), format!("{SITE}/")),
        ("/products".to_string(), format!("{SITE}/products")),
        (
            "/products?page=2".to_string(),
            format!("{SITE}/products?page=2"),
        ),
        (
            "/search?q=phone".to_string(),
            format!("{SITE}/search?q=phone"),
        ),
        (
            "/search?q=phone&page=2".to_string(),
            format!("{SITE}/search?q=phone&page=2"),
        ),
        (category.clone(), format!("{SITE}{category}")),
        (format!("/products/{id}"), format!("{SITE}/products/{id}")),
        ("/categories".to_string(), format!("{SITE}/categories")),
        ("/quote".to_string(), format!("{SITE}/quote")),
        ("/search/image".to_string(), format!("{SITE}/search/image")),
        ("/api-status".to_string(), format!("{SITE}/api-status")),
    ];
    let mut titles = HashSet::new();
    for (uri, canonical) in pages {
        let response = page(&uri).await;
        assert_eq!(response.status, 200, "{uri}");
        let head = Head::of(&response);
        assert!(
            head.title.ends_with("· 1688 Storefront"),
            "{uri}: {}",
            head.title
        );
        assert!(
            titles.insert(head.title.clone()),
            "{uri}: title {} twice",
            head.title
        );
        let description = head.description.unwrap_or_default();
        assert!(description.len() > 40, "{uri}: description {description:?}");
        assert_eq!(head.canonical.as_deref(), Some(canonical.as_str()), "{uri}");
    }
}

#[tokio::test]
async fn listing_variants_canonicalise_to_the_unfiltered_unsorted_listing_keeping_its_page() {
    let category = first_category().await;
    let cases = [
        (
            "/search?q=phone&sort=price_asc&min_price=1&max_price=900&page=2".to_string(),
            format!("{SITE}/search?q=phone&page=2"),
        ),
        (
            format!("{category}&sort=sales&verified_factory=1&ships_within=48&page_size=40"),
            format!("{SITE}{category}"),
        ),
        (
            format!(
                "/search?q=phone&category={}",
                &category["/products?category=".len()..]
            ),
            format!("{SITE}/search?q=phone"),
        ),
        (
            "/products?sort=price_desc&page=3".to_string(),
            format!("{SITE}/products?page=3"),
        ),
    ];
    for (uri, canonical) in cases {
        let response = page(&uri).await;
        assert_eq!(response.status, 200, "{uri}");
        assert_eq!(
            Head::of(&response).canonical.as_deref(),
            Some(canonical.as_str()),
            "{uri}"
        );
    }
}

/// A price as the page shows it (`¥3.20`), as a number of fen.
fn fen(text: &str) -> i64 {
    let yuan: f64 = text
        .trim()
        .trim_start_matches('¥')
        .replace(',', "")
        .parse()
        .unwrap();
    (yuan * 100.0).round() as i64
}

#[tokio::test]
async fn a_product_page_has_preview_tags_and_product_data_matching_what_it_shows() {
    let uri = format!("/products/{KNOWN_ID}");
    let response = page(&uri).await;
    let head = Head::of(&response);
    let url = format!("{SITE}{uri}");
    let heading = response.texts("h1").concat();
    let tier_prices: Vec<i64> = response
        .texts("#price-tiers .price")
        .iter()
        .map(|p| fen(p))
        .collect();
    let (low, high) = (
        *tier_prices.iter().min().unwrap(),
        *tier_prices.iter().max().unwrap(),
    );
    let moq_text = response.texts("#moq strong").concat();
    let moq: u64 = moq_text
        .split_whitespace()
        .next()
        .unwrap()
        .replace(',', "")
        .parse()
        .unwrap();

    // OpenGraph and Twitter card.
    assert!(head.indexed());
    assert_eq!(head.property("og:type").as_deref(), Some("product"));
    assert_eq!(head.property("og:title").as_deref(), Some(heading.as_str()));
    assert_eq!(head.property("og:url").as_deref(), Some(url.as_str()));
    let image = head.property("og:image").expect("og:image");
    assert_eq!(image, format!("{SITE}/img/mock/{KNOWN_ID}/1.png"));
    let description = head.property("og:description").expect("og:description");
    assert_eq!(Some(&description), head.description.as_ref());
    let range = if low == high {
        format!("¥{:.2}", low as f64 / 100.0)
    } else {
        format!("¥{:.2}–¥{:.2}", low as f64 / 100.0, high as f64 / 100.0)
    };
    assert!(description.contains(&range), "{description} lacks {range}");
    assert!(
        description.contains(&format!("minimum order {moq_text}")),
        "{description}"
    );
    assert_eq!(
        head.name("twitter:card").as_deref(),
        Some("summary_large_image")
    );
    assert_eq!(
        head.name("twitter:title").as_deref(),
        Some(heading.as_str())
    );
    assert_eq!(head.name("twitter:image").as_deref(), Some(image.as_str()));
    assert_eq!(head.name("twitter:data1").as_deref(), Some(range.as_str()));
    assert_eq!(
        head.name("twitter:data2").as_deref(),
        Some(moq_text.as_str())
    );

    // Product with an AggregateOffer.
    let product = head.ld("Product");
    assert_eq!(product["name"], heading);
    assert_eq!(product["url"], url);
    assert_eq!(product["sku"], KNOWN_ID.to_string());
    assert_eq!(product["image"][0], image);
    let offers = &product["offers"];
    assert_eq!(offers["@type"], "AggregateOffer");
    assert_eq!(offers["priceCurrency"], "CNY");
    assert_eq!(fen(offers["lowPrice"].as_str().unwrap()), low);
    assert_eq!(fen(offers["highPrice"].as_str().unwrap()), high);
    assert_eq!(offers["eligibleQuantity"]["@type"], "QuantitativeValue");
    assert_eq!(offers["eligibleQuantity"]["minValue"], moq);
    let supplier = response.texts("#supplier .supplier-name").concat();
    let seller = offers["seller"]["name"].as_str().unwrap();
    assert!(supplier.starts_with(seller), "{supplier} / {seller}");

    // BreadcrumbList: the page's breadcrumb, then the product.
    let crumbs = response.texts(".breadcrumb a");
    let hrefs = response.attrs(".breadcrumb a", "href");
    let items = head.ld("BreadcrumbList")["itemListElement"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(items.len(), crumbs.len() + 1);
    assert_eq!(items[0]["item"], format!("{SITE}/products"));
    for (i, item) in items.iter().enumerate() {
        assert_eq!(item["@type"], "ListItem");
        assert_eq!(item["position"], i + 1);
        if (1..crumbs.len()).contains(&i) {
            assert_eq!(item["name"], crumbs[i]);
            assert_eq!(item["item"], format!("{SITE}{}", hrefs[i]));
        }
    }
    assert_eq!(items.last().unwrap()["name"], heading);
    assert_eq!(items.last().unwrap()["item"], url);
}

#[tokio::test]
async fn a_category_page_has_a_breadcrumb_list_of_its_path() {
    let categories = page("/categories").await;
    // A third-level category: its breadcrumb has three links past "All".
    let link = categories.attrs(".category-tree ul ul a", "href")[0].clone();
    let response = page(&link).await;
    let head = Head::of(&response);
    assert!(head.indexed());
    let names = response.texts(".breadcrumb a");
    let items = head.ld("BreadcrumbList")["itemListElement"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(items.len(), names.len(), "{names:?}");
    for (i, item) in items.iter().enumerate().skip(1) {
        assert_eq!(item["name"], names[i]);
    }
    assert_eq!(items.last().unwrap()["item"], format!("{SITE}{link}"));
    assert_eq!(items.last().unwrap()["name"], response.texts("h1").concat());
}

#[tokio::test]
async fn the_home_page_offers_the_site_search_as_structured_data() {
    let head = Head::of(&page("/").await);
    let site = head.ld("WebSite");
    assert_eq!(site["url"], format!("{SITE}/"));
    let action = &site["potentialAction"];
    assert_eq!(action["@type"], "SearchAction");
    let template = action["target"]["urlTemplate"].as_str().unwrap();
    assert_eq!(template, format!("{SITE}/search?q={{search_term_string}}"));
    assert_eq!(action["query-input"], "required name=search_term_string");
    // The template works: the search it names answers.
    let search = page(&template[SITE.len()..].replace("{search_term_string}", "phone")).await;
    assert_eq!(search.status, 200);
    assert_eq!(head.property("og:type").as_deref(), Some("website"));
}

#[tokio::test]
async fn error_pages_empty_results_and_personal_pages_are_not_indexed() {
    let noindex = [
        ("/products/999999999", 404),
        ("/no-such-page", 404),
        ("/products?page=abc", 400),
        ("/search?q=zzqqxxnothingmatches", 200),
        ("/quote", 200),
        ("/search/image", 200),
        ("/api-status", 200),
    ];
    for (uri, status) in noindex {
        let response = page(uri).await;
        assert_eq!(response.status, status, "{uri}");
        let head = Head::of(&response);
        assert_eq!(head.robots.as_deref(), Some("noindex"), "{uri}");
        assert!(head.description.is_some(), "{uri}");
    }
    for uri in ["/", "/products", "/search?q=phone", "/categories"] {
        assert!(Head::of(&page(uri).await).indexed(), "{uri}");
    }
}

#[tokio::test]
async fn text_typed_by_a_shopper_stays_text_in_the_head() {
    let hostile = "\"><script>alert(1)</script>";
    let response = page(&format!("/search?q={}", urlencode(hostile))).await;
    assert_eq!(response.status, 200);
    let head = Head::of(&response);
    assert!(head.title.contains(hostile), "{}", head.title);
    assert_eq!(
        response.count("script:not([type='application/ld+json'])"),
        0
    );
    assert!(!response.body.contains("<script>alert"));
    assert!(
        head.canonical
            .unwrap()
            .starts_with(&format!("{SITE}/search?q="))
    );
}

#[tokio::test]
async fn robots_txt_keeps_crawlers_off_private_and_variant_addresses_and_names_the_sitemap() {
    let robots = page("/robots.txt").await;
    assert_eq!(robots.status, 200);
    assert!(
        robots
            .header("content-type")
            .unwrap()
            .starts_with("text/plain")
    );
    let lines: Vec<&str> = robots.body.lines().collect();
    assert!(lines.contains(&"User-agent: *"));
    for rule in [
        "Disallow: /api/",
        "Disallow: /auth/",
        "Disallow: /quote",
        "Disallow: /search/image",
        "Disallow: /*?*sort=",
        "Disallow: /*?*min_price=",
        "Disallow: /*?*verified_factory=",
    ] {
        assert!(lines.contains(&rule), "{rule}");
    }
    assert!(lines.contains(&format!("Sitemap: {SITE}/sitemap.xml").as_str()));
}

/// The `<loc>` addresses of a `<urlset>`, checked well-formed and in the sitemap namespace.
fn sitemap_locs(xml: &str) -> Vec<String> {
    let document = roxmltree::Document::parse(xml).unwrap_or_else(|e| panic!("XML ({e}): {xml}"));
    let root = document.root_element();
    assert_eq!(root.tag_name().name(), "urlset");
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.sitemaps.org/schemas/sitemap/0.9")
    );
    root.children()
        .filter(|n| n.has_tag_name("url"))
        .map(|url| {
            let loc = url.children().find(|n| n.has_tag_name("loc")).expect("loc");
            loc.text().unwrap().to_string()
        })
        .collect()
}

/// Every address answers 200 to a crawler, is the canonical address of its page, and has a title
/// of its own.
async fn assert_all_answer_crawlers(state: &AppState, locs: &[String]) {
    let mut titles = HashSet::new();
    for loc in locs {
        let uri = loc.strip_prefix(SITE).unwrap_or_else(|| panic!("{loc}"));
        let response = get_with(state.clone(), uri, &[("user-agent", GOOGLEBOT)]).await;
        assert_eq!(response.status, 200, "{uri}");
        let head = Head::of(&response);
        assert!(head.indexed(), "{uri} is listed but not indexed");
        assert_eq!(head.canonical.as_deref(), Some(loc.as_str()), "{uri}");
        assert!(
            titles.insert(head.title.clone()),
            "{uri}: title {} twice",
            head.title
        );
    }
}

#[tokio::test]
async fn the_mock_sitemap_lists_every_product_and_category_and_only_real_pages() {
    let response = page("/sitemap.xml").await;
    assert_eq!(response.status, 200);
    assert!(
        response
            .header("content-type")
            .unwrap()
            .starts_with("application/xml")
    );
    let locs = sitemap_locs(&response.body);
    let unique: HashSet<&String> = locs.iter().collect();
    assert_eq!(unique.len(), locs.len(), "no address twice");
    let products = locs
        .iter()
        .filter(|l| l.starts_with(&format!("{SITE}/products/")))
        .count();
    let categories = locs
        .iter()
        .filter(|l| l.contains("/products?category="))
        .count();
    let all = page("/api/products").await.json();
    assert_eq!(
        products as u64,
        all["total"].as_u64().unwrap(),
        "every product"
    );
    let tree = page("/api/categories").await.json();
    fn count(nodes: &Value) -> usize {
        nodes.as_array().map_or(0, |nodes| {
            nodes.iter().map(|n| 1 + count(&n["children"])).sum()
        })
    }
    assert_eq!(categories, count(&tree["categories"]), "every category");
    assert!(locs.contains(&format!("{SITE}/")));
    assert!(locs.contains(&format!("{SITE}/categories")));
    for variant in [
        "sort=",
        "min_price",
        "page_size",
        "verified_factory",
        "page=",
    ] {
        assert!(locs.iter().all(|l| !l.contains(variant)), "{variant}");
    }
    assert_all_answer_crawlers(&site_state(), &locs).await;
    assert_eq!(
        page("/sitemap-1.xml").await.status,
        404,
        "no parts under the limit"
    );
}

// --- Live mode: crawlers answered from the store alone ------------------------------------

async fn live_site(gateway: &StandIn, pacing: Pacing) -> AppState {
    let mut vars = standard_vars(gateway);
    vars.retain(|(k, _)| k != "STOREFRONT_DATA_DIR");
    vars.push(("STOREFRONT_DATA_DIR".into(), temp_dir("seo")));
    vars.push(("SITE_URL".into(), SITE.into()));
    let vars: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let config: Config = config(&vars);
    live_state_paced(config, pacing).await
}

#[tokio::test]
async fn a_crawler_costs_no_call_where_a_shoppers_identical_request_costs_one() {
    let gateway = StandIn::start(StandInConfig::default()).await;
    let state = live_site(&gateway, Pacing::unlimited()).await;
    let uri = format!("/products/{}", stand_in::KNOWN_OFFER);
    let api = format!("/api/products/{}", stand_in::OFFERS[1]);

    let crawler = get_with(state.clone(), &uri, &[("user-agent", GOOGLEBOT)]).await;
    assert_eq!(crawler.status, 503, "{}", crawler.body);
    assert_eq!(crawler.header("retry-after"), Some("3600"));
    assert_eq!(crawler.header("cache-control"), Some("no-store"));
    assert_eq!(Head::of(&crawler).robots.as_deref(), Some("noindex"));
    let json = get_with(state.clone(), &api, &[("user-agent", GOOGLEBOT)]).await;
    assert_eq!(json.status, 503);
    assert_eq!(json.json()["error"]["code"], "not_held");
    assert_eq!(json.header("retry-after"), Some("3600"));
    // Nothing was queued on the crawler's behalf either: the planner finds no work.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(gateway.total_calls(), 0, "a crawler costs no call");

    let shopper = get_with(state.clone(), &uri, &[("user-agent", BROWSER)]).await;
    assert_eq!(
        shopper.status, 200,
        "the crawler's 503 was not kept for shoppers"
    );
    assert_eq!(
        gateway.calls(stand_in::PRODUCT_DETAIL),
        1,
        "the shopper's page costs one"
    );
    let before = gateway.total_calls();
    let shopper_json = get_with(state.clone(), &api, &[("user-agent", BROWSER)]).await;
    assert_eq!(shopper_json.status, 200);
    assert_eq!(
        gateway.total_calls(),
        before + 1,
        "the same request from a shopper costs one"
    );

    let calls = gateway.total_calls();
    let again = get_with(state.clone(), &uri, &[("user-agent", GOOGLEBOT)]).await;
    assert_eq!(again.status, 200, "held now: the crawler gets it");
    assert_eq!(
        Head::of(&again).ld("Product")["sku"],
        stand_in::KNOWN_OFFER.to_string()
    );
    let preview = get_with(state.clone(), &uri, &[("user-agent", "WhatsApp/2.23.20.0")]).await;
    assert_eq!(
        preview.status, 200,
        "a link preview of a page a shopper opened"
    );
    let json = get_with(state.clone(), &api, &[("user-agent", GOOGLEBOT)]).await;
    assert_eq!(json.status, 200);
    assert_eq!(gateway.total_calls(), calls, "no call for crawlers");
}

#[tokio::test]
async fn the_live_sitemap_lists_the_saved_products_and_categories_and_each_answers_crawlers() {
    let gateway = StandIn::start(StandInConfig::default()).await;
    let state = live_site(&gateway, Pacing::unlimited()).await;
    let empty = sitemap_locs(&get_with(state.clone(), "/sitemap.xml", &[]).await.body);
    assert_eq!(
        empty,
        vec![format!("{SITE}/")],
        "nothing saved yet: the home page alone"
    );

    let product = format!("/products/{}", stand_in::KNOWN_OFFER);
    for uri in [
        product.as_str(),
        "/products?category=1031919",
        "/search?q=cable",
    ] {
        let shopper = get_with(state.clone(), uri, &[("user-agent", BROWSER)]).await;
        assert_eq!(shopper.status, 200, "{uri}");
    }
    let calls = gateway.total_calls();
    let response = get_with(state.clone(), "/sitemap.xml", &[("user-agent", GOOGLEBOT)]).await;
    assert_eq!(response.status, 200);
    let locs = sitemap_locs(&response.body);
    assert!(locs.contains(&format!("{SITE}{product}")), "{locs:?}");
    assert!(
        locs.contains(&format!("{SITE}/products?category=1031919")),
        "{locs:?}"
    );
    assert!(locs.contains(&format!("{SITE}/categories")), "{locs:?}");
    // Offers only seen in search results have no saved page of their own.
    assert!(
        !locs.contains(&format!("{SITE}/products/{}", stand_in::OFFERS[1])),
        "{locs:?}"
    );
    assert!(
        locs.iter().all(|l| !l.contains("q=")),
        "searches are not listed"
    );
    assert_all_answer_crawlers(&state, &locs).await;
    assert_eq!(
        gateway.total_calls(),
        calls,
        "the sitemap and its pages cost crawlers nothing"
    );
    let robots = get_with(state, "/robots.txt", &[("user-agent", GOOGLEBOT)]).await;
    assert_eq!(robots.status, 200);
    assert_eq!(gateway.total_calls(), calls);
}

/// A request from `ip` with a browser's `User-Agent`, through the router as the server passes it
/// (with the peer's address).
async fn from_client(state: &AppState, ip: [u8; 4], uri: &str) -> TestResponse {
    let mut request = Request::get(uri)
        .header("user-agent", BROWSER)
        .body(Body::empty())
        .unwrap();
    request
        .extensions_mut()
        .insert(ConnectInfo(SocketAddr::from((ip, 40_000))));
    send(state.clone(), request).await
}

/// A person's browser opening or reloading `uri` from `ip` (`Sec-Fetch-Mode: navigate`).
async fn from_person(state: &AppState, ip: [u8; 4], uri: &str) -> TestResponse {
    let mut request = Request::get(uri)
        .header("user-agent", BROWSER)
        .header("sec-fetch-mode", "navigate")
        .header("sec-fetch-dest", "document")
        .body(Body::empty())
        .unwrap();
    request
        .extensions_mut()
        .insert(ConnectInfo(SocketAddr::from((ip, 40_001))));
    send(state.clone(), request).await
}

#[tokio::test]
async fn a_client_that_ignores_retry_after_is_answered_as_a_crawler() {
    let gateway = StandIn::start(StandInConfig::default()).await;
    let pacing = one_call_a_second_waiting_briefly();
    let state = live_site(&gateway, pacing).await;
    let script = [203, 0, 113, 5];
    let first = from_client(
        &state,
        script,
        &format!("/products/{}", stand_in::KNOWN_OFFER),
    )
    .await;
    assert_eq!(first.status, 200, "the first call gets its slot");

    // No slot: the page is queued and reloads itself; come back in a second or so.
    let told = from_client(&state, script, "/search?q=cable").await;
    assert_eq!(told.status, 202);
    assert!(told.header("retry-after").is_some());
    assert_eq!(Head::of(&told).robots.as_deref(), Some("noindex"));
    // A person pressing reload on the waiting page, again and again, stays a shopper.
    let person = [198, 51, 100, 20];
    for n in 0..4 {
        let reload = from_person(&state, person, "/search?q=cable").await;
        assert!(
            [200, 202].contains(&reload.status.as_u16()),
            "reload {n}: {}",
            reload.status
        );
    }
    // Once early is forgiven; twice is ignoring it.
    let early = from_client(&state, script, "/search?q=cable").await;
    assert_eq!(early.status, 202, "still the shopper's queue");
    let ignoring = from_client(&state, script, "/search?q=cable").await;
    assert_eq!(ignoring.status, 503);
    assert_eq!(ignoring.header("retry-after"), Some("3600"));
    assert_eq!(Head::of(&ignoring).robots.as_deref(), Some("noindex"));
    let json = from_client(&state, script, "/api/products?q=phone").await;
    assert_eq!(json.json()["error"]["code"], "not_held");

    // From now on a crawler: a page the store does not hold costs no call, even with a free slot.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let details = gateway.calls(stand_in::PRODUCT_DETAIL);
    let other = format!("/products/{}", stand_in::OFFERS[2]);
    let refused = from_client(&state, script, &other).await;
    assert_eq!(refused.status, 503);
    assert_eq!(refused.header("retry-after"), Some("3600"));
    assert_eq!(gateway.calls(stand_in::PRODUCT_DETAIL), details);
    // Another client is a shopper: the same page costs it a call (at once, or queued while the
    // planner spends the slot).
    let shopper = from_client(&state, [198, 51, 100, 7], &other).await;
    assert!(
        [200, 202].contains(&shopper.status.as_u16()),
        "{}",
        shopper.status
    );
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    while gateway.calls(stand_in::PRODUCT_DETAIL) == details {
        assert!(
            std::time::Instant::now() < deadline,
            "the shopper's page was never fetched"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(gateway.calls(stand_in::PRODUCT_DETAIL), details + 1);
}

/// The same rule through the real server, which must hand each request its peer's address: with
/// none, a client could not be told apart from others and would never be flagged.
#[tokio::test]
async fn through_the_server_a_script_that_ignores_retry_after_is_answered_as_a_crawler() {
    let gateway = StandIn::start(StandInConfig::default()).await;
    let pacing = one_call_a_second_waiting_briefly();
    let state = live_site(&gateway, pacing).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let server = tokio::spawn(storefront::serve(listener, state));
    let script = reqwest::Client::builder()
        .user_agent(BROWSER)
        .build()
        .unwrap();
    let get = |path: String| {
        let request = script.get(format!("{base}{path}"));
        async move { request.send().await.unwrap() }
    };

    let first = get(format!("/products/{}", stand_in::KNOWN_OFFER)).await;
    assert_eq!(first.status(), 200, "the first call gets its slot");
    let told = get("/search?q=cable".into()).await;
    assert_eq!(told.status(), 202, "no slot: queued, come back later");
    assert!(told.headers().contains_key("retry-after"));
    let early = get("/search?q=cable".into()).await;
    assert_eq!(early.status(), 202, "once early is forgiven");
    let ignoring = get("/search?q=cable".into()).await;
    assert_eq!(ignoring.status(), 503, "twice early: a crawler from now on");
    assert_eq!(ignoring.headers()["retry-after"], "3600");
    server.abort();
}

// --- A chat app's link preview --------------------------------------------------------------

#[tokio::test]
async fn a_chat_apps_preview_fetcher_gets_title_description_and_a_png_image() {
    // The real server on a free port, its SITE_URL that address.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let state = AppState::mock(config(&[("SITE_URL", &base)]));
    let server = tokio::spawn(storefront::serve(listener, state));

    // Like a preview fetcher: no cookies, no JavaScript, its own User-Agent.
    let client = reqwest::Client::builder()
        .user_agent("TelegramBot (like TwitterBot)")
        .redirect(reqwest::redirect::Policy::limited(5))
        .build()
        .unwrap();
    let url = format!("{base}/products/{KNOWN_ID}");
    let answer = client.get(&url).send().await.unwrap();
    assert_eq!(answer.status(), 200);
    let html = Html::parse_document(&answer.text().await.unwrap());
    let og = |property: &str| {
        html.select(&sel(&format!("meta[property='{property}']")))
            .find_map(|e| e.value().attr("content").map(str::to_string))
            .unwrap_or_else(|| panic!("{property} missing"))
    };
    let heading = select_texts(&html, "h1").concat();
    assert_eq!(og("og:title"), heading);
    assert_eq!(og("og:url"), url);
    let description = og("og:description");
    assert!(
        description.contains('¥') && description.contains("minimum order"),
        "{description}"
    );
    let image = og("og:image");
    assert!(image.starts_with(&format!("{base}/")), "absolute: {image}");

    let picture = client.get(&image).send().await.unwrap();
    assert_eq!(picture.status(), 200);
    let content_type = picture.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_string();
    assert_eq!(content_type, "image/png", "a format chat apps show");
    let bytes = picture.bytes().await.unwrap();
    let decoded = image::load_from_memory_with_format(&bytes, image::ImageFormat::Png).unwrap();
    assert!(
        decoded.width() >= 300 && decoded.height() >= 300,
        "large enough for a card"
    );
    server.abort();
}
