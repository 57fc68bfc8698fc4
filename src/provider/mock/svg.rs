//! Placeholder product images, drawn as small SVGs so that mock mode needs no image host.

use askama::Template;

use super::data::Icon;

/// What a product's placeholder images show: its category's colour and shape, and its noun.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Art {
    /// Base hue in degrees; image `n` shifts it a little.
    pub hue: u16,
    pub icon: Icon,
    /// A short English label, e.g. "Phone Case".
    pub label: &'static str,
    /// Sets this product apart from the others of its category (see [`Layout`]), so that every
    /// product has a look of its own and image search can tell them apart.
    pub variant: u16,
}

/// Directions of the background gradient, light end first: `x1 y1 x2 y2`.
const GRADIENTS: [[&str; 4]; 8] = [
    ["0", "0", "1", "1"],
    ["0.5", "0", "0.5", "1"],
    ["1", "0", "0", "1"],
    ["1", "0.5", "0", "0.5"],
    ["1", "1", "0", "0"],
    ["0.5", "1", "0.5", "0"],
    ["0", "1", "1", "0"],
    ["0", "0.5", "1", "0.5"],
];
/// Horizontal offsets of the shape, in pixels.
const OFFSETS: [i32; 3] = [0, -62, 62];
/// Sizes of the shape, in percent.
const SCALES: [u32; 2] = [100, 64];
/// How many distinct looks [`Art::variant`] picks from.
pub(super) const VARIANTS: u16 = (GRADIENTS.len() * OFFSETS.len() * SCALES.len()) as u16;

/// Where a variant puts things: a gradient direction, the shape's offset and size.
struct Layout {
    gradient: [&'static str; 4],
    offset: i32,
    scale: u32,
}

impl Layout {
    fn of(variant: u16) -> Layout {
        let v = usize::from(variant % VARIANTS);
        Layout {
            gradient: GRADIENTS[v % GRADIENTS.len()],
            offset: OFFSETS[v / GRADIENTS.len() % OFFSETS.len()],
            scale: SCALES[v / (GRADIENTS.len() * OFFSETS.len()) % SCALES.len()],
        }
    }
}

/// The SVG namespace: an identifier, never fetched, but required for a standalone SVG file to
/// render.
pub(super) const SVG_NAMESPACE: &str = "http://www.w3.org/2000/svg";

/// Image `n` (from 1) of a product: a gradient in the category's colours, its shape and its
/// label. Under 2 KB and self-contained (no fonts, links or external references).
pub(super) fn render(art: &Art, n: usize) -> String {
    let step = u32::try_from(n.saturating_sub(1) % 16).unwrap_or(0);
    let hue = (u32::from(art.hue) + step * 23) % 360;
    let layout = Layout::of(art.variant);
    let [x1, y1, x2, y2] = layout.gradient;
    Drawing {
        namespace: SVG_NAMESPACE,
        x1,
        y1,
        x2,
        y2,
        offset: layout.offset,
        scale: format!("{}.{:02}", layout.scale / 100, layout.scale % 100),
        light: hsl_to_hex(hue, 62, 62),
        dark: hsl_to_hex((hue + 35) % 360, 58, 36),
        angle: step * 15,
        shape: shape(art.icon),
        label: art.label,
        font_size: match art.label.chars().count() {
            0..=14 => 34,
            15..=19 => 28,
            _ => 22,
        },
        n,
    }
    .render()
    .expect("the drawing's fields always render")
}

#[derive(Template)]
#[template(path = "mock/product.svg", escape = "html")]
struct Drawing {
    namespace: &'static str,
    /// The gradient's direction.
    x1: &'static str,
    y1: &'static str,
    x2: &'static str,
    y2: &'static str,
    /// The shape's horizontal offset (px) and size (a factor, e.g. "0.64").
    offset: i32,
    scale: String,
    light: String,
    dark: String,
    angle: u32,
    /// Trusted markup from [`shape`].
    shape: &'static str,
    /// Escaped by the template.
    label: &'static str,
    font_size: u32,
    n: usize,
}

/// The shape, centred on (200, 165), inside a group that sets the fill.
fn shape(icon: Icon) -> &'static str {
    match icon {
        Icon::Circle => r#"<circle cx="200" cy="165" r="90"/>"#,
        Icon::Square => r#"<rect x="115" y="80" width="170" height="170" rx="26"/>"#,
        Icon::Diamond => r#"<polygon points="200,60 305,165 200,270 95,165"/>"#,
        Icon::Triangle => r#"<polygon points="200,70 295,245 105,245"/>"#,
        Icon::Hexagon => r#"<polygon points="200,70 282,117 282,213 200,260 118,213 118,117"/>"#,
        Icon::Ring => {
            r##"<circle cx="200" cy="165" r="80" fill="none" stroke="#ffffff" stroke-opacity="0.85" stroke-width="26"/>"##
        }
    }
}

/// "#rrggbb" for a hue in degrees and saturation and lightness in percent.
fn hsl_to_hex(hue: u32, saturation: u32, lightness: u32) -> String {
    let h = f64::from(hue % 360);
    let s = f64::from(saturation.min(100)) / 100.0;
    let l = f64::from(lightness.min(100)) / 100.0;
    let chroma = (1.0 - (2.0 * l - 1.0).abs()) * s;
    let x = chroma * (1.0 - ((h / 60.0) % 2.0 - 1.0).abs());
    let (r, g, b) = match hue % 360 / 60 {
        0 => (chroma, x, 0.0),
        1 => (x, chroma, 0.0),
        2 => (0.0, chroma, x),
        3 => (0.0, x, chroma),
        4 => (x, 0.0, chroma),
        _ => (chroma, 0.0, x),
    };
    let m = l - chroma / 2.0;
    let byte = |v: f64| ((v + m) * 255.0).round().clamp(0.0, 255.0) as u8;
    format!("#{:02x}{:02x}{:02x}", byte(r), byte(g), byte(b))
}
