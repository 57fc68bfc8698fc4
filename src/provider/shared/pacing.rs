//! The pacing every instance shares through Redis; [`crate::provider::pacing::Throttle`] uses it
//! when its [`Pacing`](crate::provider::pacing::Pacing) has one.
//!
//! - **Rate:** one generic cell rate algorithm (GCRA) script for all instances: a key holds the
//!   time of the next free slot (Redis's clock, microseconds). A call goes if that time has come,
//!   and moves it to an interval (with the 15 % safety margin) after now; otherwise the caller
//!   learns how long to wait, and asks again then if its own bound allows. A burst of one, as
//!   locally.
//! - **Daily budget:** one counter per China-time day, `…:pacing:calls:{date}`, that expires by
//!   itself at the end of that day. It is raised to at least what an instance last knew
//!   (`floor`), so a Redis that lost its data does not hand out a fresh budget, and calls made
//!   while Redis was away are added when it is back.
//! - **Back-off:** a key that lives as long as the pause after a rate-limit answer; every call of
//!   every instance checks it. The next pause doubles (up to the maximum) while rate-limit answers
//!   keep coming, in a second key that is forgotten after a quiet spell.
//!
//! The rate, the budget and the back-off are checked in one script: atomic, one round trip.

use std::fmt;
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};

use jiff::civil::Date;
use redis::Script;

use super::Shared;
use crate::china_time;

/// Rate, budget and back-off in one step. Returns `{0, calls_today}` for a call that may go now,
/// `{1, pause_left_ms}` while backing off, `{2, calls_today}` when the day's budget is spent,
/// `{3, wait_us}` when the next slot is that far away (ask again then).
///
/// A slot is granted at the time Redis runs the script, never reserved ahead: the next one is an
/// interval after the call that actually goes, so a caller that woke up late cannot squeeze the
/// calls after it together.
const ACQUIRE: &str = r"
local pause_left = redis.call('PTTL', KEYS[3])
if pause_left > 0 then return {1, pause_left} end
local count = tonumber(redis.call('GET', KEYS[2]) or '0')
local floor = tonumber(ARGV[5])
if count < floor then count = floor end
local limit = tonumber(ARGV[2])
if limit > 0 and count >= limit then
  if count > tonumber(redis.call('GET', KEYS[2]) or '0') then
    redis.call('SET', KEYS[2], count, 'EXAT', ARGV[4])
  end
  return {2, count}
end
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local slot = tonumber(redis.call('GET', KEYS[1]) or '0')
if slot > now then return {3, slot - now} end
local interval = tonumber(ARGV[1])
redis.call('SET', KEYS[1], string.format('%d', now + interval), 'PX', math.floor(interval / 1000) + 1000)
count = count + tonumber(ARGV[3])
redis.call('SET', KEYS[2], count, 'EXAT', ARGV[4])
return {0, count}
";

/// Starts a pause after a rate-limit answer, unless one runs (the answers of calls already in
/// flight count once). Returns the pause left, in milliseconds.
const BACK_OFF: &str = r"
local left = redis.call('PTTL', KEYS[1])
if left > 0 then return left end
local pause = tonumber(redis.call('GET', KEYS[2]) or ARGV[1])
redis.call('SET', KEYS[1], '1', 'PX', pause)
local max = tonumber(ARGV[2])
local next = pause * 2
if next > max then next = max end
redis.call('SET', KEYS[2], next, 'PX', pause + max)
return pause
";

/// The figures every instance shares, as this instance last read them.
#[derive(Debug, Clone, Copy, Default)]
pub struct Snapshot {
    /// The China-time day of `calls_today`.
    pub day: Option<Date>,
    /// Calls made today by every instance.
    pub calls_today: u32,
    /// The end of a pause after a rate-limit answer, seen by any instance.
    pub backoff_until: Option<Instant>,
}

