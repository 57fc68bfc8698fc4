//! Shoppers' photos for image search: decoded under explicit limits, then normalized — turned
//! upright, scaled down to at most [`MAX_SIDE`] pixels and re-encoded as a JPEG, which drops every
//! piece of metadata (EXIF, GPS, comments). Only the normalized photo and a thumbnail go on from
//! here; the uploaded bytes are never kept. [`store`] keeps them for a while.
//!
//! The format is told from the bytes themselves, never from a file name or a content type.

pub mod store;

use std::io::Cursor;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Semaphore;

use self::store::{ImageStore, MemoryImageStore};

use image::codecs::jpeg::JpegEncoder;
use image::imageops::FilterType;
use image::{
    DynamicImage, ExtendedColorType, ImageDecoder, ImageEncoder, ImageError, ImageFormat,
    ImageReader, Limits, RgbImage,
};

use crate::catalog::ImageKey;

/// The largest upload accepted (the form's file).
pub const MAX_UPLOAD_BYTES: usize = 5 * 1024 * 1024;
/// What goes upstream is at most this many pixels wide and high.
pub const MAX_SIDE: u32 = 800;
/// The results page shows the photo at most this many pixels wide and high.
pub const THUMBNAIL_SIDE: u32 = 240;
/// Neither side of an upload may be longer than this many pixels.
pub const MAX_DIMENSION: u32 = 12_000;
/// An upload may have at most this many pixels in all (a 5 MB file can claim far more: a
/// decompression bomb).
pub const MAX_PIXELS: u64 = 40_000_000;
/// The decoder may allocate at most this much memory for one image.
const MAX_DECODER_ALLOC: u64 = 256 * 1024 * 1024;
const JPEG_QUALITY: u8 = 85;
const THUMBNAIL_QUALITY: u8 = 80;

/// Why an upload cannot be searched with; the web layer words it for the shopper.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhotoError {
    #[error("the file is empty")]
    Empty,
    #[error("the file is not an image")]
    NotAnImage,
    /// An image, in a format image search does not take (e.g. GIF, BMP, TIFF).
    #[error("{0} images are not accepted")]
    UnsupportedFormat(&'static str),
    /// Larger than [`MAX_DIMENSION`] on a side or [`MAX_PIXELS`] in all, e.g. a decompression
    /// bomb; nothing of it was decoded.
    #[error("the image has more pixels than allowed")]
    TooManyPixels,
    /// Truncated, corrupt, or using a feature the decoder does not read.
    #[error("the image is damaged or incomplete")]
    Damaged,
}

/// A photo ready for image search.
#[derive(Clone)]
pub struct Photo {
    pub key: ImageKey,
    /// The normalized photo: a JPEG of at most [`MAX_SIDE`] px, no metadata.
    pub jpeg: Arc<[u8]>,
    /// A JPEG of at most [`THUMBNAIL_SIDE`] px, for the results page.
    pub thumbnail: Arc<[u8]>,
}

impl std::fmt::Debug for Photo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Photo")
            .field("key", &self.key)
            .field("jpeg_bytes", &self.jpeg.len())
            .field("thumbnail_bytes", &self.thumbnail.len())
            .finish()
    }
}

/// Photos at once being decoded; more wait their turn (decoding is CPU-bound, and each may hold
/// up to [`MAX_DECODER_ALLOC`] of memory).
const DECODING_SLOTS: usize = 2;

/// Uploads received at once; more are turned away (each may hold [`MAX_UPLOAD_BYTES`] in memory).
const UPLOAD_SLOTS: usize = 16;

/// The kept image searches, and the decoding of new photos (a bounded number at a time, off the
/// async runtime).
pub struct Photos {
    pub store: Arc<dyn ImageStore>,
    decoding: Semaphore,
    uploads: Arc<Semaphore>,
}

