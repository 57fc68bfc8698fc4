//! The domain model of the storefront, independent of any upstream.
//!
//! Both providers (the mock catalog and the 1688 gateway) map their data into these types; pages and
//! the JSON API only ever see these. Prices are exact decimals in CNY.

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A 1688 offer id (numeric, 12 digits today).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CategoryId(pub u64);

impl fmt::Display for CategoryId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// One price step: from `min_quantity` units on, each unit costs `price`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
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

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attribute {
    pub name: String,
    pub name_en: Option<String>,
    pub value: String,
    pub value_en: Option<String>,
}

/// One purchasable variant (SKU) of a product, e.g. colour red, size M.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sku {
    pub id: String,
    pub attributes: Vec<Attribute>,
    pub price: Option<Decimal>,
    pub stock: Option<u32>,
    pub image: Option<String>,
}

/// A product description: plain text from the mock catalog, or supplier HTML that has already been
/// sanitized (the only way to build [`SanitizedHtml`] is [`SanitizedHtml::clean`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "format", content = "content", rename_all = "snake_case")]
pub enum Description {
    Text(String),
    Html(SanitizedHtml),
}

/// HTML that went through the sanitizer and is safe to render as is.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(transparent)]
pub struct SanitizedHtml(String);

/// Read back (from the store) through the sanitizer again: stored text is never trusted as safe.
impl<'de> Deserialize<'de> for SanitizedHtml {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(|html| SanitizedHtml::clean(&html))
    }
}

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

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CategoryRef {
    pub id: CategoryId,
    pub name: String,
    pub name_en: Option<String>,
}

/// What a listing shows of a product.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
    /// What the source says about the seller and its shipping; empty when it says nothing.
    #[serde(default)]
    pub signals: SupplierSignals,
}

/// Everything the product page shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
    /// What the source says about the seller and its shipping; empty when it says nothing.
    #[serde(default)]
    pub signals: SupplierSignals,
}

impl Product {
    pub fn category_id(&self) -> Option<CategoryId> {
        self.category_path.last().map(|c| c.id)
    }

    /// Whether each variant has its own price (an offer with one tier whose variants are priced:
    /// see [`unit_price_for`]).
    pub fn priced_by_variant(&self) -> bool {
        self.price_tiers.len() <= 1 && self.skus.iter().any(|sku| sku.price.is_some())
    }

    /// The lowest and the highest unit price a buyer can pay: across the tiers, or across the
    /// variants of an offer priced by variant.
    pub fn price_range(&self) -> (Decimal, Decimal) {
        let prices: Vec<Decimal> = if self.priced_by_variant() {
            self.skus
                .iter()
                .map(|sku| self.unit_price(Some(sku), self.min_order))
                .collect()
        } else {
            self.price_tiers.iter().map(|t| t.price).collect()
        };
        let low = prices.iter().min().copied().unwrap_or_default();
        let high = prices.iter().max().copied().unwrap_or(low);
        (low, high)
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
        let (lowest, highest) = self.price_range();
        ProductSummary {
            id: self.id,
            title: self.title.clone(),
            title_en: self.title_en.clone(),
            image: self.images.first().cloned(),
            price: lowest,
            price_max: (highest != lowest).then_some(highest),
            min_order: self.min_order,
            unit: self.unit.clone(),
            monthly_sales: self.monthly_sales,
            category_id: self.category_id(),
            location: self.supplier.location.clone(),
            signals: self.signals.clone(),
        }
    }

    /// The unit price a buyer pays for `quantity` units of `sku` (or of the product when it has
    /// no variants): see [`unit_price_for`].
    pub fn unit_price(&self, sku: Option<&Sku>, quantity: u32) -> Decimal {
        unit_price_for(&self.price_tiers, sku.and_then(|s| s.price), quantity)
    }

    /// The variant with id `id`.
    pub fn sku(&self, id: &str) -> Option<&Sku> {
        self.skus.iter().find(|sku| sku.id == id)
    }
}

