//! The catalog file: SQLite (`catalog.sqlite3`, WAL mode) on its own thread (tokio-rusqlite), so
//! no query ever blocks an async worker. Embedded migrations set it up; a file that is not a
//! SQLite database, is damaged, or was written by a newer storefront stops start-up with a clear
//! [`StoreError`].
//!
//! What is kept: each answer as the JSON of its domain value with the time it was fetched and how
//! often it was viewed (`answers`); every offer seen in an answer, for full-text search when no
//! call can be made (`offers` + the FTS5 index `offers_fts`); and each China-time day's calls and
//! planner work (`days`). No secret or token is ever written here.

use std::path::{Path, PathBuf};

use rusqlite::{OptionalExtension, params};
use rusqlite_migration::{M, Migrations};

/// The schema, one migration per version (`PRAGMA user_version`). Append; never edit one that
/// has shipped.
const MIGRATIONS: &[M<'static>] = &[
    M::up(
        "CREATE TABLE answers (
        kind TEXT NOT NULL,
        key TEXT NOT NULL,
        value TEXT NOT NULL,
        fetched_at INTEGER NOT NULL,
        views INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (kind, key)
    ) WITHOUT ROWID;
    CREATE INDEX answers_by_views ON answers (views DESC);
    CREATE TABLE offers (
        id INTEGER PRIMARY KEY,
        summary TEXT NOT NULL,
        text TEXT NOT NULL,
        price_fen INTEGER NOT NULL,
        sales INTEGER NOT NULL,
        category INTEGER,
        fetched_at INTEGER NOT NULL
    );
    CREATE VIRTUAL TABLE offers_fts USING fts5(
        text, content = 'offers', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER offers_ai AFTER INSERT ON offers BEGIN
        INSERT INTO offers_fts (rowid, text) VALUES (new.id, new.text);
    END;
    CREATE TRIGGER offers_ad AFTER DELETE ON offers BEGIN
        INSERT INTO offers_fts (offers_fts, rowid, text) VALUES ('delete', old.id, old.text);
    END;
    CREATE TRIGGER offers_au AFTER UPDATE ON offers BEGIN
        INSERT INTO offers_fts (offers_fts, rowid, text) VALUES ('delete', old.id, old.text);
        INSERT INTO offers_fts (rowid, text) VALUES (new.id, new.text);
    END;
    CREATE TABLE days (
        day TEXT PRIMARY KEY,
        calls INTEGER NOT NULL DEFAULT 0,
        refreshed INTEGER NOT NULL DEFAULT 0,
        queued INTEGER NOT NULL DEFAULT 0,
        skipped INTEGER NOT NULL DEFAULT 0
    );",
    ),
    // 2: the shoppers' quote sheets (not answers: never purged with them). Each row is one
    // sheet: its id (the shopper's cookie), its read-only share token, its lines as JSON, and
    // when it was created and last used.
    M::up(
        "CREATE TABLE quote_sheets (
        id TEXT PRIMARY KEY,
        share_token TEXT NOT NULL UNIQUE,
        body TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        used_at INTEGER NOT NULL
    );
    CREATE INDEX quote_sheets_by_use ON quote_sheets (used_at);",
    ),
];

/// The catalog file's name in `STOREFRONT_DATA_DIR`.
pub const FILE_NAME: &str = "catalog.sqlite3";

/// Why the store cannot be used; the message names the file and what to do.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "cannot use the catalog store {file}: {problem}. Move the file away (the store starts empty) or restore a backup; STOREFRONT_STORE=memory runs without a file"
    )]
    Unusable { file: String, problem: String },
    #[error(
        "the catalog store {file} was written by a newer storefront (schema {found}, this one knows {known}): upgrade the storefront, or move the file away to start with an empty store"
    )]
    TooNew {
        file: String,
        found: usize,
        known: usize,
    },
    #[error("the catalog store failed: {0}")]
    Query(String),
}

/// One kept answer, as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredAnswer {
    pub value: String,
    /// Unix seconds.
    pub fetched_at: i64,
}

/// An offer as the full-text search keeps it.
#[derive(Debug, Clone, PartialEq)]
pub struct OfferRow {
    pub id: i64,
    /// JSON of the offer's `ProductSummary`.
    pub summary: String,
    /// Searchable text: titles, Han characters spaced so that words inside them match.
    pub text: String,
    pub price_fen: i64,
    pub sales: i64,
    pub category: Option<i64>,
}

