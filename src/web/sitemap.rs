//! `/robots.txt` and `/sitemap.xml`: what crawlers may fetch, and the pages worth indexing.
//!
//! The sitemap lists the home page, the category tree, every category listing and every product
//! page that answers a crawler with 200 without an upstream call: all of the sample catalog in
//! mock mode; in live mode the products and categories the store has saved
//! ([`crate::provider::Provider::saved_pages`]). Filter and sort variants are never listed (they
//! canonicalise to their listing), nor pages that are not indexed. Past
//! [`MAX_URLS_PER_SITEMAP`] addresses, `/sitemap.xml` is a sitemap index of `/sitemap-{n}.xml`
//! parts. Neither costs an upstream call.

use std::fmt::Write;
use std::time::SystemTime;

use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

use crate::AppState;
use crate::provider::SavedPages;
use crate::web::error::AppError;
use crate::web::seo;

/// Addresses in one sitemap file at most (the sitemap protocol's limit).
pub const MAX_URLS_PER_SITEMAP: usize = 50_000;

/// The query parameters that make a variant of a listing (filters, sort, page size).
const VARIANT_PARAMETERS: [&str; 8] = [
    "sort",
    "min_price",
    "max_price",
    "page_size",
    "ships_within",
    "verified_factory",
    "min_monthly_sales",
    "max_moq",
];

/// One address of a sitemap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Absolute.
    pub loc: String,
    pub lastmod: Option<SystemTime>,
}

/// `GET /robots.txt`.
pub async fn robots(State(state): State<AppState>) -> Response {
    let mut text = String::from(
        "# Product and category pages are open to crawlers. Crawlers are answered only from what\n\
         # this store already holds: a page it does not hold answers 503 with Retry-After.\n\
         User-agent: *\n\
         Disallow: /api/\n\
         Disallow: /api-status\n\
         Disallow: /auth/\n\
         Disallow: /quote\n\
         Disallow: /search/image\n\
         Disallow: /search?*category=\n",
    );
    for parameter in VARIANT_PARAMETERS {
        let _ = writeln!(text, "Disallow: /*?*{parameter}=");
    }
    let _ = write!(
        text,
        "Allow: /\n\nSitemap: {}/sitemap.xml\n",
        state.config.site_url
    );
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/plain; charset=utf-8"),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=3600"),
            ),
        ],
        text,
    )
        .into_response()
}

/// `GET /sitemap.xml`: the addresses, or an index of parts when there are too many.
pub async fn sitemap(State(state): State<AppState>) -> Response {
    let entries = entries(&state.config.site_url, state.provider.saved_pages().await);
    let body = if entries.len() <= MAX_URLS_PER_SITEMAP {
        urlset(&entries)
    } else {
        index(&state.config.site_url, parts(entries.len()))
    };
    xml(body)
}

/// `GET /sitemap-{n}.xml`: part `n` (from 1) of a sitemap that needs an index.
pub async fn part(
    State(state): State<AppState>,
    Path(part): Path<String>,
) -> Result<Response, AppError> {
    let not_found = || AppError::NotFound("sitemap");
    let n: usize = part
        .strip_suffix(".xml")
        .and_then(|n| n.parse().ok())
        .ok_or_else(not_found)?;
    let entries = entries(&state.config.site_url, state.provider.saved_pages().await);
    let chunk = chunk(&entries, n).ok_or_else(not_found)?;
    Ok(xml(urlset(chunk)))
}

/// How many parts `count` addresses take.
pub fn parts(count: usize) -> usize {
    count.div_ceil(MAX_URLS_PER_SITEMAP)
}

/// Part `n` (from 1) of `entries`, when they need an index and it exists.
pub fn chunk(entries: &[Entry], n: usize) -> Option<&[Entry]> {
    if entries.len() <= MAX_URLS_PER_SITEMAP || n == 0 {
        return None;
    }
    entries.chunks(MAX_URLS_PER_SITEMAP).nth(n - 1)
}

