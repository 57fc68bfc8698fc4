//! Image search over the sample catalog: a real similarity search, not a canned answer.
//!
//! Every product's main image — the very SVG the store serves at `/img/mock/{id}/1.svg` — is
//! rasterized once (resvg), in the background, into a perceptual [`Signature`]: the layout of its
//! light and dark (a 16 × 16 luminance grid, normalized so brightness and contrast do not count),
//! the layout of its colours (the same grid's mean colours) and the share of each colour (a
//! 4 × 4 × 4 RGB histogram, softly binned so that re-encoding does not move colours across bins). An upload's signature is compared with all of them; the closest come
//! first. A saved copy of a product's image — a PNG screenshot, a JPEG at another size — is
//! nearest to that product's own signature.
//!
//! The drawings carry no fonts here, so their labels are not rasterized: the signature leans on
//! the shape, its place and size, the gradient and the colours, which differ from product to
//! product (see `svg::Art::variant`).

use std::sync::Arc;

use image::imageops::FilterType;
use image::{DynamicImage, RgbImage};
use resvg::{tiny_skia, usvg};
use tokio::sync::OnceCell;

use super::svg::{self, Art};

/// The side of the luminance grid.
const GRID: u32 = 16;
const CELLS: usize = (GRID * GRID) as usize;
/// Histogram bins per colour channel.
const BINS: usize = 4;
const HISTOGRAM: usize = BINS * BINS * BINS;
/// Drawings are rasterized at this size (px) before their signature is taken.
const RASTER_SIDE: u32 = 128;
/// How much each part counts, out of 1: the light-and-dark layout, the colour layout, the
/// colour histogram.
const WEIGHTS: [f32; 3] = [0.4, 0.4, 0.2];
/// Colour layout differences are scaled by this before they are capped at 1: a mean difference
/// of a quarter of the range counts as nothing in common.
const COLOUR_LAYOUT_SCALE: f32 = 4.0;

/// What an image looks like, in a few hundred numbers.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Signature {
    /// Luminance per grid cell, zero mean and unit variance (all zero for a flat image).
    layout: [f32; CELLS],
    /// Mean colour per grid cell (RGB, 0–1).
    colour_layout: [[f32; 3]; CELLS],
    /// Share of the pixels per RGB bin; sums to 1.
    colours: [f32; HISTOGRAM],
}

impl Signature {
    pub(super) fn of(image: &RgbImage) -> Signature {
        // `DynamicImage`'s own methods: compiled optimized with the `image` crate even in a
        // debug build of the store (a generic `imageops::resize` would not be).
        let image = DynamicImage::ImageRgb8(image.clone());
        let grid = image
            .resize_exact(GRID, GRID, FilterType::Triangle)
            .into_rgb8();
        let mut colour_layout = [[0f32; 3]; CELLS];
        for (cell, pixel) in colour_layout.iter_mut().zip(grid.pixels()) {
            *cell = pixel.0.map(|c| f32::from(c) / 255.0);
        }
        Signature {
            layout: layout(&grid),
            colour_layout,
            colours: colours(&image),
        }
    }

    /// 0 for the same look, up to 1 for nothing in common.
    pub(super) fn distance(&self, other: &Signature) -> f32 {
        // For normalized grids the mean squared difference is 2 − 2·correlation.
        let squared: f32 = self
            .layout
            .iter()
            .zip(&other.layout)
            .map(|(a, b)| (a - b) * (a - b))
            .sum();
        let layout = (squared / CELLS as f32 / 4.0).clamp(0.0, 1.0);
        let colour_layout = self
            .colour_layout
            .iter()
            .zip(&other.colour_layout)
            .map(|(a, b)| (0..3).map(|c| (a[c] - b[c]).abs()).sum::<f32>() / 3.0)
            .sum::<f32>()
            / CELLS as f32;
        let colour_layout = (colour_layout * COLOUR_LAYOUT_SCALE).clamp(0.0, 1.0);
        let colours: f32 = self
            .colours
            .iter()
            .zip(&other.colours)
            .map(|(a, b)| (a - b).abs())
            .sum::<f32>()
            / 2.0;
        WEIGHTS[0] * layout + WEIGHTS[1] * colour_layout + WEIGHTS[2] * colours.clamp(0.0, 1.0)
    }
}

