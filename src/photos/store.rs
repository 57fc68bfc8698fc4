//! The images behind image-search results addresses (`/search/image/{key}`): kept for a while
//! (`IMAGE_SEARCH_TTL_SECS`) so that the address can be paged, bookmarked and shared, and bounded
//! in total size. Behind a small trait so that a persistent store can take over.

use std::sync::Arc;
use std::time::Duration;

use moka::sync::Cache;

use crate::catalog::{ImageKey, SearchImage};

/// Bytes of kept images at most, in memory (a normalized photo is about 30–150 KB).
pub const MAX_KEPT_BYTES: u64 = 64 * 1024 * 1024;
/// What one entry costs beyond its bytes.
const ENTRY_OVERHEAD_BYTES: usize = 256;

/// One kept image search: what is searched, and the thumbnail the results page shows (none for
/// a pasted address, which the page shows from 1688's image host).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeptImage {
    pub image: SearchImage,
    pub thumbnail: Option<Arc<[u8]>>,
}

impl KeptImage {
    fn weight(&self) -> u32 {
        let image = match &self.image {
            SearchImage::Photo { jpeg, .. } => jpeg.len(),
            SearchImage::Address { url, .. } => url.len(),
        };
        let thumbnail = self.thumbnail.as_ref().map_or(0, |t| t.len());
        u32::try_from(image + thumbnail + ENTRY_OVERHEAD_BYTES).unwrap_or(u32::MAX)
    }
}

/// Where image searches are kept between the upload and the views of their results.
pub trait ImageStore: Send + Sync + 'static {
    /// Keeps `kept` under its image's key (again: its lifetime starts anew).
    fn keep(&self, kept: KeptImage);

    /// The image search kept under `key`, unless it expired or was evicted.
    fn get(&self, key: &ImageKey) -> Option<KeptImage>;
}

/// Kept in memory: expiring after a lifetime, least recently used evicted past [`MAX_KEPT_BYTES`].
pub struct MemoryImageStore {
    kept: Cache<ImageKey, KeptImage>,
}

impl MemoryImageStore {
    pub fn new(lifetime: Duration) -> MemoryImageStore {
        MemoryImageStore::with_capacity(lifetime, MAX_KEPT_BYTES)
    }

    /// With an explicit bound in bytes (tests).
    pub fn with_capacity(lifetime: Duration, max_bytes: u64) -> MemoryImageStore {
        MemoryImageStore {
            kept: Cache::builder()
                .max_capacity(max_bytes)
                .weigher(|key: &ImageKey, kept: &KeptImage| {
                    kept.weight().saturating_add(key.as_str().len() as u32)
                })
                .time_to_live(lifetime)
                .build(),
        }
    }

    /// Bytes kept now (after pending evictions ran).
    pub fn weighted_size(&self) -> u64 {
        self.kept.run_pending_tasks();
        self.kept.weighted_size()
    }
}

impl ImageStore for MemoryImageStore {
    fn keep(&self, kept: KeptImage) {
        self.kept.insert(kept.image.key().clone(), kept);
    }

    fn get(&self, key: &ImageKey) -> Option<KeptImage> {
        self.kept.get(key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn photo(n: u8, size: usize) -> KeptImage {
        let jpeg: Arc<[u8]> = vec![n; size].into();
        KeptImage {
            image: SearchImage::Photo {
                key: ImageKey::for_photo(&jpeg),
                jpeg,
            },
            thumbnail: Some(vec![n; size / 10].into()),
        }
    }

    #[test]
    fn kept_images_are_found_by_key() {
        let store = MemoryImageStore::new(Duration::from_secs(60));
        let kept = photo(1, 1000);
        store.keep(kept.clone());
        assert_eq!(store.get(kept.image.key()), Some(kept));
        assert_eq!(store.get(photo(2, 1000).image.key()), None);
    }

    #[test]
    fn kept_images_expire() {
        let store = MemoryImageStore::new(Duration::from_millis(50));
        let kept = photo(1, 1000);
        store.keep(kept.clone());
        std::thread::sleep(Duration::from_millis(120));
        assert_eq!(store.get(kept.image.key()), None);
    }

    #[test]
    fn the_total_size_is_bounded() {
        let store = MemoryImageStore::with_capacity(Duration::from_secs(60), 100_000);
        for n in 0..50 {
            store.keep(photo(n, 10_000));
        }
        assert!(
            store.weighted_size() <= 100_000,
            "{}",
            store.weighted_size()
        );
    }
}
