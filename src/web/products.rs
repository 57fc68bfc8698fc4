//! Product listing (`/products`), search (`/search`) and the product page (`/products/{id}`).

use std::sync::Arc;

use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::response::{IntoResponse, Redirect, Response};

use crate::AppState;
use crate::catalog::{
    Attribute, Category, CategoryId, CategoryRef, Description, Page, Product, ProductId,
    ProductSummary, SearchQuery, Sort,
};
use crate::format::{Thousands, quantity, thousands};
use crate::provider::BuyerFilters;
use crate::provider::{Need, ProviderError};
use crate::web::crawlers::Visitor;
use crate::web::error::AppError;
use crate::web::home::Shelf;
use crate::web::layout::{Block, Layout, Yuan, oldest_stale, render_page};
use crate::web::params::{
    ListingLinks, check_buyer_filters, keyword_in_search, offer_id_in, offer_in_search,
    parse_search,
};
use crate::web::seo::{self, OpenGraph};

/// How many related products the product page shows.
const RELATED: usize = 8;

pub async fn list(
    State(state): State<AppState>,
    visitor: Visitor,
    RawQuery(raw): RawQuery,
) -> Result<Response, AppError> {
    let query = parse_search(raw.as_deref())?;
    listing(&state, query, "/products", visitor).await
}

pub async fn search(
    State(state): State<AppState>,
    visitor: Visitor,
    RawQuery(raw): RawQuery,
) -> Result<Response, AppError> {
    // A pasted link may be longer than a keyword is allowed to be.
    if let Some(id) = offer_in_search(raw.as_deref()) {
        return Ok(Redirect::to(&format!("/products/{id}")).into_response());
    }
    // A 1688 search page: the same search here.
    if let Some(keyword) = keyword_in_search(raw.as_deref()) {
        let q: String = form_urlencoded::byte_serialize(keyword.as_bytes()).collect();
        return Ok(Redirect::to(&format!("/search?q={q}")).into_response());
    }
    let query = parse_search(raw.as_deref())?;
    if let Some(id) = query.keyword.as_deref().and_then(offer_id_in) {
        return Ok(Redirect::to(&format!("/products/{id}")).into_response());
    }
    listing(&state, query, "/search", visitor).await
}

async fn listing(
    state: &AppState,
    query: SearchQuery,
    path: &'static str,
    visitor: Visitor,
) -> Result<Response, AppError> {
    let capabilities = state.provider.capabilities();
    check_buyer_filters(&query, capabilities.buyer_filters)?;
    let browsable = query.keyword.is_some() || query.category.is_some();
    if !browsable && !capabilities.browse_without_keyword {
        return Ok(start_page(state, path, visitor).await);
    }
    // The results first: they are the page, and an optional block never takes their call slot.
    let results = state
        .provider
        .search(&query, visitor.need(Need::Required))
        .await
        .map_err(AppError::lookup("category"))?;
    // The tree only fills the category filter and the breadcrumb: the listing does without it.
    let tree = state
        .provider
        .categories(visitor.need(Need::Optional))
        .await;
    let complete = tree.is_ok();
    let (tree, tree_stale) = match tree {
        Ok(fetched) => (fetched.value, fetched.stale),
        Err(_) => (Arc::default(), None),
    };
    let mut stale = oldest_stale([results.stale, tree_stale]);
    let saved_offers = results.saved_offers;
    let results = results.value;
    let (category_path, subcategories) = match query.category {
        None => (Vec::new(), tree.iter().map(Category::as_ref).collect()),
        Some(id) => {
            let node = state
                .provider
                .category(id, visitor.need(Need::Required))
                .await
                .map_err(AppError::lookup("category"))?;
            stale = oldest_stale([stale, node.stale]);
            let node = node.value;
            let children = node.children.iter().map(Category::as_ref).collect();
            (ancestors_and_self(&tree, node), children)
        }
    };
    let heading = match (&query.keyword, category_path.last()) {
        (Some(q), _) => format!("Results for “{q}”"),
        (None, Some(category)) => category
            .name_en
            .clone()
            .unwrap_or_else(|| category.name.clone()),
        (None, None) if path == "/search" => "Search 1688 products".to_string(),
        (None, None) => "All products".to_string(),
    };
    let category_options = category_options(&tree, query.category);
    let links = ListingLinks::new(path, &query);
    let layout = listing_layout(
        Layout::new(state, &listing_title(&heading, query.page))
            .with_search(query.keyword.as_deref())
            .with_stale(stale),
        path,
        &query,
        &results,
        &category_path,
        saved_offers.is_some(),
    );
    let page = ListingPage {
        layout,
        path,
        heading,
        pagination: pagination(&query, &results, &links),
        links,
        category_path,
        subcategories,
        category_options,
        results,
        query,
        popular: state.config.featured_keywords.clone(),
        saved_offers,
        buyer_filters: capabilities.buyer_filters,
    };
    let keep = complete && !page.layout.is_stale() && saved_offers.is_none();
    Ok(render_page(&page, keep))
}

