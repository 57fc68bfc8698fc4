//! Quote sheets kept in memory: mock mode's, forgotten at restart. Bounded: past
//! [`MemorySheets::MAX_SHEETS`] the least recently used sheet goes.

use std::collections::HashMap;
use std::sync::Mutex;

use async_trait::async_trait;

use super::{
    Edit, QuoteError, QuoteSheet, QuoteSheets, ShareToken, SheetId, expired_before, unix_now,
};

/// A sheet and when it was last used (Unix seconds).
struct Kept {
    sheet: QuoteSheet,
    used_at: i64,
}

#[derive(Default)]
struct Sheets {
    by_id: HashMap<SheetId, Kept>,
    by_share: HashMap<ShareToken, SheetId>,
}

impl Sheets {
    /// The sheet `id`, touched, unless it expired (then it is dropped).
    fn use_sheet(&mut self, id: &SheetId, now: i64) -> Option<&mut Kept> {
        let expired = self.by_id.get(id)?.used_at < expired_before(now);
        if expired {
            self.drop_sheet(id);
            return None;
        }
        let kept = self.by_id.get_mut(id)?;
        kept.used_at = now;
        Some(kept)
    }

    fn drop_sheet(&mut self, id: &SheetId) {
        if let Some(kept) = self.by_id.remove(id) {
            self.by_share.remove(&kept.sheet.share);
        }
    }

    /// Makes room for one more sheet: the expired ones go, then the least recently used.
    fn make_room(&mut self, now: i64, max: usize) {
        if self.by_id.len() < max {
            return;
        }
        let cutoff = expired_before(now);
        let expired: Vec<SheetId> = self
            .by_id
            .iter()
            .filter(|(_, kept)| kept.used_at < cutoff)
            .map(|(id, _)| id.clone())
            .collect();
        expired.iter().for_each(|id| self.drop_sheet(id));
        while self.by_id.len() >= max {
            let Some(oldest) = self
                .by_id
                .iter()
                .min_by_key(|(_, kept)| kept.used_at)
                .map(|(id, _)| id.clone())
            else {
                break;
            };
            self.drop_sheet(&oldest);
        }
    }
}

/// Sheets in memory, until restart.
#[derive(Default)]
pub struct MemorySheets {
    sheets: Mutex<Sheets>,
}

impl MemorySheets {
    /// The most sheets kept at once.
    pub const MAX_SHEETS: usize = 10_000;

    pub fn new() -> MemorySheets {
        MemorySheets::default()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Sheets> {
        self.sheets.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[async_trait]
impl QuoteSheets for MemorySheets {
    async fn create(&self, edit: Edit) -> Result<QuoteSheet, QuoteError> {
        let mut sheet = QuoteSheet::new();
        edit(&mut sheet)?;
        let now = unix_now();
        let mut sheets = self.lock();
        sheets.make_room(now, Self::MAX_SHEETS);
        sheets
            .by_share
            .insert(sheet.share.clone(), sheet.id.clone());
        sheets.by_id.insert(
            sheet.id.clone(),
            Kept {
                sheet: sheet.clone(),
                used_at: now,
            },
        );
        Ok(sheet)
    }

    async fn get(&self, id: &SheetId) -> Result<Option<QuoteSheet>, QuoteError> {
        let mut sheets = self.lock();
        Ok(sheets
            .use_sheet(id, unix_now())
            .map(|kept| kept.sheet.clone()))
    }

    async fn shared(&self, token: &ShareToken) -> Result<Option<QuoteSheet>, QuoteError> {
        let mut sheets = self.lock();
        let Some(id) = sheets.by_share.get(token).cloned() else {
            return Ok(None);
        };
        Ok(sheets
            .use_sheet(&id, unix_now())
            .map(|kept| kept.sheet.clone()))
    }

    async fn edit(&self, id: &SheetId, edit: Edit) -> Result<Option<QuoteSheet>, QuoteError> {
        let mut sheets = self.lock();
        let Some(kept) = sheets.use_sheet(id, unix_now()) else {
            return Ok(None);
        };
        let mut changed = kept.sheet.clone();
        edit(&mut changed)?;
        kept.sheet = changed.clone();
        Ok(Some(changed))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_sheet_is_found_by_id_and_by_share_token_only() {
        let sheets = MemorySheets::new();
        let sheet = sheets.create(Box::new(|_| Ok(()))).await.unwrap();
        assert!(sheets.get(&sheet.id).await.unwrap().is_some());
        assert!(sheets.shared(&sheet.share).await.unwrap().is_some());
        assert!(sheets.get(&SheetId::random()).await.unwrap().is_none());
        assert!(
            sheets
                .shared(&ShareToken::random())
                .await
                .unwrap()
                .is_none()
        );
        // The share token is not an id, nor the id a share token.
        let token_as_id = SheetId::parse(sheet.share.as_str()).unwrap();
        assert!(sheets.get(&token_as_id).await.unwrap().is_none());
    }

    #[tokio::test]
    async fn a_failed_edit_changes_nothing() {
        let sheets = MemorySheets::new();
        let sheet = sheets
            .create(Box::new(|s| {
                s.next_line = 7;
                Ok(())
            }))
            .await
            .unwrap();
        let result = sheets
            .edit(
                &sheet.id,
                Box::new(|s| {
                    s.next_line = 99;
                    Err(QuoteError::NoSuchLine)
                }),
            )
            .await;
        assert_eq!(result, Err(QuoteError::NoSuchLine));
        assert_eq!(sheets.get(&sheet.id).await.unwrap().unwrap().next_line, 7);
    }

    #[tokio::test]
    async fn sheets_unused_for_thirty_days_are_gone() {
        let sheets = MemorySheets::new();
        let sheet = sheets.create(Box::new(|_| Ok(()))).await.unwrap();
        sheets.lock().by_id.get_mut(&sheet.id).unwrap().used_at = expired_before(unix_now()) - 1;
        assert!(sheets.shared(&sheet.share).await.unwrap().is_none());
        assert!(sheets.get(&sheet.id).await.unwrap().is_none());
    }

    #[test]
    fn past_the_bound_the_least_recently_used_sheet_goes() {
        let mut sheets = Sheets::default();
        for used_at in [5, 1, 9] {
            let sheet = QuoteSheet::new();
            sheets
                .by_share
                .insert(sheet.share.clone(), sheet.id.clone());
            sheets
                .by_id
                .insert(sheet.id.clone(), Kept { sheet, used_at });
        }
        sheets.make_room(10, 3);
        let mut left: Vec<i64> = sheets.by_id.values().map(|k| k.used_at).collect();
        left.sort();
        assert_eq!(left, [5, 9]);
        assert_eq!(sheets.by_share.len(), 2);
    }
}
