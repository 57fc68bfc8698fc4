//! Turns the tables of [`super::data`] into the catalog: the category tree, the suppliers and
//! the products.
//!
//! Every random choice comes from [`Rng`], seeded from a product's index or a category's position,
//! so the catalog is the same on every run and platform, and editing one table row only changes
//! the products generated from it.

use std::collections::{HashMap, HashSet};

use rust_decimal::Decimal;

use super::data::{
    Axis, CATALOG, Leaf, Material, PACKAGING, PHONE_MODEL, Pair, SupplierSeed, TITLE_ENDINGS,
    TopCategory,
};
use super::svg::{Art, VARIANTS};
use crate::catalog::{
    Attribute, Badge, Category, CategoryId, CategoryRef, Description, PriceTier, Product,
    ProductId, SellerIdentity, ShippingGuarantee, Sku, Supplier, SupplierSignals,
};

/// How many products the sample catalog holds.
pub(super) const PRODUCT_COUNT: usize = 360;

/// The example offer id of our docs: the first product has it so that links to it work in mock
/// mode.
pub(super) const FIRST_PRODUCT_ID: u64 = 610_947_572_360;

/// Other product ids are drawn from this range: 12 digits, like today's 1688 offer ids.
const PRODUCT_ID_RANGE: (u64, u64) = (520_000_000_000, 200_000_000_000);

/// Second- and third-level category ids are drawn from this range (9 digits, as on 1688).
const CATEGORY_ID_RANGE: (u64, u64) = (120_000_000, 90_000_000);

/// No unit price goes below ¥0.50, however many tiers it falls through.
const MIN_PRICE_FEN: u32 = 50;

/// Seeds for the independent random streams, so that e.g. adding a supplier does not reshuffle
/// products.
const PRODUCT_SEED: u64 = 0x1688_0000_0000_0001;
const PRODUCT_ID_SEED: u64 = 0x1688_0000_0000_0002;
const CATEGORY_ID_SEED: u64 = 0x1688_0000_0000_0003;
const SUPPLIER_SEED: u64 = 0x1688_0000_0000_0004;
/// The buyer signals (identities, shipping, rates) have their own stream, so that they leave
/// every other generated value as it was.
const SIGNALS_SEED: u64 = 0x1688_0000_0000_0005;

/// splitmix64: tiny, fast and fully defined by its arithmetic, so its streams never change
/// (unlike `rand`'s, which may change between versions).
#[derive(Debug, Clone)]
pub(super) struct Rng(u64);

impl Rng {
    /// A generator for item `index` of the stream named by `seed`.
    fn for_item(seed: u64, index: u64) -> Rng {
        Rng(seed ^ index.wrapping_mul(0xD1B5_4A32_D192_ED03))
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0). The modulo bias is irrelevant at our sizes.
    fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next_u64() % n }
    }

    /// A number in `lo..=hi`.
    fn between(&mut self, lo: u32, hi: u32) -> u32 {
        if hi <= lo {
            return lo;
        }
        let offset = self.below(u64::from(hi - lo) + 1);
        lo + u32::try_from(offset).unwrap_or(0)
    }

    /// True `percent` times out of a hundred.
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        let index = self.below(items.len() as u64);
        items.get(usize::try_from(index).unwrap_or(0))
    }
}

/// One generated product and how to draw its placeholder images.
#[derive(Debug)]
pub(super) struct Generated {
    pub product: Product,
    pub art: Art,
}

/// The whole generated catalog.
#[derive(Debug)]
pub(super) struct GeneratedCatalog {
    pub categories: Vec<Category>,
    pub products: Vec<Generated>,
}

