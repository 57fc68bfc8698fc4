//! storefront: a fast, server-rendered storefront for sourcing wholesale products from 1688.com.
//!
//! [`app`] builds the whole router from an [`AppState`]; the binary and the tests serve the same one.
//! The layers, and where each kind of knowledge lives, are described in `ARCHITECTURE.md`.

pub mod catalog;
pub mod china_time;
pub mod config;
pub mod diagnostics;
pub mod format;
pub mod photos;
pub mod provider;
pub mod quote;
pub mod web;

use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;

use crate::config::Config;
use crate::diagnostics::{Diagnostics, StatusReport};
use crate::photos::Photos;
use crate::provider::gateway::oauth::OAuth;
use crate::provider::gateway::{GatewayBuildError, GatewayConfig, Live};
use crate::provider::mock::{self as mock, MockCatalog};
use crate::provider::onebound::{OneboundBuildError, OneboundConfig, OneboundProvider};
use crate::provider::shared::catalog::SharedCatalog;
use crate::provider::shared::pacing::SharedPacing;
use crate::provider::shared::{Shared, SharedBuildError, SharedSettings};
use crate::provider::store::{
    self, DayRow, Db, Key, StoreError, StoreSettings, StoredProvider, StoredSheets,
};
use crate::provider::{Provider, ProviderName};
use crate::quote::{MemorySheets, QuoteSheets};
use crate::web::crawlers::Crawlers;
use crate::web::page_cache::PageCache;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub config: Arc<Config>,
    pub provider: Arc<dyn Provider>,
    /// The owner's way to authorize the app with 1688 (live mode).
    pub oauth: Option<Arc<OAuth>>,
    /// Rendered pages for identical requests (behind an `Arc`: the state is cloned several times
    /// per request, and a cache handle is not a single pointer).
    pub pages: Arc<PageCache>,
    /// The status page's probes and their allowance.
    pub diagnostics: Arc<Diagnostics>,
    /// The shoppers' quote sheets: in the catalog file in live mode, in memory in mock mode.
    pub quotes: Arc<dyn QuoteSheets>,
    /// Image search: the kept searches, and the decoding of shoppers' photos.
    pub photos: Arc<Photos>,
    /// Who counts as a crawler (answered only from what the store holds), and the clients that
    /// ignored a `Retry-After`.
    pub crawlers: Arc<Crawlers>,
}

