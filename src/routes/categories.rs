//! `GET /categories`: the whole category tree.

use std::sync::Arc;

use askama::Template;
use axum::extract::State;
use axum::response::Response;

use crate::AppState;
use crate::catalog::Category;
use crate::error::AppError;
use crate::provider::Need;
use crate::routes::{Layout, render};

#[derive(Template)]
#[template(path = "categories.html")]
pub struct CategoriesPage {
    layout: Layout,
    categories: Arc<Vec<Category>>,
}

pub async fn page(State(state): State<AppState>) -> Result<Response, AppError> {
    let categories = state.provider.categories(Need::Required).await?;
    Ok(render(&CategoriesPage {
        layout: Layout::new(&state, "All categories"),
        categories,
    }))
}
