//! The mock provider: a deterministic sample catalog, used when no 1688 credentials are configured.
//!
//! [`MockCatalog::new`] generates a few hundred realistic-looking products in a three-level
//! category tree from hand-written tables (`data`, turned into products by `generate`). The data
//! is the same on every run and platform, and everything a request needs is computed once at
//! construction (sort orders, category sets, a keyword index: see `search`), so answering walks
//! precomputed rows instead of filtering and sorting the catalog. Product images point at
//! `/img/mock/{id}/{n}.svg`, which the catalog draws itself ([`Provider::own_image`]).

mod data;
mod generate;
mod search;
mod similar;
mod svg;
#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::sync::Arc;

use async_trait::async_trait;

use super::{
    BuyerFilters, Capabilities, Check, DataSource, Fetched, ImageSearchSupport, Need, OwnImage,
    Provider, ProviderError, ProviderName,
};
use crate::catalog::{
    Category, CategoryId, ImageKey, ImageMatch, ImageQuery, Page, Product, ProductId,
    ProductSummary, SearchImage, SearchQuery, Sort,
};
use search::{SearchIndex, SearchText};
use svg::Art;

/// One product with what listings and images need, computed once.
#[derive(Debug)]
struct Listing {
    product: Product,
    summary: ProductSummary,
    text: SearchText,
    art: Art,
}

#[derive(Debug)]
pub struct MockCatalog {
    categories: Arc<Vec<Category>>,
    /// Every category by id, with its subtree.
    category_index: HashMap<CategoryId, Category>,
    listings: Vec<Listing>,
    /// Position in `listings` by product id.
    by_id: HashMap<ProductId, usize>,
    /// Sort orders, category sets and the keyword index over `listings`.
    index: SearchIndex,
    /// Signatures of the main images, for image search (computed once, when first needed).
    similar: Arc<similar::Index>,
    /// Signatures of searched photos by key: paging and sorting do not decode the photo again.
    searched: moka::sync::Cache<ImageKey, Arc<similar::Signature>>,
}

/// The sample catalog's three-level category tree (Chinese and English names, numeric ids shaped
/// like 1688's), without the products: what a source without a category API browses with.
pub fn category_tree() -> Vec<Category> {
    generate::category_tree().0
}
/// Signatures of searched photos kept at most (under 3 KB each).
const SEARCHED_SIGNATURES: u64 = 2_000;

/// An image search considers this many of the most alike products; the filters and the sort
/// apply to them (1688's image search, too, answers a bounded list).
pub const MAX_IMAGE_MATCHES: usize = 60;

impl MockCatalog {
    /// Generates the sample catalog (a few milliseconds).
    pub fn new() -> MockCatalog {
        let generated = generate::generate();
        let mut category_index = HashMap::new();
        index_categories(&generated.categories, &mut category_index);
        let listings: Vec<Listing> = generated
            .products
            .into_iter()
            .map(|g| Listing {
                summary: g.product.summary(),
                text: SearchText::new(&g.product),
                product: g.product,
                art: g.art,
            })
            .collect();
        let by_id = listings
            .iter()
            .enumerate()
            .map(|(position, listing)| (listing.product.id, position))
            .collect();
        let arts = listings.iter().map(|listing| listing.art).collect();
        MockCatalog {
            categories: Arc::new(generated.categories),
            category_index,
            similar: Arc::new(similar::Index::new(arts)),
            searched: moka::sync::Cache::new(SEARCHED_SIGNATURES),
            index: SearchIndex::new(&listings),
            listings,
            by_id,
        }
    }

    /// Image `n` (from 1) of product `id` as a small self-contained SVG document, or `None` when
    /// the product has no such image. Served at the URLs of [`Product::images`].
    pub fn placeholder_svg(&self, id: ProductId, n: usize) -> Option<String> {
        let listing = self.listing(id)?;
        (1..=listing.product.images.len())
            .contains(&n)
            .then(|| svg::render(&listing.art, n))
    }

    fn find(&self, query: &SearchQuery) -> Result<Page<ProductSummary>, ProviderError> {
        let unknown_category = query
            .category
            .is_some_and(|id| !self.category_index.contains_key(&id));
        if unknown_category {
            return Err(ProviderError::NotFound);
        }
        Ok(search::search(&self.listings, &self.index, query))
    }

