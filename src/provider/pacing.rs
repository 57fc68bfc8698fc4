//! Pacing of every upstream call: one rate limiter, a daily budget, and an app-wide back-off after
//! the upstream says it is rate limiting us (1688: `gw.QosAppFrequencyLimit`).
//!
//! Upstream plans are small (a free 1688 plan: 100 calls a day at 1 call per second) and the
//! gateway punishes bursts, so every attempt — retries and probes included — passes
//! [`Throttle::acquire`]. Any source that calls out (the 1688 gateway, a third-party API) paces
//! its calls with its own [`Throttle`].
//!
//! With [`Pacing::shared`] (`REDIS_URL`), the rate, the daily budget and the back-off belong to
//! every instance together ([`SharedPacing`]); while Redis cannot be reached, this instance paces
//! alone at its share of the rate (`ALIBABA_QPS` / `STOREFRONT_INSTANCES`) and of what is left
//! of the day's budget, and adds the calls it made to the shared count when Redis is back.

use std::collections::VecDeque;
use std::num::NonZeroU32;
use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime};

use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};
use jiff::civil::Date;

use crate::china_time;
use crate::provider::shared::pacing::{Ask, Grant, SharedPacing};
use crate::provider::{LastError, Need, ProviderError, Usage};

/// How calls to the gateway are paced.
#[derive(Debug, Clone, PartialEq)]
pub struct Pacing {
    /// `ALIBABA_QPS`: calls per second; `None` for no limit (tests).
    pub calls_per_second: Option<f64>,
    /// Calls that may go out at once after a quiet spell.
    pub burst: u32,
    /// `ALIBABA_DAILY_LIMIT`: calls per day (China time); `None` for no limit.
    pub daily_limit: Option<u32>,
    /// A required call that would wait longer than this for a slot is refused with
    /// [`ProviderError::Throttled`] instead of leaving a page hanging (an optional one never waits).
    pub max_wait: Duration,
    /// The first app-wide pause after a rate-limit answer; it doubles up to `max_backoff`.
    pub min_backoff: Duration,
    pub max_backoff: Duration,
    /// Calls already made today (China time) before this start, as the store remembers them: a
    /// restart does not hand out a fresh budget.
    pub already_spent_today: u32,
    /// `REDIS_URL`: the rate, the budget and the back-off are shared with every instance through
    /// Redis. `None`: this instance paces on its own.
    pub shared: Option<SharedPacing>,
}

/// Calls are spaced by the interval of `calls_per_second` divided by this: a safety margin, so
/// that network jitter never puts two calls into one of the upstream's one-second windows.
pub const SAFETY_MARGIN: f64 = 0.85;

impl Pacing {
    /// No pacing at all: no rate limit, no budget, no back-off.
    pub fn unlimited() -> Pacing {
        Pacing {
            calls_per_second: None,
            burst: 1,
            daily_limit: None,
            max_wait: Duration::from_secs(2),
            min_backoff: Duration::ZERO,
            max_backoff: Duration::ZERO,
            already_spent_today: 0,
            shared: None,
        }
    }

    /// `calls_per_second`, a daily budget, and a back-off of 10 s doubling up to 120 s after a
    /// rate-limit answer (what practitioners report works).
    ///
    /// The burst is a single call: 1688 counts calls per second, and any burst on top of the rate
    /// puts more than `calls_per_second` calls into some one-second window (the live benchmark
    /// drew `gw.QosAppFrequencyLimit` answers with a burst of two seconds' worth).
    pub fn new(calls_per_second: f64, daily_limit: Option<u32>) -> Pacing {
        Pacing {
            calls_per_second: Some(calls_per_second),
            burst: 1,
            daily_limit,
            max_wait: Duration::from_secs(2),
            min_backoff: Duration::from_secs(10),
            max_backoff: Duration::from_secs(120),
            already_spent_today: 0,
            shared: None,
        }
    }

    /// The time between two calls: the rate's interval with the [`SAFETY_MARGIN`].
    pub fn interval(&self) -> Option<Duration> {
        self.calls_per_second
            .map(|qps| Duration::from_secs_f64(1.0 / (qps.max(0.001) * SAFETY_MARGIN)))
    }
}

