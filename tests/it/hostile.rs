//! Upstream data is untrusted: whatever a supplier or the gateway sends is shown as text.

use std::sync::Arc;

use async_trait::async_trait;
use storefront::catalog::*;
use storefront::photos::Photos;
use storefront::photos::store::KeptImage;
use storefront::provider::{
    Capabilities, Check, DataSource, Fetched, ImageSearchSupport, Need, Provider, ProviderError,
};

use crate::support::*;

const EVIL: &str = r#"<script>alert(1)</script><img src=x onerror=alert(2)>"'&"#;

/// A provider whose every text field carries markup.
struct HostileProvider;

fn evil(label: &str) -> String {
    format!("{label}{EVIL}")
}

fn tree() -> Vec<Category> {
    vec![Category {
        id: CategoryId(1),
        name: evil("cat"),
        name_en: Some(evil("cat-en")),
        children: vec![Category {
            id: CategoryId(2),
            name: evil("sub"),
            name_en: None,
            children: vec![],
        }],
    }]
}

fn product() -> Product {
    let attribute = Attribute {
        name: evil("name"),
        name_en: Some(evil("name-en")),
        value: evil("value"),
        value_en: Some(evil("value-en")),
    };
    Product {
        id: ProductId(610947572360),
        title: evil("title"),
        title_en: Some(evil("title-en")),
        images: vec![r#"javascript:alert(3)" onerror="alert(4)"#.into()],
        price_tiers: vec![PriceTier {
            min_quantity: 1,
            price: "1.00".parse().unwrap(),
        }],
        min_order: 1,
        unit: evil("unit"),
        skus: vec![Sku {
            id: evil("sku"),
            attributes: vec![attribute.clone()],
            price: None,
            stock: Some(1),
            image: None,
        }],
        specifications: vec![attribute],
        description: Some(Description::Html(SanitizedHtml::clean(EVIL))),
        category_path: vec![CategoryRef {
            id: CategoryId(2),
            name: evil("path"),
            name_en: None,
        }],
        monthly_sales: Some(1),
        total_sales: None,
        supplier: Supplier {
            name: evil("supplier"),
            name_en: Some(evil("supplier-en")),
            location: Some(evil("location")),
            years_on_1688: Some(1),
            rating: None,
            badges: vec![Badge::Verified],
        },
        signals: SupplierSignals {
            identities: vec![SellerIdentity::SuperFactory],
            trade_score: Some("4.5".parse().unwrap()),
            ..SupplierSignals::default()
        },
    }
}

#[async_trait]
impl Provider for HostileProvider {
    fn source(&self) -> DataSource {
        DataSource::Live
    }

    fn name(&self) -> storefront::provider::ProviderName {
        storefront::provider::ProviderName::Gateway
    }

    fn capabilities(&self) -> Capabilities {
        Capabilities {
            browse_without_keyword: true,
            image_search: ImageSearchSupport::PhotosAndAddresses,
            ..Capabilities::default()
        }
    }

    async fn image_search(
        &self,
        query: &ImageQuery,
        _: Need,
    ) -> Result<Fetched<Page<ImageMatch>>, ProviderError> {
        Ok(Fetched::fresh(Page {
            items: vec![ImageMatch {
                product: product().summary(),
                supplier: Some(evil("company")),
                similarity: None,
            }],
            total: 1,
            page: query.filters.page,
            page_size: query.filters.page_size,
        }))
    }

    async fn search(
        &self,
        query: &SearchQuery,
        _: Need,
    ) -> Result<Fetched<Page<ProductSummary>>, ProviderError> {
        Ok(Fetched::fresh(Page {
            items: vec![product().summary()],
            total: 1,
            page: query.page,
            page_size: query.page_size,
        }))
    }

    async fn product(&self, _id: ProductId, _: Need) -> Result<Fetched<Product>, ProviderError> {
        Ok(Fetched::fresh(product()))
    }

    async fn categories(&self, _: Need) -> Result<Fetched<Arc<Vec<Category>>>, ProviderError> {
        Ok(Fetched::fresh(Arc::new(tree())))
    }

    async fn category(&self, id: CategoryId, _: Need) -> Result<Fetched<Category>, ProviderError> {
        Category::find_path(&tree(), id)
            .and_then(|p| p.last().map(|c| Fetched::fresh((*c).clone())))
            .ok_or(ProviderError::NotFound)
    }

    async fn status(&self) -> Vec<Check> {
        vec![Check {
            name: evil("check"),
            ok: false,
            latency_ms: None,
            detail: evil("detail"),
            error: Some(ProviderError::BadRequest(evil("cause"))),
        }]
    }
}

#[tokio::test]
async fn markup_in_upstream_fields_is_escaped_on_every_page() {
    let mut state = mock_state();
    state.provider = Arc::new(HostileProvider);
    state.pages = Arc::new(storefront::web::page_cache::PageCache::new(None));
    // The status page shows this provider's checks, not the shared state's earlier probe.
    state.diagnostics = Arc::new(storefront::diagnostics::Diagnostics::from_config(
        &state.config,
    ));
    state.photos = Arc::new(Photos::in_memory(std::time::Duration::from_secs(60)));
    let jpeg: Arc<[u8]> = b"kept".to_vec().into();
    let key = ImageKey::for_photo(&jpeg);
    state.photos.store.keep(KeptImage {
        image: SearchImage::Photo {
            key: key.clone(),
            jpeg,
        },
        thumbnail: None,
    });
    let image_results = format!("/search/image/{key}");
    for uri in [
        image_results.as_str(),
        "/",
        "/products",
        "/products?category=1",
        "/products?category=2",
        "/search?q=x",
        "/products/610947572360",
        "/categories",
        "/api-status",
    ] {
        let response = get_with(state.clone(), uri, &[]).await;
        assert_eq!(response.status, 200, "{uri}");
        assert_eq!(response.count("script"), 0, "{uri}");
        assert!(!response.body.contains("<script"), "{uri}");
        assert!(!response.body.contains("<img src=x"), "{uri}");
        assert!(!response.body.contains("onerror=\"alert(4)"), "{uri}");
        let html = response.html();
        for element in html.select(&sel("*")) {
            for (name, _) in element.value().attrs() {
                assert!(
                    !name.starts_with("on"),
                    "{uri}: event handler attribute {name}"
                );
            }
        }
        let shown_as_text = response
            .texts("body")
            .iter()
            .any(|t| t.contains("<script>alert(1)</script>"));
        assert!(shown_as_text, "{uri} shows the markup as text");
    }
}