/// How a seller presents itself on 1688 (`sellerIdentities` of a search answer, or the mock's
/// own).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SellerIdentity {
    /// 超级工厂: a large factory that 1688 has inspected.
    SuperFactory,
    /// 实力商家: a merchant 1688 ranks as established and well-stocked.
    PowerfulMerchant,
    /// 诚信通会员: a paying member whose business registration 1688 checked.
    TrustPassMember,
    /// A factory whose production site was verified (the mock catalog's "Verified" and
    /// "Factory" together).
    VerifiedFactory,
}

impl SellerIdentity {
    pub fn label(&self) -> &'static str {
        match self {
            SellerIdentity::SuperFactory => "Super factory",
            SellerIdentity::PowerfulMerchant => "Powerful merchant",
            SellerIdentity::TrustPassMember => "TrustPass member",
            SellerIdentity::VerifiedFactory => "Verified factory",
        }
    }

    /// What the badge means, in plain words (a tooltip).
    pub fn explanation(&self) -> &'static str {
        match self {
            SellerIdentity::SuperFactory => "超级工厂: a large factory inspected by 1688",
            SellerIdentity::PowerfulMerchant => {
                "实力商家: an established merchant with stock, ranked by 1688"
            }
            SellerIdentity::TrustPassMember => {
                "诚信通: a paying 1688 member whose business registration was checked"
            }
            SellerIdentity::VerifiedFactory => "A factory whose production site was verified",
        }
    }

    pub fn css_class(&self) -> &'static str {
        match self {
            SellerIdentity::SuperFactory => "badge-super",
            SellerIdentity::PowerfulMerchant => "badge-powerful",
            SellerIdentity::TrustPassMember => "badge-trustpass",
            SellerIdentity::VerifiedFactory => "badge-factory",
        }
    }
}

/// How soon the seller guarantees to ship an order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ShippingGuarantee {
    Within24Hours,
    Within48Hours,
}

impl ShippingGuarantee {
    pub fn label(&self) -> &'static str {
        match self {
            ShippingGuarantee::Within24Hours => "Ships within 24 hours",
            ShippingGuarantee::Within48Hours => "Ships within 48 hours",
        }
    }

    /// The hours guaranteed: 24 or 48.
    pub fn hours(&self) -> u32 {
        match self {
            ShippingGuarantee::Within24Hours => 24,
            ShippingGuarantee::Within48Hours => 48,
        }
    }
}

/// What buyers compare suppliers by, as the source reports it. Every field is optional: a
/// signal the source does not give is `None` (or empty) and is not shown, never guessed.
/// Rates are percentages, e.g. `98.5` for 98.5 %.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SupplierSignals {
    pub identities: Vec<SellerIdentity>,
    /// The offer's trade score, out of 5.
    pub trade_score: Option<Decimal>,
    /// Share of buyers who ordered again.
    pub repurchase_rate: Option<Decimal>,
    /// Years the seller has been a member on 1688.
    pub years_on_1688: Option<u32>,
    pub shipping: Option<ShippingGuarantee>,
    /// Orders of the last 30 days delivered without a problem.
    pub fulfilment_rate_30d: Option<Decimal>,
    /// Orders of the last 30 days picked up by the carrier within 24 hours of payment.
    pub pickup_24h_rate_30d: Option<Decimal>,
    /// Orders of the last 30 days returned for quality.
    pub quality_return_rate_30d: Option<Decimal>,
}

impl SupplierSignals {
    pub fn is_empty(&self) -> bool {
        *self == SupplierSignals::default()
    }

    /// Fills what this value lacks from `other` (e.g. a product's details from what the search
    /// listing said of the same offer).
    pub fn fill_from(&mut self, other: &SupplierSignals) {
        if self.identities.is_empty() {
            self.identities = other.identities.clone();
        }
        fn fill<T: Clone>(mine: &mut Option<T>, theirs: &Option<T>) {
            if mine.is_none() {
                mine.clone_from(theirs);
            }
        }
        fill(&mut self.trade_score, &other.trade_score);
        fill(&mut self.repurchase_rate, &other.repurchase_rate);
        fill(&mut self.years_on_1688, &other.years_on_1688);
        fill(&mut self.shipping, &other.shipping);
        fill(&mut self.fulfilment_rate_30d, &other.fulfilment_rate_30d);
        fill(&mut self.pickup_24h_rate_30d, &other.pickup_24h_rate_30d);
        fill(
            &mut self.quality_return_rate_30d,
            &other.quality_return_rate_30d,
        );
    }

