//! Keyword search, filters, sorting and paging over the mock catalog.
//!
//! A keyword is split on whitespace; a product matches when every word occurs in its titles
//! (Chinese or English) or in the names of its categories. Title matches weigh more than
//! category matches, so "phone case" ranks phone cases above other phone accessories.
//!
//! Everything that does not depend on the query is worked out once, in [`SearchIndex::new`]: the
//! catalog in each sort order, the products of every category, and a sorted index of the places
//! where a word may start in the searchable texts. A request then walks one precomputed order and
//! keeps what its sets allow, instead of scanning, scoring and sorting every product.

use std::cmp::Ordering;
use std::collections::HashMap;

use rust_decimal::Decimal;

use super::Listing;
use crate::catalog::{CategoryId, Page, Product, ProductSummary, SearchQuery, Sort};

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

/// A keyword split into lower-cased words; `None` when there is no keyword or it is only
/// whitespace.
fn words(keyword: Option<&str>) -> Option<Vec<String>> {
    let words: Vec<String> = keyword?.split_whitespace().map(str::to_lowercase).collect();
    (!words.is_empty()).then_some(words)
}

/// Whether `word` may match at byte `at` of `text`. A word starting with a Latin letter or digit
/// must start where a word of `text` starts, so "led" finds "LED bulb" but not "insulated" (and
/// "phone" still finds "phones"); Chinese is written without spaces, so other words may match
/// anywhere. No word contains whitespace, so none starts there.
fn may_start_at(text: &str, at: usize) -> bool {
    let Some(first) = text[at..].chars().next() else {
        return false;
    };
    if first.is_whitespace() {
        return false;
    }
    !first.is_ascii_alphanumeric() || !text[..at].ends_with(|c: char| c.is_ascii_alphanumeric())
}

/// A set of products, by position in the catalog.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Products(Vec<u64>);

impl Products {
    fn none(len: usize) -> Products {
        Products(vec![0; len.div_ceil(64)])
    }

    fn all(len: usize) -> Products {
        let mut set = Products::none(len);
        (0..len).for_each(|position| set.insert(position));
        set
    }

    fn insert(&mut self, position: usize) {
        self.0[position / 64] |= 1 << (position % 64);
    }

    fn contains(&self, position: usize) -> bool {
        self.0[position / 64] & (1 << (position % 64)) != 0
    }

    fn union_with(&mut self, other: &Products) {
        self.0.iter_mut().zip(&other.0).for_each(|(a, b)| *a |= b);
    }

    fn intersect_with(&mut self, other: &Products) {
        self.0.iter_mut().zip(&other.0).for_each(|(a, b)| *a &= b);
    }
}

/// Where words may start in a set of texts, sorted by what follows, so that the places where a
/// word occurs are one contiguous run found by binary search.
#[derive(Debug)]
struct TextIndex {
    /// Distinct texts (many products share their category names).
    texts: Vec<String>,
    /// The products holding each text.
    holders: Vec<Products>,
    /// (text, byte offset) of every place a word may start, sorted by the text from there on.
    starts: Vec<(u32, u32)>,
}

impl TextIndex {
    /// Indexes `text(listing)` of every listing.
    fn new<'a>(listings: &'a [Listing], text: impl Fn(&'a Listing) -> &'a str) -> TextIndex {
        let mut texts: Vec<String> = Vec::new();
        let mut holders: Vec<Products> = Vec::new();
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for (position, listing) in listings.iter().enumerate() {
            let text = text(listing);
            let index = *seen.entry(text).or_insert_with(|| {
                texts.push(text.to_owned());
                holders.push(Products::none(listings.len()));
                texts.len() - 1
            });
            holders[index].insert(position);
        }
        let mut starts: Vec<(u32, u32)> = texts
            .iter()
            .enumerate()
            .flat_map(|(index, text)| {
                text.char_indices()
                    .filter(|&(at, _)| may_start_at(text, at))
                    .map(move |(at, _)| (index as u32, at as u32))
            })
            .collect();
        let suffix = |&(text, at): &(u32, u32)| &texts[text as usize][at as usize..];
        starts.sort_unstable_by(|a, b| suffix(a).cmp(suffix(b)));
        TextIndex {
            texts,
            holders,
            starts,
        }
    }

