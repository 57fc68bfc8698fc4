//! The `storefront` binary: load `.env` files, read the configuration, serve.

use std::process::ExitCode;

use storefront::config::Config;
use storefront::diagnostics::StatusReport;
use storefront::{AppState, serve};
use tracing_subscriber::EnvFilter;

const USAGE: &str = "usage: storefront [check]

  (no argument)  serve the store on HOST:PORT
  check          probe the 1688 gateway with the configured credentials and exit
                 non-zero if anything fails (or if no credentials are configured)";

#[tokio::main]
async fn main() -> ExitCode {
    let command = std::env::args().nth(1);
    match command.as_deref() {
        None => {}
        Some("check") => {}
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Some(_) => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    }
    // Real environment variables win over both files; `.env.local` wins over `.env`.
    dotenvy::from_filename(".env.local").ok();
    dotenvy::dotenv().ok();
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| EnvFilter::new("info,tower_http=warn")),
        )
        .init();

    let config = match Config::from_env() {
        Ok(config) => config,
        Err(error) => {
            eprintln!("storefront: {error}");
            return ExitCode::FAILURE;
        }
    };
    if command.as_deref() == Some("check") {
        return check(config).await;
    }
    let missing = config.credentials.missing();
    if missing.is_empty() {
        tracing::info!(gateway = %config.api_url, "live mode: products come from the 1688 gateway");
        if config.credentials.access_token.is_none() {
            tracing::warn!(
                "ALIBABA_ACCESS_TOKEN is not set: product APIs need a token; authorize at /auth/1688"
            );
        }
    } else {
        tracing::warn!(
            missing = %missing.join(", "),
            "mock mode: showing the built-in sample catalog because 1688 credentials are not configured (unset or still the .env.example placeholder)"
        );
    }
    let addr = config.addr;
    let listener = match tokio::net::TcpListener::bind(addr).await {
        Ok(listener) => listener,
        Err(error) => {
            eprintln!("storefront: cannot listen on {addr} (HOST/PORT): {error}");
            return ExitCode::FAILURE;
        }
    };
    let state = match AppState::from_config(config) {
        Ok(state) => state,
        Err(error) => {
            eprintln!("storefront: {error}");
            return ExitCode::FAILURE;
        }
    };
    match serve(listener, state).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("storefront: {error}");
            ExitCode::FAILURE
        }
    }
}

/// `storefront check`: the `/api-status` probe, from the terminal.
async fn check(config: Config) -> ExitCode {
    let state = match AppState::from_config(config) {
        Ok(state) => state,
        Err(error) => {
            eprintln!("storefront: {error}");
            return ExitCode::FAILURE;
        }
    };
    let report = StatusReport::collect_now(&state).await;
    print!("{}", report.to_text());
    if report.healthy() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
