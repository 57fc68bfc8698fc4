//! Live mode's quote sheets, in the catalog file (table `quote_sheets`, see `db.rs`): they
//! survive restarts. They are the shoppers' data, apart from the kept answers and their purging.

use async_trait::async_trait;

use super::db::{Db, QuoteKey, QuoteRow};
use crate::quote::{
    Edit, QuoteError, QuoteSheet, QuoteSheets, ShareToken, SheetId, expired_before, unix_now,
};

/// The most sheets the file keeps; past it, the least recently used goes.
pub const MAX_STORED_SHEETS: u64 = 100_000;

/// Quote sheets in the SQLite store.
#[derive(Clone)]
pub struct StoredSheets {
    db: Db,
}

impl StoredSheets {
    pub fn new(db: Db) -> StoredSheets {
        StoredSheets { db }
    }
}

fn storage(error: impl std::fmt::Display) -> QuoteError {
    QuoteError::Storage(error.to_string())
}

fn row_of(sheet: &QuoteSheet) -> QuoteRow {
    QuoteRow {
        id: sheet.id.as_str().to_owned(),
        share_token: sheet.share.as_str().to_owned(),
        body: sheet.to_json(),
    }
}

fn sheet_of(row: &QuoteRow) -> Option<QuoteSheet> {
    QuoteSheet::from_json(
        SheetId::parse(&row.id)?,
        ShareToken::parse(&row.share_token)?,
        &row.body,
    )
}

impl StoredSheets {
    async fn find(&self, key: QuoteKey) -> Result<Option<QuoteSheet>, QuoteError> {
        let now = unix_now();
        let row = self
            .db
            .quote_sheet(key, expired_before(now), now)
            .await
            .map_err(storage)?;
        Ok(row.as_ref().and_then(sheet_of))
    }
}

#[async_trait]
impl QuoteSheets for StoredSheets {
    async fn create(&self, edit: Edit) -> Result<QuoteSheet, QuoteError> {
        let mut sheet = QuoteSheet::new();
        edit(&mut sheet)?;
        let now = unix_now();
        self.db
            .insert_quote_sheet(row_of(&sheet), expired_before(now), now, MAX_STORED_SHEETS)
            .await
            .map_err(storage)?;
        Ok(sheet)
    }

    async fn get(&self, id: &SheetId) -> Result<Option<QuoteSheet>, QuoteError> {
        self.find(QuoteKey::Id(id.as_str().to_owned())).await
    }

    async fn shared(&self, token: &ShareToken) -> Result<Option<QuoteSheet>, QuoteError> {
        self.find(QuoteKey::ShareToken(token.as_str().to_owned()))
            .await
    }

    async fn edit(&self, id: &SheetId, edit: Edit) -> Result<Option<QuoteSheet>, QuoteError> {
        let now = unix_now();
        let changed = self
            .db
            .change_quote_sheet(
                id.as_str().to_owned(),
                expired_before(now),
                now,
                move |row| {
                    let mut sheet =
                        sheet_of(&row).ok_or(QuoteError::Storage("unreadable sheet".into()))?;
                    edit(&mut sheet)?;
                    Ok(row_of(&sheet))
                },
            )
            .await
            .map_err(storage)??;
        Ok(changed.as_ref().and_then(sheet_of))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn sheets() -> StoredSheets {
        StoredSheets::new(Db::open_in_memory().await.unwrap())
    }

    #[tokio::test]
    async fn a_sheet_is_kept_and_changed_in_the_store() {
        let sheets = sheets().await;
        let sheet = sheets
            .create(Box::new(|s| {
                s.next_line = 3;
                Ok(())
            }))
            .await
            .unwrap();
        let found = sheets.get(&sheet.id).await.unwrap().unwrap();
        assert_eq!(found, sheet);
        assert_eq!(
            sheets.shared(&sheet.share).await.unwrap(),
            Some(sheet.clone())
        );
        let changed = sheets
            .edit(
                &sheet.id,
                Box::new(|s| {
                    s.next_line = 4;
                    Ok(())
                }),
            )
            .await
            .unwrap()
            .unwrap();
        assert_eq!(changed.next_line, 4);
        assert_eq!(sheets.get(&sheet.id).await.unwrap().unwrap().next_line, 4);
        let refused = sheets
            .edit(&sheet.id, Box::new(|_| Err(QuoteError::NoSuchLine)))
            .await;
        assert_eq!(refused, Err(QuoteError::NoSuchLine));
        assert!(sheets.get(&SheetId::random()).await.unwrap().is_none());
        assert!(
            sheets
                .edit(&SheetId::random(), Box::new(|_| Ok(())))
                .await
                .unwrap()
                .is_none()
        );
    }

    #[tokio::test]
    async fn expired_and_excess_sheets_are_dropped_when_a_sheet_is_created() {
        let db = Db::open_in_memory().await.unwrap();
        let row = |n: u8| QuoteRow {
            id: format!("{n:032x}"),
            share_token: format!("{:032x}", u16::from(n) + 1000),
            body: QuoteSheet::new().to_json(),
        };
        db.insert_quote_sheet(row(1), 0, 10, 2).await.unwrap();
        db.insert_quote_sheet(row(2), 0, 20, 2).await.unwrap();
        db.insert_quote_sheet(row(3), 0, 30, 2).await.unwrap();
        let find = |n: u8| db.quote_sheet(QuoteKey::Id(format!("{n:032x}")), 0, 40);
        assert!(
            find(1).await.unwrap().is_none(),
            "the least recently used went"
        );
        assert!(find(2).await.unwrap().is_some());
        assert!(find(3).await.unwrap().is_some());
        // Last used at 40 now; expired when the cut-off passes it.
        db.insert_quote_sheet(row(4), 41, 50, 10).await.unwrap();
        assert!(find(2).await.unwrap().is_none());
        assert!(
            db.quote_sheet(QuoteKey::Id(format!("{:032x}", 4)), 41, 50)
                .await
                .unwrap()
                .is_some()
        );
    }
}
