//! `GET /categories`: the whole category tree.

use std::sync::Arc;

use askama::Template;
use axum::extract::State;
use axum::response::Response;

use crate::AppState;
use crate::catalog::Category;
use crate::provider::Need;
use crate::web::error::AppError;
use crate::web::layout::{Layout, render_page};

#[derive(Template)]
#[template(path = "categories.html")]
pub struct CategoriesPage {
    layout: Layout,
    categories: Arc<Vec<Category>>,
}

pub async fn page(State(state): State<AppState>) -> Result<Response, AppError> {
    let fetched = state.provider.categories(Need::Required).await?;
    let page = CategoriesPage {
        layout: Layout::new(&state, "All categories").with_stale(fetched.stale),
        categories: fetched.value,
    };
    Ok(render_page(&page, !page.layout.is_stale()))
}
