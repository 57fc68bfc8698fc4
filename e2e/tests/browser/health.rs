//! Every page loads all it asks for, and the browser reports no errors — and the check itself
//! notices when that is not so.

use crate::harness::{Browser, KNOWN_ID, run};

/// One page of each kind, including the empty and error-free edge cases.
const PAGES: [&str; 9] = [
    "/",
    "/categories",
    "/products",
    "/products?sort=price_desc&page=2",
    "/search?q=%E6%89%8B%E6%9C%BA",
    "/search?q=phone",
    "/search?q=zzqx-nothing-matches-this",
    "/products/610947572360",
    "/api-status",
];

#[test]
fn every_page_loads_all_its_images_styles_and_icons_without_console_errors() {
    assert!(PAGES.iter().any(|p| p.ends_with(&KNOWN_ID.to_string())));
    run("health", Browser::DESKTOP, |page| async move {
        for path in PAGES {
            page.open(path).await?;
            page.find("#data-source").await?;
            let styled = page
                .js("return getComputedStyle(document.querySelector('.site-header')).borderBottomStyle")
                .await?;
            assert_eq!(styled, "solid", "the stylesheet did not apply on {path}");
            page.assert_healthy()
                .await
                .map_err(|e| format!("{path}: {e}"))?;
        }
        page.screenshot("last-page").await?;
        Ok(())
    });
}

#[test]
fn the_health_check_notices_a_missing_page_a_broken_image_and_a_console_error() {
    run(
        "health-check-self-test",
        Browser::DESKTOP,
        |page| async move {
            page.open("/products/1").await?;
            let problems = page.log_problems().await?.join("\n");
            assert!(
                problems.contains("404"),
                "a 404 page went unnoticed: {problems:?}"
            );

            let broken = format!(
                "data:text/html,<img src='{}/static/missing.svg' alt=''><script>console.error('e2e probe')</script>",
                page.base()
            );
            page.open_url(&broken).await?;
            let report = match page.assert_healthy().await {
                Ok(()) => panic!("a broken image and a console error went unnoticed"),
                Err(report) => report.to_string(),
            };
            assert!(report.contains("image did not load"), "{report}");
            assert!(report.contains("e2e probe"), "{report}");
            assert!(report.contains("missing.svg"), "{report}");

            // The no-JavaScript flow's probe says "on" where scripts do run.
            assert!(page.javascript_runs().await?);
            page.drain_logs().await?;
            page.screenshot("probe").await?;
            Ok(())
        },
    );
}