/// What a call asks of the shared limiter.
#[derive(Debug, Clone, Copy)]
pub struct Ask {
    /// The time between two calls (with the safety margin); `None`: no rate limit.
    pub interval: Option<Duration>,
    pub daily_limit: Option<u32>,
    /// Calls to count: this one, and those made while Redis was away.
    pub calls: u32,
    /// The day's calls as this instance last knew them, before those made while Redis was away.
    pub floor: u32,
}

/// The shared limiter's answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grant {
    /// Go now; the app's calls today, this one included.
    Go { calls_today: u32 },
    /// A slot was granted, but its answer took longer than [`LATE_GRANT`] to come back: going
    /// now could put this call close to the next one. The call is counted (ask again without
    /// counting it) and its slot is spent.
    Late { calls_today: u32 },
    /// The next slot is this far away.
    Wait(Duration),
    /// An instance was rate limited: every call pauses this much longer.
    BackingOff(Duration),
    /// The day's budget is spent: the app's calls today.
    Spent(u32),
}

/// One source's pacing in Redis (its keys are under its namespace). Cheap to clone.
#[derive(Clone)]
pub struct SharedPacing {
    inner: Arc<Inner>,
}

struct Inner {
    link: Shared,
    namespace: String,
    acquire: Script,
    back_off: Script,
    snapshot: Mutex<Snapshot>,
}

impl fmt::Debug for SharedPacing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SharedPacing")
            .field("namespace", &self.inner.namespace)
            .finish_non_exhaustive()
    }
}

/// Two handles are equal when they are the same pacing.
impl PartialEq for SharedPacing {
    fn eq(&self, other: &SharedPacing) -> bool {
        Arc::ptr_eq(&self.inner, &other.inner)
    }
}

/// A slot whose grant takes longer than this to reach the caller is not used. The 15 % safety
/// margin leaves about 176 ms in any second for calls to be late by; a grant delayed on its way
/// back (a stalled process, a slow network) would eat into it.
pub const LATE_GRANT: Duration = Duration::from_millis(50);

/// A day's counter outlives its day by this much, so an instance whose clock is a little behind
/// never writes a counter that Redis drops at once.
const DAY_KEY_MARGIN_SECS: i64 = 3600;

/// How often the shared figures are read for `/api-status` and the planner.
const READ_FIGURES_EVERY: Duration = Duration::from_secs(1);

impl SharedPacing {
    /// The pacing under `namespace` (see [`Shared::namespace`]); reads the shared figures in the
    /// background about once a second while it is in use.
    pub fn new(link: Shared, namespace: String) -> SharedPacing {
        let pacing = SharedPacing {
            inner: Arc::new(Inner {
                link,
                namespace,
                acquire: Script::new(ACQUIRE),
                back_off: Script::new(BACK_OFF),
                snapshot: Mutex::new(Snapshot::default()),
            }),
        };
        tokio::spawn(read_figures(Arc::downgrade(&pacing.inner)));
        pacing
    }

    pub fn link(&self) -> &Shared {
        &self.inner.link
    }

    /// The figures as last read.
    pub fn snapshot(&self) -> Snapshot {
        *self
            .inner
            .snapshot
            .lock()
            .unwrap_or_else(|e| e.into_inner())
    }

    fn key(&self, name: &str) -> String {
        format!("{}:pacing:{name}", self.inner.namespace)
    }

    fn day_key(&self, day: Date) -> String {
        self.key(&format!("calls:{day}"))
    }

