//! The catalog tier every instance shares: an answer fetched by one instance is served by the
//! others without a call, and a short lock makes identical concurrent misses on different
//! instances one upstream call (the others wait, boundedly, for its answer).
//!
//! It keeps what the persistent catalog gives it (an answer's JSON and when it was fetched) under
//! `{namespace}:answer:{kind}:{id}`, for `STORE_MAX_AGE_DAYS`; a Redis that runs out of memory
//! drops the least used first (`maxmemory-policy allkeys-lru`, see the README). Which answer
//! is fresh, and what to do without one, is for [`crate::provider::store`] to say.

use std::sync::Arc;
use std::time::{Duration, Instant};

use redis::Script;
use sha1::{Digest, Sha1};

use super::Shared;

/// A lock outlives the longest upstream call with its retries, so that it is never taken from
/// a live holder; a holder that died frees it after this.
const LOCK_TTL: Duration = Duration::from_secs(30);
/// How often a waiting instance looks for the answer.
const POLL_EVERY: Duration = Duration::from_millis(50);

/// Deletes a lock only if it is still the holder's.
const UNLOCK: &str = r"
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
";

/// An answer as the shared tier keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharedAnswer {
    pub json: String,
    /// Unix milliseconds.
    pub fetched_at: i64,
}

impl SharedAnswer {
    fn encode(&self) -> String {
        format!("{}\n{}", self.fetched_at, self.json)
    }

    fn decode(stored: &str) -> Option<SharedAnswer> {
        let (fetched_at, json) = stored.split_once('\n')?;
        Some(SharedAnswer {
            fetched_at: fetched_at.parse().ok()?,
            json: json.to_string(),
        })
    }
}

/// The id of an answer in its key: ids that are not short and plain (search queries) are hashed,
/// so keys stay short and hold nothing a shopper typed.
fn id(key: &str) -> String {
    let plain = key.len() <= 64 && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    if key.is_empty() {
        "all".to_string()
    } else if plain {
        key.to_string()
    } else {
        hex::encode(Sha1::digest(key.as_bytes()))
    }
}

/// Who may call upstream for an answer.
#[derive(Debug)]
pub enum Lock {
    /// This instance: call, keep the answer, then [`SharedCatalog::unlock`].
    Ours(LockToken),
    /// Another instance is calling for it.
    Held,
    /// Redis cannot be used now: the instance is on its own.
    Unavailable,
}

#[derive(Debug)]
pub struct LockToken {
    key: String,
    token: String,
}

/// What waiting for another instance's call came to.
#[derive(Debug)]
pub enum Waited {
    Answer(SharedAnswer),
    /// The lock was freed without a new answer (that call failed): try again.
    Freed,
    /// No answer in time.
    TimedOut,
    Unavailable,
}

/// One source's answers in Redis. Cheap to clone.
#[derive(Clone)]
pub struct SharedCatalog {
    link: Shared,
    namespace: Arc<str>,
    /// `STORE_MAX_AGE_DAYS`.
    keep_for: Duration,
    unlock: Arc<Script>,
}

impl SharedCatalog {
    /// Answers under `namespace` (see [`Shared::namespace`]), kept for `keep_for`.
    pub fn new(link: Shared, namespace: String, keep_for: Duration) -> SharedCatalog {
        SharedCatalog {
            link,
            namespace: namespace.into(),
            keep_for,
            unlock: Arc::new(Script::new(UNLOCK)),
        }
    }

    pub fn link(&self) -> &Shared {
        &self.link
    }

    /// `{namespace}:{what}:{kind}:{id}`.
    fn key(&self, what: &str, kind: &str, key: &str) -> String {
        format!("{}:{what}:{kind}:{}", self.namespace, id(key))
    }

    /// The answer kept for `kind`/`key`; `None` when there is none or Redis cannot be used.
    pub async fn get(&self, kind: &str, key: &str) -> Option<SharedAnswer> {
        let key = self.key("answer", kind, key);
        let stored: Option<String> = self
            .link
            .run("read an answer", |mut conn| async move {
                redis::cmd("GET").arg(&key).query_async(&mut conn).await
            })
            .await?;
        SharedAnswer::decode(&stored?)
    }

