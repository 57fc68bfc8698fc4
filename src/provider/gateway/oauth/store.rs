//! Where the OAuth token is kept: `STOREFRONT_DATA_DIR/oauth-token.json`, readable by the owner
//! only, written atomically (temporary file + rename) on a blocking thread.

use std::path::{Path, PathBuf};

use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};

/// A token as 1688 hands it out. `Debug` shows no secret.
#[derive(Clone)]
pub struct Token {
    pub access_token: SecretString,
    pub refresh_token: Option<SecretString>,
    /// Unix seconds.
    pub expires_at: u64,
    pub refresh_expires_at: Option<u64>,
}

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Token")
            .field("expires_at", &self.expires_at)
            .finish_non_exhaustive()
    }
}

/// The file format; only ever built right before writing or right after reading.
#[derive(Serialize, Deserialize)]
struct TokenFile {
    access_token: String,
    refresh_token: Option<String>,
    expires_at: u64,
    refresh_expires_at: Option<u64>,
}

/// Why the token could not be saved (an I/O error kind, never a path or a token).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct StoreError(String);

pub struct TokenStore {
    file: PathBuf,
}

impl TokenStore {
    pub const FILE_NAME: &str = "oauth-token.json";

    pub fn in_dir(dir: &Path) -> TokenStore {
        TokenStore {
            file: dir.join(Self::FILE_NAME),
        }
    }

    /// The stored token, if there is a readable one (read once, at start).
    pub fn load(&self) -> Option<Token> {
        let text = std::fs::read_to_string(&self.file).ok()?;
        match serde_json::from_str::<TokenFile>(&text) {
            Ok(stored) => Some(Token {
                access_token: SecretString::from(stored.access_token),
                refresh_token: stored.refresh_token.map(SecretString::from),
                expires_at: stored.expires_at,
                refresh_expires_at: stored.refresh_expires_at,
            }),
            Err(_) => {
                tracing::warn!(file = %self.file.display(), "ignoring an unreadable OAuth token file");
                None
            }
        }
    }

    /// Writes `token`, readable by the owner only, on a blocking thread: file I/O never stalls
    /// the async workers.
    pub async fn save(&self, token: &Token) -> Result<(), StoreError> {
        let contents = serde_json::to_vec(&TokenFile {
            access_token: token.access_token.expose_secret().to_string(),
            refresh_token: token
                .refresh_token
                .as_ref()
                .map(|t| t.expose_secret().to_string()),
            expires_at: token.expires_at,
            refresh_expires_at: token.refresh_expires_at,
        })
        .map_err(|e| StoreError(e.to_string()))?;
        let file = self.file.clone();
        tokio::task::spawn_blocking(move || write_owner_only(&file, &contents))
            .await
            .map_err(|_| StoreError("the writing task stopped".into()))?
    }
}

fn write_owner_only(file: &Path, contents: &[u8]) -> Result<(), StoreError> {
    use std::io::Write;

    let storage = |e: std::io::Error| StoreError(e.kind().to_string());
    let dir = file.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(storage)?;
    let temp = file.with_extension("json.tmp");
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    {
        let mut out = options.open(&temp).map_err(storage)?;
        out.write_all(contents).map_err(storage)?;
        out.sync_all().map_err(storage)?;
    }
    std::fs::rename(&temp, file).map_err(storage)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_debug_shows_no_secret() {
        let token = Token {
            access_token: SecretString::from("ACCESS-123"),
            refresh_token: Some(SecretString::from("REFRESH-456")),
            expires_at: 1,
            refresh_expires_at: None,
        };
        let debug = format!("{token:?}");
        assert!(!debug.contains("ACCESS-123") && !debug.contains("REFRESH-456"));
    }
}