/// Builds the category tree and [`PRODUCT_COUNT`] products spread evenly over the leaf categories.
pub(super) fn generate() -> GeneratedCatalog {
    let (categories, leaves) = category_tree();
    let suppliers: Vec<Vec<SupplierEntry>> = CATALOG.iter().map(suppliers_of).collect();
    let mut ids = UniqueIds::new(PRODUCT_ID_RANGE, [FIRST_PRODUCT_ID]);

    let products = leaves
        .iter()
        .cycle()
        .take(PRODUCT_COUNT)
        .enumerate()
        .filter_map(|(index, slot)| {
            let mut rng = Rng::for_item(PRODUCT_SEED, index as u64);
            let top_suppliers = suppliers.get(slot.top_index).map_or(&[][..], Vec::as_slice);
            let supplier = pick_supplier(&mut rng, top_suppliers, slot.sub_index)?;
            let id = if index == 0 {
                FIRST_PRODUCT_ID
            } else {
                ids.fresh(Rng::for_item(PRODUCT_ID_SEED, index as u64))
            };
            // Round-robin over the leaves: this is the n-th product of its leaf category.
            let ordinal = index / leaves.len();
            Some(product(&mut rng, ProductId(id), ordinal, slot, supplier))
        })
        .collect();

    GeneratedCatalog {
        categories,
        products: with_own_looks(products),
    }
}

/// Gives every product of a top-level category its own [`Art::variant`], so no two products of a
/// category look alike. Categories drawn with the same shape in nearly the same colour take
/// variants from opposite halves of the range.
fn with_own_looks(mut products: Vec<Generated>) -> Vec<Generated> {
    let mut next: HashMap<u16, u16> = HashMap::new();
    for generated in &mut products {
        let art = &mut generated.art;
        let twin = CATALOG
            .iter()
            .any(|top| top.icon == art.icon && top.hue < art.hue && art.hue - top.hue <= 10);
        let count = next.entry(art.hue).or_default();
        let start = if twin { VARIANTS / 2 } else { 0 };
        // A step coprime with the number of variants: neighbours differ in more than one way.
        art.variant = (start + *count * 7) % VARIANTS;
        *count += 1;
    }
    products
}

/// Where a leaf category sits, for the products generated in it.
pub(super) struct LeafSlot {
    top_index: usize,
    sub_index: usize,
    top: &'static TopCategory,
    leaf: &'static Leaf,
    /// From the top-level category down to the leaf.
    path: Vec<CategoryRef>,
}

/// Draws ids in a range, never the same one twice.
struct UniqueIds {
    used: HashSet<u64>,
    start: u64,
    span: u64,
}

impl UniqueIds {
    /// `(start, span)` is the range to draw from; `reserved` ids are never drawn.
    fn new((start, span): (u64, u64), reserved: impl IntoIterator<Item = u64>) -> UniqueIds {
        UniqueIds {
            used: reserved.into_iter().collect(),
            start,
            span: span.max(1),
        }
    }

    fn fresh(&mut self, mut rng: Rng) -> u64 {
        let mut offset = rng.below(self.span);
        // A taken id moves on to the next free one, so the result stays deterministic.
        while !self.used.insert(self.start + offset) {
            offset = (offset + 1) % self.span;
        }
        self.start + offset
    }
}

pub(super) fn category_tree() -> (Vec<Category>, Vec<LeafSlot>) {
    let mut ids = UniqueIds::new(CATEGORY_ID_RANGE, CATALOG.iter().map(|top| top.id));
    let mut slots = Vec::new();
    let mut tree = Vec::with_capacity(CATALOG.len());

    for (top_index, top) in CATALOG.iter().enumerate() {
        let top_node = category(top.id, top.name, top.name_en);
        let mut subs = Vec::with_capacity(top.subs.len());
        for (sub_index, sub) in top.subs.iter().enumerate() {
            // Seeded by position, so ids stay put when other categories are added.
            let position = |leaf: usize| {
                Rng::for_item(CATEGORY_ID_SEED ^ top.id, (sub_index * 16 + leaf) as u64)
            };
            let mut sub_node = category(ids.fresh(position(0)), sub.name, sub.name_en);
            for (leaf_index, leaf) in sub.leaves.iter().enumerate() {
                let leaf_node =
                    category(ids.fresh(position(leaf_index + 1)), leaf.name, leaf.name_en);
                slots.push(LeafSlot {
                    top_index,
                    sub_index,
                    top,
                    leaf,
                    path: vec![top_node.as_ref(), sub_node.as_ref(), leaf_node.as_ref()],
                });
                sub_node.children.push(leaf_node);
            }
            subs.push(sub_node);
        }
        tree.push(Category {
            children: subs,
            ..top_node
        });
    }
    (tree, slots)
}