/// The addresses of the pages a crawler can be shown.
pub fn entries(site: &str, pages: SavedPages) -> Vec<Entry> {
    let mut entries = vec![Entry {
        loc: format!("{site}/"),
        lastmod: None,
    }];
    if pages.category_tree {
        entries.push(Entry {
            loc: format!("{site}/categories"),
            lastmod: None,
        });
    }
    entries.extend(pages.categories.into_iter().map(|(id, lastmod)| Entry {
        loc: format!("{site}{}", seo::category_path(id)),
        lastmod,
    }));
    entries.extend(pages.products.into_iter().map(|(id, lastmod)| Entry {
        loc: format!("{site}/products/{id}"),
        lastmod,
    }));
    entries
}

/// A `<urlset>` of `entries`.
pub fn urlset(entries: &[Entry]) -> String {
    let mut xml = String::with_capacity(80 * entries.len() + 200);
    xml.push_str(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for entry in entries {
        let _ = write!(xml, "<url><loc>{}</loc>", escape(&entry.loc));
        if let Some(lastmod) = entry.lastmod.and_then(date) {
            let _ = write!(xml, "<lastmod>{lastmod}</lastmod>");
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

/// A `<sitemapindex>` of `parts` parts.
pub fn index(site: &str, parts: usize) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for n in 1..=parts {
        let _ = writeln!(
            xml,
            "<sitemap><loc>{}</loc></sitemap>",
            escape(&format!("{site}/sitemap-{n}.xml"))
        );
    }
    xml.push_str("</sitemapindex>\n");
    xml
}

/// A day as the sitemap protocol writes it (W3C date, UTC).
fn date(time: SystemTime) -> Option<String> {
    let timestamp = jiff::Timestamp::try_from(time).ok()?;
    Some(timestamp.strftime("%Y-%m-%d").to_string())
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

fn xml(body: String) -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/xml; charset=utf-8"),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=3600"),
            ),
        ],
        body,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::ProductId;

    fn saved_products(count: u64) -> SavedPages {
        SavedPages {
            products: (1..=count).map(|id| (ProductId(id), None)).collect(),
            ..SavedPages::default()
        }
    }

    #[test]
    fn up_to_the_limit_one_sitemap_holds_every_address() {
        // The home page and MAX - 1 products: exactly the limit.
        let entries = entries("https://shop.example", saved_products(49_999));
        assert_eq!(entries.len(), MAX_URLS_PER_SITEMAP);
        assert_eq!(parts(entries.len()), 1);
        assert!(chunk(&entries, 1).is_none(), "no parts without an index");
    }

    #[test]
    fn past_the_limit_the_addresses_are_split_into_parts_of_at_most_the_limit() {
        let entries = entries("https://shop.example", saved_products(120_000));
        assert_eq!(entries.len(), 120_001);
        assert_eq!(parts(entries.len()), 3);
        let sizes: Vec<usize> = (1..=3).map(|n| chunk(&entries, n).unwrap().len()).collect();
        assert_eq!(sizes, vec![50_000, 50_000, 20_001]);
        assert!(chunk(&entries, 4).is_none());
        assert!(chunk(&entries, 0).is_none());
        let index = index("https://shop.example", 3);
        assert!(index.contains("<loc>https://shop.example/sitemap-3.xml</loc>"));
        assert!(!index.contains("sitemap-4.xml"));
    }

    #[test]
    fn addresses_are_escaped_and_dates_are_w3c_days() {
        let entries = [Entry {
            loc: "https://shop.example/a?b=1&c=<2>".into(),
            lastmod: Some(SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(86_400 * 365)),
        }];
        let xml = urlset(&entries);
        assert!(xml.contains("<loc>https://shop.example/a?b=1&amp;c=&lt;2&gt;</loc>"));
        assert!(xml.contains("<lastmod>1971-01-01</lastmod>"));
    }
}
