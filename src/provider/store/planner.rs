//! How live mode spends its calls, and its book-keeping.
//!
//! - [`Queue`]: pages shoppers are waiting for (they come first, in order), stale answers to
//!   refresh (most viewed first) and the warm-up after start; each key at most once, all bounded.
//! - [`run`]: takes the next job. A shopper's page gets the next call slot. A refresh or a warm-up
//!   goes out only with spare capacity: a slot free right now and the day's calls below the
//!   shoppers' reserve ([`SHOPPER_RESERVE`](super::SHOPPER_RESERVE)); otherwise it is skipped.
//! - [`keep_books`]: about once a second, writes views and the day's figures to the file (a
//!   restart does not hand out a fresh budget), and every few seconds reads the file's figures
//!   for `/api-status` and looks for the most viewed stale answers to refresh.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};

use tokio::sync::Notify;

use super::{Inner, Key, SHOPPER_RESERVE, unix_millis};
use crate::china_time;
use crate::provider::{Need, ProviderError};

/// Pages shoppers wait for, at most; more get the honest "too busy" answer.
const MAX_WAITING: usize = 256;
/// Stale answers waiting for a refresh, at most (the least viewed are dropped first).
const MAX_REFRESHES: usize = 1024;
/// How often the file is searched for stale answers worth a refresh.
const SCAN_EVERY: Duration = Duration::from_secs(30);

#[derive(Default)]
pub struct Queue {
    jobs: Mutex<Jobs>,
    /// Wakes the planner when a job arrives.
    notify: Arc<Notify>,
}

#[derive(Default)]
struct Jobs {
    /// Shoppers' pages, first come first served.
    waiting: VecDeque<Key>,
    /// Why each waiting page could not be fetched when asked for.
    waiting_set: HashMap<Key, ProviderError>,
    /// Stale answers, by how often they were asked for.
    refresh: HashMap<Key, u64>,
    warm: VecDeque<Key>,
}

/// The next thing to fetch.
enum Job {
    Waiting(Key),
    Refresh(Key),
    Warm(Key),
}

impl Queue {
    fn jobs(&self) -> std::sync::MutexGuard<'_, Jobs> {
        self.jobs.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Queues a page a shopper waits for, with why it could not be had at once: `Some(true)` when
    /// newly queued, `Some(false)` when it already was, `None` when the queue is full.
    pub fn push_waiting(&self, key: Key, cause: ProviderError) -> Option<bool> {
        let mut jobs = self.jobs();
        if jobs.waiting_set.contains_key(&key) {
            return Some(false);
        }
        if jobs.waiting.len() >= MAX_WAITING {
            return None;
        }
        jobs.waiting_set.insert(key.clone(), cause);
        jobs.waiting.push_back(key);
        drop(jobs);
        self.notify.notify_one();
        Some(true)
    }

    /// How long until `key`, if queued for a shopper, is likely fetched (its place in the queue
    /// times the pace), and why it waits.
    pub fn waiting_for(&self, key: &Key, pace: Duration) -> Option<(Duration, ProviderError)> {
        let jobs = self.jobs();
        let cause = jobs.waiting_set.get(key)?.clone();
        let place = jobs.waiting.iter().position(|k| k == key)?;
        Some((
            (pace * (place as u32 + 1)).max(Duration::from_secs(1)),
            cause,
        ))
    }

    pub fn waiting_count(&self) -> u64 {
        self.jobs().waiting.len() as u64
    }

    /// Asks for a refresh of a stale answer, `views` more times.
    pub fn push_refresh(&self, key: Key, views: u64) {
        let mut jobs = self.jobs();
        if jobs.waiting_set.contains_key(&key) {
            return;
        }
        if !jobs.refresh.contains_key(&key) && jobs.refresh.len() >= MAX_REFRESHES {
            let least = jobs
                .refresh
                .iter()
                .min_by_key(|(_, views)| **views)
                .map(|(key, _)| key.clone());
            if let Some(least) = least {
                jobs.refresh.remove(&least);
            }
        }
        *jobs.refresh.entry(key).or_default() += views;
        drop(jobs);
        self.notify.notify_one();
    }

    pub fn push_warm(&self, key: Key) {
        let mut jobs = self.jobs();
        if !jobs.warm.contains(&key) && jobs.warm.len() < MAX_REFRESHES {
            jobs.warm.push_back(key);
        }
        drop(jobs);
        self.notify.notify_one();
    }

    /// `key` was fetched: nothing more to do for it.
    pub fn done(&self, key: &Key) {
        let mut jobs = self.jobs();
        if jobs.waiting_set.remove(key).is_some() {
            jobs.waiting.retain(|k| k != key);
        }
        jobs.refresh.remove(key);
        jobs.warm.retain(|k| k != key);
    }

