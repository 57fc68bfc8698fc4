//! `/api-status` in mock mode.

use crate::harness::{Browser, run};

#[test]
fn the_api_status_page_shows_mock_mode_and_what_to_configure() {
    run("api-status", Browser::DESKTOP, |page| async move {
        page.open("/api-status").await?;
        let mode = page.visible("#mode[data-mode]").await?;
        assert_eq!(mode.attr("data-mode").await?.as_deref(), Some("mock"));
        assert!(page.text("#mode").await?.contains("Mock"));
        let banner = page.visible("#data-source[data-source]").await?;
        assert_eq!(banner.attr("data-source").await?.as_deref(), Some("mock"));

        page.visible("#credentials-message").await?;
        let message = page.text("#credentials-message").await?;
        for variable in ["ALIBABA_APP_KEY", "ALIBABA_APP_SECRET", ".env.local"] {
            assert!(
                message.contains(variable),
                "{variable} not named in: {message}"
            );
        }
        page.visible("#how-to-get-credentials").await?;
        let how_to = page.text("#how-to-get-credentials").await?;
        assert!(
            how_to.contains("App Key") && how_to.contains("ALIBABA_ACCESS_TOKEN"),
            "{how_to}"
        );

        page.assert_healthy().await?;
        page.screenshot("page").await?;
        Ok(())
    });
}
