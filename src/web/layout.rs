//! The site layout every page shares, rendering, and the blocks pages are made of.

use std::time::Duration;

use askama::Template;
use axum::response::{Html, IntoResponse, Response};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use crate::AppState;
use crate::config::DisplayCurrency;
use crate::format::{Thousands, human_duration};
use crate::provider::{DataSource, Fetched, ImageSearchSupport, ProviderError, ProviderName};
use crate::web::assets;
use crate::web::error::AppError;
use crate::web::page_cache::DoNotKeep;
use crate::web::seo::{self, Meta, OpenGraph};

/// What the site layout (`base.html`) needs on every page.
pub struct Layout {
    pub title: String,
    pub source: DataSource,
    /// Which source answers (`data-provider` on the banner, and its words).
    pub provider: ProviderName,
    /// The text in the header's search box.
    pub search_value: String,
    pub currency: Option<DisplayCurrency>,
    pub stylesheet: &'static str,
    pub favicon: &'static str,
    /// Set when the page shows saved answers past their lifetime because 1688 is failing.
    pub stale_notice: Option<String>,
    /// What image search the source offers: the header's "Search by image" shows accordingly.
    pub image_search: ImageSearchSupport,
    /// How the page describes itself in its head (description, canonical, robots, OpenGraph,
    /// JSON-LD): see [`crate::web::seo`].
    pub meta: Meta,
    /// `SITE_URL`, for absolute addresses.
    pub site: String,
}

impl Layout {
    pub fn new(state: &AppState, title: &str) -> Layout {
        Layout {
            title: title.to_string(),
            source: state.provider.source(),
            provider: state.provider.name(),
            search_value: String::new(),
            currency: state.config.display_currency.clone(),
            stylesheet: assets::url("style.css"),
            favicon: assets::url("favicon.svg"),
            stale_notice: None,
            image_search: state.provider.capabilities().image_search,
            meta: Meta::default(),
            site: state.config.site_url.clone(),
        }
    }

    /// The page's meta description (cut to a readable length).
    pub fn describe(mut self, description: &str) -> Layout {
        self.meta.description = Some(seo::description(description));
        self
    }

    /// The page's canonical address: `SITE_URL` + `path` (with its query).
    pub fn canonical(mut self, path: &str) -> Layout {
        self.meta.canonical = Some(self.absolute(path));
        self
    }

    /// Asks search engines not to index the page (errors, empty results, personal pages).
    pub fn noindex(mut self) -> Layout {
        self.meta.noindex = true;
        self
    }

    pub fn with_open_graph(mut self, open_graph: OpenGraph) -> Layout {
        self.meta.open_graph = Some(open_graph);
        self
    }

    /// Adds a JSON-LD document (written escaped, see [`seo::json_ld_text`]).
    pub fn with_json_ld(mut self, document: &serde_json::Value) -> Layout {
        self.meta.json_ld.push(seo::json_ld_text(document));
        self
    }

    /// `SITE_URL` + `path`.
    pub fn absolute(&self, path: &str) -> String {
        format!("{}{path}", self.site)
    }

    pub fn with_search(mut self, keyword: Option<&str>) -> Layout {
        self.search_value = keyword.unwrap_or_default().to_string();
        self
    }

    /// Notes how old the oldest stale answer on the page is (see [`Fetched::stale`]).
    pub fn with_stale(mut self, stale: Option<Duration>) -> Layout {
        let service = self.provider.service();
        self.stale_notice = stale.map(|age| {
            format!(
                "This page shows data saved {} ago: a fresh copy is fetched from {service} as soon as this store's call pacing allows (or {service} answers again). Prices and stock may have changed since.",
                human_duration(age)
            )
        });
        self
    }

    pub fn is_stale(&self) -> bool {
        self.stale_notice.is_some()
    }

    pub fn is_live(&self) -> bool {
        self.source == DataSource::Live
    }

    /// Whether the live data comes through Onebound rather than the 1688 Open Platform.
    pub fn is_onebound(&self) -> bool {
        self.provider == ProviderName::Onebound
    }

    /// A price in yuan, e.g. `¥12.50` (written straight into the page: no string of its own).
    pub fn cny(&self, price: impl Amount) -> Yuan {
        Yuan(price.amount())
    }

