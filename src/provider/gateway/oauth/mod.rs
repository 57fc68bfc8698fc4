//! The 1688 OAuth flow: the owner authorizes the app, the code is exchanged for a token, and the
//! token is refreshed when it is about to expire, the next time a signed call needs it.
//!
//! Token requests take the one road to the gateway ([`Transport`]: pacing, timeouts, bounded
//! answers). The token is kept by [`store::TokenStore`]; a failed or replayed callback never
//! touches what is stored. Who may start the flow is the web layer's business (the owner token).

mod store;

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use async_trait::async_trait;
use moka::policy::EvictionPolicy;
use moka::sync::Cache;
use reqwest::StatusCode;
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use serde_json::Value;
use tokio::sync::Mutex;

use self::store::{Token, TokenStore};
use super::client::CallOptions;
use super::transport::{Failure, Transport};
use super::{GatewayConfig, StaticToken, TokenSource};
use crate::config::Config;
use crate::provider::ProviderError;

/// How long an authorize link (its `state`) stays valid.
const STATE_LIFETIME: Duration = Duration::from_secs(10 * 60);
/// At most this many authorize links are pending at once; the oldest goes first.
const MAX_PENDING_STATES: u64 = 64;
/// Refresh the access token when it has less than this left.
const REFRESH_MARGIN: Duration = Duration::from_secs(10 * 60);
/// How the token endpoint is named in the logs.
const TOKEN_CALL: &str = "system.oauth2:getToken";

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

/// The answer of `system.oauth2/getToken` (numbers arrive as strings or numbers).
#[derive(Deserialize)]
struct TokenAnswer {
    access_token: Option<String>,
    refresh_token: Option<String>,
    expires_in: Option<Value>,
    refresh_token_timeout: Option<Value>,
}

pub struct OAuth {
    app_key: String,
    app_secret: SecretString,
    auth_url: String,
    token_url: String,
    redirect_uri: String,
    transport: Arc<Transport>,
    store: TokenStore,
    /// The `state` of each authorize link given out, until used or expired.
    pending: Cache<String, ()>,
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
    /// The flow for the app of `gateway`, sending through `transport`. Loads a stored token.
    pub fn new(config: &Config, gateway: &GatewayConfig, transport: Arc<Transport>) -> OAuth {
        let store = TokenStore::in_dir(&config.data_dir);
        let token = store.load();
        OAuth {
            token_url: format!(
                "{}/http/1/system.oauth2/getToken/{}",
                gateway.base_url.trim_end_matches('/'),
                gateway.app_key
            ),
            app_key: gateway.app_key.clone(),
            app_secret: gateway.app_secret.clone(),
            auth_url: config.auth_url.clone(),
            redirect_uri: format!("{}/api/callback", config.site_url),
            transport,
            store,
            pending: Cache::builder()
                .max_capacity(MAX_PENDING_STATES)
                .time_to_live(STATE_LIFETIME)
                .eviction_policy(EvictionPolicy::lru())
                .build(),
            token: Mutex::new(token),
        }
    }

    /// A fresh authorize URL with a new single-use `state`.
    pub fn authorize_url(&self) -> String {
        let state = hex::encode(rand::random::<[u8; 16]>());
        self.pending.insert(state.clone(), ());
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
        if self.pending.remove(state).is_none() {
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
        self.store
            .save(&token)
            .await
            .map_err(|e| OAuthError::Storage(e.to_string()))?;
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
                        if let Err(error) = self.store.save(&fresh).await {
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

    /// One unsigned token request (never retried: a code is single use).
    async fn request_token(&self, grant: &[(&str, &str)]) -> Result<Token, OAuthError> {
        let body = form_urlencoded::Serializer::new(String::new())
            .append_pair("client_id", &self.app_key)
            .append_pair("client_secret", self.app_secret.expose_secret())
            .extend_pairs(grant)
            .finish();
        let answer = self
            .transport
            .send(TOKEN_CALL, CallOptions::ONCE, || async {
                let (status, body) = self
                    .transport
                    .post_form(&self.token_url, body.clone())
                    .await?;
                classify_token_answer(status, &body)
            })
            .await
            .map_err(exchange_failed)?;
        let answer: TokenAnswer = serde_json::from_value(answer)
            .map_err(|_| OAuthError::ExchangeFailed("unexpected answer".into()))?;
        let access_token = answer
            .access_token
            .filter(|t| !t.is_empty())
            .ok_or_else(|| OAuthError::ExchangeFailed("no access token in the answer".into()))?;
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

/// The token endpoint's envelope: a token, or HTTP 400 `{"error","error_description"}`.
fn classify_token_answer(status: StatusCode, body: &[u8]) -> Result<Value, Failure> {
    if status.is_server_error() {
        return Err(Failure::transient(format!("HTTP {}", status.as_u16())));
    }
    let Ok(json) = serde_json::from_slice::<Value>(body) else {
        return Err(Failure::fatal(ProviderError::Unavailable(format!(
            "unexpected answer (HTTP {})",
            status.as_u16()
        ))));
    };
    if let Some(error) = json.get("error").and_then(Value::as_str) {
        let description = json
            .get("error_description")
            .and_then(Value::as_str)
            .unwrap_or_default();
        return Err(Failure::fatal(ProviderError::BadRequest(short(&format!(
            "{error} {description}"
        )))));
    }
    if !status.is_success() {
        return Err(Failure::fatal(ProviderError::BadRequest(format!(
            "HTTP {}",
            status.as_u16()
        ))));
    }
    Ok(json)
}

/// Why a token request failed, in the words of the callback page.
fn exchange_failed(error: ProviderError) -> OAuthError {
    OAuthError::ExchangeFailed(match error {
        ProviderError::BadRequest(reason) => reason,
        ProviderError::Unavailable(reason) => {
            format!("could not reach the token endpoint ({reason})")
        }
        other => other.to_string(),
    })
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

/// The access token for signed calls: the one stored through OAuth when there is one (it is the
/// most recent), otherwise `ALIBABA_ACCESS_TOKEN`.
pub struct Tokens {
    pub oauth: Option<Arc<OAuth>>,
    pub fixed: StaticToken,
}

#[async_trait]
impl TokenSource for Tokens {
    async fn access_token(&self) -> Option<SecretString> {
        if let Some(oauth) = &self.oauth
            && let Some(token) = oauth.access_token().await
        {
            return Some(token);
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
}
