//! Content codings for bodies that are compressed once and kept: which one a client wants, and
//! turning a body into it.
//!
//! tower-http's `CompressionLayer` compresses every answer again; it leaves alone answers that
//! already carry `Content-Encoding`, which is how pages from the page cache and the static assets
//! pass through it compressed only once. The choice here follows the same rules as that layer
//! (RFC 9110 §12.5.3: highest q-value, `*` for codings not listed, brotli before gzip on a tie).

use std::io::{Read, Write};

use axum::body::Bytes;
use axum::http::{HeaderMap, HeaderValue, header};

/// How hard to compress: brotli quality and gzip level. Chosen by measurement (bench/README.md,
/// "Brotli quality").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effort {
    /// A rendered page, compressed once when first asked for in that coding: brotli 0, gzip 1.
    /// Many URLs of a shopper's or crawler's walk are asked for once, so the cost is paid per
    /// page, on the request: brotli 1 takes about 30% more time than 0 for 5–8% fewer bytes, and
    /// the better qualities save one or two kilobytes of a 6–8 KB answer, which fits the first
    /// round trip (TCP's initial window, ~14 KB) either way.
    Page,
    /// Static assets, compressed once per process: brotli 11, gzip 9.
    Best,
}

impl Effort {
    fn brotli_quality(self) -> brotlic::Quality {
        match self {
            Effort::Page => brotlic::Quality::worst(),
            Effort::Best => brotlic::Quality::best(),
        }
    }

    fn gzip_level(self) -> flate2::Compression {
        match self {
            Effort::Page => flate2::Compression::fast(),
            Effort::Best => flate2::Compression::best(),
        }
    }
}

/// A coding a kept body can be served in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Coding {
    // Declaration order is the preference on equal q-values.
    Identity,
    Gzip,
    Brotli,
}

impl Coding {
    pub const ALL: [Coding; 3] = [Coding::Identity, Coding::Gzip, Coding::Brotli];

    /// The `Content-Encoding` value, `None` for identity.
    pub fn header_value(self) -> Option<HeaderValue> {
        match self {
            Coding::Identity => None,
            Coding::Gzip => Some(HeaderValue::from_static("gzip")),
            Coding::Brotli => Some(HeaderValue::from_static("br")),
        }
    }

    fn parse(name: &str) -> Option<Coding> {
        if name.eq_ignore_ascii_case("br") {
            Some(Coding::Brotli)
        } else if name.eq_ignore_ascii_case("gzip") || name.eq_ignore_ascii_case("x-gzip") {
            Some(Coding::Gzip)
        } else if name.eq_ignore_ascii_case("identity") {
            Some(Coding::Identity)
        } else {
            None
        }
    }
}

/// The coding to answer a request with, from its `Accept-Encoding`; `None` when the client
/// refuses every coding we have (the compression layer then answers 406).
pub fn preferred(headers: &HeaderMap) -> Option<Coding> {
    // q-values in thousandths; `None` = not listed.
    let mut listed: [Option<u16>; 3] = [None; 3];
    let mut wildcard: Option<u16> = None;
    let items = headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','));
    for item in items {
        let mut parts = item.splitn(2, ';');
        let name = parts.next().unwrap_or_default().trim();
        let Some(q) = parts.next().map_or(Some(1000), |q| q_value(q.trim())) else {
            continue;
        };
        if name == "*" {
            wildcard = Some(q);
        } else if let Some(coding) = Coding::parse(name) {
            listed[coding as usize] = Some(q);
        }
    }
    let effective = |coding: Coding| listed[coding as usize].or(wildcard);
    let best = Coding::ALL
        .into_iter()
        .filter_map(|coding| effective(coding).map(|q| (q, coding)))
        .filter(|&(q, _)| q > 0)
        .max()
        .map(|(_, coding)| coding);
    // Identity is acceptable unless refused, explicitly or through `*;q=0`.
    best.or_else(|| (effective(Coding::Identity) != Some(0)).then_some(Coding::Identity))
}

/// `q=0.5` as 500; `None` when malformed (the item is then ignored, as tower-http does).
fn q_value(text: &str) -> Option<u16> {
    let value = text
        .strip_prefix("q=")
        .or_else(|| text.strip_prefix("Q="))?;
    let (whole, fraction) = value.split_once('.').unwrap_or((value, ""));
    let digits_ok = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if fraction.len() > 3 || !digits_ok(fraction) {
        return None;
    }
    let digit = |i: usize| {
        fraction
            .as_bytes()
            .get(i)
            .map_or(0, |b| u16::from(b - b'0'))
    };
    let thousandths = digit(0) * 100 + digit(1) * 10 + digit(2);
    match whole {
        "0" => Some(thousandths),
        "1" if thousandths == 0 => Some(1000),
        _ => None,
    }
}