    /// The products most alike `jpeg` (a normalized photo), filtered, sorted and paged as
    /// `filters` say.
    async fn find_alike(
        &self,
        key: &ImageKey,
        jpeg: Arc<[u8]>,
        filters: &SearchQuery,
    ) -> Result<Page<ImageMatch>, ProviderError> {
        let signatures = self.similar.signatures().await;
        let upload = match self.searched.get(key) {
            Some(signature) => signature,
            None => {
                let signature = tokio::task::spawn_blocking(move || {
                    crate::photos::decode_rgb(&jpeg).map(|image| similar::Signature::of(&image))
                })
                .await
                .ok()
                .and_then(Result::ok)
                .map(Arc::new)
                .ok_or_else(|| ProviderError::BadRequest("the photo cannot be read".into()))?;
                self.searched.insert(key.clone(), Arc::clone(&signature));
                signature
            }
        };
        let mut ranked: Vec<(usize, f32)> = signatures
            .iter()
            .map(|signature| upload.distance(signature))
            .enumerate()
            .collect();
        ranked.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
        ranked.truncate(MAX_IMAGE_MATCHES);
        let mut matches: Vec<ImageMatch> = ranked
            .into_iter()
            .filter_map(|(position, distance)| {
                let listing = self.listings.get(position)?;
                search::in_price_range(listing.summary.price, filters).then(|| ImageMatch {
                    product: listing.summary.clone(),
                    supplier: Some(listing.product.supplier.name.clone()),
                    similarity: Some(similar::likeness(distance)),
                })
            })
            .collect();
        // Stable: equal prices and sales keep the most alike first.
        match filters.sort {
            Sort::Relevance => {}
            Sort::PriceAsc => matches.sort_by_key(|m| m.product.price),
            Sort::PriceDesc => matches.sort_by_key(|m| std::cmp::Reverse(m.product.price)),
            Sort::Sales => matches.sort_by_key(|m| std::cmp::Reverse(m.product.monthly_sales)),
        }
        let total = matches.len() as u64;
        let items = matches
            .into_iter()
            .skip(filters.offset())
            .take(filters.page_size as usize)
            .collect();
        Ok(Page {
            items,
            total,
            page: filters.page,
            page_size: filters.page_size,
        })
    }

    fn listing(&self, id: ProductId) -> Option<&Listing> {
        self.by_id
            .get(&id)
            .and_then(|&position| self.listings.get(position))
    }

    fn status_detail(&self) -> String {
        format!(
            "Sample catalog: {} products in {} categories (no 1688 call made)",
            self.listings.len(),
            self.categories.len()
        )
    }
}

impl Default for MockCatalog {
    fn default() -> Self {
        MockCatalog::new()
    }
}

fn index_categories(tree: &[Category], index: &mut HashMap<CategoryId, Category>) {
    for node in tree {
        index.insert(node.id, node.clone());
        index_categories(&node.children, index);
    }
}

#[async_trait]
impl Provider for MockCatalog {
    fn source(&self) -> DataSource {
        DataSource::Mock
    }

    fn name(&self) -> ProviderName {
        ProviderName::Mock
    }

    fn capabilities(&self) -> Capabilities {
        Capabilities {
            browse_without_keyword: true,
            buyer_filters: BuyerFilters::ALL,
            image_search: ImageSearchSupport::Photos,
        }
    }

    async fn image_search(
        &self,
        query: &ImageQuery,
        _: Need,
    ) -> Result<Fetched<Page<ImageMatch>>, ProviderError> {
        match &query.image {
            SearchImage::Photo { key, jpeg } => self
                .find_alike(key, Arc::clone(jpeg), &query.filters)
                .await
                .map(Fetched::fresh),
            SearchImage::Address { .. } => Err(ProviderError::BadRequest(
                "the sample catalog matches uploaded photos only".into(),
            )),
        }
    }

    fn warm_up(&self) {
        let similar = Arc::clone(&self.similar);
        tokio::spawn(async move {
            similar.signatures().await;
        });
    }

    async fn search(
        &self,
        query: &SearchQuery,
        _: Need,
    ) -> Result<Fetched<Page<ProductSummary>>, ProviderError> {
        self.find(query).map(Fetched::fresh)
    }

    async fn product(&self, id: ProductId, _: Need) -> Result<Fetched<Product>, ProviderError> {
        self.listing(id)
            .map(|listing| Fetched::fresh(listing.product.clone()))
            .ok_or(ProviderError::NotFound)
    }

    async fn categories(&self, _: Need) -> Result<Fetched<Arc<Vec<Category>>>, ProviderError> {
        Ok(Fetched::fresh(Arc::clone(&self.categories)))
    }

    async fn category(&self, id: CategoryId, _: Need) -> Result<Fetched<Category>, ProviderError> {
        self.category_index
            .get(&id)
            .cloned()
            .map(Fetched::fresh)
            .ok_or(ProviderError::NotFound)
    }

    fn own_image(&self, id: ProductId, n: usize) -> Option<OwnImage> {
        self.placeholder_svg(id, n).map(|body| OwnImage {
            content_type: "image/svg+xml",
            body,
        })
    }

    async fn status(&self) -> Vec<Check> {
        vec![Check {
            name: "Mock catalog".to_owned(),
            ok: true,
            latency_ms: None,
            detail: self.status_detail(),
            error: None,
        }]
    }
}
