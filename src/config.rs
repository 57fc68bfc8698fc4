//! Typed configuration, read once from environment variables.
//!
//! Every field names its variable and default. Errors name the variable that is wrong, so start-up
//! can stop with one clear line. Secrets are held as [`SecretString`], whose `Debug` prints nothing.

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::time::Duration;

use reqwest::Url;
use rust_decimal::Decimal;
use secrecy::SecretString;

use crate::provider::ProviderName;

/// Values shipped in `.env.example`; a variable still holding one counts as not set.
pub const PLACEHOLDERS: [&str; 6] = [
    "your-app-key",
    "your-app-secret",
    "your-access-token",
    "your-admin-token",
    "your-onebound-key",
    "your-onebound-secret",
];

/// The popular searches when `FEATURED_KEYWORDS` is not set: English and Chinese, as shoppers type.
pub const DEFAULT_FEATURED_KEYWORDS: [&str; 8] = [
    "phone case",
    "手机",
    "LED",
    "backpack",
    "连衣裙",
    "kitchen",
    "dog toy",
    "数据线",
];
/// At most this many featured keywords are accepted.
const MAX_FEATURED_KEYWORDS: usize = 20;
/// The owner token must be at least this long to be worth anything.
const MIN_ADMIN_TOKEN_CHARS: usize = 16;
/// `STOREFRONT_INSTANCES` accepts at most this many.
const MAX_INSTANCES: u32 = 1000;

pub const DEFAULT_API_URL: &str = "https://gw.open.1688.com/openapi";
pub const DEFAULT_AUTH_URL: &str = "https://auth.1688.com/oauth/authorize";
pub const DEFAULT_ONEBOUND_API_URL: &str = "https://api-gw.onebound.cn";
/// The languages Onebound translates 1688 data into (`ONEBOUND_LANG`).
pub const ONEBOUND_LANGUAGES: [&str; 3] = ["en", "ru", "cn"];

#[derive(Debug, thiserror::Error)]
#[error("invalid setting {var}: {message}")]
pub struct ConfigError {
    pub var: &'static str,
    pub message: String,
}

/// Prices are also shown in this currency, converted at a fixed rate.
#[derive(Debug, Clone, PartialEq)]
pub struct DisplayCurrency {
    /// `DISPLAY_CURRENCY`, e.g. `USD`.
    pub code: String,
    /// `CNY_RATE`: units of `code` per yuan.
    pub rate: Decimal,
}

/// The 1688 credentials, each optional.
#[derive(Debug, Clone, Default)]
pub struct Credentials {
    /// `ALIBABA_APP_KEY`.
    pub app_key: Option<String>,
    /// `ALIBABA_APP_SECRET`.
    pub app_secret: Option<SecretString>,
    /// `ALIBABA_ACCESS_TOKEN`.
    pub access_token: Option<SecretString>,
}

impl Credentials {
    /// The app key with all but its first characters hidden, e.g. `1234****`.
    pub fn masked_app_key(&self) -> Option<String> {
        self.app_key.as_deref().map(mask)
    }

    /// Names of the variables live mode still needs.
    pub fn missing(&self) -> Vec<&'static str> {
        let mut missing = Vec::new();
        if self.app_key.is_none() {
            missing.push("ALIBABA_APP_KEY");
        }
        if self.app_secret.is_none() {
            missing.push("ALIBABA_APP_SECRET");
        }
        missing
    }
}

/// Shows at most the first four characters (fewer for short keys), then `****`.
pub fn mask(key: &str) -> String {
    let shown = (key.chars().count() / 2).min(4);
    let prefix: String = key.chars().take(shown).collect();
    format!("{prefix}****")
}

/// The Onebound settings (a third-party source of 1688 data); key and secret each optional.
#[derive(Debug, Clone)]
pub struct OneboundSettings {
    /// `ONEBOUND_KEY`.
    pub key: Option<String>,
    /// `ONEBOUND_SECRET` (never shown or logged).
    pub secret: Option<SecretString>,
    /// `ONEBOUND_API_URL`, default [`DEFAULT_ONEBOUND_API_URL`]; no trailing slash.
    pub api_url: String,
    /// `ONEBOUND_LANG`: `en` (default), `ru` or `cn`.
    pub lang: String,
    /// `ONEBOUND_QPS`, default 1: Onebound calls per second.
    pub calls_per_second: f64,
    /// `ONEBOUND_DAILY_LIMIT`, default 100 (0 = unlimited): Onebound calls per day, China time.
    pub daily_limit: Option<u32>,
}

impl OneboundSettings {
    /// Both key and secret are set.
    pub fn is_configured(&self) -> bool {
        self.key.is_some() && self.secret.is_some()
    }

    /// The key with all but its first characters hidden.
    pub fn masked_key(&self) -> Option<String> {
        self.key.as_deref().map(mask)
    }
}

/// Which source the store shows, and why (for the start-up log line and the status page).
#[derive(Debug, Clone, PartialEq)]
pub struct SourceChoice {
    pub name: ProviderName,
    pub reason: String,
}

