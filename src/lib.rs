//! storefront: a fast, server-rendered storefront for sourcing wholesale products from 1688.com.
//!
//! [`app`] builds the whole router from an [`AppState`]; the binary and the tests serve the same one.

pub mod assets;
pub mod catalog;
pub mod config;
pub mod error;
pub mod format;
pub mod oauth;
pub mod provider;
pub mod routes;

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use tokio::net::TcpListener;

use crate::config::Config;
use crate::oauth::{OAuth, Tokens};
use crate::provider::Provider;
use crate::provider::cached::CachedProvider;
use crate::provider::gateway::{GatewayBuildError, GatewayConfig, GatewayProvider, StaticToken};
use crate::provider::mock::MockCatalog;
use crate::routes::page_cache::PageCache;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub config: Arc<Config>,
    pub provider: Arc<dyn Provider>,
    /// Set when the provider is the mock catalog, for its placeholder images.
    pub mock: Option<Arc<MockCatalog>>,
    /// Set when the app key and secret are configured.
    pub oauth: Option<Arc<OAuth>>,
    /// Rendered pages for identical requests (behind an `Arc`: the state is cloned several times
    /// per request, and a cache handle is not a single pointer).
    pub pages: Arc<PageCache>,
}

impl AppState {
    /// Live mode when the app key and secret are configured, otherwise the mock catalog.
    pub fn from_config(config: Config) -> Result<AppState, GatewayBuildError> {
        match GatewayConfig::from_config(&config) {
            Some(gateway) => AppState::live(config, gateway),
            None => Ok(AppState::mock(config)),
        }
    }

    /// The state for live mode, with explicit gateway settings (tests shorten the retry delays).
    pub fn live(config: Config, gateway: GatewayConfig) -> Result<AppState, GatewayBuildError> {
        let oauth = OAuth::from_config(&config).map(Arc::new);
        let tokens = Tokens {
            oauth: oauth.clone(),
            fixed: StaticToken::from_config(&config),
        };
        let gateway = GatewayProvider::new(gateway, Arc::new(tokens))?;
        let provider = CachedProvider::new(Arc::new(gateway), config.cache_ttl);
        // A page may show search results, the shortest-lived data: it lives no longer than they do.
        let ttl = config.cache_ttl;
        let pages = PageCache::new(Some(ttl.search.min(ttl.product).min(ttl.categories)));
        Ok(AppState {
            pages: Arc::new(pages),
            config: Arc::new(config),
            provider: Arc::new(provider),
            mock: None,
            oauth,
        })
    }

    /// The state for mock mode: the sample catalog, whatever the credentials say.
    pub fn mock(config: Config) -> AppState {
        let mock = Arc::new(MockCatalog::new());
        AppState {
            // The sample catalog never changes: pages stay valid until evicted.
            pages: Arc::new(PageCache::new(None)),
            provider: mock.clone(),
            mock: Some(mock),
            oauth: OAuth::from_config(&config).map(Arc::new),
            config: Arc::new(config),
        }
    }
}

/// The complete application: every route, the error pages and the middleware.
pub fn app(state: AppState) -> Router {
    routes::router(state)
}

/// How long in-flight requests may take to finish after a shutdown signal.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

/// Serves `app(state)` on `listener` until Ctrl-C or SIGTERM, then gives requests in flight
/// [`SHUTDOWN_GRACE`] to finish.
pub async fn serve(listener: TcpListener, state: AppState) -> std::io::Result<()> {
    // Listen for signals before announcing the address: a signal sent right after must not kill us.
    let mut signals = ShutdownSignals::register()?;
    // Off the request path: the first stylesheet request then finds it compressed.
    tokio::task::spawn_blocking(assets::precompress);
    tracing::info!("serving on http://{}", listener.local_addr()?);
    let stop = Arc::new(tokio::sync::Notify::new());
    let server = axum::serve(listener, app(state)).with_graceful_shutdown({
        let stop = stop.clone();
        async move { stop.notified().await }
    });
    let mut server = std::pin::pin!(server.into_future());
    tokio::select! {
        result = &mut server => return result,
        () = signals.recv() => stop.notify_one(),
    }
    tracing::info!("shutting down: finishing requests in flight");
    match tokio::time::timeout(SHUTDOWN_GRACE, server).await {
        Ok(result) => result,
        Err(_) => {
            tracing::warn!("requests still running after {SHUTDOWN_GRACE:?}; stopping anyway");
            Ok(())
        }
    }
}

/// Ctrl-C and SIGTERM, registered eagerly.
struct ShutdownSignals {
    #[cfg(unix)]
    interrupt: tokio::signal::unix::Signal,
    #[cfg(unix)]
    terminate: tokio::signal::unix::Signal,
}

impl ShutdownSignals {
    #[cfg(unix)]
    fn register() -> std::io::Result<Self> {
        use tokio::signal::unix::{SignalKind, signal};
        Ok(ShutdownSignals {
            interrupt: signal(SignalKind::interrupt())?,
            terminate: signal(SignalKind::terminate())?,
        })
    }

    #[cfg(unix)]
    async fn recv(&mut self) {
        tokio::select! {
            _ = self.interrupt.recv() => {},
            _ = self.terminate.recv() => {},
        }
    }

    #[cfg(not(unix))]
    fn register() -> std::io::Result<Self> {
        Ok(ShutdownSignals {})
    }

    #[cfg(not(unix))]
    async fn recv(&mut self) {
        let _ = tokio::signal::ctrl_c().await;
    }
}
