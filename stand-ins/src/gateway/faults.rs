//! What benchmarks and soak runs switch on: the app-wide rate limit (a token bucket) and seeded
//! random faults (5xx answers, stalls, truncated bodies), with latency jitter drawn from the same
//! generator so that a run can be repeated.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use http_body_util::BodyExt;

use super::hash::mix64;
use super::protocol::gateway_error;

/// Probabilities (0.0–1.0) of faults injected into gateway calls, drawn per call from a generator
/// seeded with `seed`, so a run can be repeated. At most one fault hits a call.
#[derive(Debug, Clone, PartialEq)]
pub struct Faults {
    /// HTTP 500, 502 or 503 with an HTML body.
    pub server_error: f64,
    /// The answer comes only after `timeout_delay`: longer than any sane client waits.
    pub timeout: f64,
    /// The body stops halfway: either the HTTP framing is complete but the JSON is cut, or the
    /// connection closes before the announced `Content-Length` (one or the other at random).
    pub truncated: f64,
    /// How long a "timeout" fault holds the answer back (default 30 s).
    pub timeout_delay: Duration,
    pub seed: u64,
}

impl Default for Faults {
    fn default() -> Self {
        Faults {
            server_error: 0.0,
            timeout: 0.0,
            truncated: 0.0,
            timeout_delay: Duration::from_secs(30),
            seed: 1,
        }
    }
}

impl Faults {
    fn any(&self) -> bool {
        self.server_error > 0.0 || self.timeout > 0.0 || self.truncated > 0.0
    }
}

/// How many faults of each kind the stand-in injected.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FaultCounts {
    pub server_error: usize,
    pub timeout: usize,
    pub truncated: usize,
}

impl FaultCounts {
    pub fn total(&self) -> usize {
        self.server_error + self.timeout + self.truncated
    }
}

/// A fault drawn for one call.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Fault {
    ServerError,
    Timeout,
    Truncated,
}

/// The app-wide rate limit: calls per second, and the bucket (tokens left, when last refilled).
pub(crate) struct RateLimit {
    max_qps: Option<f64>,
    bucket: Mutex<(f64, Instant)>,
    /// `gw.QosAppFrequencyLimit` answers given, by the limit or by `Behaviour::RateLimited`.
    answered: AtomicUsize,
}

impl RateLimit {
    /// No limit for `None` or a rate that is not positive.
    pub(crate) fn new(max_qps: Option<f64>) -> RateLimit {
        RateLimit {
            max_qps: max_qps.filter(|qps| *qps > 0.0),
            bucket: Mutex::new((max_qps.unwrap_or(0.0).max(1.0), Instant::now())),
            answered: AtomicUsize::new(0),
        }
    }

    /// Takes a token from the bucket; `false` when the call is over the limit.
    pub(crate) fn take_token(&self) -> bool {
        let Some(qps) = self.max_qps else {
            return true;
        };
        let capacity = qps.max(1.0);
        let mut bucket = self.bucket.lock().unwrap();
        let now = Instant::now();
        let refilled = bucket.0 + now.duration_since(bucket.1).as_secs_f64() * qps;
        *bucket = (refilled.min(capacity), now);
        if bucket.0 >= 1.0 {
            bucket.0 -= 1.0;
            true
        } else {
            false
        }
    }

    /// The gateway's rate-limit answer, counted.
    pub(super) fn answer(&self) -> Response {
        self.answered.fetch_add(1, Ordering::Relaxed);
        gateway_error(
            StatusCode::BAD_REQUEST,
            "gw.QosAppFrequencyLimit",
            "App call exceeds limited frequency",
        )
    }

    pub(super) fn answers(&self) -> usize {
        self.answered.load(Ordering::Relaxed)
    }
}

/// The seeded generator (splitmix64) behind fault and jitter draws, and the faults counted.
pub(crate) struct FaultInjector {
    faults: Faults,
    latency_jitter: Duration,
    rng: Mutex<u64>,
    server_errors: AtomicUsize,
    timeouts: AtomicUsize,
    truncations: AtomicUsize,
}

impl FaultInjector {
    pub(crate) fn new(faults: Faults, latency_jitter: Duration) -> FaultInjector {
        FaultInjector {
            rng: Mutex::new(faults.seed),
            faults,
            latency_jitter,
            server_errors: AtomicUsize::new(0),
            timeouts: AtomicUsize::new(0),
            truncations: AtomicUsize::new(0),
        }
    }

    /// How long a timeout fault holds the answer back.
    pub(crate) fn timeout_delay(&self) -> Duration {
        self.faults.timeout_delay
    }

    /// A uniform draw in `0.0..1.0` from the seeded generator (splitmix64).
    fn uniform(&self) -> f64 {
        let mut state = self.rng.lock().unwrap();
        *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        (mix64(*state) >> 11) as f64 / (1u64 << 53) as f64
    }

