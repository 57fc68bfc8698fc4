//! Onebound's APIs and the one function that calls them: pace → GET with the key and secret →
//! read the (bounded) body → classify ([`super::classify`]) → decode; retried when that may help.
//!
//! Onebound takes the secret as a query parameter, so the request URL is a secret. It exists only
//! inside [`Client::attempt`]; what may be logged is [`redact`]ed, and transport errors are put in
//! our own words (reqwest's would quote the URL).

use http_body_util::{BodyExt, LengthLimitError, Limited};
use reqwest::Url;
use secrecy::ExposeSecret;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::OneboundConfig;
use super::classify::{Failure, classify};
use crate::provider::pacing::Throttle;
use crate::provider::upstream::{self, Call, http_client};
use crate::provider::{Need, ProviderError, Usage};

/// Answers larger than this are refused rather than buffered.
pub const MAX_BODY_BYTES: usize = 4 * 1024 * 1024;

/// One of Onebound's 1688 APIs: `/1688/{name}/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Api {
    pub name: &'static str,
    /// Whether "not found" can be this API's answer (a lookup by id).
    pub is_lookup: bool,
}

pub const ITEM_SEARCH: Api = Api {
    name: "item_search",
    is_lookup: false,
};

pub const ITEM_GET: Api = Api {
    name: "item_get",
    is_lookup: true,
};

/// Calls of Onebound's APIs, paced by their own [`Throttle`].
pub struct Client {
    http: reqwest::Client,
    throttle: Throttle,
    config: OneboundConfig,
}

impl Client {
    /// Builds the HTTP client; sends nothing.
    pub fn new(config: OneboundConfig) -> reqwest::Result<Client> {
        // No redirects (see `http_client`): following one would carry the secret along.
        let http = http_client(config.timeout)?;
        Ok(Client {
            http,
            throttle: Throttle::new(config.pacing.clone()),
            config,
        })
    }

    pub fn config(&self) -> &OneboundConfig {
        &self.config
    }

    pub fn usage(&self) -> Usage {
        self.throttle.usage()
    }

    /// Calls `api` with `params` for a page (or a block of one, `need`) and decodes the answer.
    /// A required call is retried after network errors, 5xx and rate limiting; an optional one is
    /// tried once.
    pub async fn call<T: DeserializeOwned>(
        &self,
        api: &Api,
        params: &[(&str, String)],
        need: Need,
    ) -> Result<T, ProviderError> {
        let retries = match need {
            Need::Required => self.config.max_retries,
            Need::Optional => 0,
        };
        self.call_with(api, params, need, retries).await
    }

    /// One attempt, never retried: a diagnostic check costs exactly one call.
    pub async fn call_once<T: DeserializeOwned>(
        &self,
        api: &Api,
        params: &[(&str, String)],
    ) -> Result<T, ProviderError> {
        self.call_with(api, params, Need::Required, 0).await
    }

    async fn call_with<T: DeserializeOwned>(
        &self,
        api: &Api,
        params: &[(&str, String)],
        need: Need,
        retries: u32,
    ) -> Result<T, ProviderError> {
        let call = Call {
            source: "Onebound",
            api: api.name,
            need,
            retries,
            retry_base_delay: self.config.retry_base_delay,
        };
        let answer = upstream::send(&self.throttle, call, || self.attempt(api, params)).await?;
        serde_json::from_value(answer).map_err(|_| {
            ProviderError::Unavailable(format!(
                "unexpected answer from Onebound {}: not the documented shape",
                api.name
            ))
        })
    }

    /// One GET of `api`, its answer read (bounded) and classified. The only place the request
    /// URL, which holds the secret, exists.
    async fn attempt(&self, api: &Api, params: &[(&str, String)]) -> Result<Value, Failure> {
        let base = format!(
            "{}/1688/{}/",
            self.config.base_url.trim_end_matches('/'),
            api.name
        );
        let mut url = Url::parse(&base).map_err(|_| {
            Failure::fatal(ProviderError::Unavailable(
                "ONEBOUND_API_URL is not a usable URL".into(),
            ))
        })?;
        url.query_pairs_mut()
            .append_pair("key", &self.config.key)
            .append_pair("secret", self.config.secret.expose_secret())
            .extend_pairs(params.iter().filter(|(_, v)| !v.is_empty()))
            .append_pair("lang", &self.config.lang)
            // Onebound's own cache (its default) stays on: it answers faster and costs it less.
            .append_pair("cache", "yes")
            .append_pair("result_type", "json");
        tracing::debug!(api = api.name, url = %redact(url.as_str()), "Onebound request");
        let response = self
            .http
            .get(url)
            .send()
            .await
            .map_err(|e| upstream::network_failure(&e, "Onebound"))?;
        let status = response.status();
        let body = read_body(response).await?;
        classify(status, &body, api)
    }
}

/// The body, at most [`MAX_BODY_BYTES`] of it.
async fn read_body(response: reqwest::Response) -> Result<Vec<u8>, Failure> {
    let body = axum::http::Response::from(response).into_body();
    match Limited::new(body, MAX_BODY_BYTES).collect().await {
        Ok(collected) => Ok(collected.to_bytes().to_vec()),
        Err(error) if error.downcast_ref::<LengthLimitError>().is_some() => {
            Err(Failure::fatal(ProviderError::Unavailable(format!(
                "the answer is larger than {} MiB",
                MAX_BODY_BYTES / (1024 * 1024)
            ))))
        }
        Err(_) => Err(Failure::transient("the answer broke off")),
    }
}

/// `url` for logs: the value of every `secret` parameter replaced by `***`, the `key` masked.
pub fn redact(url: &str) -> String {
    let Ok(mut parsed) = Url::parse(url) else {
        return "(unparseable URL)".into();
    };
    let pairs: Vec<(String, String)> = parsed
        .query_pairs()
        .map(|(k, v)| {
            let v = match k.as_ref() {
                "secret" => "***".into(),
                "key" => crate::config::mask(&v),
                _ => v.into_owned(),
            };
            (k.into_owned(), v)
        })
        .collect();
    parsed.query_pairs_mut().clear().extend_pairs(pairs);
    parsed.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redaction_hides_the_secret_and_keeps_the_rest() {
        let url =
            "https://api-gw.onebound.cn/1688/item_get/?key=t1234567&secret=TOPSECRET%26x&num_iid=7";
        let redacted = redact(url);
        assert!(!redacted.contains("TOPSECRET"), "{redacted}");
        assert!(
            redacted.contains("secret=***") || redacted.contains("secret=%2A%2A%2A"),
            "{redacted}"
        );
        assert!(
            redacted.contains("num_iid=7") && !redacted.contains("t1234567"),
            "{redacted}"
        );
        assert_eq!(redact("not a url"), "(unparseable URL)");
    }

    #[tokio::test]
    async fn a_refused_connection_is_unavailable_and_names_no_url() {
        // Port 9 (discard) is closed here: the attempt fails to connect.
        let client = Client::new(super::super::tests::config()).unwrap();
        let error = client
            .call_once::<Value>(&ITEM_GET, &[("num_iid", "1".into())])
            .await
            .unwrap_err();
        assert!(
            matches!(&error, ProviderError::Unavailable(m) if m.contains("connect")),
            "{error}"
        );
        assert!(!error.to_string().contains("TOPSECRETVALUE"));
        assert!(!error.to_string().contains("127.0.0.1"));
    }
}
