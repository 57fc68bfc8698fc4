//! JSON for integrations: the same data and parameters as the pages.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, RawQuery, State};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::AppState;
use crate::catalog::{Category, Product, ProductId, ProductSummary, SearchQuery};
use crate::diagnostics::StatusReport;
use crate::provider::{DataSource, Need};
use crate::web::error::AppError;
use crate::web::page_cache::DoNotKeep;
use crate::web::params::{ParamError, check_buyer_filters, parse_search};
use crate::web::status::wants_recheck;

#[derive(Serialize)]
pub struct ProductList {
    source: DataSource,
    /// Set when a saved answer stands in for a failing upstream: its age.
    stale_seconds: Option<u64>,
    /// Set when the results come from the offers saved on this store (no call can be made
    /// today): how many it holds.
    #[serde(skip_serializing_if = "Option::is_none")]
    saved_offers: Option<u64>,
    query: SearchQuery,
    total: u64,
    page: u32,
    page_size: u32,
    total_pages: u32,
    items: Vec<ProductSummary>,
}

pub async fn products(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Response, AppError> {
    let query = parse_search(raw.as_deref())?;
    check_buyer_filters(&query, state.provider.capabilities().buyer_filters)?;
    let browsable = query.keyword.is_some() || query.category.is_some();
    if !browsable && !state.provider.capabilities().browse_without_keyword {
        return Err(ParamError::new(
            "q",
            "is required unless a category is given: 1688 searches by keyword or by category",
        )
        .into());
    }
    let fetched = state
        .provider
        .search(&query, Need::Required)
        .await
        .map_err(AppError::lookup("category"))?;
    let page = fetched.value;
    let list = ProductList {
        source: state.provider.source(),
        stale_seconds: fetched.stale.map(|age| age.as_secs()),
        saved_offers: fetched.saved_offers,
        total: page.total,
        page: page.page,
        page_size: page.page_size,
        total_pages: page.total_pages(),
        items: page.items,
        query,
    };
    let keep = fetched.stale.is_none() && fetched.saved_offers.is_none();
    Ok(json(list, keep))
}

#[derive(Serialize)]
pub struct ProductDetail {
    source: DataSource,
    stale_seconds: Option<u64>,
    product: Product,
}

pub async fn product(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let id: ProductId = id.parse().map_err(|_| AppError::NotFound("product"))?;
    let fetched = state
        .provider
        .product(id, Need::Required)
        .await
        .map_err(AppError::lookup("product"))?;
    let detail = ProductDetail {
        source: state.provider.source(),
        stale_seconds: fetched.stale.map(|age| age.as_secs()),
        product: fetched.value,
    };
    Ok(json(detail, fetched.stale.is_none()))
}

#[derive(Serialize)]
pub struct CategoryTree {
    source: DataSource,
    stale_seconds: Option<u64>,
    #[serde(serialize_with = "serialize_tree")]
    categories: Arc<Vec<Category>>,
}

fn serialize_tree<S: serde::Serializer>(
    tree: &Arc<Vec<Category>>,
    s: S,
) -> Result<S::Ok, S::Error> {
    serde::Serialize::serialize(tree.as_slice(), s)
}

pub async fn categories(State(state): State<AppState>) -> Result<Response, AppError> {
    let fetched = state.provider.categories(Need::Required).await?;
    let tree = CategoryTree {
        source: state.provider.source(),
        stale_seconds: fetched.stale.map(|age| age.as_secs()),
        categories: fetched.value,
    };
    Ok(json(tree, fetched.stale.is_none()))
}

/// A JSON answer; one built from stale or saved data is not kept in the page cache.
fn json(body: impl Serialize, keep: bool) -> Response {
    let mut response = Json(body).into_response();
    if !keep {
        response.extensions_mut().insert(DoNotKeep);
    }
    response
}

pub async fn status(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Json<StatusReport> {
    Json(StatusReport::collect(&state, wants_recheck(raw.as_deref())).await)
}
