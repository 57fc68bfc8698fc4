//! Quote sheets: the lines a buyer collects to take to a supplier or a sourcing agent, kept
//! server-side without an account.
//!
//! A sheet is found by its id (held in the shopper's cookie, never shown) or, read-only, by its
//! share token (a separate random value, so a share link never lets anyone edit). Each line
//! keeps what the product page showed when it was added — titles, the chosen variant, the price
//! tiers, the minimum order and when those prices were fetched — so that a sheet of 200 lines
//! costs no upstream call to show, reprice at a new quantity or export.
//!
//! Where sheets are kept is behind [`QuoteSheets`]: [`MemorySheets`] here (mock mode: until
//! restart), and the SQLite store of live mode (`provider::store::StoredSheets`). These are the
//! shopper's data, not upstream answers: they are never part of the answer cache.

mod memory;

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use async_trait::async_trait;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::catalog::{Attribute, PriceTier, Product, ProductId, Sku, unit_price_for};

pub use memory::MemorySheets;

/// The most lines a sheet holds.
pub const MAX_LINES: usize = 200;
/// The largest quantity of one line.
pub const MAX_QUANTITY: u32 = 1_000_000;
/// A sheet not used for this long is forgotten.
pub const SHEET_LIFETIME: Duration = Duration::from_secs(30 * 24 * 3600);

/// 128 random bits as 32 lowercase hex digits.
fn random_hex() -> String {
    format!("{:032x}", rand::random::<u128>())
}

fn is_random_hex(s: &str) -> bool {
    s.len() == 32 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// The id of a sheet: what the shopper's cookie holds. Never logged or shown (its `Debug`
/// prints nothing of it).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct SheetId(String);

/// The read-only share token of a sheet (in `/quote/s/{token}`). Never logged.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct ShareToken(String);

macro_rules! secret_token {
    ($name:ident) => {
        impl $name {
            /// A fresh, unguessable value (128 random bits).
            pub fn random() -> $name {
                $name(random_hex())
            }

            /// A value as a cookie or a link carries it: 32 lowercase hex digits, else `None`.
            pub fn parse(s: &str) -> Option<$name> {
                is_random_hex(s).then(|| $name(s.to_owned()))
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(concat!(stringify!($name), "(…)"))
            }
        }
    };
}

secret_token!(SheetId);
secret_token!(ShareToken);

/// The variant a line is for, as the product page showed it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuotedSku {
    pub id: String,
    pub attributes: Vec<Attribute>,
    pub price: Option<Decimal>,
}

impl From<&Sku> for QuotedSku {
    fn from(sku: &Sku) -> QuotedSku {
        QuotedSku {
            id: sku.id.clone(),
            attributes: sku.attributes.clone(),
            price: sku.price,
        }
    }
}

/// One line of a sheet: a product (and variant) in a quantity, with the prices it was added at.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuoteLine {
    /// Stable within its sheet (lines are numbered as they are added).
    pub id: u32,
    pub product: ProductId,
    pub title: String,
    pub title_en: Option<String>,
    pub image: Option<String>,
    pub sku: Option<QuotedSku>,
    /// Ordered by ascending `min_quantity`; never empty.
    pub price_tiers: Vec<PriceTier>,
    pub min_order: u32,
    pub unit: String,
    pub quantity: u32,
    /// When the prices were fetched from the source (Unix seconds).
    pub priced_at: i64,
}

impl QuoteLine {
    /// A line for `quantity` of `sku` of `product`, whose data was fetched at `priced_at`.
    pub fn new(product: &Product, sku: Option<&Sku>, quantity: u32, priced_at: i64) -> QuoteLine {
        QuoteLine {
            id: 0,
            product: product.id,
            title: product.title.clone(),
            title_en: product.title_en.clone(),
            image: sku
                .and_then(|s| s.image.clone())
                .or_else(|| product.images.first().cloned()),
            sku: sku.map(QuotedSku::from),
            price_tiers: product.price_tiers.clone(),
            min_order: product.min_order,
            unit: product.unit.clone(),
            quantity,
            priced_at,
        }
    }

    /// The unit price at this line's quantity (see [`crate::catalog::Product::unit_price`]).
    pub fn unit_price(&self) -> Decimal {
        unit_price_for(
            &self.price_tiers,
            self.sku.as_ref().and_then(|s| s.price),
            self.quantity,
        )
    }

    pub fn total(&self) -> Decimal {
        self.unit_price() * Decimal::from(self.quantity)
    }

    /// Whether the quantity is below the supplier's minimum order.
    pub fn below_moq(&self) -> bool {
        self.quantity < self.min_order
    }

