//! Errors of the web layer and how every error response gets its page.
//!
//! Handlers return [`AppError`]; its `IntoResponse` only sets the status and attaches an
//! [`ErrorInfo`]. The [`render_errors`] middleware then turns every 4xx/5xx response — from a
//! handler, the router's fallback, an extractor rejection or a tower layer (timeout, load shedding)
//! — into the themed HTML error page, or into a JSON error object under `/api/`.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::AppState;
use crate::format::capitalize;
use crate::provider::gateway::oauth::OAuthError;
use crate::provider::{ProviderError, ProviderName};
use crate::web::layout::{Layout, render};
use crate::web::messages;
use crate::web::params::ParamError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error(transparent)]
    BadParam(#[from] ParamError),
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error(transparent)]
    Upstream(#[from] ProviderError),
    #[error(transparent)]
    OAuth(#[from] OAuthError),
    /// An image search that cannot be made or shown (bad upload, cross-site form, expired).
    #[error(transparent)]
    ImageSearch(#[from] crate::web::image_search::ImageSearchError),
    /// A page for the store owner, asked for without the owner token.
    #[error("owner token missing or wrong")]
    OwnerOnly,
    /// A form post that another site made (see `web::csrf`).
    #[error("cross-site request refused")]
    CrossSite,
    #[error("internal error: {0}")]
    Internal(String),
}

/// What an error page or JSON error shows; travels in the response extensions.
#[derive(Debug, Clone, Serialize)]
pub struct ErrorInfo {
    #[serde(serialize_with = "status_code")]
    pub status: StatusCode,
    /// Stable machine-readable code, e.g. `invalid_parameter`, `not_found`, `rate_limited`.
    pub code: &'static str,
    /// Short heading.
    pub title: String,
    /// What happened and what to do, in the shopper's words.
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parameter: Option<&'static str>,
    /// When to try again, in seconds (also the `Retry-After` header).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<u64>,
    /// Set when the page is queued for a call: browsers get a page that reloads itself.
    #[serde(skip)]
    pub queued: bool,
    /// Whether the API status page can tell more (upstream failures).
    #[serde(skip)]
    pub link_status: bool,
    /// An upstream failure, whose title and message name the source in use: only the app knows
    /// it, so [`render_errors`] rewrites them ([`ErrorInfo::name_source`]).
    #[serde(skip)]
    pub upstream: Option<ProviderError>,
}

fn status_code<S: serde::Serializer>(status: &StatusCode, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_u16(status.as_u16())
}

impl ErrorInfo {
    /// Writes the words of an upstream failure, which name `source`: "1688 is busy" is not true
    /// of a store whose calls go to Onebound.
    fn name_source(&mut self, source: ProviderName) {
        if let Some(error) = &self.upstream {
            self.title = messages::title(error, source);
            self.message = messages::shopper_message(error, source);
        }
    }

    /// For error responses that did not come from an [`AppError`]; `upload` when the request was
    /// the image search's photo upload (the only form that takes a file).
    fn from_status(status: StatusCode, upload: bool) -> ErrorInfo {
        let (code, title, message) = match status {
            StatusCode::NOT_FOUND => (
                "not_found",
                "Page not found",
                "There is no page at this address. Try searching, or browse the categories.",
            ),
            StatusCode::REQUEST_TIMEOUT => (
                "timeout",
                "Request timed out",
                "The request took too long. Please try again.",
            ),
            StatusCode::SERVICE_UNAVAILABLE => (
                "overloaded",
                "Busy right now",
                "The store is handling too many requests. Please try again in a moment.",
            ),
            StatusCode::PAYLOAD_TOO_LARGE if upload => (
                "too_large",
                "File too large",
                "The upload is larger than this store accepts: photos for image search may be up to 5 MB. Choose a smaller photo, or a screenshot of it.",
            ),
            StatusCode::PAYLOAD_TOO_LARGE => (
                "too_large",
                "Form too large",
                "The form sent is larger than this store accepts. Nothing was changed: go back, shorten what you typed and send it again.",
            ),
            StatusCode::URI_TOO_LONG => (
                "uri_too_long",
                "Address too long",
                "The address of this request is too long. Shorten the search and try again.",
            ),
            StatusCode::METHOD_NOT_ALLOWED => (
                "method_not_allowed",
                "Method not allowed",
                "This address does not answer this kind of request.",
            ),
            s if s.is_client_error() => (
                "bad_request",
                "Bad request",
                "The request could not be understood. Check the address and try again.",
            ),
            _ => (
                "internal",
                "Something went wrong",
                "The store hit an unexpected problem. Please try again.",
            ),
        };
        ErrorInfo {
            status,
            code,
            title: title.into(),
            message: message.into(),
            parameter: None,
            retry_after: None,
            queued: false,
            link_status: false,
            upstream: None,
        }
    }
}

impl AppError {
    /// For a provider answer about `what` (e.g. "product"): "not found" means that thing does not
    /// exist, anything else is an upstream failure.
    pub fn lookup(what: &'static str) -> impl FnOnce(ProviderError) -> AppError {
        move |error| match error {
            ProviderError::NotFound => AppError::NotFound(what),
            other => AppError::Upstream(other),
        }
    }

    pub fn info(&self) -> ErrorInfo {
        match self {
            AppError::BadParam(e) => ErrorInfo {
                status: StatusCode::BAD_REQUEST,
                code: "invalid_parameter",
                title: format!("Invalid value for “{}”", e.param),
                message: format!("The parameter “{}” {}.", e.param, e.message),
                parameter: Some(e.param),
                retry_after: None,
                queued: false,
                link_status: false,
                upstream: None,
            },
            AppError::NotFound(what) => not_found(what),
            AppError::Upstream(ProviderError::NotFound) => not_found("item"),
            AppError::Upstream(e) => ErrorInfo {
                status: messages::status(e),
                code: e.code(),
                // The 1688 gateway's words until `render_errors` names the source in use.
                title: messages::title(e, ProviderName::Gateway),
                message: messages::shopper_message(e, ProviderName::Gateway),
                parameter: None,
                retry_after: match e {
                    ProviderError::Queued { ready_in, .. } => Some(ready_in.as_secs().max(1)),
                    ProviderError::NotHeld => Some(crate::web::crawlers::NOT_HELD_RETRY_AFTER.as_secs()),
                    _ => None,
                },
                queued: matches!(e, ProviderError::Queued { .. }),
                link_status: true,
                upstream: Some(e.clone()),
            },
            AppError::OAuth(e) => ErrorInfo {
                status: StatusCode::BAD_REQUEST,
                code: "authorization_failed",
                title: "Authorization failed".into(),
                message: format!("{e}. Nothing stored was changed."),
                parameter: None,
                retry_after: None,
                queued: false,
                link_status: true,
                upstream: None,
            },
            AppError::OwnerOnly => ErrorInfo {
                status: StatusCode::FORBIDDEN,
                code: "owner_only",
                title: "For the store owner only".into(),
                message: "Connecting this store to a 1688 account needs the owner token: open /auth/1688?admin= followed by the STOREFRONT_ADMIN_TOKEN of this store.".into(),
                parameter: Some("admin"),
                retry_after: None,
                queued: false,
                link_status: true,
                upstream: None,
            },
            AppError::CrossSite => ErrorInfo {
                status: StatusCode::FORBIDDEN,
                code: "cross_site_request",
                title: "Request refused".into(),
                message: "This form can only be sent from this store's own pages. Nothing was changed: open the page on this store and try again.".into(),
                parameter: None,
                retry_after: None,
                queued: false,
                link_status: false,
                upstream: None,
            },
            AppError::ImageSearch(e) => e.info(),
            AppError::Internal(_) => ErrorInfo::from_status(StatusCode::INTERNAL_SERVER_ERROR, false),
        }
    }
}

fn not_found(what: &str) -> ErrorInfo {
    ErrorInfo {
        status: StatusCode::NOT_FOUND,
        code: "not_found",
        title: format!("{} not found", capitalize(what)),
        message: match what {
            "product" | "item" | "category" => format!(
                "We could not find that {what}. It may have been removed from 1688, or the address may be mistyped."
            ),
            // The shopper's own: it never was on 1688.
            "quote sheet" => format!(
                "We could not find that quote sheet. A sheet is kept for {} days after its last change; add products from their pages to start a new one.",
                crate::quote::SHEET_LIFETIME.as_secs() / (24 * 3600)
            ),
            _ => format!(
                "We could not find that {what}. Check the address, or search or browse the categories."
            ),
        },
        parameter: None,
        retry_after: None,
        queued: false,
        link_status: false,
        upstream: None,
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        match &self {
            AppError::Internal(detail) => tracing::error!(%detail, "internal error"),
            // Not failures: the page is on its way, or a crawler was answered from what is held.
            AppError::Upstream(e @ (ProviderError::Queued { .. } | ProviderError::NotHeld)) => {
                tracing::debug!(error = %e, code = e.code(), "page not answered now")
            }
            AppError::Upstream(e) if *e != ProviderError::NotFound => {
                tracing::warn!(error = %e, code = e.code(), "upstream failure shown to a visitor")
            }
            _ => {}
        }
        let info = self.info();
        let mut response = info.status.into_response();
        if let Some(seconds) = info.retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response.extensions_mut().insert(info);
        response
    }
}

/// Longer request targets (path + query) get a 414 page.
pub const MAX_URI_BYTES: usize = 4096;

/// The edge of the app: refuses overlong addresses, and renders every error response as the
/// themed page (or JSON under `/api/`).
pub async fn render_errors(
    State(state): State<Arc<AppState>>,
    request: Request,
    next: Next,
) -> Response {
    // The OAuth callback is opened by a browser: it gets pages like the rest of the site.
    let path = request.uri().path();
    let wants_json = path.starts_with("/api/") && path != "/api/callback";
    let upload = path == "/search/image" || path == "/api/search/image";
    let uri_length = request
        .uri()
        .path_and_query()
        .map_or(0, |pq| pq.as_str().len());
    let mut response = if uri_length > MAX_URI_BYTES {
        StatusCode::URI_TOO_LONG.into_response()
    } else {
        next.run(request).await
    };
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let mut info = response
        .extensions_mut()
        .remove::<ErrorInfo>()
        .unwrap_or_else(|| ErrorInfo::from_status(status, upload));
    info.name_source(state.provider.name());
    // What the original answer told clients to do next: when to retry, which methods to use.
    let kept: Vec<_> = [header::RETRY_AFTER, header::ALLOW]
        .into_iter()
        .filter_map(|name| Some((name.clone(), response.headers().get(&name)?.clone())))
        .collect();
    let mut page = if wants_json {
        (status, Json(ErrorBody { error: &info })).into_response()
    } else if info.queued {
        // Not an error for a shopper: the page is on its way, and this one reloads by itself.
        let page = PendingPage {
            layout: Layout::new(&state, &info.title)
                .describe(&info.message)
                .noindex(),
            info: &info,
            reload_after: info.retry_after.unwrap_or(2),
        };
        let mut page = render(&page);
        *page.status_mut() = StatusCode::ACCEPTED;
        page
    } else {
        let page = ErrorPage {
            layout: Layout::new(&state, &info.title)
                .describe(&info.message)
                .noindex(),
            info: &info,
        };
        let mut page = render(&page);
        *page.status_mut() = status;
        page
    };
    page.headers_mut().extend(kept);
    page.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    page
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    error: &'a ErrorInfo,
}

#[derive(askama::Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    layout: Layout,
    info: &'a ErrorInfo,
}

/// "Fetching from 1688, ready in about N s": reloads itself without JavaScript.
#[derive(askama::Template)]
#[template(path = "pending.html")]
struct PendingPage<'a> {
    layout: Layout,
    info: &'a ErrorInfo,
    reload_after: u64,
}