    /// The approximate price in the display currency, e.g. `≈ USD 1.75`, if one is configured.
    pub fn approx(&self, price: impl Amount) -> Option<String> {
        self.currency
            .as_ref()
            .map(|c| format!("≈ {} {:.2}", c.code, (price.amount() * c.rate).round_dp(2)))
    }
}

/// The age of the oldest stale answer among those a page shows.
pub fn oldest_stale(ages: impl IntoIterator<Item = Option<Duration>>) -> Option<Duration> {
    ages.into_iter().flatten().max()
}

/// A price in yuan as pages show it: `¥`, thousands grouped, two decimals.
pub struct Yuan(pub Decimal);

impl std::fmt::Display for Yuan {
    /// `¥1,760.00`: two decimals, thousands grouped.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let amount = self.0.round_dp(2);
        let sign = if amount.is_sign_negative() && !amount.is_zero() {
            "-"
        } else {
            ""
        };
        let amount = amount.abs();
        let Some(whole) = amount.trunc().to_u64() else {
            return write!(f, "{sign}¥{amount:.2}");
        };
        let cents = ((amount - amount.trunc()) * Decimal::ONE_HUNDRED)
            .to_u64()
            .unwrap_or(0);
        write!(f, "{sign}¥{}.{cents:02}", Thousands(whole))
    }
}

/// A price as templates hand it over: by value or behind any number of references.
pub trait Amount {
    fn amount(&self) -> Decimal;
}

impl Amount for Decimal {
    fn amount(&self) -> Decimal {
        *self
    }
}

impl<T: Amount + ?Sized> Amount for &T {
    fn amount(&self) -> Decimal {
        (**self).amount()
    }
}

/// Room a page is rendered into. The largest pages (home, listings) are 37–40 KB; from askama's
/// own estimate (a few KB) such a page would grow by doubling, copying itself at each step.
const PAGE_CAPACITY: usize = 48 * 1024;

/// Renders a template into an HTML response; a rendering failure becomes the 500 page.
pub fn render<T: Template>(template: &T) -> Response {
    let mut html = String::with_capacity(PAGE_CAPACITY.max(T::SIZE_HINT));
    match template.render_into(&mut html) {
        Ok(()) => Html(html).into_response(),
        Err(error) => AppError::Internal(format!("template: {error}")).into_response(),
    }
}

/// Renders a page, telling the page cache whether it may keep it: not when a block is missing
/// (the next visitor gets another chance at it) or when it shows stale data.
pub fn render_page(template: &impl Template, keep: bool) -> Response {
    let mut response = render(template);
    if !keep {
        response.extensions_mut().insert(DoNotKeep);
    }
    response
}

/// An optional part of a page (a shelf, related products, the category grid): what it shows, or
/// the short notice that takes its place when it cannot be had right now.
pub enum Block<T> {
    Shown(T),
    Missing(String),
}

impl<T> Block<T> {
    /// The block for an answer of `source`; `what` names it in the notice, e.g. "Related
    /// products". A stale answer is shown (the page's notice says how old it is).
    pub fn new(
        answer: Result<Fetched<T>, ProviderError>,
        what: &str,
        source: ProviderName,
    ) -> Block<T> {
        match answer {
            Ok(fetched) => Block::Shown(fetched.value),
            Err(error) => {
                tracing::debug!(block = what, %error, "optional block left out");
                let service = source.service();
                Block::Missing(match error {
                    ProviderError::Throttled | ProviderError::RateLimited => format!(
                        "{what} will show once {service} has a moment: this store paces its calls. Reload the page shortly."
                    ),
                    _ => format!("{what} could not be loaded from {service} just now."),
                })
            }
        }
    }

    pub fn is_shown(&self) -> bool {
        matches!(self, Block::Shown(_))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yuan_read_with_two_decimals_and_grouped_thousands() {
        let yuan = |s: &str| Yuan(s.parse().unwrap()).to_string();
        assert_eq!(yuan("0"), "¥0.00");
        assert_eq!(yuan("3.2"), "¥3.20");
        assert_eq!(yuan("999.99"), "¥999.99");
        assert_eq!(yuan("1760"), "¥1,760.00");
        assert_eq!(yuan("1234567.891"), "¥1,234,567.89");
        assert_eq!(yuan("-12.5"), "-¥12.50");
    }
}
