//! The app secret and the access token never appear in a response or a log line.

use std::io::Write;
use std::sync::{Mutex, OnceLock};

use storefront::AppState;

use crate::live::temp_dir;
use crate::stand_in::{self, Behaviour, StandIn, StandInConfig};
use crate::support::*;

const SECRET: &str = "SECRETVALUE-e3b0c44298fc";
const TOKEN: &str = "TOKENVALUE-5d41402abc4b";
const OWNER: &str = "OWNERVALUE-8f14e45fceea";

/// Everything logged by any test in this binary, at debug level.
fn captured_logs() -> &'static Mutex<Vec<u8>> {
    static LOGS: OnceLock<Mutex<Vec<u8>>> = OnceLock::new();
    LOGS.get_or_init(|| {
        let subscriber = tracing_subscriber::fmt()
            .with_env_filter("debug")
            .with_ansi(false)
            .with_writer(|| LogWriter)
            .finish();
        tracing::subscriber::set_global_default(subscriber).expect("first subscriber");
        Mutex::new(Vec::new())
    })
}

struct LogWriter;

impl Write for LogWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        captured_logs().lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn assert_no_secret(what: &str, text: &str) {
    for value in [
        SECRET,
        TOKEN,
        "SECRETVALUE",
        "TOKENVALUE",
        "e3b0c44298fc",
        "5d41402abc4b",
        OWNER,
        "OWNERVALUE",
        "8f14e45fceea",
    ] {
        assert!(!text.contains(value), "{what} contains {value}");
    }
}

async fn exercise(state: &AppState, uri: &str) {
    let response = get_with(state.clone(), uri, &[]).await;
    assert!(
        !response.status.is_server_error() || response.status == 502 || response.status == 503,
        "{uri}: {}",
        response.status
    );
    assert_no_secret(&format!("body of {uri}"), &response.body);
    for (name, value) in &response.headers {
        assert_no_secret(
            &format!("header {name} of {uri}"),
            &String::from_utf8_lossy(value.as_bytes()),
        );
    }
}

#[tokio::test]
async fn secret_and_token_appear_in_no_response_and_no_log_line() {
    captured_logs();
    let gateway = StandIn::start(StandInConfig {
        app_secret: SECRET.into(),
        access_token: TOKEN.into(),
        ..StandInConfig::default()
    })
    .await;
    let data_dir = temp_dir("secrets");
    let state = live_state(config(&[
        ("ALIBABA_APP_KEY", stand_in::APP_KEY),
        ("ALIBABA_APP_SECRET", SECRET),
        ("ALIBABA_ACCESS_TOKEN", TOKEN),
        ("ALIBABA_API_URL", &gateway.base_url),
        ("STOREFRONT_DATA_DIR", &data_dir),
        ("STOREFRONT_ADMIN_TOKEN", OWNER),
        // Every view of the status page may probe, under every failure class.
        ("STATUS_RECHECK_SECS", "0"),
        ("ALIBABA_DAILY_LIMIT", "0"),
    ]))
    .await;
    assert_no_secret(
        "Debug of the state's config",
        &format!("{:?}", state.config),
    );

    let product = format!("/products/{}", stand_in::KNOWN_OFFER);
    let api_product = format!("/api/products/{}", stand_in::KNOWN_OFFER);
    let routes = [
        "/",
        "/products",
        "/search?q=phone",
        "/search?q=%E6%89%8B%E6%9C%BA",
        &product,
        "/products/100000000001",
        "/categories",
        "/api-status?recheck=1",
        "/api/products?q=phone",
        &api_product,
        "/api/categories",
        "/api/status?recheck=1",
        "/healthz",
        "/auth/1688",
        "/auth/1688?admin=wrong",
        "/api/callback?code=x&state=y",
        "/api/callback",
        "/products?page=0",
        "/nowhere",
    ];
    // Failures first: once pages are cached, they would no longer reach the gateway.
    for behaviour in [
        Behaviour::SignatureInvalid,
        Behaviour::TokenExpired,
        Behaviour::AclDecline {
            api: stand_in::KEYWORD_QUERY.into(),
        },
        Behaviour::RateLimited,
        Behaviour::QuotaExhausted,
        Behaviour::ServerError,
        Behaviour::Malformed,
        Behaviour::Normal,
    ] {
        gateway.set_behaviour(behaviour);
        for uri in routes {
            exercise(&state, uri).await;
        }
    }
    // A full OAuth round trip too.
    gateway.set_behaviour(Behaviour::Normal);
    let start = get_with(state.clone(), &format!("/auth/1688?admin={OWNER}"), &[]).await;
    let location = start.header("location").unwrap().to_string();
    assert_no_secret("authorize URL", &location);
    let oauth_state: String =
        form_urlencoded::parse(location.split_once('?').unwrap().1.as_bytes())
            .find(|(k, _)| k == "state")
            .unwrap()
            .1
            .into_owned();
    exercise(
        &state,
        &format!(
            "/api/callback?code={}&state={oauth_state}",
            stand_in::OAUTH_CODE
        ),
    )
    .await;
    exercise(&state, "/search?q=phone").await;

    // Nor does anything the store keeps on disk: the catalog and its write-ahead log.
    for file in ["catalog.sqlite3", "catalog.sqlite3-wal"] {
        let path = std::path::Path::new(&data_dir).join(file);
        if let Ok(bytes) = std::fs::read(&path) {
            assert_no_secret(file, &String::from_utf8_lossy(&bytes));
        }
    }
    assert!(
        std::path::Path::new(&data_dir)
            .join("catalog.sqlite3")
            .exists()
    );

    let logs = String::from_utf8_lossy(&captured_logs().lock().unwrap()).into_owned();
    assert!(
        logs.contains("keywordQuery"),
        "upstream calls are logged, so the check means something"
    );
    assert_no_secret("the logs", &logs);
}