    /// The variant's attributes, e.g. "Color: Red (红色); Size: M".
    pub fn variant_text(&self) -> String {
        let Some(sku) = &self.sku else {
            return String::new();
        };
        sku.attributes
            .iter()
            .map(|a| {
                let name = a.name_en.as_deref().unwrap_or(&a.name);
                match &a.value_en {
                    Some(en) if *en != a.value => format!("{name}: {en} ({})", a.value),
                    _ => format!("{name}: {}", a.value),
                }
            })
            .collect::<Vec<_>>()
            .join("; ")
    }

    fn same_item(&self, other: &QuoteLine) -> bool {
        self.product == other.product
            && self.sku.as_ref().map(|s| &s.id) == other.sku.as_ref().map(|s| &s.id)
    }
}

/// Why a sheet could not be changed or read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QuoteError {
    #[error("the quote sheet holds at most {MAX_LINES} lines")]
    TooManyLines,
    #[error("a line's quantity is at most {MAX_QUANTITY}")]
    QuantityTooLarge,
    #[error("no such line on the quote sheet")]
    NoSuchLine,
    #[error("the quote sheets could not be read or saved: {0}")]
    Storage(String),
}

/// A sheet and its lines.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct QuoteSheet {
    #[serde(skip, default = "SheetId::random")]
    pub id: SheetId,
    #[serde(skip, default = "ShareToken::random")]
    pub share: ShareToken,
    pub lines: Vec<QuoteLine>,
    /// The id the next line gets.
    pub next_line: u32,
}

impl fmt::Debug for QuoteSheet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("QuoteSheet")
            .field("lines", &self.lines.len())
            .finish_non_exhaustive()
    }
}

impl QuoteSheet {
    /// An empty sheet with a fresh id and share token.
    pub fn new() -> QuoteSheet {
        QuoteSheet {
            id: SheetId::random(),
            share: ShareToken::random(),
            lines: Vec::new(),
            next_line: 1,
        }
    }

    /// Adds `line`; the same product and variant again adds to that line's quantity (and takes
    /// the newer prices). Returns the line's id.
    pub fn add(&mut self, mut line: QuoteLine) -> Result<u32, QuoteError> {
        if line.quantity > MAX_QUANTITY {
            return Err(QuoteError::QuantityTooLarge);
        }
        if let Some(existing) = self.lines.iter_mut().find(|l| l.same_item(&line)) {
            let quantity = existing.quantity.saturating_add(line.quantity);
            if quantity > MAX_QUANTITY {
                return Err(QuoteError::QuantityTooLarge);
            }
            line.id = existing.id;
            line.quantity = quantity;
            *existing = line;
            return Ok(existing.id);
        }
        if self.lines.len() >= MAX_LINES {
            return Err(QuoteError::TooManyLines);
        }
        line.id = self.next_line;
        self.next_line += 1;
        self.lines.push(line);
        Ok(self.next_line - 1)
    }

    pub fn set_quantity(&mut self, line: u32, quantity: u32) -> Result<(), QuoteError> {
        if quantity > MAX_QUANTITY {
            return Err(QuoteError::QuantityTooLarge);
        }
        let line = self
            .lines
            .iter_mut()
            .find(|l| l.id == line)
            .ok_or(QuoteError::NoSuchLine)?;
        line.quantity = quantity;
        Ok(())
    }

    pub fn remove(&mut self, line: u32) -> Result<(), QuoteError> {
        let before = self.lines.len();
        self.lines.retain(|l| l.id != line);
        if self.lines.len() == before {
            return Err(QuoteError::NoSuchLine);
        }
        Ok(())
    }

    /// The sum of the line totals, in yuan.
    pub fn total(&self) -> Decimal {
        self.lines.iter().map(QuoteLine::total).sum()
    }

    /// The sheet's lines as stored (JSON); the id and token are kept beside it.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// A stored sheet back, with its id and token; `None` if the JSON is not a sheet.
    pub fn from_json(id: SheetId, share: ShareToken, json: &str) -> Option<QuoteSheet> {
        let sheet: QuoteSheet = serde_json::from_str(json).ok()?;
        Some(QuoteSheet { id, share, ..sheet })
    }
}

impl Default for QuoteSheet {
    fn default() -> Self {
        QuoteSheet::new()
    }
}

/// A change to one sheet, applied atomically by the storage.
pub type Edit = Box<dyn FnOnce(&mut QuoteSheet) -> Result<(), QuoteError> + Send>;

/// Where quote sheets are kept. Every successful read or change counts as a use: a sheet unused
/// for [`SHEET_LIFETIME`] is gone.
#[async_trait]
pub trait QuoteSheets: Send + Sync + 'static {
    /// A new sheet with `edit` applied (nothing is kept if the edit fails).
    async fn create(&self, edit: Edit) -> Result<QuoteSheet, QuoteError>;

    /// The sheet `id`, if it exists and has not expired.
    async fn get(&self, id: &SheetId) -> Result<Option<QuoteSheet>, QuoteError>;

    /// The sheet shared as `token`, if it exists and has not expired.
    async fn shared(&self, token: &ShareToken) -> Result<Option<QuoteSheet>, QuoteError>;

    /// Applies `edit` to the sheet `id` and keeps the result; `Ok(None)` when there is no such
    /// sheet (nothing is changed if the edit fails).
    async fn edit(&self, id: &SheetId, edit: Edit) -> Result<Option<QuoteSheet>, QuoteError>;
}

