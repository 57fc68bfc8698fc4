//! Sourcing decisions: supplier signals on cards and product pages, the buyer filters (offered
//! where the source supports them, kept across paging and sorting), and any product link opening
//! the product.

use serde_json::Value;

use crate::live::{live_app, standard_vars};
use crate::stand_in::{self, StandIn};
use crate::support::*;

/// The `offerQueryParam` of the last search the stand-in received.
fn last_search(gateway: &StandIn) -> Value {
    let params = gateway
        .last_params(stand_in::KEYWORD_QUERY)
        .expect("a search was received");
    serde_json::from_str(&params["offerQueryParam"]).unwrap()
}

fn card_ids(response: &TestResponse) -> Vec<u64> {
    response
        .attrs(".card a.card-link", "href")
        .iter()
        .map(|href| href.trim_start_matches("/products/").parse().unwrap())
        .collect()
}

/// Label → value of the signal rows under `scope`.
fn signals(response: &TestResponse, scope: &str) -> Vec<(String, String)> {
    let labels = response.texts(&format!("{scope} .signal-list dt"));
    let values = response.texts(&format!("{scope} .signal-list dd"));
    labels.into_iter().zip(values).collect()
}

/// The identity badges and signal rows of the card of offer `id`.
fn card_signals(response: &TestResponse, id: u64) -> (Vec<String>, Vec<(String, String)>) {
    let html = response.html();
    let card = html
        .select(&sel(".card"))
        .find(|card| {
            card.select(&sel("a.card-link"))
                .any(|a| a.value().attr("href") == Some(&format!("/products/{id}")))
        })
        .unwrap_or_else(|| panic!("no card for {id}"));
    let text = |selector: &str| -> Vec<String> {
        card.select(&sel(selector))
            .map(|e| {
                e.text()
                    .collect::<String>()
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    };
    let rows = text(".signal-list dt")
        .into_iter()
        .zip(text(".signal-list dd"))
        .collect();
    (text(".seller-identities .badge"), rows)
}

#[tokio::test]
async fn mock_cards_and_product_pages_show_labelled_supplier_signals() {
    let listing = get("/products?page_size=40").await;
    assert_eq!(listing.status, 200);
    assert!(
        listing.count(".card .signals") > 30,
        "most cards show signals"
    );
    let labels: Vec<String> = listing.texts(".card .signal-list dt");
    for label in [
        "Shipping guarantee",
        "Trade score",
        "Repurchase rate",
        "Years on 1688",
        "Orders fulfilled (30 days)",
        "Picked up within 24 h (30 days)",
        "Quality returns (30 days)",
    ] {
        assert!(labels.iter().any(|l| l == label), "no card shows {label}");
    }
    assert!(
        listing
            .texts(".card .seller-identities .badge")
            .iter()
            .any(|b| b == "Verified factory"),
        "identity badges in words"
    );

    let page = get(&format!("/products/{KNOWN_ID}")).await;
    let rows = signals(&page, "#supplier-signals");
    assert!(rows.len() >= 4, "{rows:?}");
    for (label, value) in &rows {
        assert!(!label.is_empty() && !value.is_empty(), "{label}: {value}");
    }
    // Each row explains itself.
    assert_eq!(
        page.attrs("#supplier-signals .signal-list div", "title")
            .len(),
        rows.len()
    );
}

#[tokio::test]
async fn live_cards_show_the_search_answers_signals_and_the_product_page_adds_them() {
    let (_gateway, state) = live_app(standard_vars).await;
    let listing = get_with(state.clone(), "/search?q=phone", &[]).await;
    assert_eq!(listing.status, 200, "{}", listing.body);
    let (badges, rows) = card_signals(&listing, stand_in::KNOWN_OFFER);
    assert_eq!(badges, ["Super factory", "TrustPass member"]);
    let expect = |label: &str| {
        rows.iter()
            .find(|(l, _)| l == label)
            .map(|(_, v)| v.clone())
            .unwrap_or_else(|| panic!("no {label} in {rows:?}"))
    };
    assert_eq!(expect("Shipping guarantee"), "Ships within 24 hours");
    assert_eq!(expect("Trade score"), "4.5 / 5");
    assert_eq!(expect("Repurchase rate"), "28%");
    assert_eq!(expect("Years on 1688"), "8 years");
    assert_eq!(expect("Orders fulfilled (30 days)"), "99.5%");
    assert_eq!(expect("Picked up within 24 h (30 days)"), "97.2%");
    assert_eq!(expect("Quality returns (30 days)"), "0.12%");
    // The third offer's answer has no shipping data: nothing is invented for it.
    let third_labels: Vec<String> = card_signals(&listing, stand_in::OFFERS[2])
        .1
        .into_iter()
        .map(|(l, _)| l)
        .collect();
    assert!(
        !third_labels
            .iter()
            .any(|l| l.contains("30 days") || l == "Shipping guarantee")
    );

    // The detail answer documents only the trade score; the page adds what the listing said.
    let page = get_with(state, &format!("/products/{}", stand_in::KNOWN_OFFER), &[]).await;
    assert_eq!(page.status, 200);
    let rows = signals(&page, "#supplier-signals");
    assert!(rows.contains(&("Shipping guarantee".into(), "Ships within 24 hours".into())));
    assert!(rows.contains(&("Trade score".into(), "4.5 / 5".into())));
    assert_eq!(
        page.texts("#supplier-signals .badge"),
        ["Super factory", "TrustPass member"]
    );
}

/// The value of query parameter `name` in `href`.
fn param(href: &str, name: &str) -> Option<String> {
    let query = href.split_once('?')?.1;
    form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

#[tokio::test]
async fn each_buyer_filter_narrows_the_listing_and_survives_paging_and_sorting() {
    let all = get("/products").await;
    let total = |r: &TestResponse| -> u64 {
        let text = r.texts(".result-count").remove(0);
        text.rsplit(" of ")
            .next()
            .unwrap()
            .trim_end_matches(" products")
            .replace(',', "")
            .parse()
            .unwrap()
    };
    let everything = total(&all);
    let filters =
        "ships_within=48&verified_factory=1&min_monthly_sales=100&max_moq=20&sort=price_asc";
    let first = get(&format!("/products?{filters}&page_size=5")).await;
    assert_eq!(first.status, 200, "{}", first.body);
    let found = total(&first);
    assert!(found > 5 && found < everything, "{found} of {everything}");
    // The form shows the filters as chosen.
    assert_eq!(first.attrs("#f-ships option[selected]", "value"), ["48"]);
    assert_eq!(
        first.attrs("input[name=verified_factory][checked]", "value"),
        ["1"]
    );
    assert_eq!(first.attrs("#f-sales", "value"), ["100"]);
    assert_eq!(first.attrs("#f-moq", "value"), ["20"]);

    let next = first.attrs("a.page-next", "href").remove(0);
    for (name, value) in [
        ("ships_within", "48"),
        ("verified_factory", "1"),
        ("min_monthly_sales", "100"),
        ("max_moq", "20"),
        ("sort", "price_asc"),
        ("page", "2"),
    ] {
        assert_eq!(param(&next, name).as_deref(), Some(value), "{next}");
    }
    let second = get(&next).await;
    assert_eq!(
        total(&second),
        found,
        "the same filtered results, next page"
    );
    let prices = card_prices(&second);
    assert!(prices.is_sorted(), "{prices:?}");
    // What every card on the page says agrees with the filters.
    for card in second.html().select(&sel(".card")) {
        let text = card.text().collect::<String>();
        assert!(text.contains("Verified factory"), "{text}");
        assert!(text.contains("Ships within"), "{text}");
    }
    // Category links and "Clear filters" behave: categories keep the filters, clearing drops them.
    let category = second.attrs(".subcategories a", "href").remove(0);
    assert_eq!(param(&category, "max_moq").as_deref(), Some("20"));
    let clear = second.attrs(".filter-form a.clear", "href").remove(0);
    assert_eq!(param(&clear, "max_moq"), None);
}

#[tokio::test]
async fn a_search_with_only_unmatched_filters_says_so() {
    let none = get("/search?q=phone&min_monthly_sales=10000000").await;
    assert_eq!(none.status, 200);
    assert_eq!(none.count("#no-results"), 1);
    assert!(
        none.texts("#no-results")
            .remove(0)
            .contains("Clear filters")
    );
}

#[tokio::test]
async fn live_searches_send_the_documented_filter_and_sale_filter_list() {
    let (gateway, state) = live_app(standard_vars).await;
    let filtered = get_with(
        state.clone(),
        "/search?q=phone&ships_within=24&verified_factory=1&min_monthly_sales=1000",
        &[],
    )
    .await;
    assert_eq!(filtered.status, 200, "{}", filtered.body);
    let sent = last_search(&gateway);
    assert_eq!(sent["filter"], "shipIn24Hours,certifiedFactory");
    assert_eq!(
        sent["saleFilterList"],
        serde_json::json!([{ "saleType": "sales30", "saleStart": "1000" }])
    );
    assert_eq!(card_ids(&filtered), [stand_in::KNOWN_OFFER]);

    let within_48 = get_with(
        state.clone(),
        "/search?q=phone&ships_within=48&page_size=1",
        &[],
    )
    .await;
    assert_eq!(last_search(&gateway)["filter"], "shipIn48Hours");
    assert_eq!(within_48.count(".card"), 1);
    // Two offers ship within 48 hours: the next page keeps the filter.
    let next = within_48.attrs("a.page-next", "href").remove(0);
    assert_eq!(param(&next, "ships_within").as_deref(), Some("48"));
    let page_2 = get_with(state.clone(), &next, &[]).await;
    assert_eq!(last_search(&gateway)["filter"], "shipIn48Hours");
    assert_eq!(last_search(&gateway)["beginPage"], 2);
    assert_eq!(card_ids(&page_2), [stand_in::OFFERS[1]]);

    // Unfiltered searches send neither field.
    get_with(state, "/search?q=phone", &[]).await;
    let plain = last_search(&gateway);
    assert!(plain.get("filter").is_none() && plain.get("saleFilterList").is_none());
}

#[tokio::test]
async fn live_mode_offers_only_the_filters_1688_documents_and_refuses_the_others() {
    let (gateway, state) = live_app(standard_vars).await;
    let listing = get_with(state.clone(), "/search?q=phone", &[]).await;
    assert_eq!(listing.count("#f-ships"), 1);
    assert_eq!(listing.count("input[name=verified_factory]"), 1);
    assert_eq!(listing.count("#f-sales"), 1);
    assert_eq!(
        listing.count("#f-moq"),
        0,
        "1688's search has no MOQ filter"
    );

    let calls = gateway.calls(stand_in::KEYWORD_QUERY);
    let refused = get_with(state.clone(), "/search?q=phone&max_moq=10", &[]).await;
    assert_eq!(refused.status, 400);
    assert_eq!(refused.texts(".error-param code"), ["max_moq"]);
    let api = get_with(state, "/api/products?q=phone&max_moq=10", &[]).await;
    assert_eq!(api.status, 400);
    assert_eq!(api.json()["error"]["parameter"], "max_moq");
    assert_eq!(
        gateway.calls(stand_in::KEYWORD_QUERY),
        calls,
        "no call for it"
    );
}

#[tokio::test]
async fn mobile_and_sourcing_agent_links_open_the_product() {
    let links = [
        "https://m.1688.com/offer/610947572360.html?spm=a2.b",
        "https://m.1688.com/page/offerdetail.html?offerId=610947572360",
        "http://detail.m.1688.com/page/index.htm?offerId=610947572360&sk=consign",
        "https://agent.example/en/page/buy/?nTag=Home-search&url=https%3A%2F%2Fdetail.1688.com%2Foffer%2F610947572360.html",
        "https://www.agent.example/#/home/productDetail?productLink=https%253A%252F%252Fdetail.1688.com%252Foffer%252F610947572360.html",
        "https://agent.example/item?platform=1688&id=610947572360",
    ];
    for link in links {
        let response = get(&format!("/search?q={}", urlencode(link))).await;
        assert_eq!(response.status, 303, "{link}");
        assert_eq!(
            response.header("location"),
            Some("/products/610947572360"),
            "{link}"
        );
    }
    // An agent link longer than a keyword may be still opens the product.
    let long = format!(
        "https://agent.example/buy?utm_campaign={}&url=https%3A%2F%2Fdetail.1688.com%2Foffer%2F610947572360.html",
        "a".repeat(400)
    );
    let response = get(&format!("/search?q={}", urlencode(&long))).await;
    assert_eq!(response.status, 303);
    // A Taobao item carried by an agent is not a 1688 offer: it is searched as text (and a long
    // one is refused as a keyword).
    let taobao = get(&format!(
        "/search?q={}",
        urlencode("https://agent.example/item?platform=taobao&id=610947572360")
    ))
    .await;
    assert_eq!(taobao.status, 200);
}