const ONEBOUND_KEY: &str = "OBKEYVALUE-a1b2c3d4e5";
const ONEBOUND_SECRET: &str = "OBSECRETVALUE-9f8e7d6c5b";

fn assert_no_onebound_secret(what: &str, text: &str) {
    for value in [
        ONEBOUND_SECRET,
        "OBSECRETVALUE",
        "9f8e7d6c5b",
        ONEBOUND_KEY,
        "a1b2c3d4e5",
    ] {
        assert!(!text.contains(value), "{what} contains {value}");
    }
}

#[tokio::test]
async fn the_onebound_key_and_secret_appear_in_no_response_and_no_log_line_under_any_failure() {
    use stand_ins::onebound::{self as onebound, OneboundStandIn};

    captured_logs();
    let stand_in = OneboundStandIn::start(onebound::OneboundConfig {
        key: ONEBOUND_KEY.into(),
        secret: ONEBOUND_SECRET.into(),
        ..onebound::OneboundConfig::default()
    })
    .await;
    let vars = vec![
        ("ONEBOUND_KEY".to_string(), ONEBOUND_KEY.to_string()),
        ("ONEBOUND_SECRET".to_string(), ONEBOUND_SECRET.to_string()),
        ("ONEBOUND_API_URL".to_string(), stand_in.base_url.clone()),
        ("STATUS_RECHECK_SECS".to_string(), "0".to_string()),
        ("ONEBOUND_DAILY_LIMIT".to_string(), "0".to_string()),
        ("STOREFRONT_STORE".to_string(), "memory".to_string()),
    ];
    let state = crate::onebound::onebound_state_paced(
        &vars,
        storefront::provider::pacing::Pacing::unlimited(),
    )
    .await;
    let debug = format!("{:?}", state.config);
    assert!(
        !debug.contains(ONEBOUND_SECRET) && !debug.contains("9f8e7d6c5b"),
        "Debug of the config"
    );

    let product = format!("/products/{}", onebound::KNOWN_ITEM);
    let routes = [
        "/",
        "/search?q=phone",
        "/search?q=%E6%89%8B%E6%9C%BA",
        &product,
        "/products/100000000001",
        "/products?category=1038378",
        "/categories",
        "/api-status?recheck=1",
        "/api/products?q=phone",
        "/api/status?recheck=1",
        "/nowhere",
    ];
    // Failures first: once pages are cached, they would no longer reach Onebound.
    for behaviour in [
        onebound::Behaviour::BadKey,
        onebound::Behaviour::BadSecret,
        onebound::Behaviour::RateLimited,
        onebound::Behaviour::QuotaExhausted,
        onebound::Behaviour::NotEnabled,
        onebound::Behaviour::UpstreamTimeout,
        onebound::Behaviour::ServerError,
        onebound::Behaviour::Malformed,
        onebound::Behaviour::Normal,
    ] {
        stand_in.set_behaviour(behaviour);
        for uri in routes {
            let response = get_with(state.clone(), uri, &[]).await;
            assert!(
                !response.status.is_server_error()
                    || response.status == 502
                    || response.status == 503,
                "{uri}: {}",
                response.status
            );
            assert_no_onebound_secret(&format!("body of {uri}"), &response.body);
            for (name, value) in &response.headers {
                assert_no_onebound_secret(
                    &format!("header {name} of {uri}"),
                    &String::from_utf8_lossy(value.as_bytes()),
                );
            }
        }
    }
    let report = storefront::diagnostics::StatusReport::collect_now(&state).await;
    assert_no_onebound_secret("storefront check", &report.to_text());

    let logs = String::from_utf8_lossy(&captured_logs().lock().unwrap()).into_owned();
    assert!(
        logs.contains("Onebound request") && logs.contains("secret=***"),
        "requests are logged (redacted), so the check means something"
    );
    if let Some(line) = logs
        .lines()
        .find(|l| l.contains("a1b2c3d4e5") || l.contains("9f8e7d6c5b"))
    {
        panic!("a log line holds an Onebound credential: {line}");
    }
    assert_no_onebound_secret("the logs", &logs);
}