/// Now, in Unix seconds.
pub fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// Sheets last used before this time (Unix seconds) have expired.
pub fn expired_before(now: i64) -> i64 {
    now - i64::try_from(SHEET_LIFETIME.as_secs()).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{Supplier, SupplierSignals};

    fn dec(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn product(id: u64) -> Product {
        Product {
            id: ProductId(id),
            title: "手机壳".into(),
            title_en: Some("Phone case".into()),
            images: vec!["/img/a.svg".into()],
            price_tiers: vec![
                PriceTier {
                    min_quantity: 10,
                    price: dec("2.00"),
                },
                PriceTier {
                    min_quantity: 100,
                    price: dec("1.50"),
                },
            ],
            min_order: 10,
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

    fn line(id: u64, quantity: u32) -> QuoteLine {
        QuoteLine::new(&product(id), None, quantity, 0)
    }

    #[test]
    fn a_line_is_priced_by_the_tier_its_quantity_reaches() {
        let mut sheet = QuoteSheet::new();
        let id = sheet.add(line(1, 99)).unwrap();
        assert_eq!(sheet.lines[0].unit_price(), dec("2.00"));
        assert_eq!(sheet.total(), dec("198.00"));
        sheet.set_quantity(id, 100).unwrap();
        assert_eq!(sheet.lines[0].unit_price(), dec("1.50"));
        assert_eq!(sheet.total(), dec("150.00"));
    }

    #[test]
    fn below_the_minimum_order_a_line_is_flagged() {
        assert!(line(1, 9).below_moq());
        assert!(!line(1, 10).below_moq());
    }

    #[test]
    fn the_same_item_again_adds_to_its_line() {
        let mut sheet = QuoteSheet::new();
        let first = sheet.add(line(1, 10)).unwrap();
        let again = sheet.add(line(1, 5)).unwrap();
        assert_eq!(first, again);
        assert_eq!(sheet.lines.len(), 1);
        assert_eq!(sheet.lines[0].quantity, 15);
        sheet.add(line(2, 1)).unwrap();
        assert_eq!(sheet.lines.len(), 2);
    }

    #[test]
    fn lines_and_quantities_are_bounded() {
        let mut sheet = QuoteSheet::new();
        for id in 0..MAX_LINES as u64 {
            sheet.add(line(id + 1, 1)).unwrap();
        }
        assert_eq!(sheet.add(line(9999, 1)), Err(QuoteError::TooManyLines));
        assert_eq!(
            sheet.set_quantity(1, MAX_QUANTITY + 1),
            Err(QuoteError::QuantityTooLarge)
        );
        assert_eq!(
            sheet.add(line(1, MAX_QUANTITY)),
            Err(QuoteError::QuantityTooLarge)
        );
    }

    #[test]
    fn removing_a_line_keeps_the_others_and_their_ids() {
        let mut sheet = QuoteSheet::new();
        let a = sheet.add(line(1, 10)).unwrap();
        let b = sheet.add(line(2, 10)).unwrap();
        sheet.remove(a).unwrap();
        assert_eq!(sheet.remove(a), Err(QuoteError::NoSuchLine));
        assert_eq!(sheet.lines.iter().map(|l| l.id).collect::<Vec<_>>(), [b]);
        let c = sheet.add(line(3, 10)).unwrap();
        assert!(c > b, "ids are never reused");
    }

    #[test]
    fn ids_and_tokens_are_random_hex_and_never_debug_printed() {
        let (a, b) = (SheetId::random(), SheetId::random());
        assert_ne!(a, b);
        assert!(SheetId::parse(a.as_str()).is_some());
        assert!(SheetId::parse("abc").is_none());
        assert!(SheetId::parse(&"G".repeat(32)).is_none());
        let sheet = QuoteSheet::new();
        let debug = format!("{sheet:?} {:?} {:?}", sheet.id, sheet.share);
        assert!(!debug.contains(sheet.id.as_str()));
        assert!(!debug.contains(sheet.share.as_str()));
    }

    #[test]
    fn a_sheet_round_trips_through_json_without_its_secrets() {
        let mut sheet = QuoteSheet::new();
        sheet.add(line(1, 12)).unwrap();
        let json = sheet.to_json();
        assert!(!json.contains(sheet.id.as_str()) && !json.contains(sheet.share.as_str()));
        let back = QuoteSheet::from_json(sheet.id.clone(), sheet.share.clone(), &json).unwrap();
        assert_eq!(back, sheet);
    }
}