/// Why the store cannot start; the message is one line for the terminal.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(transparent)]
    Gateway(#[from] GatewayBuildError),
    #[error(transparent)]
    Onebound(#[from] OneboundBuildError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Shared(#[from] SharedBuildError),
}

impl AppState {
    /// The source chosen in the configuration ([`Config::source`]): the 1688 gateway or Onebound,
    /// each behind the persistent catalog, or the mock catalog.
    pub async fn from_config(config: Config) -> Result<AppState, StartError> {
        let onebound = OneboundConfig::from_config(&config);
        match (
            config.source.name,
            GatewayConfig::from_config(&config),
            onebound,
        ) {
            (ProviderName::Gateway, Some(gateway), _) => AppState::live(config, gateway).await,
            (ProviderName::Onebound, _, Some(onebound)) => {
                AppState::onebound(config, onebound).await
            }
            _ => Ok(AppState::mock(config)),
        }
    }

    /// The state for Onebound mode, with explicit Onebound settings (tests shorten the delays):
    /// Onebound behind its own persistent catalog (`STOREFRONT_DATA_DIR/onebound/`, so that the
    /// answers and the day's call count of one source never stand in for the other's). It browses
    /// with the category tree the store knows: Onebound has no category API.
    pub async fn onebound(
        config: Config,
        mut onebound: OneboundConfig,
    ) -> Result<AppState, StartError> {
        let mut own = config.clone();
        own.data_dir = config.data_dir.join("onebound");
        let db = store::open(&own).await?;
        let today = db.day(china_time::today().to_string()).await?;
        // The calls already made today count against today's budget, restart or not.
        onebound.pacing.already_spent_today = today.calls;
        let shared = AppState::shared(&config, "onebound", &onebound.key).await?;
        if let Some((shared, namespace)) = &shared {
            onebound.pacing.shared = Some(SharedPacing::new(shared.clone(), namespace.clone()));
        }
        // Quote sheets are the shoppers', not a source's: they stay in the catalog file of
        // STOREFRONT_DATA_DIR whichever source answers.
        let quotes = StoredSheets::new(store::open(&config).await?);
        let tree = Arc::new(mock::category_tree());
        let provider = OneboundProvider::new(onebound, tree)?;
        Ok(AppState::stored(
            config,
            Arc::new(provider),
            (db, today),
            None,
            Arc::new(quotes),
            shared,
        ))
    }

    /// With `REDIS_URL`: the connection every instance shares, and the namespace of `source`'s
    /// keys there (one per app key: several stores may share one Redis).
    async fn shared(
        config: &Config,
        source: &str,
        key: &str,
    ) -> Result<Option<(Shared, String)>, StartError> {
        Ok(match SharedSettings::from_config(config) {
            Some(settings) => Some((
                Shared::connect(settings).await?,
                Shared::namespace(source, key),
            )),
            None => None,
        })
    }

    /// `upstream` behind the persistent catalog `db` (with what it remembers of `today`) and,
    /// with `REDIS_URL`, the tier every instance shares; pages kept no longer than the data they
    /// show.
    fn stored(
        config: Config,
        upstream: Arc<dyn Provider>,
        (db, today): (Db, DayRow),
        oauth: Option<Arc<OAuth>>,
        quotes: Arc<dyn QuoteSheets>,
        shared: Option<(Shared, String)>,
    ) -> AppState {
        let settings = StoreSettings {
            ttl: config.cache_ttl,
            max_age: config.store_max_age,
            warm_up: std::iter::once(Key::Categories)
                .chain(
                    web::home::shelf_queries(&config)
                        .into_iter()
                        .map(Key::Search),
                )
                .collect(),
        };
        let shared = shared
            .map(|(shared, namespace)| SharedCatalog::new(shared, namespace, config.store_max_age));
        let provider = StoredProvider::with_shared(upstream, db, settings, today, shared);
        // A page may show search results, the shortest-lived data: it lives no longer than they do.
        let ttl = config.cache_ttl;
        let pages = PageCache::new(Some(ttl.search.min(ttl.product).min(ttl.categories)));
        AppState {
            photos: Arc::new(Photos::in_memory(config.image_search_ttl)),
            crawlers: Arc::new(Crawlers::from_config(&config)),
            pages: Arc::new(pages),
            diagnostics: Arc::new(Diagnostics::from_config(&config)),
            config: Arc::new(config),
            provider: Arc::new(provider),
            oauth,
            quotes,
        }
    }

    /// The state for live mode, with explicit gateway settings (tests shorten the retry delays):
    /// the gateway behind the persistent catalog (`STOREFRONT_STORE`) and, with `REDIS_URL`, the
    /// tier and the pacing every instance shares.
    pub async fn live(config: Config, mut gateway: GatewayConfig) -> Result<AppState, StartError> {
        let db = store::open(&config).await?;
        let today = db.day(china_time::today().to_string()).await?;
        // The calls already made today count against today's budget, restart or not. (With
        // REDIS_URL: the app's calls as this instance last knew them; the shared counter is
        // raised to at least that, should Redis have lost it.)
        gateway.pacing.already_spent_today = today.calls;
        let shared = AppState::shared(&config, "1688", &gateway.app_key).await?;
        if let Some((shared, namespace)) = &shared {
            gateway.pacing.shared = Some(SharedPacing::new(shared.clone(), namespace.clone()));
        }
        let quotes = StoredSheets::new(db.clone());
        let Live { provider, oauth } = Live::new(&config, gateway)?;
        Ok(AppState::stored(
            config,
            Arc::new(provider),
            (db, today),
            Some(oauth),
            Arc::new(quotes),
            shared,
        ))
    }

    /// The state for mock mode: the sample catalog, whatever the credentials say.
    pub fn mock(config: Config) -> AppState {
        AppState {
            // The sample catalog never changes: pages stay valid until evicted.
            pages: Arc::new(PageCache::new(None)),
            provider: Arc::new(MockCatalog::new()),
            oauth: None,
            photos: Arc::new(Photos::in_memory(config.image_search_ttl)),
            diagnostics: Arc::new(Diagnostics::from_config(&config)),
            crawlers: Arc::new(Crawlers::from_config(&config)),
            config: Arc::new(config),
            // No file in mock mode: sheets last until restart.
            quotes: Arc::new(MemorySheets::new()),
        }
    }
}

/// What the binary was asked to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    /// Serve the store on `HOST:PORT`.
    Serve,
    /// Probe the data source with the configured credentials and exit (`storefront check`).
    Check,
}

