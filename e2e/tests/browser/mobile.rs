//! A 375 px wide phone: nothing scrolls sideways, and search and filters can be used.

use fantoccini::key::Key;

use crate::harness::{Browser, KNOWN_ID, Page, TestResult, run};

const WIDTH: u64 = 375;

async fn open_at_phone_width(page: &Page, path: &str) -> TestResult {
    page.open(path).await?;
    page.find("#data-source").await?;
    let width = page.inner_width().await?;
    assert_eq!(width, WIDTH, "window.innerWidth on {path}");
    Ok(())
}

#[test]
fn at_375_px_home_listing_and_product_pages_do_not_scroll_sideways() {
    let product = format!("/products/{KNOWN_ID}");
    run("phone-layout", Browser::PHONE, |page| async move {
        let pages = [
            ("/", "home"),
            ("/products?sort=price_asc", "listing"),
            ("/search?q=phone", "search"),
            (product.as_str(), "product"),
            ("/categories", "categories"),
            ("/api-status", "api-status"),
        ];
        for (path, shot) in pages {
            open_at_phone_width(&page, path).await?;
            page.assert_healthy().await?;
            page.assert_no_horizontal_scroll().await?;
            page.screenshot(shot).await?;
        }
        Ok(())
    });
}

#[test]
fn at_375_px_the_search_box_and_the_filters_can_be_used() {
    run("phone-forms", Browser::PHONE, |page| async move {
        open_at_phone_width(&page, "/").await?;
        let search = page.visible_in_viewport("#header-q").await?;
        search.send_keys("phone").await?;
        search
            .send_keys(&String::from(char::from(Key::Enter)))
            .await?;
        page.wait_for_url("the results for phone", |url| {
            url.path() == "/search" && url.query_pairs().any(|(k, v)| k == "q" && v == "phone")
        })
        .await?;
        assert!(
            !page.find_all(".card").await?.is_empty(),
            "no results for phone"
        );
        assert_eq!(page.value("#header-q").await?, "phone");

        for control in [
            ".filter-form select[name=category]",
            ".filter-form input[name=min_price]",
            ".filter-form input[name=max_price]",
            ".filter-form select[name=sort]",
            ".filter-form button[type=submit]",
        ] {
            page.visible_in_viewport(control).await?;
        }
        page.find(".filter-form select[name=sort]")
            .await?
            .select_by_value("price_desc")
            .await?;
        page.type_into(".filter-form input[name=max_price]", "50")
            .await?;
        let apply = page
            .visible_in_viewport(".filter-form button[type=submit]")
            .await?;
        page.click_and_wait(&apply, "the filtered results", |url| {
            url.query_pairs()
                .any(|(k, v)| k == "sort" && v == "price_desc")
        })
        .await?;
        let (_, params) = page.location().await?;
        assert_eq!(params.get("q").map(String::as_str), Some("phone"));
        assert_eq!(params.get("max_price").map(String::as_str), Some("50"));
        let prices = page.card_prices().await?;
        assert!(!prices.is_empty(), "no phone products up to ¥50");
        assert!(prices.iter().all(|p| *p <= 50.into()), "{prices:?}");
        assert!(
            prices.is_sorted_by(|a, b| a >= b),
            "not descending: {prices:?}"
        );
        page.assert_no_horizontal_scroll().await?;
        page.assert_healthy().await?;
        page.screenshot("filtered").await?;
        Ok(())
    });
}