/// A distance as a percentage of likeness, for the results page.
pub(super) fn likeness(distance: f32) -> u8 {
    ((1.0 - distance.clamp(0.0, 1.0)) * 100.0).round() as u8
}

fn layout(small: &RgbImage) -> [f32; CELLS] {
    let mut cells = [0f32; CELLS];
    for (cell, pixel) in cells.iter_mut().zip(small.pixels()) {
        let [r, g, b] = pixel.0.map(f32::from);
        *cell = 0.299 * r + 0.587 * g + 0.114 * b;
    }
    let mean = cells.iter().sum::<f32>() / CELLS as f32;
    let variance = cells.iter().map(|c| (c - mean) * (c - mean)).sum::<f32>() / CELLS as f32;
    let deviation = variance.sqrt();
    for cell in &mut cells {
        *cell = if deviation < 1.0 {
            0.0
        } else {
            (*cell - mean) / deviation
        };
    }
    cells
}

fn colours(image: &DynamicImage) -> [f32; HISTOGRAM] {
    // A 64 × 64 copy is plenty for the proportions of colours, and cheap.
    let small = image.thumbnail_exact(64, 64).into_rgb8();
    let mut bins = [0f32; HISTOGRAM];
    for pixel in small.pixels() {
        // Each channel's weight is split between its two nearest bin centres.
        let spread = pixel.0.map(|c| {
            let at = (f32::from(c) / 255.0 * BINS as f32 - 0.5).clamp(0.0, (BINS - 1) as f32);
            let low = (at.floor() as usize).min(BINS - 1);
            let high = (low + 1).min(BINS - 1);
            let part = at - low as f32;
            [(low, 1.0 - part), (high, part)]
        });
        for (r, wr) in spread[0] {
            for (g, wg) in spread[1] {
                for (b, wb) in spread[2] {
                    bins[(r * BINS + g) * BINS + b] += wr * wg * wb;
                }
            }
        }
    }
    let total: f32 = bins.iter().sum();
    if total > 0.0 {
        for bin in &mut bins {
            *bin /= total;
        }
    }
    bins
}

/// A drawing (SVG text) rasterized over white; `None` if it cannot be read.
pub(super) fn rasterize(svg: &str, side: u32) -> Option<RgbImage> {
    let tree = usvg::Tree::from_str(svg, &usvg::Options::default()).ok()?;
    let mut pixmap = tiny_skia::Pixmap::new(side, side)?;
    pixmap.fill(tiny_skia::Color::WHITE);
    let size = tree.size();
    let transform =
        tiny_skia::Transform::from_scale(side as f32 / size.width(), side as f32 / size.height());
    resvg::render(&tree, transform, &mut pixmap.as_mut());
    let rgb = pixmap
        .pixels()
        .iter()
        .flat_map(|p| {
            let c = p.demultiply();
            [c.red(), c.green(), c.blue()]
        })
        .collect();
    RgbImage::from_raw(side, side, rgb)
}

/// The signatures of the catalog's main images, in catalog order, computed once.
pub(super) struct Index {
    arts: Arc<Vec<Art>>,
    signatures: OnceCell<Arc<Vec<Signature>>>,
}

impl std::fmt::Debug for Index {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Index")
            .field("images", &self.arts.len())
            .field("ready", &self.signatures.initialized())
            .finish()
    }
}

impl Index {
    /// The index of these drawings (in catalog order); nothing is computed yet.
    pub(super) fn new(arts: Vec<Art>) -> Index {
        Index {
            arts: Arc::new(arts),
            signatures: OnceCell::new(),
        }
    }