/// A listing's title: its heading, and its page number past the first.
fn listing_title(heading: &str, page: u32) -> String {
    if page > 1 {
        format!("{heading} — page {page}")
    } else {
        heading.to_string()
    }
}

/// A listing's head: what it lists, its canonical address (keyword or category, and page), a
/// breadcrumb for a category; empty results and saved-offer answers are not indexed.
fn listing_layout(
    layout: Layout,
    path: &str,
    query: &SearchQuery,
    results: &Page<ProductSummary>,
    category_path: &[CategoryRef],
    from_saved_offers: bool,
) -> Layout {
    let total = thousands(results.total);
    let (offers, products) = if layout.is_live() {
        ("wholesale offers on 1688", "wholesale products from 1688")
    } else {
        ("sample offers", "sample products")
    };
    let what = match (&query.keyword, category_path.last()) {
        (Some(keyword), _) => format!("{total} {offers} for “{keyword}”"),
        (None, Some(category)) => {
            let name = match &category.name_en {
                Some(en) if *en != category.name => format!("{en} ({})", category.name),
                _ => category.name.clone(),
            };
            format!("{name}: {total} {offers}")
        }
        (None, None) => format!("{total} {products}"),
    };
    let page = if query.page > 1 {
        format!(" Page {} of {}.", query.page, results.total_pages())
    } else {
        String::new()
    };
    let mut layout = layout
        .describe(&format!(
            "{what}, with tiered prices in CNY, minimum orders and supplier details.{page}"
        ))
        .canonical(&seo::listing_canonical(path, query));
    if results.items.is_empty() || from_saved_offers {
        layout = layout.noindex();
    }
    if query.keyword.is_none() && !category_path.is_empty() {
        let breadcrumb = seo::breadcrumb_json_ld(&layout.site, category_path, None);
        layout = layout.with_json_ld(&breadcrumb);
    }
    layout
}

/// Where a search without keyword and category lands when the source cannot list everything:
/// the categories, the popular searches and the first shelf — never an error.
async fn start_page(state: &AppState, path: &str, visitor: Visitor) -> Response {
    let keywords = &state.config.featured_keywords;
    let (categories, shelf) = tokio::join!(
        state.provider.categories(visitor.need(Need::Optional)),
        Shelf::load(state, &keywords[0], visitor)
    );
    let stale = oldest_stale([
        shelf.stale,
        categories.as_ref().ok().and_then(|fetched| fetched.stale),
    ]);
    let page = StartPage {
        layout: Layout::new(state, "Find products")
            .with_stale(stale)
            .describe("Find wholesale products on 1688.com: search in English or Chinese, paste a 1688 link, or browse the categories.")
            .canonical(path),
        categories: Block::new(categories, "The category list", state.provider.name()),
        shelf,
        popular: keywords.clone(),
    };
    let complete = page.categories.is_shown() && page.shelf.products.is_shown();
    render_page(&page, complete && !page.layout.is_stale())
}

#[derive(Template)]
#[template(path = "start.html")]
pub struct StartPage {
    layout: Layout,
    categories: Block<Arc<Vec<Category>>>,
    shelf: Shelf,
    popular: Vec<String>,
}

/// The breadcrumb to `node`: its ancestors as far as the known tree tells (live mode knows only
/// the top level), then the node itself.
fn ancestors_and_self(tree: &[Category], node: Category) -> Vec<CategoryRef> {
    let mut path: Vec<CategoryRef> = Category::find_path(tree, node.id)
        .map(|found| found.iter().map(|c| c.as_ref()).collect())
        .unwrap_or_default();
    path.pop();
    path.push(node.as_ref());
    path
}

/// One entry of the category filter: the top two levels, plus the selected category.
pub struct CategoryOption<'a> {
    pub id: CategoryId,
    /// How deep it is: "", "— " or "—— ".
    pub indent: &'static str,
    pub name: &'a str,
    pub selected: bool,
}