    fn suffix(&self, (text, at): (u32, u32)) -> &str {
        &self.texts[text as usize][at as usize..]
    }

    /// The products whose text contains `word` where a word may start.
    fn holders_of(&self, word: &str, len: usize) -> Products {
        let first = self
            .starts
            .partition_point(|&start| self.suffix(start) < word);
        let mut found = Products::none(len);
        for &start in self.starts[first..]
            .iter()
            .take_while(|&&start| self.suffix(start).starts_with(word))
        {
            found.union_with(&self.holders[start.0 as usize]);
        }
        found
    }
}

/// What a search needs that does not depend on the query, computed once.
#[derive(Debug)]
pub(super) struct SearchIndex {
    len: usize,
    /// Positions by sales (best-selling first), then id: the order of [`Sort::Sales`], and of
    /// [`Sort::Relevance`] among equally relevant products.
    by_sales: Vec<u16>,
    /// Positions by lowest price, cheapest first, then id.
    by_price: Vec<u16>,
    /// Positions by lowest price, dearest first, then id.
    by_price_desc: Vec<u16>,
    /// The products of each category, including those of every category below it.
    categories: HashMap<CategoryId, Products>,
    titles: TextIndex,
    category_names: TextIndex,
}

impl SearchIndex {
    pub(super) fn new(listings: &[Listing]) -> SearchIndex {
        assert!(listings.len() <= usize::from(u16::MAX), "positions are u16");
        let order = |compare: fn(&ProductSummary, &ProductSummary) -> Ordering| {
            let mut positions: Vec<u16> = (0..listings.len() as u16).collect();
            positions.sort_unstable_by(|&a, &b| {
                let (x, y) = (
                    &listings[usize::from(a)].summary,
                    &listings[usize::from(b)].summary,
                );
                compare(x, y).then(x.id.cmp(&y.id))
            });
            positions
        };
        let mut categories: HashMap<CategoryId, Products> = HashMap::new();
        for (position, listing) in listings.iter().enumerate() {
            for category in &listing.product.category_path {
                categories
                    .entry(category.id)
                    .or_insert_with(|| Products::none(listings.len()))
                    .insert(position);
            }
        }
        SearchIndex {
            len: listings.len(),
            by_sales: order(best_selling_first),
            by_price: order(|x, y| x.price.cmp(&y.price)),
            by_price_desc: order(|x, y| y.price.cmp(&x.price)),
            categories,
            titles: TextIndex::new(listings, |l| l.text.titles.as_str()),
            category_names: TextIndex::new(listings, |l| l.text.categories.as_str()),
        }
    }
}

fn best_selling_first(x: &ProductSummary, y: &ProductSummary) -> Ordering {
    y.monthly_sales.cmp(&x.monthly_sales)
}

/// Where each word of a keyword occurs.
struct Matches {
    /// Per word: the products with it in a title, and those with it in a category name.
    words: Vec<(Products, Products)>,
}

impl Matches {
    fn find(index: &SearchIndex, words: &[String]) -> Matches {
        let words = words
            .iter()
            .map(|word| {
                (
                    index.titles.holders_of(word, index.len),
                    index.category_names.holders_of(word, index.len),
                )
            })
            .collect();
        Matches { words }
    }

    /// Narrows `candidates` to the products holding every word somewhere.
    fn keep_matching(&self, candidates: &mut Products) {
        for (in_titles, in_categories) in &self.words {
            let mut either = in_titles.clone();
            either.union_with(in_categories);
            candidates.intersect_with(&either);
        }
    }

    /// The relevance of a product that holds every word.
    fn score(&self, position: usize) -> u32 {
        self.words
            .iter()
            .map(|(in_titles, in_categories)| {
                u32::from(in_titles.contains(position)) * TITLE_WEIGHT
                    + u32::from(in_categories.contains(position)) * CATEGORY_WEIGHT
            })
            .sum()
    }
}

