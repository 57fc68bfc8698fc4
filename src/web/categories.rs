//! `GET /categories`: the whole category tree.

use std::sync::Arc;

use askama::Template;
use axum::extract::State;
use axum::response::Response;

use crate::AppState;
use crate::catalog::Category;
use crate::provider::Need;
use crate::web::crawlers::Visitor;
use crate::web::error::AppError;
use crate::web::layout::{Layout, render_page};

#[derive(Template)]
#[template(path = "categories.html")]
pub struct CategoriesPage {
    layout: Layout,
    categories: Arc<Vec<Category>>,
}

pub async fn page(State(state): State<AppState>, visitor: Visitor) -> Result<Response, AppError> {
    let fetched = state
        .provider
        .categories(visitor.need(Need::Required))
        .await?;
    let tree = fetched.value;
    let names: Vec<&str> = tree.iter().take(6).map(|c| c.display_name()).collect();
    let description = format!(
        "Browse {} wholesale categories of 1688.com in English: {}, and more. Tiered factory prices, minimum orders and suppliers.",
        tree.len(),
        names.join(", ")
    );
    let mut layout = Layout::new(&state, "All categories")
        .with_stale(fetched.stale)
        .describe(&description)
        .canonical("/categories");
    if tree.is_empty() {
        layout = layout.noindex();
    }
    let page = CategoriesPage {
        layout,
        categories: tree,
    };
    Ok(render_page(&page, !page.layout.is_stale()))
}