fn category_options<'a>(
    tree: &'a [Category],
    selected: Option<CategoryId>,
) -> Vec<CategoryOption<'a>> {
    let mut options = Vec::new();
    let mut selected_listed = false;
    for root in tree {
        let mut push = |c: &'a Category, indent| {
            let is_selected = selected == Some(c.id);
            selected_listed |= is_selected;
            options.push(CategoryOption {
                id: c.id,
                indent,
                name: c.display_name(),
                selected: is_selected,
            });
        };
        push(root, "");
        for child in &root.children {
            push(child, "— ");
        }
    }
    if let Some(id) = selected.filter(|_| !selected_listed)
        && let Some(path) = Category::find_path(tree, id)
        && let Some(leaf) = path.last()
    {
        options.push(CategoryOption {
            id,
            indent: "—— ",
            name: leaf.display_name(),
            selected: true,
        });
    }
    options
}

/// One link of the pagination bar; `number: None` is an ellipsis.
pub struct PageLink {
    pub number: Option<u32>,
    pub href: String,
    pub current: bool,
}

pub(crate) fn pagination<T>(
    query: &SearchQuery,
    results: &Page<T>,
    hrefs: &ListingLinks,
) -> Vec<PageLink> {
    let last = results.total_pages();
    if last <= 1 || query.page > last {
        return Vec::new();
    }
    let current = query.page;
    let mut links = Vec::new();
    let mut previous = 0;
    for n in 1..=last {
        let near = n.abs_diff(current) <= 2;
        if n == 1 || n == last || near {
            if n > previous + 1 {
                links.push(PageLink {
                    number: None,
                    href: String::new(),
                    current: false,
                });
            }
            links.push(PageLink {
                number: Some(n),
                href: hrefs.page(n),
                current: n == current,
            });
            previous = n;
        }
    }
    links
}

#[derive(Template)]
#[template(path = "listing.html")]
pub struct ListingPage<'a> {
    layout: Layout,
    /// `/products` or `/search`: where the filter form and pagination links go.
    path: &'static str,
    heading: String,
    query: SearchQuery,
    results: Page<ProductSummary>,
    category_path: Vec<CategoryRef>,
    subcategories: Vec<CategoryRef>,
    category_options: Vec<CategoryOption<'a>>,
    pagination: Vec<PageLink>,
    links: ListingLinks<'a>,
    popular: Vec<String>,
    /// Set when the results come from the offers saved on this store (no call can be made
    /// today): how many it holds.
    saved_offers: Option<u64>,
    /// The buyer filters this source can apply: the form offers only these.
    buyer_filters: BuyerFilters,
}

impl ListingPage<'_> {
    /// e.g. "1,234".
    fn saved_offers_text(&self) -> Option<String> {
        self.saved_offers.map(thousands)
    }

    fn href(&self, page: u32) -> String {
        self.links.page(page)
    }

    fn prev_href(&self) -> Option<String> {
        (self.query.page > 1 && self.query.page <= self.results.total_pages())
            .then(|| self.href(self.query.page - 1))
    }

    fn next_href(&self) -> Option<String> {
        self.results
            .has_next()
            .then(|| self.href(self.query.page + 1))
    }

    /// e.g. "Showing 21–40 of 1,234 products".
    fn range_text(&self) -> String {
        let first = self.query.offset() as u64 + 1;
        let last = self.query.offset() as u64 + self.results.items.len() as u64;
        let total = self.results.total;
        if total == 1 {
            "1 product".to_string()
        } else if first == last {
            format!(
                "Showing {} of {} products",
                Thousands(first),
                Thousands(total)
            )
        } else {
            format!(
                "Showing {}–{} of {} products",
                Thousands(first),
                Thousands(last),
                Thousands(total)
            )
        }
    }

    fn category_href(&self, id: &CategoryId) -> String {
        self.links.category(*id)
    }

    fn min_price_value(&self) -> String {
        self.query
            .min_price
            .map(|p| p.to_string())
            .unwrap_or_default()
    }

    fn max_price_value(&self) -> String {
        self.query
            .max_price
            .map(|p| p.to_string())
            .unwrap_or_default()
    }

    fn sorts(&self) -> [Sort; 4] {
        Sort::ALL
    }

    fn has_filters(&self) -> bool {
        self.query.category.is_some()
            || self.query.min_price.is_some()
            || self.query.max_price.is_some()
            || self.query.has_buyer_filters()
    }

    /// `24`, `48` or "" for the "Ships within" choice.
    fn ships_within_value(&self) -> u32 {
        self.query.ships_within.map_or(0, |w| w.hours())
    }

    fn min_monthly_sales_value(&self) -> String {
        self.query
            .min_monthly_sales
            .map(|n| n.to_string())
            .unwrap_or_default()
    }

    fn max_moq_value(&self) -> String {
        self.query
            .max_moq
            .map(|n| n.to_string())
            .unwrap_or_default()
    }

    fn is_default_page_size(&self) -> bool {
        self.query.page_size == crate::catalog::DEFAULT_PAGE_SIZE
    }
}