pub struct Throttle {
    pacing: Pacing,
    limiter: Option<DefaultDirectRateLimiter>,
    /// With shared pacing: this instance's share of the rate, while Redis cannot be reached.
    alone_limiter: Option<DefaultDirectRateLimiter>,
    state: Mutex<State>,
}

struct State {
    /// The day in China time, and the calls made on it.
    day: Date,
    calls_today: u32,
    /// Start times of the calls of the last minute.
    recent: VecDeque<Instant>,
    backoff_until: Option<Instant>,
    next_backoff: Duration,
    last_error: Option<(SystemTime, ProviderError)>,
    /// Calls made while Redis could not be reached, not yet added to the shared count.
    unshared: u32,
    /// While Redis cannot be reached: the day's count this instance may reach on its own (its
    /// share of what was left when it lost Redis).
    alone_cap: Option<u32>,
    /// Whether the log already said that today's budget is spent (said once a day, not once
    /// per refused call).
    spent_logged: bool,
}

impl State {
    fn refuse_spent(&mut self) -> ProviderError {
        if !self.spent_logged {
            self.spent_logged = true;
            tracing::warn!(
                calls_today = self.calls_today,
                "the day's call budget is spent: pages come from what the store holds until midnight, China time"
            );
        }
        ProviderError::QuotaExhausted
    }
}

/// What the other instances must hear of a call's outcome.
enum News {
    RateLimited,
    WentThroughAfterPause,
}

