//! The domain model of the storefront, independent of any upstream.
//!
//! Both providers (the mock catalog and the 1688 gateway) map their data into these types; pages and
//! the JSON API only ever see these. Prices are exact decimals in CNY.

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use rust_decimal::Decimal;
use serde::Serialize;

/// A 1688 offer id (numeric, 12 digits today).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct ProductId(pub u64);

impl fmt::Display for ProductId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl FromStr for ProductId {
    type Err = ();

    /// Accepts 1 to 20 ASCII digits, nothing else (no sign, no spaces).
    fn from_str(s: &str) -> Result<Self, ()> {
        if s.is_empty() || s.len() > 20 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(());
        }
        s.parse().map(ProductId).map_err(|_| ())
    }
}

impl ProductId {
    /// The offer's own page on 1688.
    pub fn offer_url(&self) -> String {
        format!("https://detail.1688.com/offer/{}.html", self.0)
    }
}

/// A 1688 category id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct CategoryId(pub u64);

impl fmt::Display for CategoryId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// One price step: from `min_quantity` units on, each unit costs `price`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PriceTier {
    pub min_quantity: u32,
    pub price: Decimal,
}

/// A tier together with the quantity range it covers, for display.
#[derive(Debug, Clone, PartialEq)]
pub struct TierRange<'a> {
    pub tier: &'a PriceTier,
    /// Inclusive upper bound; `None` for the last, open-ended tier.
    pub max_quantity: Option<u32>,
}

/// A badge a supplier can hold on 1688.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Badge {
    Verified,
    Factory,
    TradeAssurance,
    SuperFactory,
}

impl Badge {
    pub fn label(&self) -> &'static str {
        match self {
            Badge::Verified => "Verified supplier",
            Badge::Factory => "Factory",
            Badge::TradeAssurance => "Trade assurance",
            Badge::SuperFactory => "Super factory",
        }
    }

    pub fn css_class(&self) -> &'static str {
        match self {
            Badge::Verified => "badge-verified",
            Badge::Factory => "badge-factory",
            Badge::TradeAssurance => "badge-assurance",
            Badge::SuperFactory => "badge-super",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Supplier {
    /// Company name as registered (usually Chinese).
    pub name: String,
    /// English rendering of the company name, when known.
    pub name_en: Option<String>,
    pub location: Option<String>,
    pub years_on_1688: Option<u32>,
    /// Rating out of 5.
    pub rating: Option<Decimal>,
    pub badges: Vec<Badge>,
}

/// A name/value pair in Chinese with an optional English translation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Attribute {
    pub name: String,
    pub name_en: Option<String>,
    pub value: String,
    pub value_en: Option<String>,
}

/// One purchasable variant (SKU) of a product, e.g. colour red, size M.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sku {
    pub id: String,
    pub attributes: Vec<Attribute>,
    pub price: Option<Decimal>,
    pub stock: Option<u32>,
    pub image: Option<String>,
}

/// A product description: plain text from the mock catalog, or supplier HTML that has already been
/// sanitized (the only way to build [`SanitizedHtml`] is [`SanitizedHtml::clean`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "format", content = "content", rename_all = "snake_case")]
pub enum Description {
    Text(String),
    Html(SanitizedHtml),
}

/// HTML that went through the sanitizer and is safe to render as is.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(transparent)]
pub struct SanitizedHtml(String);

impl SanitizedHtml {
    /// Sanitizes untrusted HTML: no scripts, no event handlers, no styles, links made safe.
    pub fn clean(untrusted: &str) -> Self {
        SanitizedHtml(
            ammonia::Builder::default()
                .link_rel(Some("noopener noreferrer nofollow"))
                .clean(untrusted)
                .to_string(),
        )
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CategoryRef {
    pub id: CategoryId,
    pub name: String,
    pub name_en: Option<String>,
}

/// What a listing shows of a product.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProductSummary {
    pub id: ProductId,
    pub title: String,
    pub title_en: Option<String>,
    pub image: Option<String>,
    /// The lowest unit price (the price at the largest quantity tier).
    pub price: Decimal,
    /// The highest unit price, when it differs (the price at the minimum order).
    pub price_max: Option<Decimal>,
    pub min_order: u32,
    pub unit: String,
    pub monthly_sales: Option<u32>,
    pub category_id: Option<CategoryId>,
    pub location: Option<String>,
}

/// Everything the product page shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Product {
    pub id: ProductId,
    pub title: String,
    pub title_en: Option<String>,
    pub images: Vec<String>,
    /// Ordered by ascending `min_quantity`; never empty.
    pub price_tiers: Vec<PriceTier>,
    pub min_order: u32,
    pub unit: String,
    pub skus: Vec<Sku>,
    pub specifications: Vec<Attribute>,
    pub description: Option<Description>,
    /// From the top-level category down to the product's own.
    pub category_path: Vec<CategoryRef>,
    /// Units sold in the last 30 days.
    pub monthly_sales: Option<u32>,
    /// Units sold in all, when the source gives that instead of a monthly figure.
    pub total_sales: Option<u64>,
    pub supplier: Supplier,
}