pub async fn detail(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(raw): Path<String>,
) -> Result<Response, AppError> {
    let id: ProductId = raw.parse().map_err(|_| AppError::NotFound("product"))?;
    if id.to_string() != raw {
        // `/products/00610947572360`: one page, one address.
        return Ok(Redirect::permanent(&format!("/products/{id}")).into_response());
    }
    let fetched = match state
        .provider
        .product(id, visitor.need(Need::Required))
        .await
    {
        Ok(fetched) => fetched,
        Err(error) => return offer_preview(&state, id, error).await,
    };
    let mut product = fetched.value;
    // A source's detail may say less about the seller than its search listing did (1688's
    // does): fill in what the listing of this offer said, kept without a call.
    if let Some(listed) = state.provider.saved_offer(id).await {
        product.signals.fill_from(&listed.signals);
    }
    let (related, related_stale) = related(&state, &product, visitor).await;
    let page = ProductPage {
        layout: product_layout(&state, &product)
            .with_stale(oldest_stale([fetched.stale, related_stale])),
        product,
        related,
    };
    let keep = page.related.is_shown() && !page.layout.is_stale();
    Ok(render_page(&page, keep))
}

/// A product page's head: its name, price range, minimum order and supplier; a link preview
/// with its main image; `Product` and `BreadcrumbList` structured data.
fn product_layout(state: &AppState, product: &Product) -> Layout {
    let name = seo::product_name(product);
    let offer_noun = state.provider.name().offer_noun();
    let description = seo::product_description(product, offer_noun);
    let path = format!("/products/{}", product.id);
    // Offers often share a name: the offer id makes the title the page's own.
    let layout = Layout::new(state, &format!("{name} — {offer_noun} {}", product.id))
        .describe(&description)
        .canonical(&path);
    let url = layout.absolute(&path);
    let images: Vec<String> = product
        .images
        .iter()
        .filter_map(|image| seo::preview_image(&layout.site, image))
        .collect();
    let open_graph = OpenGraph {
        kind: "product",
        title: name.to_string(),
        description: description.clone(),
        url: url.clone(),
        image: images.first().cloned(),
        labels: vec![
            ("Price".into(), seo::price_range_text(product)),
            (
                "Minimum order".into(),
                quantity(product.min_order, &product.unit).to_string(),
            ),
        ],
    };
    let structured = seo::product_json_ld(product, &url, &images);
    let breadcrumb =
        seo::breadcrumb_json_ld(&layout.site, &product.category_path, Some((name, &url)));
    layout
        .with_open_graph(open_graph)
        .with_json_ld(&structured)
        .with_json_ld(&breadcrumb)
}

/// When an offer's details cannot be fetched right now (no call slot, or none left today), what a
/// search showed of it, with a notice; otherwise the error page.
async fn offer_preview(
    state: &AppState,
    id: ProductId,
    error: ProviderError,
) -> Result<Response, AppError> {
    let reload_after = match &error {
        ProviderError::Queued { ready_in, .. } => Some(ready_in.as_secs().max(1)),
        ProviderError::QuotaExhausted => None,
        _ => return Err(AppError::lookup("product")(error)),
    };
    let Some(offer) = state.provider.saved_offer(id).await else {
        return Err(AppError::Upstream(error));
    };
    let title = offer
        .title_en
        .clone()
        .unwrap_or_else(|| offer.title.clone());
    let page = OfferPreviewPage {
        // A stand-in for the product page while its details are on their way: not indexed.
        layout: Layout::new(state, &title)
            .describe(&format!(
                "1688 offer {id}: {title}. Details are being fetched."
            ))
            .canonical(&format!("/products/{id}"))
            .noindex(),
        offer,
        reload_after,
    };
    Ok(render_page(&page, false))
}

/// An offer as a search showed it, while its details are on their way.
#[derive(Template)]
#[template(path = "offer_preview.html")]
pub struct OfferPreviewPage {
    layout: Layout,
    offer: ProductSummary,
    /// Seconds until the details are likely fetched (the page reloads itself then); `None` when
    /// no call is left today.
    reload_after: Option<u64>,
}

