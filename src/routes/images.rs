//! `GET /img/mock/{id}/{n}.svg`: the mock catalog's generated placeholder images.

use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

use crate::AppState;
use crate::catalog::ProductId;
use crate::error::AppError;

pub async fn mock(
    State(state): State<AppState>,
    Path((id, file)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let not_found = || AppError::NotFound("image");
    let mock = state.mock.as_ref().ok_or_else(not_found)?;
    let id: ProductId = id.parse().map_err(|_| not_found())?;
    let n: usize = file
        .strip_suffix(".svg")
        .and_then(|n| n.parse().ok())
        .ok_or_else(not_found)?;
    let svg = mock.placeholder_svg(id, n).ok_or_else(not_found)?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("image/svg+xml"),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=86400"),
            ),
        ],
        svg,
    )
        .into_response())
}