#[derive(Debug, Clone)]
pub struct Config {
    /// `HOST` (default `127.0.0.1`) and `PORT` (default `3000`).
    pub addr: SocketAddr,
    /// `DISPLAY_CURRENCY` and `CNY_RATE`, both or neither.
    pub display_currency: Option<DisplayCurrency>,
    pub credentials: Credentials,
    /// `ALIBABA_API_URL`, default [`DEFAULT_API_URL`]; no trailing slash.
    pub api_url: String,
    /// `ALIBABA_AUTH_URL`, default [`DEFAULT_AUTH_URL`].
    pub auth_url: String,
    /// `ALIBABA_LANGUAGE`, default `en`: the language of translated titles.
    pub language: String,
    /// `SITE_URL`, default `http://localhost:` and `PORT`: the public address, for the OAuth
    /// callback, share links, canonical addresses and the sitemap.
    pub site_url: String,
    /// `STOREFRONT_DATA_DIR`, default `./data`: where live mode keeps its catalog (and the
    /// shoppers' quote sheets) and the OAuth token.
    pub data_dir: PathBuf,
    /// `ALIBABA_QPS`, default 1: gateway calls per second.
    pub calls_per_second: f64,
    /// `ALIBABA_DAILY_LIMIT`, default 100 (0 = unlimited): gateway calls per day.
    pub daily_limit: Option<u32>,
    /// `CACHE_CATEGORY_TTL_SECS` (default 6 h), `CACHE_PRODUCT_TTL_SECS` (30 min),
    /// `CACHE_SEARCH_TTL_SECS` (5 min): how long upstream answers are reused.
    pub cache_ttl: CacheTtl,
    /// `FEATURED_KEYWORDS`, comma-separated (default [`DEFAULT_FEATURED_KEYWORDS`]): the popular
    /// searches offered on every page, and the shelves of the home page.
    pub featured_keywords: Vec<String>,
    /// `STATUS_RECHECK_SECS` (default 60): the shortest time between two probes asked for with
    /// `/api-status?recheck=1`.
    pub status_recheck: Duration,
    /// `STATUS_DAILY_CALLS`: upstream calls a day that `/api-status` probes may spend. Default a
    /// tenth of the daily limit of the source in use (`ALIBABA_DAILY_LIMIT` or
    /// `ONEBOUND_DAILY_LIMIT`), at least 4; `None` (no cap) when there is no daily limit.
    pub status_daily_calls: Option<u32>,
    /// `STOREFRONT_ADMIN_TOKEN`: the store owner's token, needed to connect the store to 1688
    /// (`/auth/1688?admin=…`). Unset: nobody can.
    pub admin_token: Option<SecretString>,
    /// `ONEBOUND_*`: the third-party source.
    pub onebound: OneboundSettings,
    /// The source chosen from the credentials and `STOREFRONT_PROVIDER` (`1688`, `onebound` or
    /// `mock`; with both credentials set the default is `1688`).
    pub source: SourceChoice,
    /// `STOREFRONT_STORE`, `file` (default) or `memory`: where live mode keeps its answers.
    pub store: StoreKind,
    /// `STORE_MAX_AGE_DAYS`, default 30: kept answers older than this are not shown.
    pub store_max_age: Duration,
    /// `REDIS_URL` (`redis://[:password@]host[:port][/db]` or `redis+unix:///path`): every
    /// instance using it shares one pacing, one daily budget, one back-off and one catalog.
    /// Unset: this instance is on its own. Held as a secret: it may carry a password.
    pub redis_url: Option<SecretString>,
    /// `STOREFRONT_INSTANCES`, default 1: how many instances share the quota. When Redis cannot
    /// be reached, each paces alone at `ALIBABA_QPS` divided by this (and spends the same share
    /// of what is left of the day's budget).
    pub instances: u32,
    /// `STOREFRONT_INSTANCE_ID`, default `{hostname}-{pid}`: this instance's name on `/api-status`.
    pub instance_id: String,
    /// `REDIS_TIMEOUT_MS`, default 250: no Redis operation is waited for longer; one that is
    /// late puts this instance on its own until Redis answers again.
    pub redis_timeout: Duration,
    /// `IMAGE_SEARCH_TTL_SECS` (default 86400, one day): how long an image search (the
    /// normalized photo and its thumbnail) is kept, so its results address keeps working.
    pub image_search_ttl: Duration,
    /// `CRAWLER_USER_AGENTS`, comma-separated (default [`DEFAULT_CRAWLER_USER_AGENTS`]; `none`:
    /// no crawler is told by its `User-Agent`): a request whose `User-Agent` contains one of these (ignoring case) is a crawler's,
    /// answered only from what the store holds.
    pub crawler_user_agents: Vec<String>,
    /// `TRUST_X_FORWARDED_FOR` (`true` or `false`, default `false`): whether the client is the
    /// last address of `X-Forwarded-For` (set it only behind a proxy that writes that header),
    /// rather than the connection's peer.
    pub trust_x_forwarded_for: bool,
}

/// Who counts as a crawler by default (`CRAWLER_USER_AGENTS`): search engines, link-preview
/// fetchers of chat apps and social sites, SEO and AI crawlers, generic crawler words (`bot/`,
/// `+http` as in `+http://…/bot.html`) and Scrapy. Generic HTTP clients (curl, wget,
/// python-requests) are not on it: scripts using the JSON API are the store's users; one that
/// ignores a `Retry-After` is told apart by that. Matched as substrings, ignoring case.
pub const DEFAULT_CRAWLER_USER_AGENTS: &[&str] = &[
    "Googlebot",
    "Google-InspectionTool",
    "bingbot",
    "Applebot",
    "DuckDuckBot",
    "YandexBot",
    "Baiduspider",
    "facebookexternalhit",
    "Twitterbot",
    "Slackbot",
    "Discordbot",
    "WhatsApp",
    "TelegramBot",
    "LinkedInBot",
    "SkypeUriPreview",
    "AhrefsBot",
    "SemrushBot",
    "MJ12bot",
    "DotBot",
    "PetalBot",
    "Bytespider",
    "GPTBot",
    "ClaudeBot",
    "CCBot",
    "bot/",
    "crawler",
    "spider",
    "+http",
    "Scrapy",
];
/// Longest entry of `CRAWLER_USER_AGENTS`.
const MAX_CRAWLER_AGENT_CHARS: usize = 100;

/// Where live mode keeps its answers (`STOREFRONT_STORE`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoreKind {
    /// `file` (the default): `STOREFRONT_DATA_DIR/catalog.sqlite3`, kept across restarts.
    File,
    /// `memory`: no file (tests, read-only disks); forgotten at exit.
    Memory,
}

/// Lifetimes of cached upstream answers, per kind.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CacheTtl {
    pub categories: Duration,
    pub product: Duration,
    pub search: Duration,
}