/// What the planner did on a day, and the calls made.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct DayRow {
    pub calls: u32,
    pub refreshed: u32,
    pub queued: u32,
    pub skipped: u32,
}

/// How a full-text search over the saved offers orders its results.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OfferOrder {
    Rank,
    PriceAsc,
    PriceDesc,
    Sales,
}

/// A full-text search over the saved offers.
#[derive(Debug, Clone, PartialEq)]
pub struct OfferSearch {
    /// An FTS5 query (see `fts::query`).
    pub matching: String,
    pub min_price_fen: Option<i64>,
    pub max_price_fen: Option<i64>,
    pub order: OfferOrder,
    pub offset: u32,
    pub limit: u32,
}

/// A quote sheet as stored.
#[derive(Clone, PartialEq)]
pub struct QuoteRow {
    pub id: String,
    pub share_token: String,
    /// The lines, as JSON.
    pub body: String,
}

/// How a quote sheet is looked up.
#[derive(Clone)]
pub enum QuoteKey {
    Id(String),
    ShareToken(String),
}

#[derive(Clone)]
pub struct Db {
    conn: tokio_rusqlite::Connection,
    /// `None` for an in-memory store.
    file: Option<PathBuf>,
}

impl Db {
    /// Opens (or creates, owner-only) `dir/catalog.sqlite3` and brings its schema up to date.
    pub async fn open_file(dir: &Path) -> Result<Db, StoreError> {
        let file = dir.join(FILE_NAME);
        let name = file.display().to_string();
        let unusable = |problem: String| StoreError::Unusable {
            file: name.clone(),
            problem,
        };
        create_owner_only(dir, &file).map_err(|e| unusable(e.to_string()))?;
        let conn = tokio_rusqlite::Connection::open(&file)
            .await
            .map_err(|e| unusable(e.to_string()))?;
        let db = Db {
            conn,
            file: Some(file),
        };
        db.prepare(&name).await?;
        Ok(db)
    }

    /// A store that lives in memory only (`STOREFRONT_STORE=memory`).
    pub async fn open_in_memory() -> Result<Db, StoreError> {
        let conn = tokio_rusqlite::Connection::open_in_memory()
            .await
            .map_err(|e| StoreError::Query(e.to_string()))?;
        let db = Db { conn, file: None };
        db.prepare("(memory)").await?;
        Ok(db)
    }

    /// Settings, an integrity check and the migrations.
    async fn prepare(&self, name: &str) -> Result<(), StoreError> {
        let name = name.to_string();
        let on_file = self.file.is_some();
        let result = self
            .conn
            .call(move |conn| -> Result<(), StoreError> {
                let unusable = |problem: String| StoreError::Unusable {
                    file: name.clone(),
                    problem,
                };
                // WAL: readers never wait for the writer, and a kill at any moment leaves the
                // file consistent; NORMAL: a commit is durable against a process crash.
                if on_file {
                    conn.pragma_update_and_check(None, "journal_mode", "WAL", |row| {
                        row.get::<_, String>(0)
                    })
                    .map_err(|e| unusable(e.to_string()))?;
                }
                conn.pragma_update(None, "synchronous", "NORMAL")
                    .map_err(|e| unusable(e.to_string()))?;
                conn.busy_timeout(std::time::Duration::from_secs(5))
                    .map_err(|e| unusable(e.to_string()))?;
                let check: String = conn
                    .query_row("PRAGMA quick_check", [], |row| row.get(0))
                    .map_err(|e| unusable(e.to_string()))?;
                if check != "ok" {
                    return Err(unusable(format!("the file is damaged ({check})")));
                }
                let migrations = Migrations::from_slice(MIGRATIONS);
                match migrations.to_latest(conn) {
                    Ok(()) => Ok(()),
                    Err(rusqlite_migration::Error::MigrationDefinition(
                        rusqlite_migration::MigrationDefinitionError::DatabaseTooFarAhead,
                    )) => {
                        let found: i64 = conn
                            .query_row("PRAGMA user_version", [], |row| row.get(0))
                            .unwrap_or_default();
                        Err(StoreError::TooNew {
                            file: name.clone(),
                            found: usize::try_from(found).unwrap_or_default(),
                            known: MIGRATIONS.len(),
                        })
                    }
                    Err(e) => Err(unusable(e.to_string())),
                }
            })
            .await;
        flatten(result)
    }