    /// Whether the seller ships within `hours` (24 or 48) by its guarantee.
    pub fn ships_within(&self, hours: u32) -> bool {
        self.shipping.is_some_and(|s| s.hours() <= hours)
    }
}

/// "Ships within" filter of a search: 24 or 48 hours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ShipWithin {
    #[serde(rename = "24")]
    Hours24,
    #[serde(rename = "48")]
    Hours48,
}

impl ShipWithin {
    pub fn hours(&self) -> u32 {
        match self {
            ShipWithin::Hours24 => 24,
            ShipWithin::Hours48 => 48,
        }
    }

    pub fn parse(s: &str) -> Option<ShipWithin> {
        match s {
            "24" => Some(ShipWithin::Hours24),
            "48" => Some(ShipWithin::Hours48),
            _ => None,
        }
    }
}

/// The unit price at `quantity`, following 1688's two ways of quoting: an offer with several
/// quantity tiers prices every variant by the tier that `quantity` reaches (the last tier whose
/// minimum is at most `quantity`; below the first tier, the first tier's price); an offer with
/// one tier is priced per variant (`sku_price`, or the tier's price when the variant has none).
pub fn unit_price_for(tiers: &[PriceTier], sku_price: Option<Decimal>, quantity: u32) -> Decimal {
    if tiers.len() <= 1
        && let Some(price) = sku_price
    {
        return price;
    }
    tiers
        .iter()
        .rev()
        .find(|tier| tier.min_quantity <= quantity)
        .or(tiers.first())
        .map(|tier| tier.price)
        .unwrap_or_default()
}

/// A node of the three-level category tree.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SearchQuery {
    pub keyword: Option<String>,
    pub category: Option<CategoryId>,
    pub min_price: Option<Decimal>,
    pub max_price: Option<Decimal>,
    pub sort: Sort,
    pub page: u32,
    pub page_size: u32,
    /// Only offers whose seller guarantees shipping within this time (`ships_within`).
    /// The buyer filters are left out of the JSON when unset, so that the keys of answers
    /// kept before they existed stay the same.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ships_within: Option<ShipWithin>,
    /// Only offers of verified factories (`verified_factory`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub verified_factory: bool,
    /// Only offers that sold at least this many units in the last 30 days (`min_monthly_sales`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_monthly_sales: Option<u32>,
    /// Only offers whose minimum order is at most this (`max_moq`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_moq: Option<u32>,
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
            ships_within: None,
            verified_factory: false,
            min_monthly_sales: None,
            max_moq: None,
        }
    }
}

impl SearchQuery {
    /// Zero-based index of the first item of the requested page.
    pub fn offset(&self) -> usize {
        (self.page as usize - 1) * self.page_size as usize
    }

    /// Whether any of the buyer filters (shipping, factory, sales, MOQ) is set.
    pub fn has_buyer_filters(&self) -> bool {
        self.ships_within.is_some()
            || self.verified_factory
            || self.min_monthly_sales.is_some()
            || self.max_moq.is_some()
    }

    /// Whether `offer` passes the buyer filters, judged on what its summary says (a source that
    /// filters itself, like 1688, does not need this).
    pub fn buyer_filters_allow(&self, offer: &ProductSummary) -> bool {
        self.ships_within
            .is_none_or(|within| offer.signals.ships_within(within.hours()))
            && (!self.verified_factory
                || offer
                    .signals
                    .identities
                    .contains(&SellerIdentity::VerifiedFactory))
            && self
                .min_monthly_sales
                .is_none_or(|min| offer.monthly_sales.is_some_and(|sold| sold >= min))
            && self.max_moq.is_none_or(|max| offer.min_order <= max)
    }
}

