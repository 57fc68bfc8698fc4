//! `GET /api-status`: are the 1688 credentials configured, and do they work?

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use serde::Serialize;

use crate::AppState;
use crate::provider::{Check, DataSource, Usage};
use crate::routes::{Layout, render};

/// Everything `/api-status` and `/api/status` report. Never holds the secret or the token.
#[derive(Debug, Serialize)]
pub struct StatusReport {
    pub mode: DataSource,
    pub app_key_configured: bool,
    pub app_secret_configured: bool,
    /// `ALIBABA_ACCESS_TOKEN` is set, or a token was stored through OAuth.
    pub access_token_configured: bool,
    /// A token was stored through OAuth (`/auth/1688`).
    pub oauth_authorized: bool,
    /// e.g. `1234****`.
    pub app_key_masked: Option<String>,
    pub gateway_url: String,
    /// "API credentials are configured!" or what to set where.
    pub message: String,
    pub missing: Vec<&'static str>,
    pub checks: Vec<Check>,
    /// Calls against the budget, cache, back-off, last upstream error (live mode).
    pub usage: Option<Usage>,
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
        let oauth_authorized = match &state.oauth {
            Some(oauth) => oauth.has_token().await,
            None => false,
        };
        StatusReport {
            mode: state.provider.source(),
            oauth_authorized,
            app_key_configured: credentials.app_key.is_some(),
            app_secret_configured: credentials.app_secret.is_some(),
            access_token_configured: credentials.access_token.is_some() || oauth_authorized,
            app_key_masked: credentials.masked_app_key(),
            gateway_url: state.config.api_url.clone(),
            message,
            missing,
            checks: state.provider.status().await,
            usage: state.provider.usage(),
        }
    }

    /// Live mode with every check passing: what `storefront check` exits 0 for.
    pub fn healthy(&self) -> bool {
        self.mode == DataSource::Live && self.checks.iter().all(|c| c.ok)
    }

    /// The report as terminal text, for `storefront check`.
    pub fn to_text(&self) -> String {
        let yes_no = |b: bool| if b { "yes" } else { "no" };
        let mut out = format!(
            "mode:                 {}\nALIBABA_APP_KEY:      {}{}\nALIBABA_APP_SECRET:   {}\nALIBABA_ACCESS_TOKEN: {}\ngateway:              {}\n\n{}\n",
            self.mode.as_str(),
            yes_no(self.app_key_configured),
            self.app_key_masked
                .as_deref()
                .map(|k| format!(" ({k})"))
                .unwrap_or_default(),
            yes_no(self.app_secret_configured),
            yes_no(self.access_token_configured),
            self.gateway_url,
            self.message,
        );
        if let Some(usage) = &self.usage {
            out.push_str(&format!(
                "\ncalls today: {} of {}; last minute: {}\n",
                usage.calls_today,
                usage
                    .daily_limit
                    .map_or("unlimited".to_string(), |l| l.to_string()),
                usage.calls_last_minute
            ));
        }
        for check in &self.checks {
            let latency = check
                .latency_ms
                .map(|ms| format!(" ({ms} ms)"))
                .unwrap_or_default();
            let mark = if check.ok { "ok  " } else { "FAIL" };
            out.push_str(&format!(
                "\n[{mark}] {}{latency}\n       {}\n",
                check.name, check.detail
            ));
            if let Some(remedy) = &check.remedy {
                out.push_str(&format!("       what to do: {remedy}\n"));
            }
        }
        out
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