impl Config {
    /// Reads the process environment.
    pub fn from_env() -> Result<Config, ConfigError> {
        Config::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads settings through `lookup`, so tests can pass a map instead of touching the environment.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        let get = |name: &str| {
            lookup(name)
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };
        let credential = |name: &str| get(name).filter(|v| !PLACEHOLDERS.contains(&v.as_str()));

        let host: IpAddr = parse_or(
            "HOST",
            get("HOST"),
            IpAddr::from([127, 0, 0, 1]),
            "an IP address such as 127.0.0.1 or 0.0.0.0",
        )?;
        let port: u16 = parse_or("PORT", get("PORT"), 3000, "a port number from 0 to 65535")?;

        let display_currency = match (get("DISPLAY_CURRENCY"), get("CNY_RATE")) {
            (None, None) => None,
            (Some(code), Some(rate)) => {
                if code.len() > 8 || !code.chars().all(|c| c.is_ascii_alphabetic()) {
                    return Err(ConfigError {
                        var: "DISPLAY_CURRENCY",
                        message: "must be a currency code such as USD".into(),
                    });
                }
                let rate: Decimal = rate
                    .parse()
                    .ok()
                    .filter(|r: &Decimal| r.is_sign_positive() && !r.is_zero())
                    .ok_or_else(|| ConfigError {
                        var: "CNY_RATE",
                        message: "must be a positive number (units of DISPLAY_CURRENCY per yuan), e.g. 0.14".into(),
                    })?;
                Some(DisplayCurrency {
                    code: code.to_ascii_uppercase(),
                    rate,
                })
            }
            (Some(_), None) => {
                return Err(ConfigError {
                    var: "CNY_RATE",
                    message: "must be set when DISPLAY_CURRENCY is set".into(),
                });
            }
            (None, Some(_)) => {
                return Err(ConfigError {
                    var: "DISPLAY_CURRENCY",
                    message: "must be set when CNY_RATE is set".into(),
                });
            }
        };

        let credentials = Credentials {
            app_key: credential("ALIBABA_APP_KEY"),
            app_secret: credential("ALIBABA_APP_SECRET").map(SecretString::from),
            access_token: credential("ALIBABA_ACCESS_TOKEN").map(SecretString::from),
        };

        let daily_limit = parse_daily_limit("ALIBABA_DAILY_LIMIT", get("ALIBABA_DAILY_LIMIT"))?;
        let onebound = OneboundSettings {
            key: credential("ONEBOUND_KEY"),
            secret: credential("ONEBOUND_SECRET").map(SecretString::from),
            api_url: http_url(
                "ONEBOUND_API_URL",
                get("ONEBOUND_API_URL"),
                DEFAULT_ONEBOUND_API_URL,
            )?,
            lang: match get("ONEBOUND_LANG") {
                None => "en".into(),
                Some(lang) if ONEBOUND_LANGUAGES.contains(&lang.to_ascii_lowercase().as_str()) => {
                    lang.to_ascii_lowercase()
                }
                Some(_) => {
                    return Err(ConfigError {
                        var: "ONEBOUND_LANG",
                        message: "must be en, ru or cn".into(),
                    });
                }
            },
            calls_per_second: calls_per_second("ONEBOUND_QPS", get("ONEBOUND_QPS"))?,
            daily_limit: parse_daily_limit("ONEBOUND_DAILY_LIMIT", get("ONEBOUND_DAILY_LIMIT"))?,
        };
        let source = choose_source(get("STOREFRONT_PROVIDER"), &credentials, &onebound)?;
        // The probes spend the budget of the source they probe.
        let source_daily_limit = match source.name {
            ProviderName::Onebound => onebound.daily_limit,
            ProviderName::Gateway | ProviderName::Mock => daily_limit,
        };
        let status_daily_calls = match get("STATUS_DAILY_CALLS") {
            Some(value) => Some(parse_or(
                "STATUS_DAILY_CALLS",
                Some(value),
                0u32,
                "a whole number of calls per day",
            )?),
            None => source_daily_limit.map(|limit| (limit / 10).max(4)),
        };
        let admin_token = match credential("STOREFRONT_ADMIN_TOKEN") {
            Some(token) if token.chars().count() < MIN_ADMIN_TOKEN_CHARS => {
                return Err(ConfigError {
                    var: "STOREFRONT_ADMIN_TOKEN",
                    message: format!(
                        "must be at least {MIN_ADMIN_TOKEN_CHARS} characters, e.g. the output of `openssl rand -hex 16`"
                    ),
                });
            }
            token => token.map(SecretString::from),
        };

        Ok(Config {
            addr: SocketAddr::new(host, port),
            display_currency,
            credentials,
            api_url: http_url("ALIBABA_API_URL", get("ALIBABA_API_URL"), DEFAULT_API_URL)?,
            auth_url: http_url(
                "ALIBABA_AUTH_URL",
                get("ALIBABA_AUTH_URL"),
                DEFAULT_AUTH_URL,
            )?,
            language: get("ALIBABA_LANGUAGE").unwrap_or_else(|| "en".into()),
            site_url: http_url(
                "SITE_URL",
                get("SITE_URL"),
                &format!("http://localhost:{port}"),
            )?,
            data_dir: get("STOREFRONT_DATA_DIR")
                .map(PathBuf::from)
                .unwrap_or_else(|| PathBuf::from("./data")),
            calls_per_second: calls_per_second("ALIBABA_QPS", get("ALIBABA_QPS"))?,
            daily_limit,
            cache_ttl: CacheTtl {
                categories: seconds(
                    "CACHE_CATEGORY_TTL_SECS",
                    get("CACHE_CATEGORY_TTL_SECS"),
                    6 * 3600,
                )?,
                product: seconds(
                    "CACHE_PRODUCT_TTL_SECS",
                    get("CACHE_PRODUCT_TTL_SECS"),
                    30 * 60,
                )?,
                search: seconds(
                    "CACHE_SEARCH_TTL_SECS",
                    get("CACHE_SEARCH_TTL_SECS"),
                    5 * 60,
                )?,
            },
            featured_keywords: featured_keywords(get("FEATURED_KEYWORDS"))?,
            status_recheck: seconds("STATUS_RECHECK_SECS", get("STATUS_RECHECK_SECS"), 60)?,
            status_daily_calls,
            admin_token,
            onebound,
            source,
            store: match get("STOREFRONT_STORE").as_deref() {
                None | Some("file") => StoreKind::File,
                Some("memory") => StoreKind::Memory,
                Some(_) => {
                    return Err(ConfigError {
                        var: "STOREFRONT_STORE",
                        message: "must be file or memory".into(),
                    });
                }
            },
            store_max_age: match parse_or(
                "STORE_MAX_AGE_DAYS",
                get("STORE_MAX_AGE_DAYS"),
                30u64,
                "a whole number of days from 1",
            )? {
                0 => {
                    return Err(ConfigError {
                        var: "STORE_MAX_AGE_DAYS",
                        message: "must be a whole number of days from 1".into(),
                    });
                }
                days => Duration::from_secs(days.saturating_mul(86_400)),
            },
            redis_url: redis_url(get("REDIS_URL"))?,
            instances: match parse_or(
                "STOREFRONT_INSTANCES",
                get("STOREFRONT_INSTANCES"),
                1u32,
                "a whole number of instances from 1 to 1000",
            )? {
                n @ 1..=MAX_INSTANCES => n,
                _ => {
                    return Err(ConfigError {
                        var: "STOREFRONT_INSTANCES",
                        message: "must be a whole number of instances from 1 to 1000".into(),
                    });
                }
            },
            instance_id: instance_id(get("STOREFRONT_INSTANCE_ID"))?,
            redis_timeout: match parse_or(
                "REDIS_TIMEOUT_MS",
                get("REDIS_TIMEOUT_MS"),
                250u64,
                "a whole number of milliseconds from 10 to 10000",
            )? {
                ms @ 10..=10_000 => Duration::from_millis(ms),
                _ => {
                    return Err(ConfigError {
                        var: "REDIS_TIMEOUT_MS",
                        message: "must be a whole number of milliseconds from 10 to 10000".into(),
                    });
                }
            },
            image_search_ttl: seconds(
                "IMAGE_SEARCH_TTL_SECS",
                get("IMAGE_SEARCH_TTL_SECS"),
                86_400,
            )
            .and_then(|ttl| {
                if ttl.is_zero() {
                    Err(ConfigError {
                        var: "IMAGE_SEARCH_TTL_SECS",
                        message: "must be a whole number of seconds above 0".into(),
                    })
                } else {
                    Ok(ttl)
                }
            })?,
            crawler_user_agents: crawler_user_agents(get("CRAWLER_USER_AGENTS"))?,
            trust_x_forwarded_for: match get("TRUST_X_FORWARDED_FOR").as_deref().map(str::trim) {
                None | Some("false") | Some("0") => false,
                Some("true") | Some("1") => true,
                Some(_) => {
                    return Err(ConfigError {
                        var: "TRUST_X_FORWARDED_FOR",
                        message: "must be true or false".into(),
                    });
                }
            },
        })
    }

