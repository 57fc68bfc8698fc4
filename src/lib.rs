//! storefront: a fast, server-rendered storefront for sourcing wholesale products from 1688.com.
//!
//! [`app`] builds the whole router from an [`AppState`]; the binary and the tests serve the same one.

pub mod assets;
pub mod catalog;
pub mod config;
pub mod error;
pub mod provider;
pub mod routes;

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use tokio::net::TcpListener;

use crate::config::Config;
use crate::provider::Provider;
use crate::provider::mock::MockCatalog;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub config: Arc<Config>,
    pub provider: Arc<dyn Provider>,
    /// Set when the provider is the mock catalog, for its placeholder images.
    pub mock: Option<Arc<MockCatalog>>,
}

impl AppState {
    /// The state for mock mode: the sample catalog, whatever the credentials say.
    pub fn mock(config: Config) -> AppState {
        let mock = Arc::new(MockCatalog::new());
        AppState {
            config: Arc::new(config),
            provider: mock.clone(),
            mock: Some(mock),
        }
    }
}

/// The complete application: every route, the error pages and the middleware.
pub fn app(state: AppState) -> Router {
    routes::router(state)
}

/// How long in-flight requests may take to finish after a shutdown signal.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

/// Serves `app(state)` on `listener` until Ctrl-C or SIGTERM.
pub async fn serve(listener: TcpListener, state: AppState) -> std::io::Result<()> {
    axum::serve(listener, app(state))
        .with_graceful_shutdown(shutdown_signal())
        .await
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!(%error, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::error!(%error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}
