//! The one road to the gateway: every call — signed API calls, OAuth token exchanges — passes
//! the pacing ([`Throttle`]), is sent over one HTTP client with its timeouts, has its answer read
//! within a size bound, and is retried when that may help. What an answer means is for the caller
//! to say ([`super::classify`] for the API envelopes).

use std::future::Future;
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use reqwest::header::CONTENT_TYPE;
use serde_json::Value;

use super::GatewayConfig;
use super::client::CallOptions;
use crate::provider::pacing::Throttle;
use crate::provider::{ProviderError, Usage};

/// Answers larger than this are refused rather than buffered.
pub const MAX_BODY_BYTES: usize = 4 * 1024 * 1024;
/// No single wait between retries is longer than this.
const MAX_RETRY_DELAY: Duration = Duration::from_secs(10);

/// A failed attempt, and whether trying again may help.
#[derive(Debug, PartialEq)]
pub struct Failure {
    pub error: ProviderError,
    pub retryable: bool,
}

impl Failure {
    /// A failure that a retry cannot mend (rate limiting excepted: after the back-off it may pass).
    pub fn fatal(error: ProviderError) -> Self {
        let retryable = error == ProviderError::RateLimited;
        Failure { error, retryable }
    }

    /// A network error or a 5xx: worth another attempt.
    pub fn transient(message: impl Into<String>) -> Self {
        Failure {
            error: ProviderError::Unavailable(message.into()),
            retryable: true,
        }
    }
}

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
        let http = reqwest::Client::builder()
            .user_agent(concat!("storefront/", env!("CARGO_PKG_VERSION")))
            .timeout(config.timeout)
            .connect_timeout(config.timeout.min(Duration::from_secs(5)))
            // A redirect is not the gateway answering; following one could send the form elsewhere.
            .redirect(reqwest::redirect::Policy::none())
            .build()?;
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
        let mut number: u32 = 0;
        loop {
            number += 1;
            if let Err(error) = self.throttle.acquire(options.need).await {
                tracing::warn!(
                    api = what,
                    attempt = number,
                    outcome = error.code(),
                    "1688 gateway call not sent: {error}"
                );
                return Err(error);
            }
            let started = Instant::now();
            let outcome = attempt().await;
            let latency_ms = started.elapsed().as_millis() as u64;
            // A rate-limit answer pauses every instance before this caller goes on.
            self.throttle
                .report(outcome.as_ref().map(|_| ()).map_err(|f| &f.error))
                .await;
            match outcome {
                Ok(answer) => {
                    tracing::info!(
                        api = what,
                        attempt = number,
                        latency_ms,
                        outcome = "ok",
                        "1688 gateway call"
                    );
                    return Ok(answer);
                }
                Err(failure) => {
                    let retry = options.retry && failure.retryable && number <= self.max_retries;
                    if failure.error == ProviderError::NotFound {
                        // An unknown offer or category is an answer, not a fault.
                        tracing::info!(
                            api = what,
                            attempt = number,
                            latency_ms,
                            outcome = "not_found",
                            "1688 gateway call"
                        );
                    } else {
                        tracing::warn!(
                            api = what,
                            attempt = number,
                            latency_ms,
                            outcome = failure.error.code(),
                            error = %failure.error,
                            retry,
                            "1688 gateway call failed"
                        );
                    }
                    if !retry {
                        return Err(failure.error);
                    }
                    tokio::time::sleep(retry_delay(self.retry_base_delay, number - 1)).await;
                }
            }
        }
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
            .map_err(|e| network_failure(&e))?;
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
    while let Some(chunk) = response.chunk().await.map_err(|e| network_failure(&e))? {
        if body.len() + chunk.len() > MAX_BODY_BYTES {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// Our own words for a transport error: reqwest's message would carry the URL.
fn network_failure(error: &reqwest::Error) -> Failure {
    if error.is_timeout() {
        Failure::transient("no answer in time")
    } else if error.is_connect() {
        Failure::transient("cannot connect to the gateway")
    } else {
        Failure::transient("network error while talking to the gateway")
    }
}

/// The wait before retry number `retry` (0-based): `base · 2^retry`, capped, of which the upper half is
/// random ("equal jitter"), so that callers throttled together do not retry together.
fn retry_delay(base: Duration, retry: u32) -> Duration {
    let ceiling = base
        .saturating_mul(2u32.saturating_pow(retry.min(20)))
        .min(MAX_RETRY_DELAY);
    let half = ceiling / 2;
    half + half.mul_f64(rand::random::<f64>())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_delays_grow_exponentially_with_jitter_and_a_cap() {
        let base = Duration::from_millis(100);
        for _ in 0..50 {
            let first = retry_delay(base, 0);
            assert!(first >= Duration::from_millis(50) && first <= base);
            let third = retry_delay(base, 2);
            assert!(third >= Duration::from_millis(200) && third <= Duration::from_millis(400));
            let late = retry_delay(base, 30);
            assert!(late >= MAX_RETRY_DELAY / 2 && late <= MAX_RETRY_DELAY);
        }
    }
}