/// Held while an upload is received and normalized.
pub struct UploadSlot(#[allow(dead_code)] tokio::sync::OwnedSemaphorePermit);

impl Photos {
    /// Kept in memory for `lifetime` (`IMAGE_SEARCH_TTL_SECS`).
    pub fn in_memory(lifetime: Duration) -> Photos {
        Photos::new(Arc::new(MemoryImageStore::new(lifetime)))
    }

    pub fn new(store: Arc<dyn ImageStore>) -> Photos {
        Photos {
            store,
            decoding: Semaphore::new(DECODING_SLOTS),
            uploads: Arc::new(Semaphore::new(UPLOAD_SLOTS)),
        }
    }

    /// A slot to receive one upload in, if one is free now.
    pub fn upload_slot(&self) -> Option<UploadSlot> {
        Arc::clone(&self.uploads)
            .try_acquire_owned()
            .ok()
            .map(UploadSlot)
    }

    /// [`normalize`]s `upload` on a blocking thread, when a decoding slot is free.
    pub async fn normalize(&self, upload: Vec<u8>) -> Result<Photo, PhotoError> {
        let _slot = self
            .decoding
            .acquire()
            .await
            .map_err(|_| PhotoError::Damaged)?;
        tokio::task::spawn_blocking(move || normalize(&upload))
            .await
            .unwrap_or(Err(PhotoError::Damaged))
    }
}

/// Decodes `upload` (JPEG, PNG or WebP) within the limits and normalizes it. CPU-bound: call it
/// off the async runtime.
pub fn normalize(upload: &[u8]) -> Result<Photo, PhotoError> {
    let image = decode(upload)?;
    let upright = flatten(scale_within(&image, MAX_SIDE));
    let jpeg = encode_jpeg(&upright, JPEG_QUALITY);
    let small = DynamicImage::ImageRgb8(upright);
    let thumbnail = encode_jpeg(
        &scale_within(&small, THUMBNAIL_SIDE).to_rgb8(),
        THUMBNAIL_QUALITY,
    );
    Ok(Photo {
        key: ImageKey::for_photo(&jpeg),
        jpeg: jpeg.into(),
        thumbnail: thumbnail.into(),
    })
}

/// Decodes a normalized photo (or any JPEG, PNG or WebP) into pixels, within the same limits.
pub fn decode_rgb(bytes: &[u8]) -> Result<RgbImage, PhotoError> {
    decode(bytes).map(flatten)
}

fn decode(bytes: &[u8]) -> Result<DynamicImage, PhotoError> {
    if bytes.is_empty() {
        return Err(PhotoError::Empty);
    }
    let format = match image::guess_format(bytes) {
        Ok(format @ (ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP)) => format,
        Ok(other) => return Err(PhotoError::UnsupportedFormat(format_name(other))),
        Err(_) => return Err(PhotoError::NotAnImage),
    };
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_DIMENSION);
    limits.max_image_height = Some(MAX_DIMENSION);
    limits.max_alloc = Some(MAX_DECODER_ALLOC);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(decode_error)?;
    let (width, height) = decoder.dimensions();
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(PhotoError::TooManyPixels);
    }
    if width == 0 || height == 0 {
        return Err(PhotoError::Damaged);
    }
    let orientation = decoder.orientation().ok();
    let mut image = DynamicImage::from_decoder(decoder).map_err(decode_error)?;
    if let Some(orientation) = orientation {
        image.apply_orientation(orientation);
    }
    Ok(image)
}

fn decode_error(error: ImageError) -> PhotoError {
    match error {
        ImageError::Limits(_) => PhotoError::TooManyPixels,
        _ => PhotoError::Damaged,
    }
}

fn format_name(format: ImageFormat) -> &'static str {
    match format {
        ImageFormat::Gif => "GIF",
        ImageFormat::Bmp => "BMP",
        ImageFormat::Tiff => "TIFF",
        ImageFormat::Ico => "ICO",
        ImageFormat::Avif => "AVIF",
        ImageFormat::Hdr | ImageFormat::OpenExr => "HDR",
        _ => "Such",
    }
}

/// `image` scaled down to fit `side` × `side` (never up). Large reductions average boxes of
/// pixels (fast, in integers, no buffer beyond the result); the last factor of less than two is
/// filtered properly.
fn scale_within(image: &DynamicImage, side: u32) -> DynamicImage {
    let longest = image.width().max(image.height());
    if longest <= side {
        image.clone()
    } else if longest >= side * 2 {
        image
            .thumbnail(side * 2, side * 2)
            .resize(side, side, FilterType::Triangle)
    } else {
        image.resize(side, side, FilterType::Triangle)
    }
}