    /// Asks for a slot; `None` when Redis cannot be used now.
    pub async fn acquire(&self, ask: Ask) -> Option<Grant> {
        let today = china_time::today();
        let interval_us = ask.interval.map_or(0, |i| i.as_micros());
        let asked = Instant::now();
        let keys = [
            self.key("next-slot"),
            self.day_key(today),
            self.key("backoff"),
        ];
        let script = &self.inner.acquire;
        let reply: Vec<i64> = self
            .link()
            .run("pace", |mut conn| async move {
                script
                    .key(&keys[0])
                    .key(&keys[1])
                    .key(&keys[2])
                    .arg(interval_us.to_string())
                    .arg(ask.daily_limit.unwrap_or(0))
                    .arg(ask.calls)
                    .arg(china_time::day_ends_at(today) + DAY_KEY_MARGIN_SECS)
                    .arg(ask.floor)
                    .invoke_async(&mut conn)
                    .await
            })
            .await?;
        let number = |i: usize| reply.get(i).copied().unwrap_or(0).max(0);
        let count = |i: usize| u32::try_from(number(i)).unwrap_or(u32::MAX);
        let grant = match number(0) {
            0 if asked.elapsed() > LATE_GRANT => Grant::Late {
                calls_today: count(1),
            },
            0 => Grant::Go {
                calls_today: count(1),
            },
            1 => Grant::BackingOff(Duration::from_millis(number(1).unsigned_abs())),
            2 => Grant::Spent(count(1)),
            _ => Grant::Wait(Duration::from_micros(number(1).unsigned_abs())),
        };
        let mut snapshot = self
            .inner
            .snapshot
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        match grant {
            Grant::Go { calls_today } | Grant::Late { calls_today } | Grant::Spent(calls_today) => {
                snapshot.day = Some(today);
                snapshot.calls_today = calls_today;
            }
            Grant::BackingOff(left) => snapshot.backoff_until = Some(Instant::now() + left),
            Grant::Wait(_) => {}
        }
        Some(grant)
    }

    /// Pauses every instance after a rate-limit answer: `min` the first time, doubling up to
    /// `max` while they keep coming. Returns the pause left; `None` when Redis cannot be used.
    pub async fn back_off(&self, min: Duration, max: Duration) -> Option<Duration> {
        let keys = [self.key("backoff"), self.key("backoff-next")];
        let script = &self.inner.back_off;
        let left: i64 = self
            .link()
            .run("back off", |mut conn| async move {
                script
                    .key(&keys[0])
                    .key(&keys[1])
                    .arg(min.as_millis().max(1).to_string())
                    .arg(max.as_millis().max(1).to_string())
                    .invoke_async(&mut conn)
                    .await
            })
            .await?;
        let left = Duration::from_millis(left.unsigned_abs());
        self.note_backoff(left);
        Some(left)
    }

    /// A call went through after a pause: the next pause starts from the minimum again.
    pub async fn back_off_ended(&self) {
        let key = self.key("backoff-next");
        let _: Option<i64> = self
            .link()
            .run("back off", |mut conn| async move {
                redis::cmd("DEL").arg(&key).query_async(&mut conn).await
            })
            .await;
    }

    fn note_backoff(&self, left: Duration) {
        let until = Instant::now() + left;
        let mut snapshot = self
            .inner
            .snapshot
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        if snapshot.backoff_until.is_none_or(|known| known < until) {
            snapshot.backoff_until = Some(until);
        }
    }

    /// Reads the day's calls and the pause left.
    async fn read_figures(&self) {
        let today = china_time::today();
        let keys = [self.day_key(today), self.key("backoff")];
        let figures: Option<(Option<u32>, i64)> = self
            .link()
            .run("read figures", |mut conn| async move {
                redis::pipe()
                    .cmd("GET")
                    .arg(&keys[0])
                    .cmd("PTTL")
                    .arg(&keys[1])
                    .query_async(&mut conn)
                    .await
            })
            .await;
        let Some((calls, pause_left)) = figures else {
            return;
        };
        let mut snapshot = self
            .inner
            .snapshot
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        snapshot.day = Some(today);
        snapshot.calls_today = calls.unwrap_or(0);
        snapshot.backoff_until =
            (pause_left > 0).then(|| Instant::now() + Duration::from_millis(pause_left as u64));
    }
}

async fn read_figures(pacing: Weak<Inner>) {
    loop {
        let Some(inner) = pacing.upgrade() else {
            return;
        };
        SharedPacing { inner }.read_figures().await;
        tokio::time::sleep(READ_FIGURES_EVERY).await;
    }
}