    /// A random extra delay of up to `latency_jitter`; draws nothing when there is none.
    pub(crate) fn jitter(&self) -> Duration {
        if self.latency_jitter.is_zero() {
            return Duration::ZERO;
        }
        self.latency_jitter.mul_f64(self.uniform())
    }

    /// The fault for this call, if any, counted. Draws nothing when no fault is configured.
    pub(crate) fn draw(&self) -> Option<Fault> {
        let faults = &self.faults;
        if !faults.any() {
            return None;
        }
        let draw = self.uniform();
        let fault = if draw < faults.server_error {
            Fault::ServerError
        } else if draw < faults.server_error + faults.timeout {
            Fault::Timeout
        } else if draw < faults.server_error + faults.timeout + faults.truncated {
            Fault::Truncated
        } else {
            return None;
        };
        let counter = match fault {
            Fault::ServerError => &self.server_errors,
            Fault::Timeout => &self.timeouts,
            Fault::Truncated => &self.truncations,
        };
        counter.fetch_add(1, Ordering::Relaxed);
        Some(fault)
    }

    pub(crate) fn counts(&self) -> FaultCounts {
        FaultCounts {
            server_error: self.server_errors.load(Ordering::Relaxed),
            timeout: self.timeouts.load(Ordering::Relaxed),
            truncated: self.truncations.load(Ordering::Relaxed),
        }
    }

    /// HTTP 500, 502 or 503 with an HTML body, as a failing front end would answer.
    pub(crate) fn server_error_answer(&self) -> Response {
        let (status, text) = match (self.uniform() * 3.0) as u32 {
            0 => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "500 Internal Server Error",
            ),
            1 => (StatusCode::BAD_GATEWAY, "502 Bad Gateway"),
            _ => (
                StatusCode::SERVICE_UNAVAILABLE,
                "503 Service Temporarily Unavailable",
            ),
        };
        (
            status,
            [(header::CONTENT_TYPE, "text/html")],
            format!("<html><head><title>{text}</title></head><body><h1>{text}</h1></body></html>"),
        )
            .into_response()
    }

    /// `response` with its body cut in half: either a complete HTTP answer holding half the JSON,
    /// or the announced length with the connection closed after half of it.
    pub(crate) async fn truncate(&self, response: Response) -> Response {
        let (mut parts, body) = response.into_parts();
        let Ok(full) = axum::body::to_bytes(body, usize::MAX).await else {
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        };
        let half = full.slice(..full.len() / 2);
        if self.uniform() < 0.5 {
            parts.headers.remove(header::CONTENT_LENGTH);
            return Response::from_parts(parts, axum::body::Body::from(half));
        }
        // The announced length, half the bytes, then an error: hyper closes the connection
        // mid-body.
        parts
            .headers
            .insert(header::CONTENT_LENGTH, full.len().into());
        let cut = http_body_util::Full::new(half)
            .map_err(|never: std::convert::Infallible| -> std::io::Error { match never {} })
            .with_trailers(async {
                // A pause first, so hyper sends the head and the first half before the failure.
                tokio::time::sleep(Duration::from_millis(20)).await;
                Some(Err(std::io::Error::new(
                    std::io::ErrorKind::ConnectionAborted,
                    "stand-in: body truncated on purpose",
                )))
            });
        // Through a stream, so that the body's size is unknown to hyper: it then frames the
        // answer by the announced length and closes the connection when the body fails.
        let body = axum::body::Body::from_stream(axum::body::Body::new(cut).into_data_stream());
        Response::from_parts(parts, body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bucket_holds_one_seconds_worth_and_then_refuses() {
        let limit = RateLimit::new(Some(2.0));
        assert!(limit.take_token());
        assert!(limit.take_token());
        assert!(!limit.take_token());
        assert!(RateLimit::new(None).take_token());
        assert!(RateLimit::new(Some(0.0)).take_token(), "0 means no limit");
    }

    #[test]
    fn fault_draws_repeat_with_the_seed_and_are_counted() {
        let faults = Faults {
            server_error: 0.2,
            timeout: 0.2,
            truncated: 0.2,
            ..Faults::default()
        };
        let draws =
            |injector: &FaultInjector| (0..200).map(|_| injector.draw()).collect::<Vec<_>>();
        let first = FaultInjector::new(faults.clone(), Duration::ZERO);
        let drawn = draws(&first);
        assert_eq!(drawn, draws(&FaultInjector::new(faults, Duration::ZERO)));
        let hits = drawn.iter().flatten().count();
        assert_eq!(first.counts().total(), hits);
        assert!((60..180).contains(&hits), "{hits} of 200 at 0.6");
        let none = FaultInjector::new(Faults::default(), Duration::ZERO);
        assert_eq!(none.draw(), None);
        assert_eq!(none.jitter(), Duration::ZERO);
    }
}