    /// A configuration for tests and tools: mock mode, port 0 (the public address as if on
    /// 3000), no currency conversion.
    pub fn for_tests() -> Config {
        Config::from_lookup(|name| match name {
            "PORT" => Some("0".to_string()),
            "SITE_URL" => Some("http://localhost:3000".to_string()),
            _ => None,
        })
        .expect("the defaults are valid")
    }
}

fn parse_or<T: std::str::FromStr>(
    var: &'static str,
    value: Option<String>,
    default: T,
    expected: &str,
) -> Result<T, ConfigError> {
    match value {
        None => Ok(default),
        Some(v) => v.parse().map_err(|_| ConfigError {
            var,
            message: format!("must be {expected}"),
        }),
    }
}

/// `*_QPS`: a positive number of calls per second, at most 1000 (default 1).
fn calls_per_second(var: &'static str, value: Option<String>) -> Result<f64, ConfigError> {
    parse_or(
        var,
        value,
        1.0,
        "a positive number of calls per second, e.g. 1 or 0.5",
    )
    .and_then(|qps: f64| {
        if qps.is_finite() && qps > 0.0 && qps <= 1000.0 {
            Ok(qps)
        } else {
            Err(ConfigError {
                var,
                message: "must be a positive number of calls per second, at most 1000".into(),
            })
        }
    })
}

/// `*_DAILY_LIMIT`: calls per day (default 100); 0 means unlimited (`None`).
fn parse_daily_limit(var: &'static str, value: Option<String>) -> Result<Option<u32>, ConfigError> {
    Ok(
        match parse_or(
            var,
            value,
            100u32,
            "a whole number of calls per day (0 = unlimited)",
        )? {
            0 => None,
            limit => Some(limit),
        },
    )
}