/// One page of results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
            signals: SupplierSignals::default(),
        }
    }

    fn sku_priced(price: &str) -> Sku {
        Sku {
            id: "s1".into(),
            attributes: vec![],
            price: Some(dec(price)),
            stock: None,
            image: None,
        }
    }

    #[test]
    fn the_tier_price_changes_exactly_at_each_tier_boundary() {
        let p = product_with_tiers(&[(2, "10.50"), (100, "9.80"), (1000, "8.00")]);
        let at = |q| p.unit_price(None, q);
        // Below the minimum order: the first tier's price (the page warns about the MOQ).
        assert_eq!(at(1), dec("10.50"));
        assert_eq!(at(2), dec("10.50"));
        assert_eq!(at(99), dec("10.50"));
        assert_eq!(at(100), dec("9.80"));
        assert_eq!(at(101), dec("9.80"));
        assert_eq!(at(999), dec("9.80"));
        assert_eq!(at(1000), dec("8.00"));
        assert_eq!(at(1001), dec("8.00"));
        assert_eq!(at(u32::MAX), dec("8.00"));
    }

    #[test]
    fn with_several_tiers_every_variant_pays_the_tier_price() {
        let p = product_with_tiers(&[(2, "10.50"), (100, "9.80")]);
        let sku = sku_priced("12.00");
        assert_eq!(p.unit_price(Some(&sku), 99), dec("10.50"));
        assert_eq!(p.unit_price(Some(&sku), 100), dec("9.80"));
    }

    #[test]
    fn with_one_tier_each_variant_pays_its_own_price() {
        let p = product_with_tiers(&[(5, "3.00")]);
        assert_eq!(p.unit_price(Some(&sku_priced("3.60")), 5), dec("3.60"));
        assert_eq!(p.unit_price(Some(&sku_priced("3.60")), 4), dec("3.60"));
        let unpriced = Sku {
            price: None,
            ..sku_priced("0")
        };
        assert_eq!(p.unit_price(Some(&unpriced), 5), dec("3.00"));
        assert_eq!(p.unit_price(None, 1), dec("3.00"));
    }

    #[test]
    fn signals_fill_only_what_is_missing() {
        let mut mine = SupplierSignals {
            trade_score: Some(dec("4.5")),
            ..SupplierSignals::default()
        };
        let theirs = SupplierSignals {
            trade_score: Some(dec("3.0")),
            repurchase_rate: Some(dec("32")),
            identities: vec![SellerIdentity::SuperFactory],
            ..SupplierSignals::default()
        };
        mine.fill_from(&theirs);
        assert_eq!(mine.trade_score, Some(dec("4.5")));
        assert_eq!(mine.repurchase_rate, Some(dec("32")));
        assert_eq!(mine.identities, vec![SellerIdentity::SuperFactory]);
    }

    #[test]
    fn a_query_without_buyer_filters_serializes_as_before() {
        let json = serde_json::to_string(&SearchQuery::default()).unwrap();
        assert_eq!(
            json,
            r#"{"keyword":null,"category":null,"min_price":null,"max_price":null,"sort":"relevance","page":1,"page_size":20}"#
        );
        let filtered = SearchQuery {
            ships_within: Some(ShipWithin::Hours48),
            verified_factory: true,
            min_monthly_sales: Some(100),
            max_moq: Some(50),
            ..SearchQuery::default()
        };
        let again: SearchQuery =
            serde_json::from_str(&serde_json::to_string(&filtered).unwrap()).unwrap();
        assert_eq!(again, filtered);
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
    fn an_offer_priced_by_variant_shows_what_its_variants_cost() {
        // One tier at ¥3.00 that no variant is sold at: the buyer pays ¥3.60 or ¥4.10.
        let mut p = product_with_tiers(&[(5, "3.00")]);
        p.skus = vec![sku_priced("4.10"), sku_priced("3.60")];
        assert!(p.priced_by_variant());
        assert_eq!(p.price_range(), (dec("3.60"), dec("4.10")));
        let s = p.summary();
        assert_eq!((s.price, s.price_max), (dec("3.60"), Some(dec("4.10"))));
        // A variant without a price of its own pays the tier's.
        p.skus.push(Sku {
            price: None,
            ..sku_priced("0")
        });
        assert_eq!(p.price_range(), (dec("3.00"), dec("4.10")));
        // With several tiers, variants pay the tier price whatever their own.
        let mut tiered = product_with_tiers(&[(2, "10.50"), (100, "9.80")]);
        tiered.skus = vec![sku_priced("12.00")];
        assert!(!tiered.priced_by_variant());
        assert_eq!(tiered.price_range(), (dec("9.80"), dec("10.50")));
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
