//! What every source that calls out over HTTP shares: the HTTP client's settings, a failed
//! attempt ([`Failure`]) and whether to retry it, our own words for transport errors, the one loop
//! of pacing, attempts, logs and retries ([`send`]), and short quotes of upstream text. What an
//! answer means stays with each source.

use std::future::Future;
use std::time::{Duration, Instant};

use serde_json::Value;

use super::pacing::{Throttle, retry_delay};
use super::{Need, ProviderError};

/// Upstream messages quoted in errors are cut to this many characters.
pub const MAX_QUOTED_CHARS: usize = 80;

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

/// The HTTP client of a source: its user agent, `timeout` per attempt, and no redirects (a
/// redirect is not the upstream answering; following one could send the request elsewhere).
pub fn http_client(timeout: Duration) -> reqwest::Result<reqwest::Client> {
    reqwest::Client::builder()
        .user_agent(concat!("storefront/", env!("CARGO_PKG_VERSION")))
        .timeout(timeout)
        .connect_timeout(timeout.min(Duration::from_secs(5)))
        .redirect(reqwest::redirect::Policy::none())
        .build()
}

/// Our own words for a transport error talking to `whom`: reqwest's message would carry the URL.
pub fn network_failure(error: &reqwest::Error, whom: &str) -> Failure {
    if error.is_timeout() {
        Failure::transient("no answer in time")
    } else if error.is_connect() {
        Failure::transient(format!("cannot connect to {whom}"))
    } else {
        Failure::transient(format!("network error while talking to {whom}"))
    }
}

/// How one call is sent: which source (for the logs), which API, how much the page needs it and
/// how often it may be retried.
#[derive(Debug, Clone, Copy)]
pub struct Call<'a> {
    /// The source as the logs name it, e.g. "1688 gateway", "Onebound".
    pub source: &'a str,
    /// The API, as the logs name it (never a secret).
    pub api: &'a str,
    pub need: Need,
    /// Retries after the first attempt, for failures that may pass.
    pub retries: u32,
    /// The first retry waits about this long; each further one twice as long (capped, jittered).
    pub retry_base_delay: Duration,
}

/// Runs `attempt` — one request, its answer classified — within `throttle`, retrying what may
/// pass up to `call.retries` times; a retry after a rate-limit answer waits for the back-off like
/// any call. Every attempt is logged with its outcome and latency.
pub async fn send<F, Fut>(
    throttle: &Throttle,
    call: Call<'_>,
    attempt: F,
) -> Result<Value, ProviderError>
where
    F: Fn() -> Fut,
    Fut: Future<Output = Result<Value, Failure>>,
{
    let Call { source, api, .. } = call;
    let mut number: u32 = 0;
    loop {
        number += 1;
        if let Err(error) = throttle.acquire(call.need).await {
            // Refused here, never sent: routine once the day's budget is spent or while a back-off
            // runs (the throttle says so once), so not a warning for every page asked for.
            tracing::debug!(
                api,
                attempt = number,
                outcome = error.code(),
                "{source} call not sent: {error}"
            );
            return Err(error);
        }
        let started = Instant::now();
        let outcome = attempt().await;
        let latency_ms = started.elapsed().as_millis() as u64;
        // A rate-limit answer pauses every instance (through Redis) before this caller goes on.
        throttle
            .report(outcome.as_ref().map(|_| ()).map_err(|f| &f.error))
            .await;
        match outcome {
            Ok(answer) => {
                tracing::info!(
                    api,
                    attempt = number,
                    latency_ms,
                    outcome = "ok",
                    "{source} call"
                );
                return Ok(answer);
            }
            Err(failure) => {
                let retry = failure.retryable && number <= call.retries;
                if failure.error == ProviderError::NotFound {
                    // An unknown offer or category is an answer, not a fault.
                    tracing::info!(
                        api,
                        attempt = number,
                        latency_ms,
                        outcome = "not_found",
                        "{source} call"
                    );
                } else {
                    tracing::warn!(
                        api,
                        attempt = number,
                        latency_ms,
                        outcome = failure.error.code(),
                        error = %failure.error,
                        retry,
                        "{source} call failed"
                    );
                }
                if !retry {
                    return Err(failure.error);
                }
                tokio::time::sleep(retry_delay(call.retry_base_delay, number - 1)).await;
            }
        }
    }
}

/// A short, single-line quote of upstream text for an error message.
pub fn quote(text: &str) -> String {
    let clean: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(MAX_QUOTED_CHARS)
        .collect();
    if text.chars().count() > MAX_QUOTED_CHARS {
        format!("{clean}…")
    } else {
        clean
    }
}