/// Runs `command` with `config`: what the binary does once its settings are read.
pub async fn run(command: Command, config: Config) -> ExitCode {
    let result = match command {
        Command::Serve => run_server(config).await,
        Command::Check => run_check(config).await,
    };
    result.unwrap_or_else(|error| {
        eprintln!("storefront: {error}");
        ExitCode::FAILURE
    })
}

async fn run_server(config: Config) -> Result<ExitCode, String> {
    log_mode(&config);
    let addr = config.addr;
    let listener = TcpListener::bind(addr)
        .await
        .map_err(|error| format!("cannot listen on {addr} (HOST/PORT): {error}"))?;
    let state = AppState::from_config(config)
        .await
        .map_err(|error| error.to_string())?;
    serve(listener, state)
        .await
        .map_err(|error| error.to_string())?;
    Ok(ExitCode::SUCCESS)
}

/// `storefront check`: the `/api-status` probe, from the terminal; non-zero unless it all works.
async fn run_check(config: Config) -> Result<ExitCode, String> {
    let state = AppState::from_config(config)
        .await
        .map_err(|error| error.to_string())?;
    let report = StatusReport::collect_now(&state).await;
    print!("{}", report.to_text());
    Ok(if report.healthy() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// One start-up line saying which source the store shows, and why.
fn log_mode(config: &Config) {
    let reason = &config.source.reason;
    match config.source.name {
        ProviderName::Gateway => {
            tracing::info!(source = "1688", gateway = %config.api_url, %reason, "live mode: products come from the 1688 gateway");
            if config.credentials.access_token.is_none() {
                tracing::warn!(
                    "ALIBABA_ACCESS_TOKEN is not set: product APIs need a token; the owner can authorize at /auth/1688?admin=…"
                );
            }
        }
        ProviderName::Onebound => {
            tracing::info!(source = "onebound", api = %config.onebound.api_url, %reason, "live mode: products come from Onebound (third-party 1688 data)");
        }
        ProviderName::Mock => {
            tracing::warn!(source = "mock", %reason, "mock mode: showing the built-in sample catalog");
        }
    }
}

/// The complete application: every route, the error pages and the middleware.
pub fn app(state: AppState) -> web::App {
    web::router(state)
}

/// [`app`] as a server runs it: each request carries its peer's address, which tells clients
/// apart (see `web::crawlers`).
pub fn service(
    state: AppState,
) -> axum::extract::connect_info::IntoMakeServiceWithConnectInfo<web::App, std::net::SocketAddr> {
    axum::ServiceExt::<axum::extract::Request>::into_make_service_with_connect_info(app(state))
}

/// How long in-flight requests may take to finish after a shutdown signal.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

/// Serves `app(state)` on `listener` until Ctrl-C or SIGTERM, then gives requests in flight
/// [`SHUTDOWN_GRACE`] to finish.
pub async fn serve(listener: TcpListener, state: AppState) -> std::io::Result<()> {
    // Listen for signals before announcing the address: a signal sent right after must not kill us.
    let mut signals = ShutdownSignals::register()?;
    // Off the request path: the first stylesheet request then finds it compressed.
    tokio::task::spawn_blocking(web::assets::precompress);
    state.provider.warm_up();
    tracing::info!("serving on http://{}", listener.local_addr()?);
    let stop = Arc::new(tokio::sync::Notify::new());
    let server = axum::serve(listener, service(state)).with_graceful_shutdown({
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
