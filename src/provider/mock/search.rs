//! Keyword search, filters, sorting and paging over the mock catalog.
//!
//! A keyword is split on whitespace; a product matches when every word occurs in its titles
//! (Chinese or English) or in the names of its categories. Title matches weigh more than
//! category matches, so "phone case" ranks phone cases above other phone accessories.

use std::cmp::Ordering;

use rust_decimal::Decimal;

use super::Listing;
use crate::catalog::{Page, Product, ProductSummary, SearchQuery, Sort};

/// What one word scores when found in a title.
const TITLE_WEIGHT: u32 = 3;
/// What one word scores when found in a category name.
const CATEGORY_WEIGHT: u32 = 1;

/// A product's searchable text, lower-cased once at construction.
#[derive(Debug)]
pub(super) struct SearchText {
    titles: String,
    categories: String,
}

impl SearchText {
    pub(super) fn new(product: &Product) -> SearchText {
        let titles = [
            product.title.as_str(),
            product.title_en.as_deref().unwrap_or(""),
        ];
        let categories = product
            .category_path
            .iter()
            .flat_map(|c| [c.name.as_str(), c.name_en.as_deref().unwrap_or("")]);
        SearchText {
            // Newlines keep one name's end from running into the next one's start.
            titles: titles.join("\n").to_lowercase(),
            categories: categories.collect::<Vec<_>>().join("\n").to_lowercase(),
        }
    }
}

/// A keyword split into lower-cased words.
struct Keywords(Vec<String>);

impl Keywords {
    /// `None` when there is no keyword or it is only whitespace.
    fn parse(keyword: Option<&str>) -> Option<Keywords> {
        let words: Vec<String> = keyword?.split_whitespace().map(str::to_lowercase).collect();
        (!words.is_empty()).then_some(Keywords(words))
    }

    /// The relevance of a product, or `None` when some word occurs nowhere in it.
    fn score(&self, text: &SearchText) -> Option<u32> {
        self.0
            .iter()
            .map(|word| {
                let in_titles = contains_word(&text.titles, word);
                let in_categories = contains_word(&text.categories, word);
                (in_titles || in_categories).then(|| {
                    u32::from(in_titles) * TITLE_WEIGHT + u32::from(in_categories) * CATEGORY_WEIGHT
                })
            })
            .sum()
    }
}

/// Whether `word` occurs in `text`. A word starting with a Latin letter or digit must start where
/// a word of `text` starts, so "led" finds "LED bulb" but not "insulated" (and "phone" still
/// finds "phones"); Chinese is written without spaces, so other words may match anywhere.
fn contains_word(text: &str, word: &str) -> bool {
    if !word.starts_with(|c: char| c.is_ascii_alphanumeric()) {
        return text.contains(word);
    }
    text.match_indices(word)
        .any(|(at, _)| !text[..at].ends_with(|c: char| c.is_ascii_alphanumeric()))
}

/// One matching product with its relevance.
struct Hit<'a> {
    score: u32,
    listing: &'a Listing,
}

/// Runs `query` over `listings`. The caller has checked that the category, if any, exists.
pub(super) fn search(listings: &[Listing], query: &SearchQuery) -> Page<ProductSummary> {
    let keywords = Keywords::parse(query.keyword.as_deref());
    let mut hits: Vec<Hit<'_>> = listings
        .iter()
        .filter(|listing| in_category(listing, query))
        .filter(|listing| in_price_range(listing.summary.price, query))
        .filter_map(|listing| {
            let score = match &keywords {
                Some(keywords) => keywords.score(&listing.text)?,
                None => 0,
            };
            Some(Hit { score, listing })
        })
        .collect();
    hits.sort_unstable_by(|a, b| compare(a, b, query.sort));
    page_of(&hits, query.page, query.page_size)
}

/// A product is in a category when the category is anywhere on its path, so a top-level
/// category includes everything below it.
fn in_category(listing: &Listing, query: &SearchQuery) -> bool {
    query
        .category
        .is_none_or(|id| listing.product.category_path.iter().any(|c| c.id == id))
}

/// Both bounds are inclusive and apply to the lowest unit price, the one listings show.
fn in_price_range(price: Decimal, query: &SearchQuery) -> bool {
    query.min_price.is_none_or(|min| price >= min) && query.max_price.is_none_or(|max| price <= max)
}

/// The order of `sort`, ties broken by id so that pages never overlap.
fn compare(a: &Hit<'_>, b: &Hit<'_>, sort: Sort) -> Ordering {
    let (x, y) = (&a.listing.summary, &b.listing.summary);
    let best_selling_first = || y.monthly_sales.cmp(&x.monthly_sales);
    let order = match sort {
        // Without a keyword every score is 0, so this is "best-selling first".
        Sort::Relevance => b.score.cmp(&a.score).then_with(best_selling_first),
        Sort::PriceAsc => x.price.cmp(&y.price),
        Sort::PriceDesc => y.price.cmp(&x.price),
        Sort::Sales => best_selling_first(),
    };
    order.then(x.id.cmp(&y.id))
}

/// Page `page` (from 1) of `hits`; a page past the end is empty but keeps the true total.
fn page_of(hits: &[Hit<'_>], page: u32, page_size: u32) -> Page<ProductSummary> {
    let size = page_size as usize;
    let start = (page.saturating_sub(1) as usize)
        .saturating_mul(size)
        .min(hits.len());
    let end = start.saturating_add(size).min(hits.len());
    let items = hits
        .get(start..end)
        .unwrap_or_default()
        .iter()
        .map(|hit| hit.listing.summary.clone())
        .collect();
    Page {
        items,
        total: hits.len() as u64,
        page,
        page_size,
    }
}

#[cfg(test)]
mod tests {
    use super::contains_word;

    #[test]
    fn latin_words_match_at_the_start_of_a_word() {
        assert!(contains_word("led bulb", "led"));
        assert!(contains_word("phone cases", "phone"));
        assert!(contains_word("适用iphone15", "iphone"));
        assert!(contains_word("usb-c data cable", "c"));
        assert!(!contains_word("insulated cup", "led"));
        assert!(!contains_word("5g smartphone", "phone"));
    }

    #[test]
    fn chinese_words_match_anywhere() {
        assert!(contains_word("防摔硅胶手机壳", "手机"));
        assert!(contains_word("手机壳", "手机壳"));
        assert!(!contains_word("手机支架", "手机壳"));
    }
}
