//! The 1688 OAuth flow: authorize, exchange the code, store and refresh the token.
//!
//! The token lives in `STOREFRONT_DATA_DIR/oauth-token.json`, readable by the owner only. A failed
//! or replayed callback never touches what is stored. The access token is refreshed when it is
//! about to expire, the next time a signed call needs it.

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use tokio::sync::Mutex;

use std::sync::Arc;

use async_trait::async_trait;

use crate::config::Config;
use crate::provider::gateway::{StaticToken, TokenSource};

/// How long an authorize link (its `state`) stays valid.
const STATE_LIFETIME: Duration = Duration::from_secs(10 * 60);
/// At most this many authorize links are pending at once; the oldest is dropped first.
const MAX_PENDING_STATES: usize = 64;
/// Refresh the access token when it has less than this left.
const REFRESH_MARGIN: Duration = Duration::from_secs(10 * 60);
const TOKEN_FILE: &str = "oauth-token.json";

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum OAuthError {
    #[error("OAuth needs ALIBABA_APP_KEY and ALIBABA_APP_SECRET to be configured first")]
    NotConfigured,
    #[error("the callback is missing its `{0}` parameter")]
    MissingParameter(&'static str),
    #[error(
        "this authorization link is unknown, expired or was already used; start again from /auth/1688"
    )]
    UnknownState,
    #[error("1688 did not authorize the app: {0}")]
    Denied(String),
    #[error("1688 refused the authorization code: {0}")]
    ExchangeFailed(String),
    #[error("the token could not be saved: {0}")]
    Storage(String),
}

/// A token as 1688 hands it out. `Debug` shows no secret.
#[derive(Clone)]
struct Token {
    access_token: SecretString,
    refresh_token: Option<SecretString>,
    /// Unix seconds.
    expires_at: u64,
    refresh_expires_at: Option<u64>,
}

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Token")
            .field("expires_at", &self.expires_at)
            .finish_non_exhaustive()
    }
}

/// The file format; only ever built right before writing or right after reading.
#[derive(Serialize, Deserialize)]
struct TokenFile {
    access_token: String,
    refresh_token: Option<String>,
    expires_at: u64,
    refresh_expires_at: Option<u64>,
}

/// The answer of `system.oauth2/getToken` (numbers arrive as strings or numbers).
#[derive(Deserialize)]
struct TokenAnswer {
    access_token: Option<String>,
    refresh_token: Option<String>,
    expires_in: Option<serde_json::Value>,
    refresh_token_timeout: Option<serde_json::Value>,
    error: Option<String>,
    error_description: Option<String>,
}

pub struct OAuth {
    app_key: String,
    app_secret: SecretString,
    auth_url: String,
    token_url: String,
    redirect_uri: String,
    file: PathBuf,
    http: reqwest::Client,
    pending: std::sync::Mutex<HashMap<String, Instant>>,
    /// Held while refreshing, so concurrent callers refresh once.
    token: Mutex<Option<Token>>,
}

impl std::fmt::Debug for OAuth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OAuth")
            .field("auth_url", &self.auth_url)
            .field("redirect_uri", &self.redirect_uri)
            .finish_non_exhaustive()
    }
}

impl OAuth {
    /// `None` unless the app key and secret are configured. Loads a previously stored token.
    pub fn from_config(config: &Config) -> Option<OAuth> {
        let app_key = config.credentials.app_key.clone()?;
        let app_secret = config.credentials.app_secret.clone()?;
        let file = config.data_dir.join(TOKEN_FILE);
        let token = load(&file);
        Some(OAuth {
            token_url: format!("{}/http/1/system.oauth2/getToken/{app_key}", config.api_url),
            app_key,
            app_secret,
            auth_url: config.auth_url.clone(),
            redirect_uri: format!("{}/api/callback", config.site_url),
            file,
            http: reqwest::Client::builder()
                .timeout(Duration::from_secs(15))
                .build()
                .unwrap_or_default(),
            pending: std::sync::Mutex::new(HashMap::new()),
            token: Mutex::new(token),
        })
    }

    /// A fresh authorize URL with a new single-use `state`.
    pub fn authorize_url(&self) -> String {
        let state = hex::encode(rand::random::<[u8; 16]>());
        {
            let mut pending = self.pending.lock().unwrap_or_else(|e| e.into_inner());
            pending.retain(|_, issued| issued.elapsed() < STATE_LIFETIME);
            if pending.len() >= MAX_PENDING_STATES {
                if let Some(oldest) = pending
                    .iter()
                    .min_by_key(|(_, issued)| **issued)
                    .map(|(s, _)| s.clone())
                {
                    pending.remove(&oldest);
                }
            }
            pending.insert(state.clone(), Instant::now());
        }
        let query = form_urlencoded::Serializer::new(String::new())
            .append_pair("client_id", &self.app_key)
            .append_pair("site", "1688")
            .append_pair("redirect_uri", &self.redirect_uri)
            .append_pair("state", &state)
            .finish();
        format!("{}?{query}", self.auth_url)
    }