fn category(id: u64, name: &str, name_en: &str) -> Category {
    Category {
        id: CategoryId(id),
        name: name.to_owned(),
        name_en: Some(name_en.to_owned()),
        children: Vec::new(),
    }
}

/// A supplier with the table row it came from (for brand and origin).
#[derive(Debug)]
struct SupplierEntry {
    seed: &'static SupplierSeed,
    supplier: Supplier,
    /// How 1688 would present this seller.
    identities: Vec<SellerIdentity>,
}

fn suppliers_of(top: &TopCategory) -> Vec<SupplierEntry> {
    top.suppliers
        .iter()
        .enumerate()
        .map(|(index, seed)| {
            let mut rng = Rng::for_item(SUPPLIER_SEED ^ top.id, index as u64);
            let supplier = supplier(&mut rng, seed);
            let mut rng = Rng::for_item(SIGNALS_SEED ^ top.id, index as u64);
            SupplierEntry {
                seed,
                identities: identities(&mut rng, &supplier),
                supplier,
            }
        })
        .collect()
}

fn supplier(rng: &mut Rng, seed: &SupplierSeed) -> Supplier {
    let years = rng.between(1, 18);
    let rating_tenths = rng.between(40, 50);
    // Names tell what a company is: a 厂 is a factory, a 商行 a trading shop.
    let factory = if seed.name.ends_with('厂') {
        true
    } else if seed.name.ends_with("商行") {
        false
    } else {
        rng.chance(50)
    };
    let mut badges = Vec::new();
    if rng.chance(85) {
        badges.push(Badge::Verified);
    }
    if factory {
        badges.push(Badge::Factory);
        if years >= 5 && rng.chance(35) {
            badges.push(Badge::SuperFactory);
        }
    }
    if rng.chance(70) {
        badges.push(Badge::TradeAssurance);
    }
    Supplier {
        name: seed.name.to_owned(),
        name_en: Some(seed.name_en.to_owned()),
        location: Some(seed.place.1.to_owned()),
        years_on_1688: Some(years),
        rating: Some(Decimal::new(i64::from(rating_tenths), 1)),
        badges,
    }
}

/// The identities 1688 shows for a seller like this one: verified factories, super factories,
/// TrustPass for verified members, and some established merchants.
fn identities(rng: &mut Rng, supplier: &Supplier) -> Vec<SellerIdentity> {
    let has = |badge| supplier.badges.contains(&badge);
    let mut identities = Vec::new();
    if has(Badge::SuperFactory) {
        identities.push(SellerIdentity::SuperFactory);
    }
    if has(Badge::Verified) && has(Badge::Factory) {
        identities.push(SellerIdentity::VerifiedFactory);
    }
    if has(Badge::Verified) && supplier.years_on_1688.is_some_and(|y| y >= 3) && rng.chance(40) {
        identities.push(SellerIdentity::PowerfulMerchant);
    }
    if has(Badge::Verified) {
        identities.push(SellerIdentity::TrustPassMember);
    }
    identities
}