impl Product {
    pub fn category_id(&self) -> Option<CategoryId> {
        self.category_path.last().map(|c| c.id)
    }

    /// The lowest unit price across tiers.
    pub fn lowest_price(&self) -> Decimal {
        self.price_tiers
            .iter()
            .map(|t| t.price)
            .min()
            .unwrap_or_default()
    }

    /// The tiers with the quantity range each one covers.
    pub fn tier_ranges(&self) -> Vec<TierRange<'_>> {
        let tiers = &self.price_tiers;
        tiers
            .iter()
            .enumerate()
            .map(|(i, tier)| TierRange {
                tier,
                max_quantity: tiers
                    .get(i + 1)
                    .map(|next| next.min_quantity.saturating_sub(1)),
            })
            .collect()
    }

    pub fn summary(&self) -> ProductSummary {
        let lowest = self.lowest_price();
        let highest = self.price_tiers.iter().map(|t| t.price).max();
        ProductSummary {
            id: self.id,
            title: self.title.clone(),
            title_en: self.title_en.clone(),
            image: self.images.first().cloned(),
            price: lowest,
            price_max: highest.filter(|h| *h != lowest),
            min_order: self.min_order,
            unit: self.unit.clone(),
            monthly_sales: self.monthly_sales,
            category_id: self.category_id(),
            location: self.supplier.location.clone(),
        }
    }
}

/// A node of the three-level category tree.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Category {
    pub id: CategoryId,
    pub name: String,
    pub name_en: Option<String>,
    pub children: Vec<Category>,
}

impl Category {
    /// Finds a category anywhere in `tree`, with the path leading to it (root first).
    pub fn find_path(tree: &[Category], id: CategoryId) -> Option<Vec<&Category>> {
        for node in tree {
            if node.id == id {
                return Some(vec![node]);
            }
            if let Some(mut path) = Category::find_path(&node.children, id) {
                path.insert(0, node);
                return Some(path);
            }
        }
        None
    }

    /// This category's id and the ids of all its descendants.
    pub fn self_and_descendants(&self) -> Vec<CategoryId> {
        let mut ids = vec![self.id];
        for child in &self.children {
            ids.extend(child.self_and_descendants());
        }
        ids
    }

    pub fn as_ref(&self) -> CategoryRef {
        CategoryRef {
            id: self.id,
            name: self.name.clone(),
            name_en: self.name_en.clone(),
        }
    }

    /// The English name when there is one, otherwise the Chinese one.
    pub fn display_name(&self) -> &str {
        self.name_en.as_deref().unwrap_or(&self.name)
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Sort {
    #[default]
    Relevance,
    PriceAsc,
    PriceDesc,
    Sales,
}

impl Sort {
    pub const ALL: [Sort; 4] = [
        Sort::Relevance,
        Sort::PriceAsc,
        Sort::PriceDesc,
        Sort::Sales,
    ];

    pub fn as_str(&self) -> &'static str {
        match self {
            Sort::Relevance => "relevance",
            Sort::PriceAsc => "price_asc",
            Sort::PriceDesc => "price_desc",
            Sort::Sales => "sales",
        }
    }

    pub fn label(&self) -> &'static str {
        match self {
            Sort::Relevance => "Best match",
            Sort::PriceAsc => "Price: low to high",
            Sort::PriceDesc => "Price: high to low",
            Sort::Sales => "Most sold",
        }
    }

    pub fn parse(s: &str) -> Option<Sort> {
        Sort::ALL.into_iter().find(|sort| sort.as_str() == s)
    }
}

pub const DEFAULT_PAGE_SIZE: u32 = 20;
pub const MAX_PAGE_SIZE: u32 = 40;
pub const MAX_KEYWORD_CHARS: usize = 200;
/// Pages beyond this are refused: no catalog (nor 1688's search) goes that deep.
pub const MAX_PAGE: u32 = 10_000;

/// A validated search: every field is within its allowed range.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct SearchQuery {
    pub keyword: Option<String>,
    pub category: Option<CategoryId>,
    pub min_price: Option<Decimal>,
    pub max_price: Option<Decimal>,
    pub sort: Sort,
    pub page: u32,
    pub page_size: u32,
}

impl Default for SearchQuery {
    fn default() -> Self {
        SearchQuery {
            keyword: None,
            category: None,
            min_price: None,
            max_price: None,
            sort: Sort::default(),
            page: 1,
            page_size: DEFAULT_PAGE_SIZE,
        }
    }
}

impl SearchQuery {
    /// Zero-based index of the first item of the requested page.
    pub fn offset(&self) -> usize {
        (self.page as usize - 1) * self.page_size as usize
    }
}

/// One page of results.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: u64,
    pub page: u32,
    pub page_size: u32,
}

impl<T> Page<T> {
    pub fn total_pages(&self) -> u32 {
        let pages = self.total.div_ceil(self.page_size.max(1) as u64);
        u32::try_from(pages).unwrap_or(u32::MAX)
    }

    pub fn has_next(&self) -> bool {
        self.page < self.total_pages()
    }