    pub async fn get(
        &self,
        kind: &'static str,
        key: String,
    ) -> Result<Option<StoredAnswer>, StoreError> {
        self.query(move |conn| {
            conn.query_row(
                "SELECT value, fetched_at FROM answers WHERE kind = ?1 AND key = ?2",
                params![kind, key],
                |row| {
                    Ok(StoredAnswer {
                        value: row.get(0)?,
                        fetched_at: row.get(1)?,
                    })
                },
            )
            .optional()
        })
        .await
    }

    /// Keeps an answer (replacing an older one, keeping its views) and the offers it shows, in
    /// one transaction.
    pub async fn put(
        &self,
        kind: &'static str,
        key: String,
        answer: StoredAnswer,
        offers: Vec<OfferRow>,
    ) -> Result<(), StoreError> {
        self.query(move |conn| {
            let tx = conn.transaction()?;
            tx.execute(
                "INSERT INTO answers (kind, key, value, fetched_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (kind, key) DO UPDATE SET value = excluded.value, fetched_at = excluded.fetched_at",
                params![kind, key, answer.value, answer.fetched_at],
            )?;
            {
                let mut upsert = tx.prepare_cached(
                    "INSERT INTO offers (id, summary, text, price_fen, sales, category, fetched_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                     ON CONFLICT (id) DO UPDATE SET summary = excluded.summary, text = excluded.text,
                         price_fen = excluded.price_fen, sales = excluded.sales,
                         category = excluded.category, fetched_at = excluded.fetched_at",
                )?;
                for offer in offers {
                    upsert.execute(params![
                        offer.id,
                        offer.summary,
                        offer.text,
                        offer.price_fen,
                        offer.sales,
                        offer.category,
                        answer.fetched_at
                    ])?;
                }
            }
            tx.commit()
        })
        .await
    }

    /// The saved summary of offer `id` (JSON), if a search or a detail showed it.
    pub async fn offer(&self, id: i64) -> Result<Option<String>, StoreError> {
        self.query(move |conn| {
            conn.query_row("SELECT summary FROM offers WHERE id = ?1", [id], |row| {
                row.get(0)
            })
            .optional()
        })
        .await
    }