/// `body` in `coding`.
pub fn encode(body: &[u8], coding: Coding, effort: Effort) -> Bytes {
    match coding {
        Coding::Identity => Bytes::copy_from_slice(body),
        Coding::Brotli => {
            // Google's reference encoder (brotlic): at quality 0 it makes the same bytes as the
            // `brotli` crate's port in about half the time (bench/README.md, "Brotli quality").
            let encoder = brotlic::BrotliEncoderOptions::new()
                .quality(effort.brotli_quality())
                .size_hint(u32::try_from(body.len()).unwrap_or(u32::MAX))
                .build()
                .expect("quality and size hint are valid parameters");
            let out = Vec::with_capacity(body.len() / 3);
            let mut writer = brotlic::CompressorWriter::with_encoder(encoder, out);
            writer
                .write_all(body)
                .expect("writing to memory cannot fail");
            let out = writer.into_inner().expect("writing to memory cannot fail");
            // Exact size: kept bodies should hold no spare capacity.
            Bytes::copy_from_slice(&out)
        }
        Coding::Gzip => {
            let out = Vec::with_capacity(body.len() / 3);
            let mut writer = flate2::write::GzEncoder::new(out, effort.gzip_level());
            writer
                .write_all(body)
                .expect("writing to memory cannot fail");
            let out = writer.finish().expect("writing to memory cannot fail");
            Bytes::copy_from_slice(&out)
        }
    }
}

/// The original bytes of `body`, which is in `coding` (made by [`encode`], so it decodes).
pub fn decode(body: &[u8], coding: Coding) -> std::io::Result<Bytes> {
    let mut out = Vec::with_capacity(body.len() * 4);
    match coding {
        Coding::Identity => out.extend_from_slice(body),
        Coding::Brotli => {
            brotlic::DecompressorReader::new(body).read_to_end(&mut out)?;
        }
        Coding::Gzip => {
            flate2::read::GzDecoder::new(body).read_to_end(&mut out)?;
        }
    }
    Ok(Bytes::from(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accepting(value: &str) -> Option<Coding> {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_str(value).unwrap(),
        );
        preferred(&headers)
    }

    #[test]
    fn browsers_get_brotli_and_others_what_they_ask_for() {
        assert_eq!(preferred(&HeaderMap::new()), Some(Coding::Identity));
        assert_eq!(accepting("gzip, deflate, br, zstd"), Some(Coding::Brotli));
        assert_eq!(accepting("br, gzip"), Some(Coding::Brotli));
        assert_eq!(accepting("gzip"), Some(Coding::Gzip));
        assert_eq!(accepting("GZIP"), Some(Coding::Gzip));
        assert_eq!(accepting("deflate, zstd"), Some(Coding::Identity));
        assert_eq!(accepting(""), Some(Coding::Identity));
    }

    #[test]
    fn q_values_and_the_wildcard_are_honoured() {
        assert_eq!(accepting("br;q=0.5, gzip;q=0.8"), Some(Coding::Gzip));
        assert_eq!(accepting("br;q=0, gzip"), Some(Coding::Gzip));
        assert_eq!(accepting("br;q=0, gzip;q=0"), Some(Coding::Identity));
        assert_eq!(accepting("identity;q=1, br;q=0.5"), Some(Coding::Identity));
        assert_eq!(accepting("*"), Some(Coding::Brotli));
        assert_eq!(accepting("gzip, *;q=0"), Some(Coding::Gzip));
        assert_eq!(accepting("identity;q=0"), None);
        assert_eq!(accepting("*;q=0"), None);
        // A malformed q-value drops its item.
        assert_eq!(accepting("br;q=2, gzip"), Some(Coding::Gzip));
        assert_eq!(accepting("br;q=0.1234, gzip;q=0.001"), Some(Coding::Gzip));
    }

    #[test]
    fn every_coding_decodes_to_the_original() {
        let html = "<p>批发 wholesale</p>".repeat(200);
        for coding in Coding::ALL {
            for effort in [Effort::Page, Effort::Best] {
                let encoded = encode(html.as_bytes(), coding, effort);
                if coding != Coding::Identity {
                    assert!(encoded.len() < html.len() / 10, "{coding:?}");
                }
                assert_eq!(decode(&encoded, coding).unwrap(), html.as_bytes());
            }
        }
    }
}