    /// Handles `/api/callback`: checks `state` (single use), exchanges `code`, stores the token.
    pub async fn callback(
        &self,
        code: Option<&str>,
        state: Option<&str>,
        error: Option<&str>,
    ) -> Result<(), OAuthError> {
        let state = state
            .filter(|s| !s.is_empty())
            .ok_or(OAuthError::MissingParameter("state"))?;
        let known = {
            let mut pending = self.pending.lock().unwrap_or_else(|e| e.into_inner());
            pending
                .remove(state)
                .is_some_and(|issued| issued.elapsed() < STATE_LIFETIME)
        };
        if !known {
            return Err(OAuthError::UnknownState);
        }
        if let Some(error) = error.filter(|e| !e.is_empty()) {
            return Err(OAuthError::Denied(short(error)));
        }
        let code = code
            .filter(|c| !c.is_empty())
            .ok_or(OAuthError::MissingParameter("code"))?;
        let token = self
            .request_token(&[
                ("grant_type", "authorization_code"),
                ("need_refresh_token", "true"),
                ("code", code),
                ("redirect_uri", &self.redirect_uri),
            ])
            .await?;
        save(self.file.clone(), &token).await?;
        *self.token.lock().await = Some(token);
        tracing::info!("1688 authorization stored");
        Ok(())
    }

    /// The stored access token, refreshed first when it is about to expire.
    pub async fn access_token(&self) -> Option<SecretString> {
        let mut guard = self.token.lock().await;
        let token = guard.as_ref()?;
        let now = unix_now();
        if token.expires_at > now + REFRESH_MARGIN.as_secs() {
            return Some(token.access_token.clone());
        }
        if let Some(refresh) = token.refresh_token.clone() {
            let refresh_alive = token.refresh_expires_at.is_none_or(|t| t > now);
            if refresh_alive {
                match self
                    .request_token(&[
                        ("grant_type", "refresh_token"),
                        ("refresh_token", refresh.expose_secret()),
                    ])
                    .await
                {
                    Ok(mut fresh) => {
                        // 1688 does not always send a new refresh token; keep the old one then.
                        if fresh.refresh_token.is_none() {
                            fresh.refresh_token = Some(refresh);
                            fresh.refresh_expires_at = token.refresh_expires_at;
                        }
                        if let Err(error) = save(self.file.clone(), &fresh).await {
                            tracing::warn!(%error, "refreshed token could not be saved");
                        }
                        tracing::info!("1688 access token refreshed");
                        let access = fresh.access_token.clone();
                        *guard = Some(fresh);
                        return Some(access);
                    }
                    Err(error) => tracing::warn!(%error, "1688 token refresh failed"),
                }
            }
        }
        let token = guard.as_ref()?;
        (token.expires_at > now).then(|| token.access_token.clone())
    }

    /// Whether a token is stored (valid or not).
    pub async fn has_token(&self) -> bool {
        self.token.lock().await.is_some()
    }

    async fn request_token(&self, grant: &[(&str, &str)]) -> Result<Token, OAuthError> {
        let mut form: Vec<(&str, &str)> = vec![
            ("client_id", &self.app_key),
            ("client_secret", self.app_secret.expose_secret()),
        ];
        form.extend_from_slice(grant);
        let response = self
            .http
            .post(&self.token_url)
            .form(&form)
            .send()
            .await
            .map_err(|e| {
                OAuthError::ExchangeFailed(format!(
                    "could not reach the token endpoint ({})",
                    if e.is_timeout() {
                        "timeout"
                    } else {
                        "network error"
                    }
                ))
            })?;
        let status = response.status();
        let body = response.bytes().await.map_err(|_| {
            OAuthError::ExchangeFailed("the token endpoint's answer was cut off".into())
        })?;
        let answer: TokenAnswer = serde_json::from_slice(&body).map_err(|_| {
            OAuthError::ExchangeFailed(format!("unexpected answer (HTTP {})", status.as_u16()))
        })?;
        if let Some(error) = answer.error {
            let description = answer.error_description.unwrap_or_default();
            return Err(OAuthError::ExchangeFailed(short(&format!(
                "{error} {description}"
            ))));
        }
        let access_token = answer
            .access_token
            .filter(|t| !t.is_empty() && status.is_success())
            .ok_or_else(|| {
                OAuthError::ExchangeFailed(format!(
                    "no access token in the answer (HTTP {})",
                    status.as_u16()
                ))
            })?;
        let now = unix_now();
        Ok(Token {
            access_token: SecretString::from(access_token),
            refresh_token: answer
                .refresh_token
                .filter(|t| !t.is_empty())
                .map(SecretString::from),
            expires_at: now + seconds(answer.expires_in.as_ref()).unwrap_or(36_000),
            refresh_expires_at: answer
                .refresh_token_timeout
                .as_ref()
                .and_then(refresh_deadline),
        })
    }
}

/// `expires_in` arrives as `"36000"` or `36000`.
fn seconds(value: Option<&serde_json::Value>) -> Option<u64> {
    match value? {
        serde_json::Value::String(s) => s.trim().parse().ok(),
        serde_json::Value::Number(n) => n.as_u64(),
        _ => None,
    }
}

