//! A deterministic sample catalog (placeholder until the full catalog lands).

use std::sync::Arc;

use async_trait::async_trait;

use super::{Check, DataSource, Provider, ProviderError};
use crate::catalog::{Category, CategoryId, Page, Product, ProductId, ProductSummary, SearchQuery};

#[derive(Debug, Default)]
pub struct MockCatalog {
    categories: Arc<Vec<Category>>,
    products: Vec<Product>,
}

impl MockCatalog {
    pub fn new() -> Self {
        MockCatalog::default()
    }

    pub fn placeholder_svg(&self, _id: ProductId, _n: usize) -> Option<String> {
        None
    }
}

#[async_trait]
impl Provider for MockCatalog {
    fn source(&self) -> DataSource {
        DataSource::Mock
    }

    async fn search(&self, query: &SearchQuery) -> Result<Page<ProductSummary>, ProviderError> {
        Ok(Page {
            items: vec![],
            total: self.products.len() as u64,
            page: query.page,
            page_size: query.page_size,
        })
    }

    async fn product(&self, id: ProductId) -> Result<Product, ProviderError> {
        self.products
            .iter()
            .find(|p| p.id == id)
            .cloned()
            .ok_or(ProviderError::NotFound)
    }

    async fn categories(&self) -> Result<Arc<Vec<Category>>, ProviderError> {
        Ok(self.categories.clone())
    }

    async fn category(&self, id: CategoryId) -> Result<Category, ProviderError> {
        Category::find_path(&self.categories, id)
            .and_then(|path| path.last().map(|c| (*c).clone()))
            .ok_or(ProviderError::NotFound)
    }

    async fn status(&self) -> Vec<Check> {
        vec![]
    }
}
