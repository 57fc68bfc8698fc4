//! How a page describes itself to search engines and link previews: its meta description,
//! canonical address (from `SITE_URL`), `robots` rule, OpenGraph and Twitter card tags, and
//! JSON-LD structured data (schema.org). Built from what the page shows, nothing else; the
//! layout (`base.html`) writes it into the head.
//!
//! Canonical addresses: a listing is defined by its keyword (`/search?q=`) or its category
//! (`/products?category=`), and its `page`; filters, sort and page size are variants of it and
//! canonicalise to it.

use rust_decimal::Decimal;
use serde_json::{Value, json};

use crate::catalog::{CategoryRef, Product, SearchQuery};
use crate::format::{capitalize, quantity};
use crate::web::layout::Yuan;
use crate::web::params::link;

/// The store's name, as previews and structured data show it.
pub const SITE_NAME: &str = "1688 Storefront";
/// Longest meta description; longer ones are cut at a word (search engines show about 160).
const MAX_DESCRIPTION_CHARS: usize = 200;

/// What a page says about itself in its head (see [`crate::web::layout::Layout`]).
#[derive(Debug, Clone, Default)]
pub struct Meta {
    pub description: Option<String>,
    /// Absolute: `SITE_URL` + path.
    pub canonical: Option<String>,
    /// `<meta name="robots" content="noindex">`: errors, empty results, personal pages.
    pub noindex: bool,
    pub open_graph: Option<OpenGraph>,
    /// JSON-LD documents, serialized and escaped for a `<script>` element.
    pub json_ld: Vec<String>,
}

/// OpenGraph (and Twitter card) tags of a page worth sharing.
#[derive(Debug, Clone)]
pub struct OpenGraph {
    /// `og:type`: `product` or `website`.
    pub kind: &'static str,
    pub title: String,
    pub description: String,
    /// Absolute.
    pub url: String,
    /// Absolute, in a format chat apps show (PNG or JPEG).
    pub image: Option<String>,
    /// Up to two facts shown beside a preview (`twitter:label1`/`twitter:data1`…), e.g. the
    /// price range and the minimum order.
    pub labels: Vec<(String, String)>,
}

impl OpenGraph {
    /// `summary_large_image` with an image, `summary` without.
    pub fn twitter_card(&self) -> &'static str {
        if self.image.is_some() {
            "summary_large_image"
        } else {
            "summary"
        }
    }

    pub fn site_name(&self) -> &'static str {
        SITE_NAME
    }
}

/// A description cut to a readable length, whitespace folded.
pub fn description(text: &str) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= MAX_DESCRIPTION_CHARS {
        return text;
    }
    let cut: String = text.chars().take(MAX_DESCRIPTION_CHARS - 1).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{cut}…")
}