/// Best sellers of the same category, if they can be had without waiting for a call slot; and
/// their age when stale.
async fn related(
    state: &AppState,
    product: &Product,
    visitor: Visitor,
) -> (Block<Vec<ProductSummary>>, Option<std::time::Duration>) {
    let Some(category) = product.category_id() else {
        return (Block::Shown(Vec::new()), None);
    };
    let query = SearchQuery {
        category: Some(category),
        sort: Sort::Sales,
        page_size: RELATED as u32 + 1,
        ..SearchQuery::default()
    };
    let answer = state
        .provider
        .search(&query, visitor.need(Need::Optional))
        .await
        .map(|fetched| {
            fetched.map(|page| {
                page.items
                    .into_iter()
                    .filter(|p| p.id != product.id)
                    .take(RELATED)
                    .collect()
            })
        });
    let stale = answer.as_ref().ok().and_then(|fetched| fetched.stale);
    (
        Block::new(
            answer,
            "More products from this category",
            state.provider.name(),
        ),
        stale,
    )
}

#[derive(Template)]
#[template(path = "product.html")]
pub struct ProductPage {
    layout: Layout,
    product: Product,
    related: Block<Vec<ProductSummary>>,
}

impl ProductPage {
    /// e.g. "2–99", "100–999", "≥ 1,000".
    fn quantity_range(&self, min: &u32, max: &Option<u32>) -> String {
        let (min, max) = (*min, *max);
        match max {
            Some(max) if max > min => {
                format!("{}–{}", thousands(min as u64), thousands(max as u64))
            }
            Some(_) => thousands(min as u64),
            None => format!("≥ {}", thousands(min as u64)),
        }
    }

    /// Column headings of the variants table, from the first SKU's attributes.
    fn variant_columns(&self) -> Vec<String> {
        self.product
            .skus
            .first()
            .map(|sku| sku.attributes.iter().map(attribute_name).collect())
            .unwrap_or_default()
    }

    /// A variant as the quote form offers it, e.g. "Color: Red (红色) — ¥3.50".
    fn sku_label(&self, sku: &crate::catalog::Sku) -> String {
        let attributes = sku
            .attributes
            .iter()
            .map(|a| format!("{}: {}", attribute_name(a), attribute_value(a)))
            .collect::<Vec<_>>()
            .join(", ");
        let name = if attributes.is_empty() {
            sku.id.clone()
        } else {
            attributes
        };
        match (self.product.price_tiers.len(), sku.price) {
            // One tier: each variant has its own price.
            (0 | 1, Some(price)) => format!("{name} — {}", Yuan(price)),
            _ => name,
        }
    }

    /// e.g. "1,520 sold last month", or "12,342 sold" when only the total is known.
    fn sales_text(&self) -> Option<String> {
        match (self.product.monthly_sales, self.product.total_sales) {
            (Some(monthly), _) => Some(format!("{} sold last month", thousands(monthly as u64))),
            (None, Some(total)) => Some(format!("{} sold", thousands(total))),
            (None, None) => None,
        }
    }
}

fn attribute_name(a: &Attribute) -> String {
    match &a.name_en {
        Some(en) if *en != a.name => format!("{en} ({})", a.name),
        _ => a.name.clone(),
    }
}

/// Template helper: a value with its translation, e.g. "Red (红色)".
pub fn attribute_value(a: &Attribute) -> String {
    match &a.value_en {
        Some(en) if *en != a.value => format!("{en} ({})", a.value),
        _ => a.value.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page_of(total: u64) -> Page<ProductSummary> {
        Page {
            items: vec![],
            total,
            page: 1,
            page_size: 20,
        }
    }

    fn numbers(links: &[PageLink]) -> Vec<Option<u32>> {
        links.iter().map(|l| l.number).collect()
    }

    #[test]
    fn pagination_shows_first_last_and_neighbours() {
        let query = SearchQuery {
            page: 6,
            ..SearchQuery::default()
        };
        let links = pagination(
            &query,
            &page_of(300),
            &ListingLinks::new("/products", &query),
        );
        assert_eq!(
            numbers(&links),
            vec![
                Some(1),
                None,
                Some(4),
                Some(5),
                Some(6),
                Some(7),
                Some(8),
                None,
                Some(15)
            ]
        );
        assert!(links[4].current);
        assert_eq!(links[0].href, "/products");
        assert_eq!(links[8].href, "/products?page=15");
    }

    #[test]
    fn pagination_is_empty_for_one_page_or_past_the_end() {
        assert!(
            pagination(
                &SearchQuery::default(),
                &page_of(20),
                &ListingLinks::new("/products", &SearchQuery::default())
            )
            .is_empty()
        );
        let past = SearchQuery {
            page: 99,
            ..SearchQuery::default()
        };
        assert!(
            pagination(&past, &page_of(300), &ListingLinks::new("/products", &past)).is_empty()
        );
    }
}
