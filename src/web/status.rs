//! `GET /api-status`: are the 1688 credentials configured, and do they work?
//!
//! A view shows the last probe; `?recheck=1` asks for a new one, which runs only within the
//! allowance of [`crate::diagnostics::Diagnostics`].

use askama::Template;
use axum::extract::{RawQuery, State};
use axum::response::Response;

use crate::AppState;
use crate::diagnostics::StatusReport;
use crate::web::crawlers::Visitor;
use crate::web::layout::{Layout, render};

#[derive(Template)]
#[template(path = "status.html")]
pub struct StatusPage {
    layout: Layout,
    report: StatusReport,
}

pub async fn page(
    State(state): State<AppState>,
    visitor: Visitor,
    RawQuery(raw): RawQuery,
) -> Response {
    let report = if visitor.is_crawler() {
        // A crawler never starts a probe: it costs upstream calls.
        StatusReport::collect_without_calls(&state).await
    } else {
        StatusReport::collect(&state, wants_recheck(raw.as_deref())).await
    };
    render(&StatusPage {
        layout: Layout::new(&state, "API status")
            .describe("Whether this store reaches its 1688 data source, and its use of the daily call budget.")
            .canonical("/api-status")
            .noindex(),
        report,
    })
}

/// `recheck=1` (or any non-empty value but `0`) asks for a new probe.
pub fn wants_recheck(raw_query: Option<&str>) -> bool {
    form_urlencoded::parse(raw_query.unwrap_or_default().as_bytes())
        .any(|(key, value)| key == "recheck" && !value.is_empty() && value != "0")
}
