//! OAuth: `GET /auth/1688?admin=…` sends the store owner to 1688; `GET /api/callback` brings the
//! token back.
//!
//! Only the owner may connect the store: `/auth/1688` needs `STOREFRONT_ADMIN_TOKEN` (compared in
//! constant time) and answers 404 when none is configured. The callback accepts only a `state`
//! issued by such a start, so a visitor's own 1688 sign-in never becomes the store's token.

use axum::extract::{Query, RawQuery, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use secrecy::ExposeSecret;
use serde::Deserialize;
use subtle::ConstantTimeEq;

use crate::AppState;
use crate::provider::gateway::oauth::OAuthError;
use crate::web::error::AppError;

pub async fn start(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Response, AppError> {
    let Some(expected) = &state.config.admin_token else {
        return Err(AppError::NotFound("page"));
    };
    let given = form_urlencoded::parse(raw.unwrap_or_default().as_bytes())
        .find(|(key, _)| key == "admin")
        .map(|(_, value)| value.into_owned())
        .unwrap_or_default();
    let matches: bool = given
        .as_bytes()
        .ct_eq(expected.expose_secret().as_bytes())
        .into();
    if !matches {
        return Err(AppError::OwnerOnly);
    }
    let oauth = state.oauth.as_ref().ok_or(OAuthError::NotConfigured)?;
    let mut response = Redirect::to(&oauth.authorize_url()).into_response();
    // The address carried the owner token: it must not travel on as a referrer.
    response.headers_mut().insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    Ok(response)
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