    pub fn is_past_end(&self) -> bool {
        self.items.is_empty() && self.total > 0
    }
}

/// The key of an image search: a hash of the normalized photo (or of the pasted address), so the
/// same image always gets the same results address. 40 lowercase hex digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct ImageKey(String);

impl ImageKey {
    /// The key of a normalized photo (its JPEG bytes).
    pub fn for_photo(jpeg: &[u8]) -> ImageKey {
        ImageKey::hash(b"photo\0", jpeg)
    }

    /// The key of a pasted image address (already normalized).
    pub fn for_address(url: &str) -> ImageKey {
        ImageKey::hash(b"address\0", url.as_bytes())
    }

    fn hash(kind: &[u8], bytes: &[u8]) -> ImageKey {
        use sha1::Digest;
        let mut hasher = sha1::Sha1::new();
        hasher.update(kind);
        hasher.update(bytes);
        ImageKey(hex::encode(hasher.finalize()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ImageKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl FromStr for ImageKey {
    type Err = ();

    /// Accepts exactly 40 lowercase hex digits.
    fn from_str(s: &str) -> Result<Self, ()> {
        let valid = s.len() == 40 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
        valid.then(|| ImageKey(s.to_string())).ok_or(())
    }
}

/// What an image search looks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SearchImage {
    /// A shopper's photo, normalized: a JPEG of at most 800 px without any metadata. The
    /// original upload is never kept.
    Photo { key: ImageKey, jpeg: Arc<[u8]> },
    /// The `https` address of an image on 1688's image host (`*.alicdn.com`), never fetched by
    /// the store.
    Address { key: ImageKey, url: String },
}

impl SearchImage {
    pub fn key(&self) -> &ImageKey {
        match self {
            SearchImage::Photo { key, .. } | SearchImage::Address { key, .. } => key,
        }
    }
}

/// An image search: the image, and the listing's sort, price filters and page (`keyword` and
/// `category` are not used).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageQuery {
    pub image: SearchImage,
    pub filters: SearchQuery,
}

/// One result of an image search.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImageMatch {
    #[serde(flatten)]
    pub product: ProductSummary,
    /// The supplier's company name, when the source gives it.
    pub supplier: Option<String>,
    /// How alike the images look, from 0 to 100, when the source measures it (the sample
    /// catalog does; 1688 ranks without saying).
    pub similarity: Option<u8>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn product_with_tiers(tiers: &[(u32, &str)]) -> Product {
        Product {
            id: ProductId(1),
            title: "测试".into(),
            title_en: None,
            images: vec![],
            price_tiers: tiers
                .iter()
                .map(|(q, p)| PriceTier {
                    min_quantity: *q,
                    price: dec(p),
                })
                .collect(),
            min_order: tiers[0].0,
            unit: "piece".into(),
            skus: vec![],
            specifications: vec![],
            description: None,
            category_path: vec![],
            monthly_sales: None,
            total_sales: None,
            supplier: Supplier {
                name: "x".into(),
                name_en: None,
                location: None,
                years_on_1688: None,
                rating: None,
                badges: vec![],
            },
        }
    }

    #[test]
    fn product_id_accepts_digits_only() {
        assert_eq!("610947572360".parse(), Ok(ProductId(610947572360)));
        assert!("".parse::<ProductId>().is_err());
        assert!("12a".parse::<ProductId>().is_err());
        assert!("-1".parse::<ProductId>().is_err());
        assert!("+1".parse::<ProductId>().is_err());
        assert!("99999999999999999999999".parse::<ProductId>().is_err());
    }

    #[test]
    fn tier_ranges_end_one_below_the_next_tier() {
        let p = product_with_tiers(&[(2, "10.50"), (100, "9.80"), (1000, "8.00")]);
        let ranges: Vec<_> = p
            .tier_ranges()
            .iter()
            .map(|r| (r.tier.min_quantity, r.max_quantity))
            .collect();
        assert_eq!(ranges, vec![(2, Some(99)), (100, Some(999)), (1000, None)]);
    }

    #[test]
    fn summary_carries_the_price_range() {
        let p = product_with_tiers(&[(2, "10.50"), (100, "9.80")]);
        let s = p.summary();
        assert_eq!(s.price, dec("9.80"));
        assert_eq!(s.price_max, Some(dec("10.50")));
        let single = product_with_tiers(&[(1, "3.00")]).summary();
        assert_eq!(single.price_max, None);
    }

    #[test]
    fn total_pages_rounds_up() {
        let page: Page<()> = Page {
            items: vec![],
            total: 41,
            page: 1,
            page_size: 20,
        };
        assert_eq!(page.total_pages(), 3);
    }

    #[test]
    fn sanitizer_drops_scripts_and_handlers() {
        let html = SanitizedHtml::clean(
            r#"<p onclick="x()">hi<script>alert(1)</script><img src="a.jpg" onerror="y()"></p>"#,
        );
        assert!(!html.as_str().contains("script"));
        assert!(!html.as_str().contains("onclick"));
        assert!(!html.as_str().contains("onerror"));
        assert!(html.as_str().contains("hi"));
    }
}
