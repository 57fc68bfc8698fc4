//! OAuth: `GET /auth/1688` sends the owner to 1688; `GET /api/callback` brings the token back.

use axum::extract::{Query, State};
use axum::response::Redirect;
use serde::Deserialize;

use crate::AppState;
use crate::error::AppError;
use crate::oauth::OAuthError;

pub async fn start(State(state): State<AppState>) -> Result<Redirect, AppError> {
    let oauth = state.oauth.as_ref().ok_or(OAuthError::NotConfigured)?;
    Ok(Redirect::to(&oauth.authorize_url()))
}

#[derive(Deserialize)]
pub struct Callback {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
}

pub async fn callback(
    State(state): State<AppState>,
    query: Result<Query<Callback>, axum::extract::rejection::QueryRejection>,
) -> Result<Redirect, AppError> {
    let oauth = state.oauth.as_ref().ok_or(OAuthError::NotConfigured)?;
    let Query(callback) = query.map_err(|_| OAuthError::MissingParameter("state"))?;
    oauth
        .callback(
            callback.code.as_deref(),
            callback.state.as_deref(),
            callback.error.as_deref(),
        )
        .await?;
    Ok(Redirect::to("/api-status"))
}