/// Runs `query` over `listings`. The caller has checked that the category, if any, exists.
pub(super) fn search(
    listings: &[Listing],
    index: &SearchIndex,
    query: &SearchQuery,
) -> Page<ProductSummary> {
    let mut candidates = match query.category {
        Some(id) => index
            .categories
            .get(&id)
            .cloned()
            .unwrap_or_else(|| Products::none(index.len)),
        None => Products::all(index.len),
    };
    let matches = words(query.keyword.as_deref()).map(|words| Matches::find(index, &words));
    if let Some(matches) = &matches {
        matches.keep_matching(&mut candidates);
    }
    let order = match query.sort {
        Sort::Relevance | Sort::Sales => &index.by_sales,
        Sort::PriceAsc => &index.by_price,
        Sort::PriceDesc => &index.by_price_desc,
    };
    let mut hits: Vec<u16> = order
        .iter()
        .copied()
        .filter(|&position| {
            let position = usize::from(position);
            let summary = &listings[position].summary;
            candidates.contains(position)
                && in_price_range(summary.price, query)
                && query.buyer_filters_allow(summary)
        })
        .collect();
    if let (Sort::Relevance, Some(matches)) = (query.sort, &matches) {
        // Stable: equally relevant products keep the best-selling order.
        hits.sort_by_key(|&position| std::cmp::Reverse(matches.score(position.into())));
    }
    page_of(listings, &hits, query.page, query.page_size)
}

/// Both bounds are inclusive and apply to the lowest unit price, the one listings show.
pub(super) fn in_price_range(price: Decimal, query: &SearchQuery) -> bool {
    query.min_price.is_none_or(|min| price >= min) && query.max_price.is_none_or(|max| price <= max)
}

/// Page `page` (from 1) of `hits`; a page past the end is empty but keeps the true total.
fn page_of(listings: &[Listing], hits: &[u16], page: u32, page_size: u32) -> Page<ProductSummary> {
    let size = page_size as usize;
    let start = (page.saturating_sub(1) as usize)
        .saturating_mul(size)
        .min(hits.len());
    let end = start.saturating_add(size).min(hits.len());
    let items = hits[start..end]
        .iter()
        .map(|&position| listings[usize::from(position)].summary.clone())
        .collect();
    Page {
        items,
        total: hits.len() as u64,
        page,
        page_size,
    }
}

/// The obvious search, kept as the reference the index must agree with: filter every product,
/// score it word by word, sort all of them.
#[cfg(test)]
pub(super) mod reference {
    use super::*;

    /// Whether `word` occurs in `text` where it may start (see [`may_start_at`]).
    pub(crate) fn contains_word(text: &str, word: &str) -> bool {
        text.char_indices()
            .any(|(at, _)| text[at..].starts_with(word) && may_start_at(text, at))
    }

    fn score(words: &[String], text: &SearchText) -> Option<u32> {
        words
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

    /// Every match of `query` in order (all pages), by filtering and sorting every listing.
    pub(crate) fn search(listings: &[Listing], query: &SearchQuery) -> Vec<ProductSummary> {
        let words = words(query.keyword.as_deref());
        let mut hits: Vec<(u32, &Listing)> = listings
            .iter()
            .filter(|l| {
                query
                    .category
                    .is_none_or(|id| l.product.category_path.iter().any(|c| c.id == id))
            })
            .filter(|l| in_price_range(l.summary.price, query))
            .filter(|l| query.buyer_filters_allow(&l.summary))
            .filter_map(|l| {
                let score = match &words {
                    Some(words) => score(words, &l.text)?,
                    None => 0,
                };
                Some((score, l))
            })
            .collect();
        hits.sort_unstable_by(|(score_a, a), (score_b, b)| {
            let (x, y) = (&a.summary, &b.summary);
            let order = match query.sort {
                Sort::Relevance => score_b.cmp(score_a).then_with(|| best_selling_first(x, y)),
                Sort::PriceAsc => x.price.cmp(&y.price),
                Sort::PriceDesc => y.price.cmp(&x.price),
                Sort::Sales => best_selling_first(x, y),
            };
            order.then(x.id.cmp(&y.id))
        });
        hits.into_iter().map(|(_, l)| l.summary.clone()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::reference::contains_word;

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