/// Plausible signals for one offer of `supplier`: shipping guarantees for most, 30-day rates for
/// nine in ten (new sellers have none), repurchase rates that fall with the price.
fn signals(rng: &mut Rng, supplier: &SupplierEntry, base: u32) -> SupplierSignals {
    let shipping = match rng.below(100) {
        0..35 => Some(ShippingGuarantee::Within24Hours),
        35..75 => Some(ShippingGuarantee::Within48Hours),
        _ => None,
    };
    let rates = rng.chance(90);
    // Hundredths of a percent, e.g. 9_912 = 99.12 %.
    let mut rate = |low: u32, high: u32| Decimal::new(i64::from(rng.between(low, high)), 2);
    let fulfilment = rate(8_500, 10_000);
    let pickup = rate(8_000, 10_000);
    let returns = rate(0, 300);
    let repurchase_ceiling = if base < 1_000 { 60 } else { 35 };
    SupplierSignals {
        identities: supplier.identities.clone(),
        trade_score: supplier.supplier.rating,
        repurchase_rate: Some(Decimal::from(rng.between(3, repurchase_ceiling))),
        years_on_1688: supplier.supplier.years_on_1688,
        shipping,
        fulfilment_rate_30d: rates.then_some(fulfilment),
        pickup_24h_rate_30d: rates.then_some(pickup),
        quality_return_rate_30d: rates.then_some(returns),
    }
}

/// Mostly the supplier specialised in the product's sub-category, sometimes another one.
fn pick_supplier<'a>(
    rng: &mut Rng,
    suppliers: &'a [SupplierEntry],
    sub_index: usize,
) -> Option<&'a SupplierEntry> {
    let specialist = if rng.chance(75) {
        suppliers.get(sub_index % suppliers.len().max(1))
    } else {
        None
    };
    specialist.or_else(|| rng.pick(suppliers))
}

fn product(
    rng: &mut Rng,
    id: ProductId,
    ordinal: usize,
    slot: &LeafSlot,
    supplier: &SupplierEntry,
) -> Generated {
    let leaf = slot.leaf;
    // Cycling through the nouns keeps a leaf's few products from all being the same thing.
    let noun = leaf
        .nouns
        .get(ordinal % leaf.nouns.len().max(1))
        .copied()
        .unwrap_or((leaf.name, leaf.name_en));
    let material = rng
        .pick(leaf.materials)
        .copied()
        .unwrap_or(("", "", "其他", "Other"));
    let (title, title_en) = title(rng, slot.top.modifiers, material, noun, leaf.uses);

    let base = base_price(rng, leaf.price_fen);
    let min_order = first_quantity(rng, base);
    let price_tiers = price_tiers(rng, min_order, base);
    let images = images(rng, id);
    // Like 1688's offers: several quantity tiers price every variant alike; an offer with one
    // tier is priced per variant.
    let priced_by_variant = price_tiers.len() == 1;
    let skus = skus(
        rng,
        id,
        leaf.variants,
        base,
        priced_by_variant,
        &images,
        &title_en,
    );
    let specifications = specifications(rng, material, supplier.seed, leaf.weight_g);
    let monthly_sales = monthly_sales(rng, base);
    let description = description(
        &title_en,
        material,
        supplier,
        leaf,
        &price_tiers,
        skus.len(),
    );

    Generated {
        product: Product {
            id,
            title,
            title_en: Some(title_en),
            images,
            price_tiers,
            min_order,
            unit: leaf.unit.as_str().to_owned(),
            skus,
            specifications,
            description: Some(description),
            category_path: slot.path.clone(),
            monthly_sales: Some(monthly_sales),
            total_sales: None,
            supplier: supplier.supplier.clone(),
            signals: signals(&mut Rng::for_item(SIGNALS_SEED, id.0), supplier, base),
        },
        art: Art {
            hue: slot.top.hue,
            icon: slot.top.icon,
            label: noun.1,
            variant: 0,
        },
    }
}