/// The source to show: `STOREFRONT_PROVIDER` when set (its source's credentials must be set too),
/// otherwise the one whose credentials are set, 1688 when both are, the sample catalog when none.
fn choose_source(
    requested: Option<String>,
    alibaba: &Credentials,
    onebound: &OneboundSettings,
) -> Result<SourceChoice, ConfigError> {
    let requested = match requested {
        None => None,
        Some(value) => Some(ProviderName::parse(&value).ok_or_else(|| ConfigError {
            var: "STOREFRONT_PROVIDER",
            message: "must be 1688, onebound or mock".into(),
        })?),
    };
    let has_1688 = alibaba.missing().is_empty();
    let has_onebound = onebound.is_configured();
    let choice = |name: ProviderName, reason: &str| SourceChoice {
        name,
        reason: reason.to_string(),
    };
    let needs = |what: &str| ConfigError {
        var: "STOREFRONT_PROVIDER",
        message: format!("asks for {what} (unset, or still the .env.example placeholder)"),
    };
    Ok(match (requested, has_1688, has_onebound) {
        (Some(ProviderName::Mock), _, _) => choice(ProviderName::Mock, "STOREFRONT_PROVIDER=mock"),
        (Some(ProviderName::Gateway), false, _) => {
            return Err(needs(
                "1688, but ALIBABA_APP_KEY and ALIBABA_APP_SECRET are not both set",
            ));
        }
        (Some(ProviderName::Onebound), _, false) => {
            return Err(needs(
                "onebound, but ONEBOUND_KEY and ONEBOUND_SECRET are not both set",
            ));
        }
        (Some(ProviderName::Gateway), true, _) => {
            choice(ProviderName::Gateway, "STOREFRONT_PROVIDER=1688")
        }
        (Some(ProviderName::Onebound), _, true) => {
            choice(ProviderName::Onebound, "STOREFRONT_PROVIDER=onebound")
        }
        (None, true, true) => choice(
            ProviderName::Gateway,
            "both 1688 and Onebound credentials are set and STOREFRONT_PROVIDER is not: 1688 is the default",
        ),
        (None, true, false) => choice(
            ProviderName::Gateway,
            "the 1688 credentials (ALIBABA_APP_KEY, ALIBABA_APP_SECRET) are set",
        ),
        (None, false, true) => choice(
            ProviderName::Onebound,
            "only the Onebound credentials (ONEBOUND_KEY, ONEBOUND_SECRET) are set",
        ),
        (None, false, false) => choice(
            ProviderName::Mock,
            "neither 1688 (ALIBABA_APP_KEY, ALIBABA_APP_SECRET) nor Onebound (ONEBOUND_KEY, ONEBOUND_SECRET) credentials are set (placeholders from .env.example count as unset)",
        ),
    })
}

fn seconds(
    var: &'static str,
    value: Option<String>,
    default: u64,
) -> Result<Duration, ConfigError> {
    parse_or(var, value, default, "a whole number of seconds").map(Duration::from_secs)
}

/// `FEATURED_KEYWORDS`: comma-separated searches, each non-empty and of a searchable length.
fn featured_keywords(value: Option<String>) -> Result<Vec<String>, ConfigError> {
    let Some(value) = value else {
        return Ok(DEFAULT_FEATURED_KEYWORDS.map(String::from).to_vec());
    };
    let error = |message: String| ConfigError {
        var: "FEATURED_KEYWORDS",
        message,
    };
    let keywords: Vec<String> = value
        .split(',')
        .map(|k| k.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|k| !k.is_empty())
        .collect();
    if keywords.is_empty() || keywords.len() > MAX_FEATURED_KEYWORDS {
        return Err(error(format!(
            "must list 1 to {MAX_FEATURED_KEYWORDS} comma-separated searches, e.g. phone case,手机,LED"
        )));
    }
    if let Some(long) = keywords
        .iter()
        .find(|k| k.chars().count() > crate::catalog::MAX_KEYWORD_CHARS)
    {
        return Err(error(format!(
            "each search must be at most {} characters (“{}…” is longer)",
            crate::catalog::MAX_KEYWORD_CHARS,
            long.chars().take(20).collect::<String>()
        )));
    }
    Ok(keywords)
}

/// `CRAWLER_USER_AGENTS`: comma-separated parts of `User-Agent` values, each printable ASCII of
/// at most 100 characters; `none` means no crawler is told by its `User-Agent` (an empty value
/// is unset, like every setting's).
fn crawler_user_agents(value: Option<String>) -> Result<Vec<String>, ConfigError> {
    let Some(value) = value else {
        return Ok(DEFAULT_CRAWLER_USER_AGENTS
            .iter()
            .map(|s| s.to_string())
            .collect());
    };
    if value.eq_ignore_ascii_case("none") {
        return Ok(Vec::new());
    }
    let agents: Vec<String> = value
        .split(',')
        .map(|a| a.trim().to_string())
        .filter(|a| !a.is_empty())
        .collect();
    let bad = agents.iter().find(|a| {
        a.chars().count() > MAX_CRAWLER_AGENT_CHARS
            || !a.chars().all(|c| c.is_ascii_graphic() || c == ' ')
    });
    if let Some(bad) = bad {
        return Err(ConfigError {
            var: "CRAWLER_USER_AGENTS",
            message: format!(
                "each entry must be printable ASCII of at most {MAX_CRAWLER_AGENT_CHARS} characters (“{}…” is not)",
                bad.chars()
                    .filter(|c| !c.is_control())
                    .take(20)
                    .collect::<String>()
            ),
        });
    }
    Ok(agents)
}

/// `REDIS_URL`: a `redis://` or `redis+unix://` URL. The value is never repeated in an error: it
/// may hold a password.
fn redis_url(value: Option<String>) -> Result<Option<SecretString>, ConfigError> {
    let Some(raw) = value else {
        return Ok(None);
    };
    let error = |message: &str| ConfigError {
        var: "REDIS_URL",
        message: message.into(),
    };
    let url = Url::parse(&raw).map_err(|_| {
        error("must be a URL such as redis://127.0.0.1:6379 or redis://:password@host:6379/0")
    })?;
    match url.scheme() {
        "redis" if url.host().is_some() => Ok(Some(SecretString::from(raw))),
        "redis+unix" | "unix" if !url.path().is_empty() => Ok(Some(SecretString::from(raw))),
        "rediss" => Err(error(
            "rediss:// (TLS) is not supported by this build; use redis:// on a private network or a TLS tunnel such as stunnel",
        )),
        _ => Err(error(
            "must be a URL such as redis://127.0.0.1:6379 or redis://:password@host:6379/0",
        )),
    }
}

