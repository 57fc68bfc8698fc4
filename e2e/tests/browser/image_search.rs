//! Searching by image: a shopper saves a product's picture (here: a screenshot of it, as
//! Chromium draws it), chooses the file in the form and submits — no JavaScript needed — and the
//! product comes first. On a desktop and on a 375 px phone.

use std::path::{Path, PathBuf};

use crate::harness::{Browser, Page, TestResult, run};

/// A product of the sample catalog other than the first (whose picture the others' do not
/// resemble any more than any other's).
async fn some_product(page: &Page) -> TestResult<String> {
    page.open("/products?sort=price_desc").await?;
    let cards = page.find_all(".card a.card-link").await?;
    let link = cards.get(4).ok_or("fewer than five products listed")?;
    let href = link.attr("href").await?.ok_or("a card without a link")?;
    Ok(href.trim_start_matches("/products/").to_string())
}

/// A PNG screenshot of product `id`'s main picture on its page, saved where a file input can
/// read it.
async fn save_product_picture(page: &Page, id: &str, name: &str) -> TestResult<PathBuf> {
    page.open(&format!("/products/{id}")).await?;
    let picture = page.visible("#img-1").await?;
    let png = picture.screenshot().await?;
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("e2e-uploads");
    std::fs::create_dir_all(&dir)?;
    let path = dir.join(format!("{name}-{id}.png"));
    std::fs::write(&path, png)?;
    Ok(path)
}

/// Chooses `file` in the home page's image search form, submits it, and waits for the results.
async fn search_by_image(page: &Page, file: &Path) -> TestResult {
    page.open("/").await?;
    let input = page.find("#home-image-file").await?;
    input
        .send_keys(file.to_str().ok_or("a non-UTF-8 path")?)
        .await?;
    let button = page.visible("#home-image button[type=submit]").await?;
    page.click_and_wait(&button, "the image search results", |url| {
        url.path().starts_with("/search/image/")
    })
    .await?;
    Ok(())
}

async fn assert_found_first(page: &Page, id: &str) -> TestResult {
    page.visible("#image-search-photo").await?;
    let first = page.find("#image-results .card").await?;
    let found = first.attr("data-product-id").await?;
    assert_eq!(found.as_deref(), Some(id), "the first result");
    let note = page.text("#matched-by-appearance").await?;
    assert!(note.contains("matched by appearance"), "{note}");
    page.assert_healthy().await?;
    Ok(())
}

#[test]
fn choosing_a_saved_product_picture_finds_that_product_first() {
    run("image-search", Browser::DESKTOP, |page| async move {
        let id = some_product(&page).await?;
        let file = save_product_picture(&page, &id, "desktop").await?;
        search_by_image(&page, &file).await?;
        assert_found_first(&page, &id).await?;
        page.screenshot("results").await?;
        // The results address can be opened again (bookmarked, shared).
        let url = page.url().await?;
        page.open(&format!("{}?page=2", url.path())).await?;
        assert!(!page.find_all("#image-results .card").await?.is_empty());
        Ok(())
    });
}

#[test]
fn at_375_px_searching_by_image_works_and_does_not_scroll_sideways() {
    run("image-search-phone", Browser::PHONE, |page| async move {
        let id = some_product(&page).await?;
        let file = save_product_picture(&page, &id, "phone").await?;
        search_by_image(&page, &file).await?;
        assert_eq!(page.inner_width().await?, 375);
        assert_found_first(&page, &id).await?;
        page.assert_no_horizontal_scroll().await?;
        page.screenshot("results").await?;
        page.open("/").await?;
        page.assert_no_horizontal_scroll().await?;
        page.screenshot("home").await?;
        Ok(())
    });
}
