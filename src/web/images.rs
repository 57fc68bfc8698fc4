//! `GET /img/mock/{id}/{n}.svg`: images a source draws itself (the mock catalog's placeholders);
//! `{n}.png`: the same drawing as a PNG, for link previews (chat apps show no SVG).

use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

use crate::AppState;
use crate::catalog::ProductId;
use crate::web::error::AppError;

pub async fn own(
    State(state): State<AppState>,
    Path((id, file)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let not_found = || AppError::NotFound("image");
    let id: ProductId = id.parse().map_err(|_| not_found())?;
    if let Some(n) = file.strip_suffix(".png").and_then(|n| n.parse().ok()) {
        let png = state.provider.own_image_png(id, n).ok_or_else(not_found)?;
        return Ok((
            [
                (header::CONTENT_TYPE, HeaderValue::from_static("image/png")),
                (
                    header::CACHE_CONTROL,
                    HeaderValue::from_static("public, max-age=86400"),
                ),
            ],
            axum::body::Bytes::from(png.as_ref().clone()),
        )
            .into_response());
    }
    let n: usize = file
        .strip_suffix(".svg")
        .and_then(|n| n.parse().ok())
        .ok_or_else(not_found)?;
    let image = state.provider.own_image(id, n).ok_or_else(not_found)?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static(image.content_type),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=86400"),
            ),
        ],
        image.body,
    )
        .into_response())
}