/// RGB pixels, transparent parts laid on white (as pages show them).
fn flatten(image: DynamicImage) -> RgbImage {
    if !image.color().has_alpha() {
        return image.into_rgb8();
    }
    let rgba = image.into_rgba8();
    let mut rgb = RgbImage::new(rgba.width(), rgba.height());
    for (to, from) in rgb.pixels_mut().zip(rgba.pixels()) {
        let [r, g, b, a] = from.0;
        let over_white = |c: u8| {
            let c = u32::from(c) * u32::from(a) + 255 * (255 - u32::from(a));
            u8::try_from((c + 127) / 255).unwrap_or(255)
        };
        to.0 = [over_white(r), over_white(g), over_white(b)];
    }
    rgb
}

fn encode_jpeg(image: &RgbImage, quality: u8) -> Vec<u8> {
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, quality)
        .write_image(
            image.as_raw(),
            image.width(),
            image.height(),
            ExtendedColorType::Rgb8,
        )
        .expect("encoding RGB pixels into memory cannot fail");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::Rgb;

    fn gradient(width: u32, height: u32) -> RgbImage {
        RgbImage::from_fn(width, height, |x, y| {
            Rgb([(x * 255 / width) as u8, (y * 255 / height) as u8, 128])
        })
    }

    fn png(image: &RgbImage) -> Vec<u8> {
        let mut out = Vec::new();
        image::codecs::png::PngEncoder::new(&mut out)
            .write_image(
                image,
                image.width(),
                image.height(),
                image::ExtendedColorType::Rgb8,
            )
            .unwrap();
        out
    }

    #[test]
    fn large_photos_are_scaled_down_to_800_px_jpegs() {
        let photo = normalize(&png(&gradient(1600, 1000))).unwrap();
        let out = image::load_from_memory(&photo.jpeg).unwrap();
        assert_eq!((out.width(), out.height()), (800, 500));
        assert_eq!(image::guess_format(&photo.jpeg).unwrap(), ImageFormat::Jpeg);
        let thumb = image::load_from_memory(&photo.thumbnail).unwrap();
        assert_eq!((thumb.width(), thumb.height()), (240, 150));
    }

    #[test]
    fn small_photos_keep_their_size() {
        let photo = normalize(&png(&gradient(300, 200))).unwrap();
        let out = image::load_from_memory(&photo.jpeg).unwrap();
        assert_eq!((out.width(), out.height()), (300, 200));
    }

    #[test]
    fn the_same_photo_gets_the_same_key() {
        let bytes = png(&gradient(400, 300));
        assert_eq!(
            normalize(&bytes).unwrap().key,
            normalize(&bytes).unwrap().key
        );
        assert_ne!(
            normalize(&bytes).unwrap().key,
            normalize(&png(&gradient(300, 400))).unwrap().key
        );
    }

    #[test]
    fn bad_uploads_are_named() {
        assert_eq!(normalize(b"").unwrap_err(), PhotoError::Empty);
        assert_eq!(
            normalize(b"hello, world").unwrap_err(),
            PhotoError::NotAnImage
        );
        assert_eq!(
            normalize(b"GIF89a\x01\x00\x01\x00\x00\x00\x00;").unwrap_err(),
            PhotoError::UnsupportedFormat("GIF")
        );
        let whole = png(&gradient(64, 64));
        assert_eq!(
            normalize(&whole[..whole.len() / 2]).unwrap_err(),
            PhotoError::Damaged
        );
    }

    #[test]
    fn transparent_pixels_become_white() {
        let rgba = image::RgbaImage::from_pixel(4, 4, image::Rgba([0, 0, 0, 0]));
        let rgb = flatten(DynamicImage::ImageRgba8(rgba));
        assert!(rgb.pixels().all(|p| p.0 == [255, 255, 255]));
    }
}