    /// Adds views to answers (counted in memory, written about once a second).
    pub async fn add_views(
        &self,
        views: Vec<(&'static str, String, u32)>,
    ) -> Result<(), StoreError> {
        self.query(move |conn| {
            let tx = conn.transaction()?;
            {
                let mut add = tx.prepare_cached(
                    "UPDATE answers SET views = views + ?3 WHERE kind = ?1 AND key = ?2",
                )?;
                for (kind, key, n) in views {
                    add.execute(params![kind, key, n])?;
                }
            }
            tx.commit()
        })
        .await
    }

    /// The most viewed answers of `kind` fetched before `older_than` (Unix seconds).
    pub async fn most_viewed_before(
        &self,
        kind: &'static str,
        older_than: i64,
        limit: u32,
    ) -> Result<Vec<(String, u64)>, StoreError> {
        self.query(move |conn| {
            let mut statement = conn.prepare_cached(
                "SELECT key, views FROM answers WHERE kind = ?1 AND fetched_at < ?2 AND views > 0
                 ORDER BY views DESC LIMIT ?3",
            )?;
            let rows = statement.query_map(params![kind, older_than, limit], |row| {
                Ok((row.get(0)?, count(row.get(1)?)))
            })?;
            rows.collect()
        })
        .await
    }

    /// Forgets answers and offers fetched before `older_than` (Unix seconds).
    pub async fn purge_before(&self, older_than: i64) -> Result<(), StoreError> {
        self.query(move |conn| {
            conn.execute("DELETE FROM answers WHERE fetched_at < ?1", [older_than])?;
            conn.execute("DELETE FROM offers WHERE fetched_at < ?1", [older_than])?;
            Ok(())
        })
        .await
    }

    /// One page of the saved offers matching `search`, how many match in all, and how many
    /// offers are saved.
    pub async fn search_offers(
        &self,
        search: OfferSearch,
    ) -> Result<(Vec<String>, u64, u64), StoreError> {
        self.query(move |conn| {
            let saved: i64 = conn.query_row("SELECT count(*) FROM offers", [], |row| row.get(0))?;
            let order = match search.order {
                OfferOrder::Rank => "offers_fts.rank",
                OfferOrder::PriceAsc => "offers.price_fen ASC",
                OfferOrder::PriceDesc => "offers.price_fen DESC",
                OfferOrder::Sales => "offers.sales DESC",
            };
            let filter = "offers_fts MATCH ?1
                AND (?2 IS NULL OR offers.price_fen >= ?2) AND (?3 IS NULL OR offers.price_fen <= ?3)";
            let total: i64 = conn.query_row(
                &format!(
                    "SELECT count(*) FROM offers_fts JOIN offers ON offers.id = offers_fts.rowid WHERE {filter}"
                ),
                params![search.matching, search.min_price_fen, search.max_price_fen],
                |row| row.get(0),
            )?;
            let mut statement = conn.prepare(&format!(
                "SELECT offers.summary FROM offers_fts JOIN offers ON offers.id = offers_fts.rowid
                 WHERE {filter} ORDER BY {order}, offers.id LIMIT ?4 OFFSET ?5"
            ))?;
            let rows = statement.query_map(
                params![
                    search.matching,
                    search.min_price_fen,
                    search.max_price_fen,
                    search.limit,
                    search.offset
                ],
                |row| row.get(0),
            )?;
            Ok((
                rows.collect::<Result<Vec<String>, _>>()?,
                count(total),
                count(saved),
            ))
        })
        .await
    }

    /// The quote sheet `key`, unless last used before `expired_before` (Unix seconds); a sheet
    /// found counts as used `now`.
    pub async fn quote_sheet(
        &self,
        key: QuoteKey,
        expired_before: i64,
        now: i64,
    ) -> Result<Option<QuoteRow>, StoreError> {
        self.query(move |conn| {
            let tx = conn.transaction()?;
            let row = read_quote_row(&tx, &key, expired_before)?;
            if let Some(row) = &row {
                tx.execute(
                    "UPDATE quote_sheets SET used_at = ?2 WHERE id = ?1",
                    params![row.id, now],
                )?;
            }
            tx.commit()?;
            Ok(row)
        })
        .await
    }

    /// Changes the quote sheet `id` with `change` in one transaction (so concurrent changes
    /// never lose one another): `Ok(None)` when there is no such sheet (or it expired), the
    /// change's own error when it refuses (nothing is written then).
    pub async fn change_quote_sheet<E: Send + 'static>(
        &self,
        id: String,
        expired_before: i64,
        now: i64,
        change: impl FnOnce(QuoteRow) -> Result<QuoteRow, E> + Send + 'static,
    ) -> Result<Result<Option<QuoteRow>, E>, StoreError> {
        self.query(move |conn| {
            let tx = conn.transaction()?;
            let Some(row) = read_quote_row(&tx, &QuoteKey::Id(id), expired_before)? else {
                return Ok(Ok(None));
            };
            let changed = match change(row) {
                Ok(changed) => changed,
                Err(refused) => return Ok(Err(refused)),
            };
            tx.execute(
                "UPDATE quote_sheets SET body = ?2, used_at = ?3 WHERE id = ?1",
                params![changed.id, changed.body, now],
            )?;
            tx.commit()?;
            Ok(Ok(Some(changed)))
        })
        .await
    }

    /// Keeps a new quote sheet. Sheets last used before `expired_before` are deleted first;
    /// then, past `max_sheets`, the least recently used ones.
    pub async fn insert_quote_sheet(
        &self,
        row: QuoteRow,
        expired_before: i64,
        now: i64,
        max_sheets: u64,
    ) -> Result<(), StoreError> {
        self.query(move |conn| {
            let tx = conn.transaction()?;
            tx.execute(
                "DELETE FROM quote_sheets WHERE used_at < ?1",
                [expired_before],
            )?;
            let kept: i64 = tx.query_row("SELECT count(*) FROM quote_sheets", [], |r| r.get(0))?;
            let excess = count(kept).saturating_add(1).saturating_sub(max_sheets);
            if excess > 0 {
                tx.execute(
                    "DELETE FROM quote_sheets WHERE id IN
                     (SELECT id FROM quote_sheets ORDER BY used_at LIMIT ?1)",
                    [i64::try_from(excess).unwrap_or(i64::MAX)],
                )?;
            }
            tx.execute(
                "INSERT INTO quote_sheets (id, share_token, body, created_at, used_at)
                 VALUES (?1, ?2, ?3, ?4, ?4)",
                params![row.id, row.share_token, row.body, now],
            )?;
            tx.commit()
        })
        .await
    }