    /// The signatures, computed on a blocking thread by the first caller; the others wait for it.
    pub(super) async fn signatures(&self) -> Arc<Vec<Signature>> {
        self.signatures
            .get_or_init(|| async {
                let arts = Arc::clone(&self.arts);
                tokio::task::spawn_blocking(move || Arc::new(compute(&arts)))
                    .await
                    .expect("computing signatures does not panic")
            })
            .await
            .clone()
    }
}

/// Every drawing's signature, as the store serves image 1.
pub(super) fn compute(arts: &[Art]) -> Vec<Signature> {
    let started = std::time::Instant::now();
    let signatures: Vec<Signature> = arts
        .iter()
        .map(|art| {
            rasterize(&svg::render(art, 1), RASTER_SIDE)
                .map(|image| Signature::of(&image))
                .expect("the catalog's drawings are valid SVG")
        })
        .collect();
    tracing::info!(
        images = signatures.len(),
        ms = started.elapsed().as_millis() as u64,
        "sample catalog: image signatures computed"
    );
    signatures
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::provider::mock::MockCatalog;

    /// The catalog's drawings and their signatures, computed once for all tests.
    fn catalog_signatures() -> &'static (Vec<Art>, Vec<Signature>) {
        static SIGNATURES: std::sync::OnceLock<(Vec<Art>, Vec<Signature>)> =
            std::sync::OnceLock::new();
        SIGNATURES.get_or_init(|| {
            let arts: Vec<Art> = MockCatalog::new().listings.iter().map(|l| l.art).collect();
            let signatures = compute(&arts);
            (arts, signatures)
        })
    }

    /// `image` as a JPEG of `side` px at `quality`, decoded again: what a shopper's saved copy
    /// looks like to the store.
    fn jpeg_copy(image: &RgbImage, side: u32, quality: u8) -> RgbImage {
        use image::ImageEncoder;
        let resized = DynamicImage::ImageRgb8(image.clone())
            .resize_exact(side, side, FilterType::CatmullRom)
            .into_rgb8();
        let mut bytes = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, quality)
            .write_image(resized.as_raw(), side, side, image::ExtendedColorType::Rgb8)
            .unwrap();
        image::load_from_memory(&bytes).unwrap().to_rgb8()
    }

    fn nearest(signatures: &[Signature], probe: &Signature) -> (usize, f32) {
        signatures
            .iter()
            .map(|s| probe.distance(s))
            .enumerate()
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .unwrap()
    }

    #[test]
    fn no_two_products_look_alike() {
        let (_, signatures) = catalog_signatures();
        let mut closest = f32::MAX;
        for (i, a) in signatures.iter().enumerate() {
            for b in &signatures[i + 1..] {
                closest = closest.min(a.distance(b));
            }
        }
        assert!(closest > 0.02, "two products are {closest} apart");
    }

    #[test]
    fn a_saved_copy_of_any_products_image_finds_that_product_first() {
        let (arts, signatures) = catalog_signatures();
        let mut worst_margin = f32::MAX;
        // Every fifth product (all of them take minutes in a debug build on a busy machine);
        // `no_two_products_look_alike` covers every pair.
        for (position, art) in arts.iter().enumerate().step_by(5) {
            let served = rasterize(&svg::render(art, 1), 400).unwrap();
            for copy in [
                jpeg_copy(&served, 300, 70),
                jpeg_copy(&served, 640, 90),
                served.clone(),
            ] {
                let probe = Signature::of(&copy);
                let (found, distance) = nearest(signatures, &probe);
                assert_eq!(found, position, "product {position} ({})", art.label);
                let runner_up = signatures
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| *i != position)
                    .map(|(_, s)| probe.distance(s))
                    .fold(f32::MAX, f32::min);
                worst_margin = worst_margin.min(runner_up - distance);
            }
        }
        assert!(worst_margin > 0.01, "margin {worst_margin}");
    }

    #[test]
    fn likeness_is_a_percentage() {
        assert_eq!(likeness(0.0), 100);
        assert_eq!(likeness(1.0), 0);
        assert_eq!(likeness(0.25), 75);
    }
}