    /// Shoppers first, then the most viewed refresh, then the warm-up.
    fn next(&self) -> Option<Job> {
        let mut jobs = self.jobs();
        if let Some(key) = jobs.waiting.front().cloned() {
            return Some(Job::Waiting(key));
        }
        let most_viewed = jobs
            .refresh
            .iter()
            .max_by_key(|(_, views)| **views)
            .map(|(key, _)| key.clone());
        if let Some(key) = most_viewed {
            jobs.refresh.remove(&key);
            return Some(Job::Refresh(key));
        }
        jobs.warm.pop_front().map(Job::Warm)
    }

    /// Puts a job back at the front (it could not go out yet).
    fn put_back(&self, job: Job) {
        let mut jobs = self.jobs();
        match job {
            // A waiting page stays at the front of the queue until fetched or dropped.
            Job::Waiting(_) => {}
            Job::Refresh(key) => {
                *jobs.refresh.entry(key).or_default() += 1;
            }
            Job::Warm(key) => jobs.warm.push_front(key),
        }
    }

    /// Gives up on every page shoppers wait for (no call can be made today).
    fn drop_waiting(&self) {
        let mut jobs = self.jobs();
        jobs.waiting.clear();
        jobs.waiting_set.clear();
    }

    fn drop_key(&self, key: &Key) {
        self.done(key);
    }
}

/// The planner: runs until the store is dropped.
pub async fn run(store: Weak<Inner>) {
    loop {
        let Some(inner) = store.upgrade() else {
            return;
        };
        let pause = match inner.queue.next() {
            Some(job) => inner.work(job).await,
            None => None,
        };
        let notify = inner.queue.notify.clone();
        drop(inner);
        match pause {
            // Work was done: straight on to the next job.
            Some(Duration::ZERO) => {}
            Some(pause) => tokio::time::sleep(pause).await,
            None => {
                // Nothing to do: wait for a job (or look again after a while).
                let _ = tokio::time::timeout(Duration::from_secs(1), notify.notified()).await;
            }
        }
    }
}

impl Inner {
    /// Does `job`; returns how long to pause before the next one.
    async fn work(&self, job: Job) -> Option<Duration> {
        let (key, is_refresh) = match job {
            Job::Waiting(key) => return Some(self.fetch_waiting(key).await),
            Job::Refresh(key) => (key, true),
            Job::Warm(key) => (key, false),
        };
        if self.known_fresh(&key).await {
            self.queue.drop_key(&key);
            return Some(Duration::ZERO);
        }
        if !self.has_spare_calls() {
            self.note_day(|day| day.skipped += 1);
            self.queue.drop_key(&key);
            return Some(Duration::ZERO);
        }
        match self.refresh(&key, Need::Optional).await {
            Ok(()) => {
                if is_refresh {
                    self.note_day(|day| day.refreshed += 1);
                }
                if key == Key::Categories {
                    self.warm_top_categories(&key).await;
                }
                Some(Duration::ZERO)
            }
            Err(ProviderError::Throttled | ProviderError::RateLimited) => {
                let pause = self.backoff().unwrap_or(self.pace() / 2);
                self.queue.put_back(if is_refresh {
                    Job::Refresh(key)
                } else {
                    Job::Warm(key)
                });
                Some(pause)
            }
            Err(error) => {
                tracing::info!(%error, kind = key.kind(), "a refresh could not be made");
                Some(Duration::ZERO)
            }
        }
    }

    /// Fetches a page a shopper waits for, with the next call slot.
    async fn fetch_waiting(&self, key: Key) -> Duration {
        match self.refresh(&key, Need::Required).await {
            Ok(()) => Duration::ZERO,
            // Still no slot, or backing off: the page stays first in line.
            Err(ProviderError::Throttled | ProviderError::RateLimited) => {
                self.backoff().unwrap_or(Duration::from_millis(200))
            }
            Err(ProviderError::QuotaExhausted) => {
                self.queue.drop_waiting();
                Duration::ZERO
            }
            Err(error) => {
                // The shopper's next reload gets the error page.
                tracing::info!(%error, kind = key.kind(), "a queued page could not be fetched");
                self.queue.drop_key(&key);
                Duration::ZERO
            }
        }
    }

    /// Whether `key` is kept and within its lifetime (nothing to refresh).
    async fn known_fresh(&self, key: &Key) -> bool {
        self.known(key)
            .await
            .is_some_and(|entry| entry.age() <= key.lifetime(&self.settings.ttl))
    }