/// `refresh_token_timeout` is a time like `20270101000000000+0800` (`yyyyMMddHHmmssSSS` and the
/// offset, China time); anything unparseable is `None`.
fn refresh_deadline(value: &serde_json::Value) -> Option<u64> {
    let text = value.as_str()?.trim();
    // The milliseconds stand between the seconds and the offset, without a separator.
    let (local, offset) = (text.get(..14)?, text.get(17..)?);
    let millis = text.get(14..17)?;
    if !millis.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let time = jiff::fmt::strtime::parse("%Y%m%d%H%M%S%z", format!("{local}{offset}")).ok()?;
    u64::try_from(time.to_timestamp().ok()?.as_second()).ok()
}

fn short(text: &str) -> String {
    let cleaned: String = text.chars().filter(|c| !c.is_control()).take(200).collect();
    cleaned.trim().to_string()
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

fn load(file: &PathBuf) -> Option<Token> {
    let text = std::fs::read_to_string(file).ok()?;
    match serde_json::from_str::<TokenFile>(&text) {
        Ok(stored) => Some(Token {
            access_token: SecretString::from(stored.access_token),
            refresh_token: stored.refresh_token.map(SecretString::from),
            expires_at: stored.expires_at,
            refresh_expires_at: stored.refresh_expires_at,
        }),
        Err(_) => {
            tracing::warn!(file = %file.display(), "ignoring an unreadable OAuth token file");
            None
        }
    }
}

/// Writes the token file readable by the owner only, atomically (temp file + rename), on a
/// blocking thread: file I/O never stalls the async workers.
async fn save(file: PathBuf, token: &Token) -> Result<(), OAuthError> {
    let contents = serde_json::to_vec(&TokenFile {
        access_token: token.access_token.expose_secret().to_string(),
        refresh_token: token
            .refresh_token
            .as_ref()
            .map(|t| t.expose_secret().to_string()),
        expires_at: token.expires_at,
        refresh_expires_at: token.refresh_expires_at,
    })
    .map_err(|e| OAuthError::Storage(e.to_string()))?;
    tokio::task::spawn_blocking(move || write_owner_only(&file, &contents))
        .await
        .map_err(|_| OAuthError::Storage("the writing task stopped".into()))?
}

fn write_owner_only(file: &PathBuf, contents: &[u8]) -> Result<(), OAuthError> {
    let storage = |e: std::io::Error| OAuthError::Storage(e.kind().to_string());
    let dir = file.parent().unwrap_or(std::path::Path::new("."));
    std::fs::create_dir_all(dir).map_err(storage)?;
    let temp = file.with_extension("json.tmp");
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    {
        use std::io::Write;
        let mut out = options.open(&temp).map_err(storage)?;
        out.write_all(contents).map_err(storage)?;
        out.sync_all().map_err(storage)?;
    }
    std::fs::rename(&temp, file).map_err(storage)
}

/// The access token for signed calls: the one stored through OAuth when there is one (it is the
/// most recent), otherwise `ALIBABA_ACCESS_TOKEN`.
pub struct Tokens {
    pub oauth: Option<Arc<OAuth>>,
    pub fixed: StaticToken,
}

#[async_trait]
impl TokenSource for Tokens {
    async fn access_token(&self) -> Option<SecretString> {
        if let Some(oauth) = &self.oauth {
            if let Some(token) = oauth.access_token().await {
                return Some(token);
            }
        }
        self.fixed.access_token().await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refresh_deadline_reads_date_time_and_china_offset() {
        // 2027-01-01 00:00:00 in China is 2026-12-31 16:00:00 UTC.
        let value = serde_json::json!("20270101000000000+0800");
        assert_eq!(refresh_deadline(&value), Some(1_798_761_600 - 8 * 3600));
        let afternoon = serde_json::json!("20270101153045123+0800");
        assert_eq!(
            refresh_deadline(&afternoon),
            Some(1_798_761_600 - 8 * 3600 + 15 * 3600 + 30 * 60 + 45)
        );
        for garbage in [
            "garbage",
            "20270101",
            "2027010100000000x+0800",
            "20271301000000000+0800",
        ] {
            assert_eq!(
                refresh_deadline(&serde_json::json!(garbage)),
                None,
                "{garbage}"
            );
        }
    }

    #[test]
    fn expires_in_is_read_from_strings_and_numbers() {
        assert_eq!(seconds(Some(&serde_json::json!("36000"))), Some(36000));
        assert_eq!(seconds(Some(&serde_json::json!(7200))), Some(7200));
        assert_eq!(seconds(Some(&serde_json::json!("soon"))), None);
    }

    #[test]
    fn token_debug_shows_no_secret() {
        let token = Token {
            access_token: SecretString::from("ACCESS-123"),
            refresh_token: Some(SecretString::from("REFRESH-456")),
            expires_at: 1,
            refresh_expires_at: None,
        };
        let debug = format!("{token:?}");
        assert!(!debug.contains("ACCESS-123") && !debug.contains("REFRESH-456"));
    }
}
