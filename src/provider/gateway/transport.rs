//! The one road to the gateway: every call — signed API calls, OAuth token exchanges — passes
//! the pacing ([`Throttle`]), is sent over one HTTP client with its timeouts, has its answer read
//! within a size bound, and is retried when that may help. What an answer means is for the caller
//! to say ([`super::classify`] for the API envelopes).

use std::future::Future;
use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::CONTENT_TYPE;
use serde_json::Value;

use super::GatewayConfig;
use super::client::CallOptions;
use crate::provider::pacing::Throttle;
pub use crate::provider::upstream::Failure;
use crate::provider::upstream::{self, Call, http_client};
use crate::provider::{ProviderError, Usage};

/// Answers larger than this are refused rather than buffered.
pub const MAX_BODY_BYTES: usize = 4 * 1024 * 1024;

/// The HTTP client and the pacing shared by everything that talks to the gateway.
pub struct Transport {
    http: reqwest::Client,
    throttle: Throttle,
    max_retries: u32,
    retry_base_delay: Duration,
}

impl Transport {
    /// Builds the HTTP client; sends nothing.
    pub fn new(config: &GatewayConfig) -> reqwest::Result<Transport> {
        let http = http_client(config.timeout)?;
        Ok(Transport {
            http,
            throttle: Throttle::new(config.pacing.clone()),
            max_retries: config.max_retries,
            retry_base_delay: config.retry_base_delay,
        })
    }

    pub fn usage(&self) -> Usage {
        self.throttle.usage()
    }

    /// Runs `attempt` — one request, its answer classified — within the pacing, retrying
    /// network errors, 5xx and rate limiting (when `options.retry`) up to `max_retries` times with
    /// capped exponential backoff and jitter. A retry after a rate-limit answer waits for the
    /// app-wide back-off like any call. `what` names the call in the logs (never a secret).
    pub async fn send<F, Fut>(
        &self,
        what: &str,
        options: CallOptions,
        attempt: F,
    ) -> Result<Value, ProviderError>
    where
        F: Fn() -> Fut,
        Fut: Future<Output = Result<Value, Failure>>,
    {
        let call = Call {
            source: "1688 gateway",
            api: what,
            need: options.need,
            retries: if options.retry { self.max_retries } else { 0 },
            retry_base_delay: self.retry_base_delay,
        };
        upstream::send(&self.throttle, call, attempt).await
    }

    /// One POST of a form-encoded `body` to `url`; the status and the (bounded) body of the answer.
    pub async fn post_form(
        &self,
        url: &str,
        body: String,
    ) -> Result<(StatusCode, Vec<u8>), Failure> {
        let response = self
            .http
            .post(url)
            .header(
                CONTENT_TYPE,
                "application/x-www-form-urlencoded; charset=UTF-8",
            )
            .body(body)
            .send()
            .await
            .map_err(|e| upstream::network_failure(&e, "the gateway"))?;
        let status = response.status();
        Ok((status, read_body(response).await?))
    }
}

/// The body, at most [`MAX_BODY_BYTES`] of it.
async fn read_body(mut response: reqwest::Response) -> Result<Vec<u8>, Failure> {
    let too_large = || {
        Failure::fatal(ProviderError::Unavailable(format!(
            "the answer is larger than {} MiB",
            MAX_BODY_BYTES / (1024 * 1024)
        )))
    };
    if response
        .content_length()
        .is_some_and(|len| len > MAX_BODY_BYTES as u64)
    {
        return Err(too_large());
    }
    let mut body = Vec::new();
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|e| upstream::network_failure(&e, "the gateway"))?
    {
        if body.len() + chunk.len() > MAX_BODY_BYTES {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}