    /// The pacing limiter is not backing off and the day's calls are below the shoppers' reserve.
    fn has_spare_calls(&self) -> bool {
        let Some(usage) = self.upstream.usage() else {
            return true;
        };
        if usage.backoff_seconds.is_some() {
            return false;
        }
        usage.daily_limit.is_none_or(|limit| {
            f64::from(usage.calls_today) < f64::from(limit) * (1.0 - SHOPPER_RESERVE)
        })
    }

    fn backoff(&self) -> Option<Duration> {
        self.upstream
            .usage()
            .and_then(|usage| usage.backoff_seconds)
            .map(Duration::from_secs)
    }

    /// After the tree's top level is fetched at start, its first categories are worth a call too.
    async fn warm_top_categories(&self, key: &Key) {
        let Some(entry) = self.known(key).await else {
            return;
        };
        if let super::Value::Categories(tree) = &entry.value {
            for root in tree.iter().take(8) {
                self.queue.push_warm(Key::Category(root.id));
            }
        }
    }
}

/// Views and daily figures to the file about once a second; the file's figures and the most
/// viewed stale answers every few seconds. Runs until the store is dropped.
pub async fn keep_books(store: Weak<Inner>) {
    let mut last_scan: Option<Instant> = None;
    let mut last_stats: Option<Instant> = None;
    loop {
        tokio::time::sleep(Duration::from_secs(1)).await;
        let Some(inner) = store.upgrade() else {
            return;
        };
        inner.write_views().await;
        inner.write_day().await;
        if last_stats.is_none_or(|at| at.elapsed() >= Duration::from_secs(5)) {
            inner.read_stats().await;
            last_stats = Some(Instant::now());
        }
        if last_scan.is_none_or(|at| at.elapsed() >= SCAN_EVERY) {
            inner.scan_for_refreshes().await;
            last_scan = Some(Instant::now());
        }
    }
}

impl Inner {
    async fn write_views(&self) {
        let views: Vec<(&'static str, String, u32)> = {
            let mut views = self.views.lock().unwrap_or_else(|e| e.into_inner());
            views
                .drain()
                .map(|(key, n)| (key.kind(), key.db_key(), n))
                .collect()
        };
        if views.is_empty() {
            return;
        }
        if let Err(error) = self.db.add_views(views).await {
            tracing::warn!(%error, "views could not be written to the store");
        }
    }

    /// Today's calls (from the pacing) and the planner's work.
    async fn write_day(&self) {
        let calls = self.upstream.usage().map(|usage| usage.calls_today);
        let (day, row) = {
            let mut day = self.day.lock().unwrap_or_else(|e| e.into_inner());
            let today = china_time::today();
            if day.0 != today {
                *day = (today, Default::default());
            }
            if let Some(calls) = calls {
                day.1.calls = calls;
            }
            (day.0, day.1)
        };
        if let Err(error) = self.db.save_day(day.to_string(), row).await {
            tracing::warn!(%error, "the day's figures could not be written to the store");
        }
    }

    async fn read_stats(&self) {
        let file_bytes = self.db.file_bytes();
        match self.db.counts().await {
            Ok((answers, offers)) => {
                let mut stats = self.stats.lock().unwrap_or_else(|e| e.into_inner());
                stats.answers = answers;
                stats.offers = offers;
                stats.file_bytes = file_bytes;
            }
            Err(error) => tracing::warn!(%error, "the store's figures could not be read"),
        }
    }

    /// Queues refreshes of the most viewed stale answers, when calls are to spare; forgets
    /// answers past `STORE_MAX_AGE_DAYS`.
    async fn scan_for_refreshes(&self) {
        let now = unix_millis();
        let max_age = i64::try_from(self.settings.max_age.as_millis()).unwrap_or(i64::MAX);
        if let Err(error) = self.db.purge_before(now.saturating_sub(max_age)).await {
            tracing::warn!(%error, "old answers could not be forgotten");
        }
        if !self.has_spare_calls() {
            return;
        }
        let ttl = self.settings.ttl;
        for (kind, lifetime) in [
            ("product", ttl.product),
            ("search", ttl.search),
            ("category", ttl.categories),
            ("categories", ttl.categories),
        ] {
            let older_than = now - i64::try_from(lifetime.as_millis()).unwrap_or(i64::MAX);
            match self.db.most_viewed_before(kind, older_than, 20).await {
                Ok(stale) => {
                    for (key, views) in stale {
                        if let Some(key) = Key::from_db(kind, &key) {
                            self.queue.push_refresh(key, views);
                        }
                    }
                }
                Err(error) => tracing::warn!(%error, "stale answers could not be listed"),
            }
        }
    }
}
