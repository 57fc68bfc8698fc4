//! `GET /`: search box, category grid, featured products.

use std::sync::Arc;

use askama::Template;
use axum::extract::State;
use axum::response::Response;

use crate::AppState;
use crate::catalog::{Category, ProductSummary, SearchQuery, Sort};
use crate::error::AppError;
use crate::routes::{Layout, render};

/// Searches offered to a visitor who does not know where to start.
pub const POPULAR_SEARCHES: [&str; 8] = [
    "phone case",
    "手机",
    "LED",
    "backpack",
    "连衣裙",
    "kitchen",
    "dog toy",
    "数据线",
];

#[derive(Template)]
#[template(path = "home.html")]
pub struct HomePage {
    layout: Layout,
    categories: Arc<Vec<Category>>,
    featured: Vec<ProductSummary>,
    popular: &'static [&'static str],
}

pub async fn page(State(state): State<AppState>) -> Result<Response, AppError> {
    let featured_query = SearchQuery {
        sort: Sort::Sales,
        page_size: 12,
        ..SearchQuery::default()
    };
    let (categories, featured) = tokio::join!(
        state.provider.categories(),
        state.provider.search(&featured_query)
    );
    Ok(render(&HomePage {
        layout: Layout::new(&state, "Wholesale products from 1688"),
        categories: categories?,
        featured: featured?.items,
        popular: &POPULAR_SEARCHES,
    }))
}