/// A JSON-LD document as the text of a `<script type="application/ld+json">` element: `<`, `>`
/// and `&` escaped as JSON `\u` escapes, so no text (a supplier's, a shopper's) can close the
/// element or open another; the JSON stays the same.
pub fn json_ld_text(document: &Value) -> String {
    let json = serde_json::to_string(document).unwrap_or_default();
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// The canonical path of a listing: its keyword (`/search`) or its category (`/products`),
/// and its page.
pub fn listing_canonical(path: &str, query: &SearchQuery) -> String {
    let (path, defining) = match (&query.keyword, query.category) {
        (Some(keyword), _) => (
            "/search",
            SearchQuery {
                keyword: Some(keyword.clone()),
                ..SearchQuery::default()
            },
        ),
        (None, Some(category)) => (
            "/products",
            SearchQuery {
                category: Some(category),
                ..SearchQuery::default()
            },
        ),
        (None, None) => (path, SearchQuery::default()),
    };
    link(path, &defining, query.page)
}

/// The address of a category's listing.
pub fn category_path(id: impl std::fmt::Display) -> String {
    format!("/products?category={id}")
}

/// An image address as a preview fetcher can load it: absolute, `https` for protocol-relative
/// addresses, and the PNG rendering of the store's own drawings (chat apps show no SVG).
pub fn preview_image(site: &str, image: &str) -> Option<String> {
    if let Some(rest) = image.strip_prefix("//") {
        return Some(format!("https://{rest}"));
    }
    if image.starts_with("https://") || image.starts_with("http://") {
        return Some(image.to_string());
    }
    let path = image.strip_prefix('/')?;
    let path = match path.strip_suffix(".svg") {
        Some(drawing) if drawing.starts_with("img/mock/") => format!("{drawing}.png"),
        _ => path.to_string(),
    };
    Some(format!("{site}/{path}"))
}

fn price(amount: Decimal) -> String {
    format!("{:.2}", amount.round_dp(2))
}

/// The product's name as the page's heading shows it.
pub fn product_name(product: &Product) -> &str {
    product.title_en.as_deref().unwrap_or(&product.title)
}

/// e.g. "¥3.20–¥4.50" or "¥1,760.00", as the page writes prices.
pub fn price_range_text(product: &Product) -> String {
    let (low, high) = product.price_range();
    if low == high {
        Yuan(low).to_string()
    } else {
        format!("{}–{}", Yuan(low), Yuan(high))
    }
}

/// What a product page says about itself: price range, minimum order, supplier.
pub fn product_description(product: &Product, offer_noun: &str) -> String {
    let supplier = product
        .supplier
        .name_en
        .as_deref()
        .unwrap_or(&product.supplier.name);
    let location = product
        .supplier
        .location
        .as_deref()
        .map(|l| format!(", {l}"))
        .unwrap_or_default();
    description(&format!(
        "{} per {} wholesale, minimum order {}. Supplier: {supplier}{location}. {} {}.",
        price_range_text(product),
        product.unit,
        quantity(product.min_order, &product.unit),
        capitalize(offer_noun),
        product.id
    ))
}

/// schema.org `Product` with an `AggregateOffer`: name, images, offer id, price range in CNY,
/// the minimum order as the eligible quantity, and the supplier as the seller.
pub fn product_json_ld(product: &Product, url: &str, images: &[String]) -> Value {
    let (low, high) = product.price_range();
    json!({
        "@context": "https://schema.org",
        "@type": "Product",
        "name": product_name(product),
        "sku": product.id.to_string(),
        "url": url,
        "image": images,
        "offers": {
            "@type": "AggregateOffer",
            "lowPrice": price(low),
            "highPrice": price(high),
            "priceCurrency": "CNY",
            "url": url,
            "eligibleQuantity": {
                "@type": "QuantitativeValue",
                "minValue": product.min_order,
                "unitText": product.unit,
            },
            "seller": {
                "@type": "Organization",
                "name": product.supplier.name_en.as_deref().unwrap_or(&product.supplier.name),
            },
        },
    })
}

/// schema.org `BreadcrumbList`: "All products", the categories, then (for a product) the page
/// itself — as the breadcrumb and heading show them.
pub fn breadcrumb_json_ld(
    site: &str,
    categories: &[CategoryRef],
    last: Option<(&str, &str)>,
) -> Value {
    let mut items = vec![("All products".to_string(), format!("{site}/products"))];
    items.extend(categories.iter().map(|c| {
        (
            c.name_en.clone().unwrap_or_else(|| c.name.clone()),
            format!("{site}{}", category_path(c.id)),
        )
    }));
    if let Some((name, url)) = last {
        items.push((name.to_string(), url.to_string()));
    }
    let elements: Vec<Value> = items
        .into_iter()
        .enumerate()
        .map(|(i, (name, url))| {
            json!({
                "@type": "ListItem",
                "position": i + 1,
                "name": name,
                "item": url,
            })
        })
        .collect();
    json!({
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": elements,
    })
}

/// schema.org `WebSite` with the search box as a `SearchAction`.
pub fn website_json_ld(site: &str) -> Value {
    json!({
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": SITE_NAME,
        "url": format!("{site}/"),
        "potentialAction": {
            "@type": "SearchAction",
            "target": {
                "@type": "EntryPoint",
                "urlTemplate": format!("{site}/search?q={{search_term_string}}"),
            },
            "query-input": "required name=search_term_string",
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_ld_text_cannot_close_its_script_element() {
        let text = json_ld_text(&json!({ "name": "</script><script>alert(1)</script> & co" }));
        assert!(!text.contains('<') && !text.contains('>') && !text.contains('&'));
        let back: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back["name"], "</script><script>alert(1)</script> & co");
    }

    #[test]
    fn listings_canonicalise_to_keyword_or_category_and_page() {
        let query = SearchQuery {
            keyword: Some("phone case".into()),
            category: Some(crate::catalog::CategoryId(7)),
            sort: crate::catalog::Sort::PriceAsc,
            min_price: Some(Decimal::ONE),
            page: 3,
            page_size: 50,
            verified_factory: true,
            ..SearchQuery::default()
        };
        assert_eq!(
            listing_canonical("/products", &query),
            "/search?q=phone+case&page=3"
        );
        let category = SearchQuery {
            keyword: None,
            page: 1,
            ..query
        };
        assert_eq!(
            listing_canonical("/search", &category),
            "/products?category=7"
        );
        assert_eq!(
            listing_canonical("/products", &SearchQuery::default()),
            "/products"
        );
    }

    #[test]
    fn preview_images_are_absolute_and_never_svg_drawings() {
        let site = "https://shop.example";
        assert_eq!(
            preview_image(site, "/img/mock/1/1.svg").as_deref(),
            Some("https://shop.example/img/mock/1/1.png")
        );
        assert_eq!(
            preview_image(site, "//cbu01.alicdn.com/a.jpg").as_deref(),
            Some("https://cbu01.alicdn.com/a.jpg")
        );
        assert_eq!(
            preview_image(site, "https://cbu01.alicdn.com/a.jpg").as_deref(),
            Some("https://cbu01.alicdn.com/a.jpg")
        );
        assert_eq!(preview_image(site, "a.jpg"), None);
    }

    #[test]
    fn long_descriptions_are_cut_at_a_word() {
        let long = "word ".repeat(100);
        let cut = description(&long);
        assert!(cut.chars().count() <= MAX_DESCRIPTION_CHARS);
        assert!(cut.ends_with("word…"));
    }
}
