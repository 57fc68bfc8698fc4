//! With JavaScript switched off in Chromium, search, filters and pagination still work: they are
//! plain forms and links.

use std::collections::HashMap;

use crate::browse::assert_filters_kept;
use crate::harness::{Browser, run};
use crate::search::search_from_header;

#[test]
fn without_javascript_search_filters_and_pagination_still_work() {
    run("no-javascript", Browser::NO_JAVASCRIPT, |page| async move {
        assert!(!page.javascript_runs().await?, "page scripts still run");

        page.open("/").await?;
        search_from_header(&page, "phone").await?;
        assert!(
            !page.find_all(".card").await?.is_empty(),
            "no results for phone"
        );
        page.assert_healthy().await?;
        page.screenshot("search").await?;

        page.find(".filter-form select[name=sort]")
            .await?
            .select_by_value("price_asc")
            .await?;
        page.type_into(".filter-form input[name=min_price]", "2")
            .await?;
        let apply = page.visible(".filter-form button[type=submit]").await?;
        page.click_and_wait(&apply, "the filtered results", |url| {
            url.query_pairs()
                .any(|(k, v)| k == "sort" && v == "price_asc")
        })
        .await?;
        let expected = HashMap::from([("q", "phone"), ("min_price", "2"), ("sort", "price_asc")]);
        assert_filters_kept(&page, &expected, None).await?;
        let first = page.card_prices().await?;
        assert!(
            first.is_sorted() && first.iter().all(|p| *p >= 2.into()),
            "{first:?}"
        );

        let next = page.visible("a.page-next").await?;
        page.click_and_wait(&next, "page 2", |url| {
            url.query_pairs().any(|(k, v)| k == "page" && v == "2")
        })
        .await?;
        assert_filters_kept(&page, &expected, Some("2")).await?;
        assert_eq!(page.text(".page-current").await?, "2");
        let second = page.card_prices().await?;
        assert!(
            second.is_sorted() && first.last() <= second.first(),
            "{first:?} then {second:?}"
        );
        page.assert_healthy().await?;
        page.screenshot("page-2").await?;
        Ok(())
    });
}
