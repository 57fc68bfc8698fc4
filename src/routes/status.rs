//! `GET /api-status`: are the 1688 credentials configured, and do they work?

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use serde::Serialize;

use crate::AppState;
use crate::provider::{Check, DataSource};
use crate::routes::{Layout, render};

/// Everything `/api-status` and `/api/status` report. Never holds the secret or the token.
#[derive(Debug, Serialize)]
pub struct StatusReport {
    pub mode: DataSource,
    pub app_key_configured: bool,
    pub app_secret_configured: bool,
    pub access_token_configured: bool,
    /// e.g. `1234****`.
    pub app_key_masked: Option<String>,
    pub gateway_url: String,
    /// "API credentials are configured!" or what to set where.
    pub message: String,
    pub missing: Vec<&'static str>,
    pub checks: Vec<Check>,
}

impl StatusReport {
    pub async fn collect(state: &AppState) -> StatusReport {
        let credentials = &state.config.credentials;
        let missing = credentials.missing();
        let message = if missing.is_empty() {
            "API credentials are configured!".to_string()
        } else {
            format!(
                "Showing sample data. To use live 1688 data, set {} in .env.local (copy .env.example) or in the environment, then restart the store.",
                missing.join(" and ")
            )
        };
        StatusReport {
            mode: state.provider.source(),
            app_key_configured: credentials.app_key.is_some(),
            app_secret_configured: credentials.app_secret.is_some(),
            access_token_configured: credentials.access_token.is_some(),
            app_key_masked: credentials.masked_app_key(),
            gateway_url: state.config.api_url.clone(),
            message,
            missing,
            checks: state.provider.status().await,
        }
    }

    pub fn all_ok(&self) -> bool {
        self.checks.iter().all(|c| c.ok)
    }
}

#[derive(Template)]
#[template(path = "status.html")]
pub struct StatusPage {
    layout: Layout,
    report: StatusReport,
}

pub async fn page(State(state): State<AppState>) -> Response {
    let report = StatusReport::collect(&state).await;
    render(&StatusPage {
        layout: Layout::new(&state, "API status"),
        report,
    })
}
