//! The product page.

use crate::harness::{Browser, KNOWN_ID, Page, TestResult, parse_price, run};

#[test]
fn a_product_page_shows_its_gallery_price_tiers_moq_variants_supplier_and_1688_link() {
    run("product", Browser::DESKTOP, |page| async move {
        page.open(&format!("/products/{KNOWN_ID}")).await?;
        assert_product_page(&page, KNOWN_ID).await?;

        page.visible(".gallery img").await?;
        let decoded = page
            .js("const img = document.querySelector('.gallery img'); \
                 return img.complete && img.naturalWidth > 0")
            .await?;
        assert_eq!(decoded, true, "the first gallery image did not decode");

        let tiers = page.texts("#price-tiers tbody tr .price").await?;
        assert!(!tiers.is_empty(), "no price tiers");
        for tier in &tiers {
            parse_price(tier)?;
        }
        let moq = page.text("#moq").await?;
        assert!(
            moq.starts_with("Minimum order:") && moq.chars().any(|c| c.is_ascii_digit()),
            "{moq}"
        );

        page.visible("#variants").await?;
        assert!(
            !page.find_all("#variants tbody tr").await?.is_empty(),
            "no variant rows"
        );
        let supplier = page.text("#supplier .supplier-name").await?;
        assert!(!supplier.is_empty(), "the supplier has no name");

        let offer = page.visible("#offer-link").await?;
        assert_eq!(
            offer.attr("href").await?.as_deref(),
            Some(format!("https://detail.1688.com/offer/{KNOWN_ID}.html").as_str())
        );
        page.assert_healthy().await?;
        page.screenshot("page").await?;
        Ok(())
    });
}

#[test]
fn a_related_product_link_opens_that_product() {
    run("related", Browser::DESKTOP, |page| async move {
        page.open(&format!("/products/{KNOWN_ID}")).await?;
        let link = page.visible("#related .card a.card-link").await?;
        let href = link
            .attr("href")
            .await?
            .ok_or("a related card without href")?;
        let id: u64 = href
            .strip_prefix("/products/")
            .and_then(|id| id.parse().ok())
            .ok_or_else(|| format!("not a product link: {href}"))?;
        assert_ne!(id, KNOWN_ID, "a product is related to itself");
        page.click_and_wait(&link, "the related product", |url| url.path() == href)
            .await?;
        assert_product_page(&page, id).await?;
        page.assert_healthy().await?;
        page.screenshot("page").await?;
        Ok(())
    });
}

/// The product page of `id`, with the parts every product has displayed.
async fn assert_product_page(page: &Page, id: u64) -> TestResult {
    let article = page.visible("article.product").await?;
    assert_eq!(article.attr("data-product-id").await?, Some(id.to_string()));
    assert!(!page.text("h1").await?.is_empty(), "no title");
    for part in [
        ".gallery img",
        "#price-tiers",
        "#moq",
        "#supplier",
        "#offer-link",
    ] {
        page.visible(part).await?;
    }
    Ok(())
}