impl Throttle {
    pub fn new(pacing: Pacing) -> Throttle {
        let burst = pacing.burst.max(1);
        let limiter = pacing
            .interval()
            .and_then(|period| rate_limiter(period, burst));
        let alone_limiter = pacing.shared.as_ref().and_then(|shared| {
            let instances = shared.link().instances().max(1);
            rate_limiter(pacing.interval()? * instances, burst)
        });
        Throttle {
            limiter,
            alone_limiter,
            state: Mutex::new(State {
                day: china_time::today(),
                calls_today: pacing.already_spent_today,
                recent: VecDeque::new(),
                backoff_until: None,
                next_backoff: pacing.min_backoff,
                last_error: None,
                unshared: 0,
                alone_cap: None,
                spent_logged: false,
            }),
            pacing,
        }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Waits (boundedly) for the back-off to end and for a slot, and counts the call; refuses
    /// when that would take longer than `max_wait` — or at all, for an optional call — or when
    /// the day's budget is spent.
    pub async fn acquire(&self, need: Need) -> Result<(), ProviderError> {
        let wait = match need {
            Need::Required => self.pacing.max_wait,
            Need::Optional => Duration::ZERO,
            // A crawler's request never calls out (the store answers it from what it holds).
            Need::Held => return Err(ProviderError::NotHeld),
        };
        let deadline = Instant::now() + wait;
        if let Some(shared) = &self.pacing.shared {
            if let Some(outcome) = self.acquire_shared(shared, deadline).await {
                return outcome;
            }
            // Redis cannot be reached: this instance's share, on its own.
            return self.acquire_here(need, deadline, true).await;
        }
        self.acquire_here(need, deadline, false).await
    }

    /// Paces the call in this process: with the limiter of the whole rate, or — `alone`, when
    /// the pacing is shared but Redis cannot be reached — with this instance's share.
    async fn acquire_here(
        &self,
        need: Need,
        deadline: Instant,
        alone: bool,
    ) -> Result<(), ProviderError> {
        if let Some(until) = self.refuse_if_blocked(alone)? {
            if until > deadline {
                return Err(ProviderError::RateLimited);
            }
            tokio::time::sleep_until(until.into()).await;
        }
        let limiter = if alone {
            &self.alone_limiter
        } else {
            &self.limiter
        };
        if let Some(limiter) = limiter {
            match need {
                Need::Optional | Need::Held => {
                    limiter.check().map_err(|_| ProviderError::Throttled)?
                }
                Need::Required => tokio::time::timeout_at(deadline.into(), limiter.until_ready())
                    .await
                    .map_err(|_| ProviderError::Throttled)?,
            }
        }
        // Checked again: the back-off or the budget may have changed while we waited.
        if self.refuse_if_blocked(alone)?.is_some() {
            return Err(ProviderError::RateLimited);
        }
        let mut state = self.state();
        state.calls_today += 1;
        if alone {
            state.unshared += 1;
        }
        self.count_call(&mut state);
        Ok(())
    }

    /// Paces the call with every other instance, through Redis; `None` when Redis cannot be
    /// used now.
    async fn acquire_shared(
        &self,
        shared: &SharedPacing,
        deadline: Instant,
    ) -> Option<Result<(), ProviderError>> {
        // Whether this call was counted already, by a grant that came back too late to use.
        let mut counted = false;
        loop {
            // What this instance knows already: a pause, a spent budget.
            match self.refuse_if_blocked(false) {
                Err(error) => return Some(Err(error)),
                Ok(Some(until)) if until > deadline => {
                    return Some(Err(ProviderError::RateLimited));
                }
                Ok(Some(until)) => tokio::time::sleep_until(until.into()).await,
                Ok(None) => {}
            }
            let (unshared, floor) = {
                let state = self.state();
                (
                    state.unshared,
                    state.calls_today.saturating_sub(state.unshared),
                )
            };
            let ask = Ask {
                interval: self.pacing.interval(),
                daily_limit: self.pacing.daily_limit,
                calls: unshared + u32::from(!counted),
                floor,
            };
            match shared.acquire(ask).await? {
                grant @ (Grant::Go { calls_today } | Grant::Late { calls_today }) => {
                    let mut state = self.state();
                    state.unshared = state.unshared.saturating_sub(unshared);
                    state.alone_cap = None;
                    state.calls_today = calls_today.max(state.unshared);
                    if matches!(grant, Grant::Late { .. }) {
                        counted = true;
                        continue;
                    }
                    self.count_call(&mut state);
                    return Some(Ok(()));
                }
                Grant::Wait(wait) => {
                    if Instant::now() + wait > deadline {
                        return Some(Err(ProviderError::Throttled));
                    }
                    // Ask again when the slot is due (other instances may take it first).
                    tokio::time::sleep(wait).await;
                }
                Grant::BackingOff(left) => {
                    let until = Instant::now() + left;
                    let mut state = self.state();
                    if state.backoff_until.is_none_or(|known| known < until) {
                        state.backoff_until = Some(until);
                    }
                    if until > deadline {
                        return Some(Err(ProviderError::RateLimited));
                    }
                    // Round again: wait for the pause to end, then ask for a slot.
                }
                Grant::Spent(calls_today) => {
                    let mut state = self.state();
                    state.calls_today = calls_today;
                    return Some(Err(state.refuse_spent()));
                }
            }
        }
    }

    /// Notes a call that goes out now.
    fn count_call(&self, state: &mut State) {
        let now = Instant::now();
        state.recent.push_back(now);
        prune(&mut state.recent, now);
        if let Some(shared) = &self.pacing.shared {
            shared.link().note_own_call();
        }
    }

    /// Refuses when the day's budget is spent — for an instance `alone`, its share of it;
    /// otherwise returns the end of a running back-off (seen here or, with shared pacing, by any
    /// instance).
    fn refuse_if_blocked(&self, alone: bool) -> Result<Option<Instant>, ProviderError> {
        let mut state = self.state();
        let today = china_time::today();
        if state.day != today {
            state.day = today;
            state.calls_today = 0;
            state.unshared = 0;
            state.alone_cap = None;
            state.spent_logged = false;
        }
        let mut limit = self.pacing.daily_limit;
        if alone {
            limit = limit.map(|limit| {
                let instances = self
                    .pacing
                    .shared
                    .as_ref()
                    .map_or(1, |shared| shared.link().instances().max(1));
                let spent = state.calls_today;
                *state
                    .alone_cap
                    .get_or_insert_with(|| alone_cap(limit, spent, instances))
            });
        }
        if limit.is_some_and(|limit| state.calls_today >= limit) {
            return Err(state.refuse_spent());
        }
        let shared_backoff = self
            .pacing
            .shared
            .as_ref()
            .and_then(|shared| shared.snapshot().backoff_until);
        let now = Instant::now();
        Ok(state
            .backoff_until
            .max(shared_backoff)
            .filter(|until| *until > now))
    }

    /// Records the outcome of a call: rate limiting starts (or lengthens) the app-wide back-off.
    /// With shared pacing, the other instances hear of it in the background ([`Throttle::report`]
    /// waits until they have).
    pub fn record(&self, outcome: Result<(), &ProviderError>) {
        if let (Some(news), Some(shared)) = (self.note(outcome), self.pacing.shared.clone()) {
            let (min, max) = (self.pacing.min_backoff, self.pacing.max_backoff);
            tokio::spawn(async move { tell(&shared, news, min, max).await });
        }
    }

    /// Like [`Throttle::record`], and with shared pacing waits (at most one Redis operation)
    /// until every instance knows: a rate-limit answer pauses them all before this call's caller
    /// goes on.
    pub async fn report(&self, outcome: Result<(), &ProviderError>) {
        if let (Some(news), Some(shared)) = (self.note(outcome), &self.pacing.shared) {
            tell(
                shared,
                news,
                self.pacing.min_backoff,
                self.pacing.max_backoff,
            )
            .await;
        }
    }

    /// Records `outcome` here; returns what the other instances must hear of it.
    fn note(&self, outcome: Result<(), &ProviderError>) -> Option<News> {
        let mut state = self.state();
        match outcome {
            Ok(()) | Err(ProviderError::NotFound) => {
                let after_pause = state.next_backoff != self.pacing.min_backoff;
                state.next_backoff = self.pacing.min_backoff;
                after_pause.then_some(News::WentThroughAfterPause)
            }
            Err(error) => {
                state.last_error = Some((SystemTime::now(), error.clone()));
                if *error == ProviderError::RateLimited && !self.pacing.max_backoff.is_zero() {
                    let pause = state.next_backoff;
                    state.backoff_until = Some(Instant::now() + pause);
                    state.next_backoff = (pause * 2).min(self.pacing.max_backoff);
                    tracing::warn!(
                        pause_secs = pause.as_secs(),
                        "the data source answered with its rate limit: pausing all calls to it"
                    );
                    return Some(News::RateLimited);
                }
                None
            }
        }
    }

    /// The figures `/api-status` shows. With shared pacing, the day's calls and the back-off are
    /// every instance's (as last read from Redis), the last minute's calls this instance's, and
    /// the rate this instance's share while Redis cannot be reached.
    pub fn usage(&self) -> Usage {
        let mut state = self.state();
        let now = Instant::now();
        prune(&mut state.recent, now);
        let snapshot = self.pacing.shared.as_ref().map(|shared| shared.snapshot());
        let today = china_time::today();
        let shared_calls = snapshot
            .filter(|s| s.day == Some(today) && state.day == today)
            .map_or(0, |s| s.calls_today);
        let backoff_until = state
            .backoff_until
            .max(snapshot.and_then(|s| s.backoff_until));
        let calls_per_second = match &self.pacing.shared {
            Some(shared) if !shared.link().is_up() => self
                .pacing
                .calls_per_second
                .map(|qps| qps / f64::from(shared.link().instances().max(1))),
            _ => self.pacing.calls_per_second,
        };
        Usage {
            calls_today: state.calls_today.max(shared_calls),
            daily_limit: self.pacing.daily_limit,
            calls_last_minute: state.recent.len() as u32,
            calls_per_second,
            backoff_seconds: backoff_until
                .filter(|until| *until > now)
                .map(|until| (until - now).as_secs().max(1)),
            last_error: state.last_error.as_ref().map(|(at, error)| LastError {
                code: error.code(),
                message: error.to_string(),
                seconds_ago: at.elapsed().map_or(0, |d| d.as_secs()),
            }),
            cache: None,
            store: None,
        }
    }
}

fn rate_limiter(period: Duration, burst: u32) -> Option<DefaultDirectRateLimiter> {
    let burst = NonZeroU32::new(burst)?;
    Some(RateLimiter::direct(
        Quota::with_period(period)?.allow_burst(burst),
    ))
}

/// The day's count an instance that lost Redis may reach on its own: what it knew was spent,
/// and its share of the rest.
fn alone_cap(limit: u32, spent: u32, instances: u32) -> u32 {
    spent + limit.saturating_sub(spent) / instances.max(1)
}

/// Tells every instance, through Redis, what `news` says.
async fn tell(shared: &SharedPacing, news: News, min: Duration, max: Duration) {
    match news {
        News::RateLimited => {
            let _ = shared.back_off(min, max).await;
        }
        News::WentThroughAfterPause => shared.back_off_ended().await,
    }
}

/// No single wait between retries is longer than this.
const MAX_RETRY_DELAY: Duration = Duration::from_secs(10);

/// The wait before retry number `retry` (0-based): `base · 2^retry`, capped, of which the upper half is
/// random ("equal jitter"), so that callers throttled together do not retry together.
pub fn retry_delay(base: Duration, retry: u32) -> Duration {
    let ceiling = base
        .saturating_mul(2u32.saturating_pow(retry.min(20)))
        .min(MAX_RETRY_DELAY);
    let half = ceiling / 2;
    half + half.mul_f64(rand::random::<f64>())
}

fn prune(recent: &mut VecDeque<Instant>, now: Instant) {
    while recent
        .front()
        .is_some_and(|t| now.duration_since(*t) > Duration::from_secs(60))
    {
        recent.pop_front();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_instance_alone_gets_its_share_of_what_is_left_of_the_day() {
        assert_eq!(alone_cap(100, 40, 3), 60);
        assert_eq!(alone_cap(100, 0, 1), 100);
        assert_eq!(alone_cap(5, 5, 2), 5, "nothing left: nothing more");
        assert_eq!(alone_cap(5, 9, 2), 9);
    }

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

    #[tokio::test]
    async fn the_daily_budget_refuses_calls_beyond_it() {
        let throttle = Throttle::new(Pacing {
            daily_limit: Some(2),
            ..Pacing::unlimited()
        });
        assert!(throttle.acquire(Need::Required).await.is_ok());
        assert!(throttle.acquire(Need::Required).await.is_ok());
        assert_eq!(
            throttle.acquire(Need::Required).await,
            Err(ProviderError::QuotaExhausted)
        );
        assert_eq!(throttle.usage().calls_today, 2);
    }

    #[tokio::test]
    async fn a_rate_limit_answer_pauses_every_call_and_doubles_the_pause() {
        let throttle = Throttle::new(Pacing::new(100.0, None));
        throttle.record(Err(&ProviderError::RateLimited));
        assert_eq!(
            throttle.acquire(Need::Required).await,
            Err(ProviderError::RateLimited)
        );
        let usage = throttle.usage();
        assert!(usage.backoff_seconds.is_some_and(|s| s <= 10));
        assert_eq!(usage.last_error.unwrap().code, "rate_limited");
        assert_eq!(throttle.state().next_backoff, Duration::from_secs(20));
    }

    #[tokio::test]
    async fn a_call_that_would_wait_too_long_is_refused() {
        let throttle = Throttle::new(Pacing {
            max_wait: Duration::from_millis(50),
            ..Pacing::new(1.0, None)
        });
        // The first call goes through, the next would wait about a second.
        assert!(throttle.acquire(Need::Required).await.is_ok());
        assert_eq!(
            throttle.acquire(Need::Required).await,
            Err(ProviderError::Throttled)
        );
    }

    #[tokio::test]
    async fn an_optional_call_takes_a_slot_only_if_it_is_free_at_once() {
        let throttle = Throttle::new(Pacing::new(1.0, None));
        let started = Instant::now();
        assert!(throttle.acquire(Need::Optional).await.is_ok());
        assert_eq!(
            throttle.acquire(Need::Optional).await,
            Err(ProviderError::Throttled)
        );
        assert!(
            started.elapsed() < Duration::from_millis(500),
            "never waits"
        );
        assert_eq!(
            throttle.usage().calls_today,
            1,
            "a refused call is not counted"
        );
    }
}
