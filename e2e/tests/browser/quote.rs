//! The quote sheet as a buyer uses it: two products in different variants and quantities, a
//! quantity changed, a line removed, the CSV downloaded, and the share link opened by a
//! colleague in a fresh browser.

use crate::harness::{Browser, KNOWN_ID, Page, TestResult, parse_price, run};

/// On a product page: picks variant `variant` (by position), types `quantity`, adds it to the
/// sheet and waits for the sheet. Returns the variant's label as the form showed it.
async fn add_to_sheet(page: &Page, variant: usize, quantity: u32) -> TestResult<String> {
    let select = page.visible("#quote-sku").await?;
    select.select_by_index(variant).await?;
    let label = page
        .js("const s = document.querySelector('#quote-sku'); return s.options[s.selectedIndex].text")
        .await?
        .as_str()
        .unwrap_or_default()
        .to_string();
    page.type_into("#quote-quantity", &quantity.to_string())
        .await?;
    let add = page.visible("#quote-add button[type=submit]").await?;
    page.click_and_wait(&add, "the quote sheet at the added line", |url| {
        url.path() == "/quote" && url.fragment().is_some_and(|f| f.starts_with("line-"))
    })
    .await?;
    Ok(label)
}

/// The sheet's line ids, in order.
async fn line_ids(page: &Page) -> TestResult<Vec<String>> {
    let mut ids = Vec::new();
    for line in page.find_all(".quote-line").await? {
        ids.push(line.attr("data-line").await?.ok_or("a line without id")?);
    }
    Ok(ids)
}

#[test]
fn a_buyer_builds_a_quote_sheet_exports_it_and_shares_it_read_only() {
    run("quote", Browser::DESKTOP, |page| async move {
        // The first product, its second variant.
        page.open(&format!("/products/{KNOWN_ID}")).await?;
        let first_variant = add_to_sheet(&page, 1, 25).await?;
        assert_eq!(line_ids(&page).await?.len(), 1);

        // A related product, its first variant, another quantity.
        page.open(&format!("/products/{KNOWN_ID}")).await?;
        let related = page.visible("#related .card a.card-link").await?;
        let href = related.attr("href").await?.ok_or("a card without link")?;
        page.click_and_wait(&related, "the related product", |url| url.path() == href)
            .await?;
        add_to_sheet(&page, 0, 40).await?;

        let lines = line_ids(&page).await?;
        assert_eq!(lines.len(), 2, "two lines");
        let variants = page.texts(".quote-variant").await?;
        let first_attribute = first_variant.split(" — ").next().unwrap_or_default();
        for part in first_attribute.split(", ") {
            let value = part.split_once(": ").map_or(part, |(_, v)| v);
            assert!(
                variants[0].contains(value),
                "{variants:?} vs {first_variant}"
            );
        }
        page.assert_healthy().await?;
        page.screenshot("two-lines").await?;

        // Change the first line's quantity.
        let first = &lines[0];
        page.type_into(&format!("#qty-{first}"), "120").await?;
        let update = page
            .visible(&format!("#line-{first} .quote-update button"))
            .await?;
        page.click_and_wait(&update, "the updated sheet", |url| {
            url.fragment() == Some(&format!("line-{first}"))
        })
        .await?;
        assert_eq!(page.value(&format!("#qty-{first}")).await?, "120");
        let unit = parse_price(
            &page
                .text(&format!("#line-{first} .quote-unit-price .price"))
                .await?,
        )?;
        let total = parse_price(&page.text(&format!("#line-{first} .line-total")).await?)?;
        assert_eq!(total, unit * rust_decimal::Decimal::from(120));

        // Remove the second line.
        let remove = page
            .visible(&format!("#line-{} .quote-remove button", lines[1]))
            .await?;
        page.click_and_wait(&remove, "the sheet without the line", |url| {
            url.path() == "/quote" && url.fragment().is_none()
        })
        .await?;
        assert_eq!(line_ids(&page).await?, vec![first.clone()]);
        let sheet_total = page.text("#quote-total .price").await?;
        assert_eq!(parse_price(&sheet_total)?, total);
        page.screenshot("one-line").await?;

        // Export CSV.
        let (name, csv) = page.download("#export-csv").await?;
        assert_eq!(name, "quote-sheet.csv");
        assert!(
            csv.starts_with(b"\xEF\xBB\xBF"),
            "UTF-8 with a byte-order mark"
        );
        let text = String::from_utf8(csv[3..].to_vec())?;
        let rows: Vec<&str> = text.lines().collect();
        assert_eq!(rows.len(), 3, "header, one line, total: {text}");
        assert!(rows[0].starts_with("Offer ID,Title (Chinese),Title (English)"));
        assert!(rows[1].starts_with(&format!("{KNOWN_ID},")), "{}", rows[1]);
        assert!(rows[1].contains(",120,"), "{}", rows[1]);
        assert!(rows[1].contains(&format!("https://detail.1688.com/offer/{KNOWN_ID}.html")));
        assert!(rows[2].starts_with("Total,"));
        page.assert_healthy().await?;

        // A colleague opens the share link in a fresh browser.
        let share = page
            .visible("#share-open")
            .await?
            .attr("href")
            .await?
            .ok_or("no share link")?;
        assert!(share.starts_with("/quote/s/"), "{share}");
        let colleague = page.fresh_browser().await?;
        let other = &colleague.page;
        other.open("/quote").await?;
        other.visible("#quote-empty").await?;
        other.open(&share).await?;
        other.visible("#read-only-notice").await?;
        assert_eq!(line_ids(other).await?, vec![first.clone()]);
        assert_eq!(other.text(".quantity-value").await?, "120");
        assert_eq!(other.text("#quote-total .price").await?, sheet_total);
        assert!(
            other
                .find_all(".quote-update, .quote-remove, #share-link")
                .await?
                .is_empty()
        );
        other.assert_healthy().await?;
        other.screenshot("shared").await?;
        colleague.close().await?;
        Ok(())
    });
}

#[test]
fn at_375_px_the_quote_sheet_does_not_scroll_sideways() {
    run("quote-phone", Browser::PHONE, |page| async move {
        page.open(&format!("/products/{KNOWN_ID}")).await?;
        page.visible_in_viewport("#quote-add button[type=submit]")
            .await?;
        add_to_sheet(&page, 0, 30).await?;
        assert_eq!(line_ids(&page).await?.len(), 1);
        page.assert_no_horizontal_scroll().await?;
        assert_eq!(page.inner_width().await?, 375);
        // The table scrolls inside its box; the actions stay in view.
        page.visible_in_viewport("#export-csv").await?;
        page.visible_in_viewport("#share-link").await?;
        page.assert_healthy().await?;
        page.screenshot("sheet").await?;
        Ok(())
    });
}
