//! Browsing: home → a category → sort and price filter through the form → the next page.

use std::collections::HashMap;

use fantoccini::Locator;
use rust_decimal::Decimal;

use crate::harness::{Browser, Page, TestResult, parse_price, run};

/// A price range that cuts products off at both ends of the first category (Phones & Telecom in
/// the mock catalog) and still leaves more than one page.
const MIN_PRICE: &str = "1.5";
const MAX_PRICE: &str = "200";

#[test]
fn a_shopper_picks_a_category_then_sorts_filters_and_pages_through_it() {
    run("browse", Browser::DESKTOP, |page| async move {
        page.open("/").await?;
        page.assert_healthy().await?;
        page.screenshot("home").await?;

        // Home → the first category.
        let tile = page.visible(".category-grid a").await?;
        let name = tile.find(Locator::Css(".cat-name")).await?.text().await?;
        let href = tile
            .attr("href")
            .await?
            .ok_or("a category tile without href")?;
        let category = href
            .split_once("category=")
            .map(|(_, id)| id.to_string())
            .ok_or_else(|| format!("not a category link: {href}"))?;
        page.click_and_wait(&tile, "the category listing", |url| {
            url.path() == "/products"
                && url
                    .query_pairs()
                    .any(|(k, v)| k == "category" && v == category)
        })
        .await?;
        assert_eq!(page.text("h1").await?, name.trim());
        assert_eq!(page.value("select[name=category]").await?, category);
        assert!(
            !page.card_prices().await?.is_empty(),
            "the category shows no products"
        );
        page.assert_healthy().await?;
        page.screenshot("category").await?;

        // Sort by price and filter by price through the form.
        page.find("select[name=sort]")
            .await?
            .select_by_value("price_asc")
            .await?;
        page.type_into("input[name=min_price]", MIN_PRICE).await?;
        page.type_into("input[name=max_price]", MAX_PRICE).await?;
        let apply = page.visible(".filter-form button[type=submit]").await?;
        page.click_and_wait(&apply, "the filtered listing", |url| {
            url.query_pairs()
                .any(|(k, v)| k == "sort" && v == "price_asc")
        })
        .await?;
        let expected = HashMap::from([
            ("category", category.as_str()),
            ("min_price", MIN_PRICE),
            ("max_price", MAX_PRICE),
            ("sort", "price_asc"),
        ]);
        assert_filters_kept(&page, &expected, None).await?;
        assert_eq!(page.text(".page-current").await?, "1");
        let first_page = prices_in_range_and_ascending(&page).await?;
        page.assert_healthy().await?;
        page.screenshot("filtered").await?;

        // The next page keeps every filter.
        let next = page.visible("a.page-next").await?;
        page.click_and_wait(&next, "page 2", |url| {
            url.query_pairs().any(|(k, v)| k == "page" && v == "2")
        })
        .await?;
        assert_filters_kept(&page, &expected, Some("2")).await?;
        assert_eq!(page.text(".page-current").await?, "2");
        let second_page = prices_in_range_and_ascending(&page).await?;
        assert!(
            first_page.last() <= second_page.first(),
            "page 2 starts below page 1's end: {first_page:?} then {second_page:?}"
        );
        page.assert_healthy().await?;
        page.screenshot("page-2").await?;
        Ok(())
    });
}

/// The URL carries exactly the expected filters (and page), and the form shows them.
pub async fn assert_filters_kept(
    page: &Page,
    expected: &HashMap<&str, &str>,
    page_number: Option<&str>,
) -> TestResult {
    let (path, params) = page.location().await?;
    for (name, value) in expected {
        assert_eq!(
            params.get(*name).map(String::as_str),
            Some(*value),
            "{name} in {path}?{params:?}"
        );
    }
    assert_eq!(
        params.get("page").map(String::as_str),
        page_number,
        "page in {params:?}"
    );
    for (name, value) in expected {
        let control = match *name {
            "q" => "#f-q".to_string(),
            "category" | "sort" => format!(".filter-form select[name={name}]"),
            _ => format!(".filter-form input[name={name}]"),
        };
        assert_eq!(page.value(&control).await?, *value, "the form's {name}");
    }
    Ok(())
}

/// The cards' prices, checked against the price filter in the URL and for ascending order.
async fn prices_in_range_and_ascending(page: &Page) -> TestResult<Vec<Decimal>> {
    let prices = page.card_prices().await?;
    assert!(!prices.is_empty(), "no products on this page");
    let (min, max) = (parse_price(MIN_PRICE)?, parse_price(MAX_PRICE)?);
    assert!(
        prices.iter().all(|p| (min..=max).contains(p)),
        "prices outside {min}..={max}: {prices:?}"
    );
    assert!(prices.is_sorted(), "not in ascending order: {prices:?}");
    Ok(prices)
}