    /// Keeps `answer` for every instance.
    pub async fn put(&self, kind: &str, key: &str, answer: &SharedAnswer) {
        let key = self.key("answer", kind, key);
        let value = answer.encode();
        let keep_for = self.keep_for.as_secs().max(1);
        let _: Option<()> = self
            .link
            .run("keep an answer", |mut conn| async move {
                redis::cmd("SET")
                    .arg(&key)
                    .arg(value)
                    .arg("EX")
                    .arg(keep_for)
                    .query_async(&mut conn)
                    .await
            })
            .await;
    }

    /// Takes the lock on calling upstream for `kind`/`key`, unless another instance holds it.
    pub async fn lock(&self, kind: &str, key: &str) -> Lock {
        let key = self.key("lock", kind, key);
        let token = format!("{}:{:016x}", self.link.instance_id(), rand::random::<u64>());
        let set = {
            let (key, token) = (key.clone(), token.clone());
            self.link
                .run("lock", |mut conn| async move {
                    redis::cmd("SET")
                        .arg(&key)
                        .arg(&token)
                        .arg("NX")
                        .arg("PX")
                        .arg(LOCK_TTL.as_millis().to_string())
                        .query_async::<Option<String>>(&mut conn)
                        .await
                })
                .await
        };
        match set {
            None => Lock::Unavailable,
            Some(Some(_)) => Lock::Ours(LockToken { key, token }),
            Some(None) => Lock::Held,
        }
    }

    pub async fn unlock(&self, lock: LockToken) {
        let script = &self.unlock;
        let _: Option<i64> = self
            .link
            .run("unlock", |mut conn| async move {
                script
                    .key(&lock.key)
                    .arg(&lock.token)
                    .invoke_async(&mut conn)
                    .await
            })
            .await;
    }

    /// Waits until another instance's call for `kind`/`key` keeps an answer fetched after
    /// `newer_than` (Unix ms), its lock is freed, or `deadline` passes.
    pub async fn wait_for(
        &self,
        kind: &str,
        key: &str,
        newer_than: i64,
        deadline: Instant,
    ) -> Waited {
        let answer_key = self.key("answer", kind, key);
        let lock_key = self.key("lock", kind, key);
        loop {
            let (answer_key, lock_key) = (answer_key.clone(), lock_key.clone());
            let seen: Option<(Option<String>, bool)> = self
                .link
                .run("wait for an answer", |mut conn| async move {
                    redis::pipe()
                        .cmd("GET")
                        .arg(&answer_key)
                        .cmd("EXISTS")
                        .arg(&lock_key)
                        .query_async(&mut conn)
                        .await
                })
                .await;
            let Some((stored, locked)) = seen else {
                return Waited::Unavailable;
            };
            if let Some(answer) = stored.as_deref().and_then(SharedAnswer::decode)
                && answer.fetched_at >= newer_than
            {
                return Waited::Answer(answer);
            }
            if !locked {
                return Waited::Freed;
            }
            if Instant::now() + POLL_EVERY > deadline {
                return Waited::TimedOut;
            }
            tokio::time::sleep(POLL_EVERY).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_keeps_its_time_and_json_exactly() {
        let answer = SharedAnswer {
            json: "{\"a\":\"line\\nbreak\"}\n".into(),
            fetched_at: 1_700_000_000_123,
        };
        assert_eq!(SharedAnswer::decode(&answer.encode()), Some(answer));
        assert_eq!(SharedAnswer::decode("not an answer"), None);
    }

    #[test]
    fn ids_are_plain_when_short_and_hashed_otherwise() {
        assert_eq!(id("610947572360"), "610947572360");
        assert_eq!(id(""), "all");
        let search = id(r#"{"keyword":"phone case","page":1}"#);
        assert_eq!(search.len(), 40);
        assert!(search.bytes().all(|b| b.is_ascii_hexdigit()));
    }
}