    /// The day's counts (zero when nothing was recorded on it).
    pub async fn day(&self, day: String) -> Result<DayRow, StoreError> {
        self.query(move |conn| {
            conn.query_row(
                "SELECT calls, refreshed, queued, skipped FROM days WHERE day = ?1",
                [day],
                |row| {
                    Ok(DayRow {
                        calls: row.get(0)?,
                        refreshed: row.get(1)?,
                        queued: row.get(2)?,
                        skipped: row.get(3)?,
                    })
                },
            )
            .optional()
            .map(Option::unwrap_or_default)
        })
        .await
    }

    pub async fn save_day(&self, day: String, row: DayRow) -> Result<(), StoreError> {
        self.query(move |conn| {
            conn.execute(
                "INSERT INTO days (day, calls, refreshed, queued, skipped) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (day) DO UPDATE SET calls = excluded.calls, refreshed = excluded.refreshed,
                     queued = excluded.queued, skipped = excluded.skipped",
                params![day, row.calls, row.refreshed, row.queued, row.skipped],
            )?;
            Ok(())
        })
        .await
    }

    /// Answers kept per kind, and the offers kept.
    pub async fn counts(&self) -> Result<(Vec<(String, u64)>, u64), StoreError> {
        self.query(|conn| {
            let mut statement = conn
                .prepare_cached("SELECT kind, count(*) FROM answers GROUP BY kind ORDER BY kind")?;
            let kinds = statement
                .query_map([], |row| Ok((row.get(0)?, count(row.get(1)?))))?
                .collect::<Result<Vec<_>, _>>()?;
            let offers: i64 =
                conn.query_row("SELECT count(*) FROM offers", [], |row| row.get(0))?;
            Ok((kinds, count(offers)))
        })
        .await
    }

    /// The file and its write-ahead log, in bytes (`None` in memory).
    pub fn file_bytes(&self) -> Option<u64> {
        let file = self.file.as_ref()?;
        let size = |path: &Path| std::fs::metadata(path).map_or(0, |m| m.len());
        let mut wal = file.clone().into_os_string();
        wal.push("-wal");
        Some(size(file) + size(Path::new(&wal)))
    }

    pub fn file(&self) -> Option<&Path> {
        self.file.as_deref()
    }

    /// Runs `f` on the store's thread.
    async fn query<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&mut rusqlite::Connection) -> Result<T, rusqlite::Error> + Send + 'static,
    {
        self.conn
            .call(f)
            .await
            .map_err(|e| StoreError::Query(e.to_string()))
    }
}

fn read_quote_row(
    conn: &rusqlite::Connection,
    key: &QuoteKey,
    expired_before: i64,
) -> Result<Option<QuoteRow>, rusqlite::Error> {
    let (column, value) = match key {
        QuoteKey::Id(id) => ("id", id),
        QuoteKey::ShareToken(token) => ("share_token", token),
    };
    conn.query_row(
        &format!(
            "SELECT id, share_token, body FROM quote_sheets WHERE {column} = ?1 AND used_at >= ?2"
        ),
        params![value, expired_before],
        |row| {
            Ok(QuoteRow {
                id: row.get(0)?,
                share_token: row.get(1)?,
                body: row.get(2)?,
            })
        },
    )
    .optional()
}

/// SQLite counts are signed; none is negative.
fn count(n: i64) -> u64 {
    u64::try_from(n).unwrap_or_default()
}

fn flatten(result: Result<(), tokio_rusqlite::Error<StoreError>>) -> Result<(), StoreError> {
    match result {
        Ok(()) => Ok(()),
        Err(tokio_rusqlite::Error::Error(e)) => Err(e),
        Err(e) => Err(StoreError::Query(e.to_string())),
    }
}

/// The directory (0700) and an empty file (0600) if they do not exist yet, so that SQLite (and
/// its `-wal` and `-shm` files, which take the file's mode) are readable by the owner only.
fn create_owner_only(dir: &Path, file: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)?;
    if !file.exists() {
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        match options.open(file) {
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}
