//! Searching from the header's search box.

use crate::harness::{Browser, Page, TestResult, run};

/// Types `term` into the header's search box, submits it with the button, and waits for the
/// results page of that term.
pub async fn search_from_header(page: &Page, term: &str) -> TestResult {
    page.type_into("#header-q", term).await?;
    let button = page.visible(".header-search button[type=submit]").await?;
    page.click_and_wait(&button, &format!("the results for {term:?}"), |url| {
        url.path() == "/search" && url.query_pairs().any(|(k, v)| k == "q" && v == term)
    })
    .await?;
    Ok(())
}

#[test]
fn searching_in_chinese_then_in_english_shows_results_and_keeps_the_query_in_the_box() {
    run("search", Browser::DESKTOP, |page| async move {
        page.open("/").await?;
        for (term, shot) in [("手机", "chinese"), ("phone", "english")] {
            search_from_header(&page, term).await?;
            let cards = page.find_all(".card").await?;
            assert!(!cards.is_empty(), "no results for {term:?}");
            assert!(page.find_all("#no-results").await?.is_empty());
            assert_eq!(page.value("#header-q").await?, term, "the header box");
            assert_eq!(page.value("#f-q").await?, term, "the filter form's keyword");
            let heading = page.text("h1").await?;
            assert!(
                heading.contains(term),
                "heading {heading:?} does not name {term:?}"
            );
            page.assert_healthy().await?;
            page.screenshot(shot).await?;
        }
        Ok(())
    });
}

#[test]
fn a_search_without_results_shows_the_empty_state() {
    run("search-empty", Browser::DESKTOP, |page| async move {
        let term = "zzqx nothing matches this";
        page.open("/").await?;
        search_from_header(&page, term).await?;
        page.visible("#no-results").await?;
        assert!(page.find_all(".card").await?.is_empty());
        let message = page.text("#no-results").await?;
        assert!(message.contains(term), "{message}");
        assert_eq!(page.value("#header-q").await?, term);
        // The suggestions lead somewhere useful.
        assert!(
            !page
                .find_all("#no-results .suggestions a")
                .await?
                .is_empty()
        );
        page.assert_healthy().await?;
        page.screenshot("no-results").await?;
        Ok(())
    });
}
