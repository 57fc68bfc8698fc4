//! The OAuth token endpoint, `system.oauth2/getToken`: exchanges an authorization code (once) or
//! a refresh token for the configured access token.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::Shared;

/// The authorization code the stand-in accepts (once).
pub const OAUTH_CODE: &str = "stand-in-oauth-code";
/// The refresh token it hands out with the access token.
pub const REFRESH_TOKEN: &str = "stand-in-refresh-token";

/// `system.oauth2/getToken` (not signed): exchanges [`OAUTH_CODE`] once, or a refresh token, for
/// the configured access token; anything else gets the documented HTTP 400 error.
pub(super) async fn token(
    State(shared): State<Arc<Shared>>,
    Path(app_key): Path<String>,
    body: Bytes,
) -> Response {
    shared.count_call("system.oauth2:getToken-1");
    let form: HashMap<String, String> = form_urlencoded::parse(&body).into_owned().collect();
    let field = |name: &str| form.get(name).map(String::as_str).unwrap_or("");
    let refused = |description: &str| {
        (
            StatusCode::BAD_REQUEST,
            Json(json!({"error": "invalid_request", "error_description": description})),
        )
            .into_response()
    };
    if app_key != shared.app_key || field("client_id") != shared.app_key {
        return refused("unknown client_id");
    }
    if field("client_secret") != shared.app_secret {
        return refused("client_secret is wrong");
    }
    let granted = match field("grant_type") {
        "authorization_code" => {
            let mut used = shared.codes_used.lock().unwrap();
            field("code") == OAUTH_CODE && !std::mem::replace(&mut *used, true)
        }
        "refresh_token" => field("refresh_token") == REFRESH_TOKEN,
        _ => false,
    };
    if !granted {
        return refused("invalid or expired code");
    }
    Json(json!({
        "access_token": shared.access_token,
        "expires_in": "36000",
        "refresh_token": REFRESH_TOKEN,
        "refresh_token_timeout": "20991231000000000+0800",
        "aliId": "8888",
        "memberId": "b2b-stand-in",
        "resource_owner": "stand-in"
    }))
    .into_response()
}