/// `STOREFRONT_INSTANCE_ID`: printable, short, no spaces; by default the host name and the
/// process id, which tell instances apart behind a load balancer.
fn instance_id(value: Option<String>) -> Result<String, ConfigError> {
    let Some(id) = value else {
        let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
            .ok()
            .or_else(|| std::env::var("HOSTNAME").ok())
            .map(|h| h.trim().to_string())
            .filter(|h| !h.is_empty())
            .unwrap_or_else(|| "instance".to_string());
        return Ok(format!("{host}-{}", std::process::id()));
    };
    if id.chars().count() > 64 || !id.chars().all(|c| c.is_ascii_graphic()) {
        return Err(ConfigError {
            var: "STOREFRONT_INSTANCE_ID",
            message: "must be at most 64 printable characters without spaces, e.g. web-1".into(),
        });
    }
    Ok(id)
}

fn http_url(
    var: &'static str,
    value: Option<String>,
    default: &str,
) -> Result<String, ConfigError> {
    let raw = value.unwrap_or_else(|| default.to_string());
    match Url::parse(&raw) {
        Ok(url) if matches!(url.scheme(), "http" | "https") && url.host().is_some() => {
            Ok(raw.trim_end_matches('/').to_string())
        }
        _ => Err(ConfigError {
            var,
            message: "must be an http:// or https:// URL".into(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_lookup(|name| map.get(name).cloned())
    }

    #[test]
    fn defaults_serve_on_localhost_3000_in_mock_mode() {
        let c = config(&[]).unwrap();
        assert_eq!(c.addr, "127.0.0.1:3000".parse().unwrap());
        assert!(!c.credentials.missing().is_empty());
        assert_eq!(c.api_url, DEFAULT_API_URL);
        assert_eq!(c.language, "en");
    }

    #[test]
    fn the_public_address_defaults_to_the_port_the_store_listens_on() {
        // A share link copied from a store started with PORT=8080 must open that store.
        assert_eq!(config(&[]).unwrap().site_url, "http://localhost:3000");
        assert_eq!(
            config(&[("PORT", "8080")]).unwrap().site_url,
            "http://localhost:8080"
        );
        let public = config(&[("PORT", "8080"), ("SITE_URL", "https://shop.example/")]);
        assert_eq!(public.unwrap().site_url, "https://shop.example");
    }

    #[test]
    fn invalid_port_names_the_variable() {
        let err = config(&[("PORT", "abc")]).unwrap_err();
        assert_eq!(err.var, "PORT");
        assert!(err.to_string().contains("PORT"));
    }

    #[test]
    fn placeholders_and_blanks_count_as_unset() {
        let c = config(&[
            ("ALIBABA_APP_KEY", "your-app-key"),
            ("ALIBABA_APP_SECRET", "  "),
        ])
        .unwrap();
        assert_eq!(
            c.credentials.missing(),
            vec!["ALIBABA_APP_KEY", "ALIBABA_APP_SECRET"]
        );
    }

    #[test]
    fn key_and_secret_make_live_mode() {
        let c = config(&[
            ("ALIBABA_APP_KEY", "12345678"),
            ("ALIBABA_APP_SECRET", "s3cr3t"),
        ])
        .unwrap();
        assert!(c.credentials.missing().is_empty());
        assert_eq!(c.credentials.masked_app_key().as_deref(), Some("1234****"));
    }

    #[test]
    fn debug_output_hides_secrets() {
        let c = config(&[
            ("ALIBABA_APP_KEY", "12345678"),
            ("ALIBABA_APP_SECRET", "TOPSECRETVALUE"),
            ("ALIBABA_ACCESS_TOKEN", "TOKENVALUE"),
        ])
        .unwrap();
        let debug = format!("{c:?}");
        assert!(!debug.contains("TOPSECRETVALUE"));
        assert!(!debug.contains("TOKENVALUE"));
    }

    #[test]
    fn short_keys_are_masked_too() {
        assert_eq!(mask("12"), "1****");
        assert_eq!(mask(""), "****");
    }

    #[test]
    fn currency_needs_a_positive_rate() {
        assert_eq!(
            config(&[("DISPLAY_CURRENCY", "USD")]).unwrap_err().var,
            "CNY_RATE"
        );
        assert_eq!(
            config(&[("DISPLAY_CURRENCY", "USD"), ("CNY_RATE", "-1")])
                .unwrap_err()
                .var,
            "CNY_RATE"
        );
        let c = config(&[("DISPLAY_CURRENCY", "usd"), ("CNY_RATE", "0.14")]).unwrap();
        assert_eq!(c.display_currency.unwrap().code, "USD");
    }

    #[test]
    fn pacing_and_cache_settings_have_defaults_and_are_validated() {
        let c = config(&[]).unwrap();
        assert_eq!(c.calls_per_second, 1.0);
        assert_eq!(c.daily_limit, Some(100));
        assert_eq!(c.cache_ttl.search, Duration::from_secs(300));
        assert_eq!(
            config(&[("ALIBABA_DAILY_LIMIT", "0")]).unwrap().daily_limit,
            None
        );
        assert_eq!(
            config(&[("ALIBABA_QPS", "0")]).unwrap_err().var,
            "ALIBABA_QPS"
        );
        assert_eq!(
            config(&[("ALIBABA_QPS", "NaN")]).unwrap_err().var,
            "ALIBABA_QPS"
        );
        assert_eq!(
            config(&[("CACHE_SEARCH_TTL_SECS", "-1")]).unwrap_err().var,
            "CACHE_SEARCH_TTL_SECS"
        );
    }

    #[test]
    fn crawler_user_agents_default_can_be_replaced_or_emptied_and_are_validated() {
        let default = config(&[]).unwrap();
        assert!(default.crawler_user_agents.iter().any(|a| a == "Googlebot"));
        assert!(!default.trust_x_forwarded_for);
        let mine = config(&[("CRAWLER_USER_AGENTS", " MyBot , OtherCrawler ,")]).unwrap();
        assert_eq!(mine.crawler_user_agents, vec!["MyBot", "OtherCrawler"]);
        let none = config(&[("CRAWLER_USER_AGENTS", "none")]).unwrap();
        assert!(none.crawler_user_agents.is_empty());
        let unset = config(&[("CRAWLER_USER_AGENTS", " ")]).unwrap();
        assert_eq!(unset.crawler_user_agents, default.crawler_user_agents);
        let error = config(&[("CRAWLER_USER_AGENTS", "bot\u{7}")]).unwrap_err();
        assert_eq!(error.var, "CRAWLER_USER_AGENTS");
        let error = config(&[("CRAWLER_USER_AGENTS", &"x".repeat(101))]).unwrap_err();
        assert_eq!(error.var, "CRAWLER_USER_AGENTS");
        assert!(
            config(&[("TRUST_X_FORWARDED_FOR", "true")])
                .unwrap()
                .trust_x_forwarded_for
        );
        let error = config(&[("TRUST_X_FORWARDED_FOR", "yes please")]).unwrap_err();
        assert_eq!(error.var, "TRUST_X_FORWARDED_FOR");
    }

    #[test]
    fn featured_keywords_are_comma_separated_and_validated() {
        assert_eq!(config(&[]).unwrap().featured_keywords.len(), 8);
        let c = config(&[("FEATURED_KEYWORDS", " phone  case , 手机,, LED ")]).unwrap();
        assert_eq!(c.featured_keywords, vec!["phone case", "手机", "LED"]);
        assert_eq!(
            config(&[("FEATURED_KEYWORDS", " , ,")]).unwrap_err().var,
            "FEATURED_KEYWORDS"
        );
        let long = "x".repeat(201);
        assert_eq!(
            config(&[("FEATURED_KEYWORDS", &long)]).unwrap_err().var,
            "FEATURED_KEYWORDS"
        );
    }

    #[test]
    fn the_status_page_gets_a_tenth_of_the_daily_budget_at_least_four_calls() {
        assert_eq!(config(&[]).unwrap().status_daily_calls, Some(10));
        let small = config(&[("ALIBABA_DAILY_LIMIT", "20")]).unwrap();
        assert_eq!(small.status_daily_calls, Some(4));
        let unlimited = config(&[("ALIBABA_DAILY_LIMIT", "0")]).unwrap();
        assert_eq!(unlimited.status_daily_calls, None);
        let set = config(&[("STATUS_DAILY_CALLS", "7")]).unwrap();
        assert_eq!(set.status_daily_calls, Some(7));
        assert_eq!(config(&[]).unwrap().status_recheck, Duration::from_secs(60));
    }

    #[test]
    fn the_admin_token_must_be_long_and_is_never_shown() {
        assert_eq!(
            config(&[("STOREFRONT_ADMIN_TOKEN", "short")])
                .unwrap_err()
                .var,
            "STOREFRONT_ADMIN_TOKEN"
        );
        assert!(
            config(&[("STOREFRONT_ADMIN_TOKEN", "your-admin-token")])
                .unwrap()
                .admin_token
                .is_none()
        );
        let c = config(&[("STOREFRONT_ADMIN_TOKEN", "OWNER-TOKEN-0123456789")]).unwrap();
        assert!(c.admin_token.is_some());
        assert!(!format!("{c:?}").contains("OWNER-TOKEN-0123456789"));
    }

    #[test]
    fn the_store_is_a_file_unless_memory_is_asked_for() {
        let c = config(&[]).unwrap();
        assert_eq!(c.store, StoreKind::File);
        assert_eq!(c.store_max_age, Duration::from_secs(30 * 86_400));
        let memory = config(&[("STOREFRONT_STORE", "memory")]).unwrap();
        assert_eq!(memory.store, StoreKind::Memory);
        assert_eq!(
            config(&[("STOREFRONT_STORE", "redis")]).unwrap_err().var,
            "STOREFRONT_STORE"
        );
        assert_eq!(
            config(&[("STORE_MAX_AGE_DAYS", "0")]).unwrap_err().var,
            "STORE_MAX_AGE_DAYS"
        );
    }

    #[test]
    fn redis_is_off_unless_a_redis_url_is_set_and_the_url_never_shows() {
        let c = config(&[]).unwrap();
        assert!(c.redis_url.is_none());
        assert_eq!(c.instances, 1);
        assert_eq!(c.redis_timeout, Duration::from_millis(250));
        assert_eq!(
            config(&[("REDIS_TIMEOUT_MS", "5")]).unwrap_err().var,
            "REDIS_TIMEOUT_MS"
        );
        assert!(!c.instance_id.is_empty());
        let c = config(&[
            ("REDIS_URL", "redis://:REDISPASSWORD@127.0.0.1:6379/0"),
            ("STOREFRONT_INSTANCES", "3"),
            ("STOREFRONT_INSTANCE_ID", "web-2"),
        ])
        .unwrap();
        assert!(c.redis_url.is_some());
        assert_eq!(c.instances, 3);
        assert_eq!(c.instance_id, "web-2");
        assert!(!format!("{c:?}").contains("REDISPASSWORD"));
        assert!(config(&[("REDIS_URL", "redis+unix:///run/redis.sock")]).is_ok());
        for bad in [
            "http://127.0.0.1:6379",
            "127.0.0.1:6379",
            "rediss://:PW@host:6380",
        ] {
            let err = config(&[("REDIS_URL", bad)]).unwrap_err();
            assert_eq!(err.var, "REDIS_URL", "{bad}");
            assert!(!err.to_string().contains("PW@"), "{err}");
        }
        for bad in ["0", "-1", "many", "1001"] {
            assert_eq!(
                config(&[("STOREFRONT_INSTANCES", bad)]).unwrap_err().var,
                "STOREFRONT_INSTANCES"
            );
        }
        assert_eq!(
            config(&[("STOREFRONT_INSTANCE_ID", "web 1")])
                .unwrap_err()
                .var,
            "STOREFRONT_INSTANCE_ID"
        );
    }

    #[test]
    fn image_searches_are_kept_a_day_unless_configured() {
        assert_eq!(
            config(&[]).unwrap().image_search_ttl,
            Duration::from_secs(86_400)
        );
        let c = config(&[("IMAGE_SEARCH_TTL_SECS", "600")]).unwrap();
        assert_eq!(c.image_search_ttl, Duration::from_secs(600));
        for bad in ["0", "-5", "a day"] {
            assert_eq!(
                config(&[("IMAGE_SEARCH_TTL_SECS", bad)]).unwrap_err().var,
                "IMAGE_SEARCH_TTL_SECS"
            );
        }
    }

    #[test]
    fn api_url_must_be_http() {
        assert_eq!(
            config(&[("ALIBABA_API_URL", "ftp://x")]).unwrap_err().var,
            "ALIBABA_API_URL"
        );
        let c = config(&[("ALIBABA_API_URL", "http://127.0.0.1:9/openapi/")]).unwrap();
        assert_eq!(c.api_url, "http://127.0.0.1:9/openapi");
    }

    const ALIBABA: [(&str, &str); 2] = [
        ("ALIBABA_APP_KEY", "12345678"),
        ("ALIBABA_APP_SECRET", "s3cr3t"),
    ];
    const ONEBOUND: [(&str, &str); 2] = [
        ("ONEBOUND_KEY", "t1234567"),
        ("ONEBOUND_SECRET", "ob-s3cr3t"),
    ];

    fn source_for(
        alibaba: bool,
        onebound: bool,
        provider: Option<&str>,
    ) -> Result<SourceChoice, ConfigError> {
        let mut vars: Vec<(&str, &str)> = Vec::new();
        if alibaba {
            vars.extend(ALIBABA);
        }
        if onebound {
            vars.extend(ONEBOUND);
        }
        if let Some(provider) = provider {
            vars.push(("STOREFRONT_PROVIDER", provider));
        }
        config(&vars).map(|c| c.source)
    }

    #[test]
    fn the_source_follows_the_credentials_and_storefront_provider_in_every_combination() {
        use ProviderName::*;
        // 1688 credentials, Onebound credentials, STOREFRONT_PROVIDER → source (None: refused).
        type Case = (bool, bool, Option<&'static str>, Option<ProviderName>);
        let cases: [Case; 16] = [
            (false, false, None, Some(Mock)),
            (true, false, None, Some(Gateway)),
            (false, true, None, Some(Onebound)),
            (true, true, None, Some(Gateway)),
            (false, false, Some("mock"), Some(Mock)),
            (true, false, Some("mock"), Some(Mock)),
            (false, true, Some("mock"), Some(Mock)),
            (true, true, Some("mock"), Some(Mock)),
            (false, false, Some("1688"), None),
            (true, false, Some("1688"), Some(Gateway)),
            (false, true, Some("1688"), None),
            (true, true, Some("1688"), Some(Gateway)),
            (false, false, Some("onebound"), None),
            (true, false, Some("onebound"), None),
            (false, true, Some("onebound"), Some(Onebound)),
            (true, true, Some("ONEBOUND"), Some(Onebound)),
        ];
        for (alibaba, onebound, provider, expected) in cases {
            let got = source_for(alibaba, onebound, provider);
            match expected {
                Some(name) => {
                    let choice =
                        got.unwrap_or_else(|e| panic!("{alibaba} {onebound} {provider:?}: {e}"));
                    assert_eq!(choice.name, name, "{alibaba} {onebound} {provider:?}");
                    assert!(!choice.reason.is_empty());
                }
                None => assert_eq!(
                    got.unwrap_err().var,
                    "STOREFRONT_PROVIDER",
                    "{alibaba} {onebound} {provider:?}"
                ),
            }
        }
        assert_eq!(
            source_for(true, true, Some("taobao")).unwrap_err().var,
            "STOREFRONT_PROVIDER"
        );
        let both = source_for(true, true, None).unwrap();
        assert!(both.reason.contains("default"), "{}", both.reason);
    }

    #[test]
    fn onebound_placeholders_count_as_unset() {
        let c = config(&[
            ("ONEBOUND_KEY", "your-onebound-key"),
            ("ONEBOUND_SECRET", "your-onebound-secret"),
        ])
        .unwrap();
        assert!(!c.onebound.is_configured());
        assert_eq!(c.source.name, ProviderName::Mock);
    }

    #[test]
    fn onebound_settings_have_defaults_and_are_validated() {
        let c = config(&ONEBOUND).unwrap();
        assert_eq!(c.onebound.api_url, DEFAULT_ONEBOUND_API_URL);
        assert_eq!(c.onebound.lang, "en");
        assert_eq!(c.onebound.calls_per_second, 1.0);
        assert_eq!(c.onebound.daily_limit, Some(100));
        assert_eq!(c.onebound.masked_key().as_deref(), Some("t123****"));
        assert_eq!(c.status_daily_calls, Some(10));
        let c = config(&[
            ONEBOUND[0],
            ONEBOUND[1],
            ("ONEBOUND_LANG", "RU"),
            ("ONEBOUND_DAILY_LIMIT", "0"),
        ])
        .unwrap();
        assert_eq!(c.onebound.lang, "ru");
        assert_eq!(c.onebound.daily_limit, None);
        assert_eq!(
            c.status_daily_calls, None,
            "no cap when the source in use has none"
        );
        for (var, value) in [
            ("ONEBOUND_LANG", "de"),
            ("ONEBOUND_QPS", "0"),
            ("ONEBOUND_DAILY_LIMIT", "-1"),
            ("ONEBOUND_API_URL", "ftp://x"),
        ] {
            assert_eq!(config(&[(var, value)]).unwrap_err().var, var);
        }
    }

    #[test]
    fn debug_output_hides_the_onebound_secret() {
        let c = config(&[
            ("ONEBOUND_KEY", "t1234567"),
            ("ONEBOUND_SECRET", "OBSECRETVALUE"),
        ])
        .unwrap();
        assert!(!format!("{c:?}").contains("OBSECRETVALUE"));
    }
}