/// A title the way 1688 sellers write them: opener, material and noun, use, ending,
/// e.g. "2024新款 防摔硅胶手机壳 适用iPhone15 批发", with its English counterpart.
fn title(
    rng: &mut Rng,
    modifiers: &[Pair],
    material: Material,
    noun: Pair,
    uses: &[Pair],
) -> (String, String) {
    let modifier = if rng.chance(75) {
        rng.pick(modifiers)
    } else {
        None
    };
    let usage = if rng.chance(70) { rng.pick(uses) } else { None };
    // "家用 … 家用" reads badly; drop the use when it repeats the opener.
    let usage = usage.filter(|u| modifier.is_none_or(|m| m.0 != u.0));
    let ending = if rng.chance(50) {
        rng.pick(TITLE_ENDINGS)
    } else {
        None
    };

    let product_zh = format!("{}{}", material.0, noun.0);
    let zh = join_words([
        modifier.map(|m| m.0),
        Some(product_zh.as_str()),
        usage.map(|u| u.0),
        ending.map(|e| e.0),
    ]);
    let en = join_words([
        modifier.map(|m| m.1),
        Some(material.1),
        Some(noun.1),
        usage.map(|u| u.1),
        ending.map(|e| e.1),
    ]);
    (zh, en)
}

fn join_words<'a>(words: impl IntoIterator<Item = Option<&'a str>>) -> String {
    words
        .into_iter()
        .flatten()
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Rounds a price down to the precision sellers quote at: fen below ¥10, jiao below ¥100, whole
/// yuan above.
fn quoted(fen: u32) -> u32 {
    let step = match fen {
        0..1_000 => 1,
        1_000..10_000 => 10,
        _ => 100,
    };
    fen - fen % step
}

fn yuan(fen: u32) -> Decimal {
    Decimal::new(i64::from(fen), 2)
}

fn base_price(rng: &mut Rng, (low, high): (u32, u32)) -> u32 {
    quoted(rng.between(low, high)).max(MIN_PRICE_FEN)
}

/// Cheap goods are sold by the dozens, expensive ones one at a time.
fn first_quantity(rng: &mut Rng, base: u32) -> u32 {
    let choices: &[u32] = match base {
        0..500 => &[10, 20, 50, 100],
        500..5_000 => &[2, 3, 5, 10],
        5_000..30_000 => &[1, 2, 5],
        _ => &[1, 2],
    };
    rng.pick(choices).copied().unwrap_or(1)
}

/// 1 to 4 tiers; each starts at 3, 5 or 10 times the previous quantity and is 4–14% cheaper.
fn price_tiers(rng: &mut Rng, min_order: u32, base: u32) -> Vec<PriceTier> {
    let wanted = match rng.below(100) {
        0..15 => 1,
        15..45 => 2,
        45..85 => 3,
        _ => 4,
    };
    let mut tiers = vec![PriceTier {
        min_quantity: min_order,
        price: yuan(base),
    }];
    let (mut quantity, mut price) = (min_order, base);
    while tiers.len() < wanted {
        quantity = quantity.saturating_mul(rng.pick(&[3, 5, 10]).copied().unwrap_or(5));
        // Rounding down keeps each tier strictly cheaper than the one before.
        price = quoted(price.saturating_mul(rng.between(86, 96)) / 100);
        if price < MIN_PRICE_FEN {
            break;
        }
        tiers.push(PriceTier {
            min_quantity: quantity,
            price: yuan(price),
        });
    }
    tiers
}

/// Where the app serves image `n` (from 1) of a mock product.
pub(super) fn image_url(id: ProductId, n: usize) -> String {
    format!("/img/mock/{id}/{n}.svg")
}

fn images(rng: &mut Rng, id: ProductId) -> Vec<String> {
    let count = rng.between(1, 6) as usize;
    (1..=count).map(|n| image_url(id, n)).collect()
}

/// One chosen value of a variant axis; `rank` is its position among the chosen values.
#[derive(Clone, Copy)]
struct Choice {
    axis: &'static Axis,
    rank: usize,
    value: Pair,
}

/// Phone brands as titles and compatible models name them.
const PHONE_BRANDS: [&str; 5] = ["iPhone", "Huawei", "Xiaomi", "OPPO", "vivo"];

/// The values of `axis` that a product titled `title_en` may be sold in: a title that names
/// phone brands ("for Xiaomi 14") offers only their models.
fn fitting_values(axis: &'static Axis, title_en: &str) -> Vec<Pair> {
    let named: Vec<&str> = PHONE_BRANDS
        .into_iter()
        .filter(|brand| title_en.contains(brand))
        .collect();
    axis.values
        .iter()
        .copied()
        .filter(|value| {
            !std::ptr::eq(axis, &PHONE_MODEL)
                || named.is_empty()
                || named.iter().any(|brand| value.1.starts_with(brand))
        })
        .collect()
}

/// A run of consecutive values of `axis` that fit the title (consecutive, so sizes read S, M, L
/// and prices rise with them).
fn choose_values(rng: &mut Rng, axis: &'static Axis, most: u32, title_en: &str) -> Vec<Choice> {
    let values = fitting_values(axis, title_en);
    let len = values.len();
    let count = (rng.between(2, most) as usize).min(len);
    let start = rng.below((len - count + 1) as u64) as usize;
    values
        .into_iter()
        .skip(start)
        .take(count)
        .enumerate()
        .map(|(rank, value)| Choice { axis, rank, value })
        .collect()
}

/// Every combination of the chosen values of each axis, at most 4 × 3 of them.
fn skus(
    rng: &mut Rng,
    id: ProductId,
    variants: &[&'static Axis],
    base: u32,
    priced_by_variant: bool,
    images: &[String],
    title_en: &str,
) -> Vec<Sku> {
    let mut combinations: Vec<Vec<Choice>> = vec![Vec::new()];
    for (position, axis) in variants.iter().take(2).enumerate() {
        let most = match (position, variants.len()) {
            (0, 1) => 5,
            (0, _) => 4,
            _ => 3,
        };
        let values = choose_values(rng, axis, most, title_en);
        combinations = combinations
            .iter()
            .flat_map(|combination| {
                values.iter().map(move |choice| {
                    let mut next = combination.clone();
                    next.push(*choice);
                    next
                })
            })
            .collect();
    }

    combinations
        .iter()
        .enumerate()
        .map(|(index, combination)| {
            let raise: u32 = combination
                .iter()
                .filter(|c| c.axis.priced && priced_by_variant)
                .map(|c| base.saturating_mul(c.rank as u32 * 8) / 100)
                .sum();
            // Colour variants show the image of their colour, as on 1688.
            let image = combination
                .first()
                .filter(|c| c.axis.name == "颜色")
                .and_then(|c| images.get(c.rank % images.len().max(1)))
                .cloned();
            let attributes = if combination.is_empty() {
                vec![attribute("规格", "Spec", "标准款", "Standard")]
            } else {
                combination
                    .iter()
                    .map(|c| attribute(c.axis.name, c.axis.name_en, c.value.0, c.value.1))
                    .collect()
            };
            Sku {
                id: format!("{id}{:02}", index + 1),
                attributes,
                price: Some(yuan(quoted(base.saturating_add(raise)))),
                stock: Some(if rng.chance(6) {
                    0
                } else {
                    rng.between(20, 30_000)
                }),
                image,
            }
        })
        .collect()
}

fn attribute(
    name: &str,
    name_en: &str,
    value: impl Into<String>,
    value_en: impl Into<String>,
) -> Attribute {
    Attribute {
        name: name.to_owned(),
        name_en: Some(name_en.to_owned()),
        value: value.into(),
        value_en: Some(value_en.into()),
    }
}

/// Material, origin and brand always; weight, item number, packaging, cross-border and
/// customisation sometimes, as sellers fill them in unevenly.
fn specifications(
    rng: &mut Rng,
    material: Material,
    supplier: &SupplierSeed,
    weight_g: u32,
) -> Vec<Attribute> {
    let brand = if rng.chance(40) {
        ("OEM/ODM", "OEM / ODM")
    } else {
        supplier.brand
    };
    let mut specs = vec![
        attribute("材质", "Material", material.2, material.3),
        attribute("产地", "Origin", supplier.place.0, supplier.place.1),
        attribute("品牌", "Brand", brand.0, brand.1),
    ];
    if rng.chance(60) {
        let (zh, en) = weight(rng, weight_g);
        specs.push(attribute("重量", "Weight", zh, en));
    }
    if rng.chance(60) {
        let number = item_number(rng, supplier.brand.1);
        specs.push(attribute("货号", "Item number", number.clone(), number));
    }
    if rng.chance(60)
        && let Some(&(zh, en)) = rng.pick(PACKAGING)
    {
        specs.push(attribute("包装", "Packaging", zh, en));
    }
    if rng.chance(60) {
        specs.push(attribute(
            "是否跨境货源",
            "Cross-border supply",
            "是",
            "Yes",
        ));
    }
    if rng.chance(60) {
        let (zh, en) = if rng.chance(50) {
            ("支持来图定制", "Custom logo on request")
        } else {
            ("不支持", "Not available")
        };
        specs.push(attribute("加工定制", "Customization", zh, en));
    }
    specs
}

/// The typical weight give or take 15%, e.g. ("约1.2kg", "about 1.2 kg").
fn weight(rng: &mut Rng, typical_g: u32) -> (String, String) {
    let grams = (typical_g.saturating_mul(rng.between(85, 115)) / 100).max(1);
    if grams >= 1_000 {
        let kg = format!("{}.{}", grams / 1_000, grams % 1_000 / 100);
        (format!("约{kg}kg"), format!("about {kg} kg"))
    } else {
        (format!("约{grams}g"), format!("about {grams} g"))
    }
}

/// e.g. "KU-2417": the brand's initials and four digits.
fn item_number(rng: &mut Rng, brand_en: &str) -> String {
    let initials: String = brand_en
        .chars()
        .filter(char::is_ascii_alphabetic)
        .take(2)
        .collect::<String>()
        .to_ascii_uppercase();
    format!("{initials}-{}", rng.between(1_000, 9_999))
}

/// Cheap goods sell by the tens of thousands a month, expensive ones by the dozens.
fn monthly_sales(rng: &mut Rng, base: u32) -> u32 {
    let ceiling = (400_000 / (base / 100 + 8)).clamp(40, 50_000);
    rng.between(ceiling / 20, ceiling)
}

fn description(
    title_en: &str,
    material: Material,
    supplier: &SupplierEntry,
    leaf: &Leaf,
    tiers: &[PriceTier],
    variant_count: usize,
) -> Description {
    let mut text = format!(
        "{title_en}. Material: {}. Shipped from {} by {}",
        material.3, supplier.seed.place.1, supplier.seed.name_en
    );
    // Company names often end in "Ltd." already.
    if !text.ends_with('.') {
        text.push('.');
    }
    if let (Some(first), Some(last)) = (tiers.first(), tiers.last()) {
        let minimum = leaf.unit.count(first.min_quantity);
        if tiers.len() > 1 {
            text.push_str(&format!(
                " Minimum order {minimum}; the unit price falls to ¥{} from {}.",
                last.price,
                leaf.unit.count(last.min_quantity)
            ));
        } else {
            text.push_str(&format!(
                " Minimum order {minimum}, one price at any quantity."
            ));
        }
    }
    let axes: Vec<&str> = leaf
        .variants
        .iter()
        .take(2)
        .map(|axis| axis.name_en)
        .collect();
    if !axes.is_empty() {
        text.push_str(&format!(
            " {variant_count} variants to choose from ({}).",
            axes.join(", ")
        ));
    }
    text.push_str(" 支持一件代发，量大价优 (dropshipping supported, better prices in bulk).");
    Description::Text(text)
}
