//! Image search end to end: the form, uploads in each accepted format, the results, bad and
//! hostile uploads, cross-site forms, and live mode against the stand-in gateway.

use std::time::Duration;

use axum::body::Body;
use axum::http::Request;
use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::codecs::webp::WebPEncoder;
use image::imageops::FilterType;
use image::{DynamicImage, ExtendedColorType, ImageEncoder, RgbImage};
use resvg::{tiny_skia, usvg};
use storefront::AppState;

use crate::live::{live_app, standard_vars};
use crate::stand_in;
use crate::support::*;

/// One part of a `multipart/form-data` body.
struct Part {
    name: &'static str,
    file_name: Option<&'static str>,
    content_type: Option<&'static str>,
    body: Vec<u8>,
}

fn photo_part(body: Vec<u8>, file_name: &'static str, content_type: &'static str) -> Part {
    Part {
        name: "image",
        file_name: Some(file_name),
        content_type: Some(content_type),
        body,
    }
}

fn text_part(name: &'static str, value: &str) -> Part {
    Part {
        name,
        file_name: None,
        content_type: None,
        body: value.as_bytes().to_vec(),
    }
}

const BOUNDARY: &str = "----storefront-test-boundary-7MA4YWxkTrZu0gW";

fn multipart(parts: &[Part]) -> Vec<u8> {
    let mut body = Vec::new();
    for part in parts {
        body.extend_from_slice(format!("--{BOUNDARY}\r\n").as_bytes());
        let mut disposition = format!("Content-Disposition: form-data; name=\"{}\"", part.name);
        if let Some(file_name) = part.file_name {
            disposition.push_str(&format!("; filename=\"{file_name}\""));
        }
        body.extend_from_slice(disposition.as_bytes());
        body.extend_from_slice(b"\r\n");
        if let Some(content_type) = part.content_type {
            body.extend_from_slice(format!("Content-Type: {content_type}\r\n").as_bytes());
        }
        body.extend_from_slice(b"\r\n");
        body.extend_from_slice(&part.body);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

/// POSTs `parts` as the browser form does, with extra `headers`.
async fn post_form(
    state: AppState,
    path: &str,
    parts: &[Part],
    headers: &[(&str, &str)],
) -> TestResponse {
    let mut request = Request::post(path).header(
        "content-type",
        format!("multipart/form-data; boundary={BOUNDARY}"),
    );
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    send(state, request.body(Body::from(multipart(parts))).unwrap()).await
}

/// Uploads `photo` from the store's own page (as a browser sends it) and follows the redirect.
async fn search_with(state: AppState, photo: Part) -> (TestResponse, TestResponse) {
    let posted = post_form(
        state.clone(),
        "/search/image",
        &[photo],
        &[
            ("origin", "http://localhost:3000"),
            ("sec-fetch-site", "same-origin"),
        ],
    )
    .await;
    assert_eq!(posted.status, 303, "{}", posted.body);
    let location = posted.header("location").expect("a redirect").to_string();
    let results = get_with(state, &location, &[]).await;
    (posted, results)
}

/// The first results' product ids, in order.
fn result_ids(results: &TestResponse) -> Vec<String> {
    results.attrs("#image-results .card", "data-product-id")
}

/// A product's main image as the store serves it, rasterized at `side` px: what a shopper
/// saves from the page.
async fn served_image(state: AppState, id: &str, side: u32) -> RgbImage {
    let svg = get_with(state, &format!("/img/mock/{id}/1.svg"), &[]).await;
    assert_eq!(svg.status, 200);
    let tree = usvg::Tree::from_str(&svg.body, &usvg::Options::default()).unwrap();
    let mut pixmap = tiny_skia::Pixmap::new(side, side).unwrap();
    let scale = side as f32 / tree.size().width();
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    let rgb = pixmap
        .pixels()
        .iter()
        .flat_map(|p| {
            let c = p.demultiply();
            [c.red(), c.green(), c.blue()]
        })
        .collect();
    RgbImage::from_raw(side, side, rgb).unwrap()
}

fn resized(image: &RgbImage, width: u32, height: u32) -> RgbImage {
    DynamicImage::ImageRgb8(image.clone())
        .resize_exact(width, height, FilterType::CatmullRom)
        .into_rgb8()
}

fn png(image: &RgbImage) -> Vec<u8> {
    let mut out = Vec::new();
    PngEncoder::new(&mut out)
        .write_image(
            image.as_raw(),
            image.width(),
            image.height(),
            ExtendedColorType::Rgb8,
        )
        .unwrap();
    out
}

fn jpeg(image: &RgbImage, quality: u8) -> Vec<u8> {
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, quality)
        .write_image(
            image.as_raw(),
            image.width(),
            image.height(),
            ExtendedColorType::Rgb8,
        )
        .unwrap();
    out
}

fn webp(image: &RgbImage) -> Vec<u8> {
    let mut out = Vec::new();
    WebPEncoder::new_lossless(&mut out)
        .write_image(
            image.as_raw(),
            image.width(),
            image.height(),
            ExtendedColorType::Rgb8,
        )
        .unwrap();
    out
}

/// Product ids of the first listing page.
async fn some_product_ids(count: usize) -> Vec<String> {
    let list = get("/api/products?page_size=40").await.json();
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .step_by(7)
        .take(count)
        .map(|item| item["id"].to_string())
        .collect()
}

#[tokio::test]
async fn the_form_is_offered_on_the_home_page_the_search_page_and_the_header() {
    for (path, forms) in [("/", 2), ("/search?q=phone", 2), ("/categories", 1)] {
        let page = get(path).await;
        let selector = r#"form.image-search[action="/search/image"][method="post"][enctype="multipart/form-data"]"#;
        assert_eq!(page.count(selector), forms, "{path}");
        let inputs = page.count(&format!(
            r#"{selector} input[type="file"][name="image"][accept="image/*"]"#
        ));
        assert_eq!(inputs, forms, "{path}");
        // Sample data cannot be searched by a pasted address.
        assert_eq!(page.count(r#"input[name="image_url"]"#), 0, "{path}");
    }
    let alone = get("/search/image").await;
    assert_eq!(alone.status, 200);
    assert_eq!(alone.count(r#"form.image-search input[name="image"]"#), 2);
}

#[tokio::test]
async fn each_accepted_format_redirects_to_the_results_with_the_photo() {
    let state = mock_state();
    let id = KNOWN_ID.to_string();
    let image = served_image(state.clone(), &id, 400).await;
    for part in [
        photo_part(jpeg(&image, 85), "photo.jpg", "image/jpeg"),
        photo_part(png(&image), "photo.png", "image/png"),
        photo_part(webp(&image), "photo.webp", "image/webp"),
    ] {
        let file_name = part.file_name.unwrap();
        let (posted, results) = search_with(state.clone(), part).await;
        let location = posted.header("location").unwrap();
        let key = location.strip_prefix("/search/image/").unwrap();
        assert!(
            key.len() == 40 && key.bytes().all(|b| b.is_ascii_hexdigit()),
            "{location}"
        );
        assert_eq!(results.status, 200, "{file_name}: {}", results.body);
        assert_eq!(result_ids(&results).first(), Some(&id), "{file_name}");
        assert!(results.texts(".card .price")[0].starts_with('¥'));
        assert!(results.texts(".card .moq")[0].starts_with("MOQ"));
        assert!(!results.texts(".card .card-supplier")[0].is_empty());
        assert!(!results.texts("#matched-by-appearance").is_empty());

        let photo = results.attrs("#image-search-photo", "src");
        assert_eq!(photo, vec![format!("{location}/photo.jpg")]);
        let thumbnail = get_with(state.clone(), &photo[0], &[]).await;
        assert_eq!(thumbnail.status, 200);
        assert_eq!(thumbnail.header("content-type"), Some("image/jpeg"));
    }
}

#[tokio::test]
async fn a_saved_copy_of_a_products_image_finds_that_product_first() {
    let state = mock_state();
    for id in some_product_ids(5).await {
        let served = served_image(state.clone(), &id, 400).await;
        for (part, what) in [
            (photo_part(png(&served), "shot.png", "image/png"), "PNG"),
            (
                photo_part(
                    jpeg(&resized(&served, 300, 300), 70),
                    "small.jpg",
                    "image/jpeg",
                ),
                "JPEG at 300 px",
            ),
            (
                photo_part(
                    jpeg(&resized(&served, 900, 900), 90),
                    "big.jpg",
                    "image/jpeg",
                ),
                "JPEG at 900 px",
            ),
        ] {
            let (_, results) = search_with(state.clone(), part).await;
            assert_eq!(
                result_ids(&results).first(),
                Some(&id),
                "{what} of product {id}"
            );
        }
    }
}

#[tokio::test]
async fn the_same_photo_gets_the_same_address_and_pages_keep_the_filters() {
    let state = mock_state();
    let image = served_image(state.clone(), &KNOWN_ID.to_string(), 400).await;
    let (first, results) =
        search_with(state.clone(), photo_part(png(&image), "a.png", "image/png")).await;
    let (again, _) =
        search_with(state.clone(), photo_part(png(&image), "b.png", "image/png")).await;
    assert_eq!(first.header("location"), again.header("location"));

    let location = first.header("location").unwrap();
    assert!(results.count(".pagination") == 1, "{}", results.body);
    let cheap = get_with(
        state.clone(),
        &format!("{location}?sort=price_asc&max_price=50&page_size=10"),
        &[],
    )
    .await;
    assert_eq!(cheap.status, 200);
    let prices = card_prices(&cheap);
    assert!(prices.windows(2).all(|w| w[0] <= w[1]), "{prices:?}");
    assert!(prices.iter().all(|p| *p <= 50.0), "{prices:?}");
    for link in cheap.attrs(".pagination a", "href") {
        assert!(link.starts_with(location), "{link}");
        assert!(
            link.contains("sort=price_asc") && link.contains("max_price=50"),
            "{link}"
        );
    }
}

/// A PNG of `width` × `height` as far as its header says (the IHDR chunk rewritten, with a
/// correct checksum): a few hundred bytes that claim billions of pixels.
fn png_claiming(width: u32, height: u32) -> Vec<u8> {
    let mut bytes = png(&RgbImage::new(8, 8));
    // Signature (8 bytes), IHDR length (4) and type (4), then width and height.
    bytes[16..20].copy_from_slice(&width.to_be_bytes());
    bytes[20..24].copy_from_slice(&height.to_be_bytes());
    let mut crc = flate2::Crc::new();
    crc.update(&bytes[12..29]);
    bytes[29..33].copy_from_slice(&crc.sum().to_be_bytes());
    bytes
}

#[tokio::test]
async fn bad_uploads_get_a_4xx_page_naming_the_problem() {
    let state = mock_state();
    let image = png(&RgbImage::new(64, 64));
    let truncated = image[..image.len() / 2].to_vec();
    let gif = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;".to_vec();
    let cases: Vec<(Vec<Part>, u16, &str)> = vec![
        (
            vec![photo_part(vec![], "empty.jpg", "image/jpeg")],
            400,
            "empty",
        ),
        (vec![text_part("comment", "hello")], 400, "No photo"),
        (
            vec![photo_part(
                b"#!/bin/sh\necho not a photo\n".to_vec(),
                "photo.jpg",
                "image/jpeg",
            )],
            415,
            "not an image",
        ),
        (
            vec![photo_part(
                b"<svg xmlns='http://www.w3.org/2000/svg'/>".to_vec(),
                "a.png",
                "image/png",
            )],
            415,
            "not an image",
        ),
        (vec![photo_part(gif, "anim.gif", "image/gif")], 415, "GIF"),
        (
            vec![photo_part(truncated, "cut.png", "image/png")],
            422,
            "damaged",
        ),
        (
            vec![photo_part(
                png_claiming(100_000, 100_000),
                "bomb.png",
                "image/png",
            )],
            422,
            "too many pixels",
        ),
        (
            vec![photo_part(
                png_claiming(9_000, 9_000),
                "bomb2.png",
                "image/png",
            )],
            422,
            "too many pixels",
        ),
        (
            vec![text_part("image_url", "https://example.com/shoe.jpg")],
            400,
            "alicdn.com",
        ),
        (
            vec![text_part("image_url", "http://cbu01.alicdn.com/img/a.jpg")],
            400,
            "alicdn.com",
        ),
        (
            vec![text_part("image_url", "https://cbu01.alicdn.com/img/a.jpg")],
            400,
            "sample data",
        ),
        (
            vec![
                photo_part(image.clone(), "a.png", "image/png"),
                text_part("image_url", "https://cbu01.alicdn.com/img/a.jpg"),
            ],
            400,
            "not both",
        ),
    ];
    for (parts, status, words) in cases {
        let answer = post_form(state.clone(), "/search/image", &parts, &[]).await;
        assert_eq!(answer.status, status, "{words}: {}", answer.body);
        let message = answer.texts(".error-page").join(" ");
        assert!(
            message.to_lowercase().contains(&words.to_lowercase()),
            "{words}: {message}"
        );
        assert_eq!(answer.header("location"), None);
    }
}

#[tokio::test]
async fn a_form_that_is_not_multipart_gets_a_415_page() {
    let request = Request::post("/search/image")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from(
            "image_url=https%3A%2F%2Fcbu01.alicdn.com%2Fa.jpg",
        ))
        .unwrap();
    let answer = send(mock_state(), request).await;
    assert_eq!(answer.status, 415);
    assert!(answer.texts(".error-message")[0].contains("multipart/form-data"));
}

#[tokio::test]
async fn an_upload_over_the_limit_gets_a_413_before_the_body_is_read() {
    // A body that declares 6 MB, sends one chunk and then never ends: only a refusal made from
    // the declared length can answer.
    let (sender, body) = tokio::sync::mpsc::channel::<Result<axum::body::Bytes, std::io::Error>>(1);
    sender
        .send(Ok(axum::body::Bytes::from(vec![b'x'; 1024])))
        .await
        .unwrap();
    let stream = tokio_stream_from(body);
    let request = Request::post("/search/image")
        .header(
            "content-type",
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .header("content-length", (6 * 1024 * 1024).to_string())
        .body(Body::from_stream(stream))
        .unwrap();
    let answer = tokio::time::timeout(Duration::from_secs(10), send(mock_state(), request))
        .await
        .expect("answered without waiting for the rest of the body");
    assert_eq!(answer.status, 413);
    assert!(answer.texts(".error-message")[0].contains("5 MB"));
    drop(sender);

    // Without a declared length, reading stops at the limit.
    let big = vec![0u8; 6 * 1024 * 1024];
    let answer = post_form(
        mock_state(),
        "/search/image",
        &[photo_part(big, "big.jpg", "image/jpeg")],
        &[],
    )
    .await;
    assert_eq!(answer.status, 413);
    let api = post_form(
        mock_state(),
        "/api/search/image",
        &[photo_part(
            vec![0u8; 6 * 1024 * 1024],
            "big.jpg",
            "image/jpeg",
        )],
        &[],
    )
    .await;
    assert_eq!(api.status, 413);
    assert_eq!(api.json()["error"]["status"], 413);
    assert_eq!(api.json()["error"]["title"], "File too large");
}

/// A receiver as a body stream.
fn tokio_stream_from(
    mut receiver: tokio::sync::mpsc::Receiver<Result<axum::body::Bytes, std::io::Error>>,
) -> impl futures_util::Stream<Item = Result<axum::body::Bytes, std::io::Error>> {
    futures_util::stream::poll_fn(move |cx| receiver.poll_recv(cx))
}

#[tokio::test]
async fn a_cross_site_form_is_refused() {
    let image = png(&RgbImage::new(32, 32));
    for headers in [
        vec![("sec-fetch-site", "cross-site")],
        vec![
            ("origin", "https://evil.example"),
            ("host", "localhost:3000"),
        ],
        vec![("origin", "null")],
    ] {
        let answer = post_form(
            mock_state(),
            "/search/image",
            &[photo_part(image.clone(), "a.png", "image/png")],
            &headers,
        )
        .await;
        assert_eq!(answer.status, 403, "{headers:?}");
        assert!(answer.texts(".error-message")[0].contains("another website"));
    }
    let own = post_form(
        mock_state(),
        "/search/image",
        &[photo_part(image, "a.png", "image/png")],
        &[
            ("origin", "http://127.0.0.1:4000"),
            ("host", "127.0.0.1:4000"),
        ],
    )
    .await;
    assert_eq!(own.status, 303);
}

#[tokio::test]
async fn unknown_or_expired_searches_get_a_404_page() {
    let unknown = get(&format!("/search/image/{}", "ab".repeat(20))).await;
    assert_eq!(unknown.status, 404);
    assert!(unknown.texts("h1")[0].contains("Image search not found"));
    for odd in [
        "/search/image/xyz",
        "/search/image/../../etc",
        "/search/image/ABCDEF/photo.jpg",
    ] {
        let answer = get(odd).await;
        assert_eq!(answer.status, 404, "{odd}");
    }

    let mut config = storefront::config::Config::for_tests();
    config.image_search_ttl = Duration::from_millis(200);
    let state = AppState::mock(config);
    let image = png(&RgbImage::new(32, 32));
    let (posted, results) =
        search_with(state.clone(), photo_part(image, "a.png", "image/png")).await;
    assert_eq!(results.status, 200);
    tokio::time::sleep(Duration::from_millis(500)).await;
    let later = get_with(state, posted.header("location").unwrap(), &[]).await;
    assert_eq!(later.status, 404);
}

#[tokio::test]
async fn the_api_answers_json_with_the_first_page() {
    let state = mock_state();
    let id = KNOWN_ID.to_string();
    let image = served_image(state.clone(), &id, 400).await;
    let answer = post_form(
        state,
        "/api/search/image",
        &[photo_part(png(&image), "a.png", "image/png")],
        &[],
    )
    .await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    let json = answer.json();
    assert_eq!(json["source"], "mock");
    assert_eq!(json["items"][0]["id"].to_string(), id);
    assert!(json["items"][0]["similarity"].as_u64().unwrap() > 90);
    assert!(json["items"][0]["supplier"].is_string());
    let key = json["key"].as_str().unwrap();
    assert_eq!(json["results_url"], format!("/search/image/{key}"));

    let bad = post_form(
        mock_state(),
        "/api/search/image",
        &[text_part("x", "y")],
        &[],
    )
    .await;
    assert_eq!(bad.status, 400);
    assert_eq!(bad.json()["error"]["code"], "missing_image");
}

/// A JPEG whose EXIF block holds a GPS position and a camera serial: what a phone adds.
fn jpeg_with_gps(image: &RgbImage) -> Vec<u8> {
    let plain = jpeg(image, 90);
    // TIFF (little endian): IFD0 with ImageDescription and a GPS IFD pointer; the GPS IFD with
    // GPSLatitudeRef "N" and GPSLatitude 51/1 30/1 0/1.
    let description = b"SECRET-SERIAL-0042\0";
    let mut tiff = Vec::new();
    tiff.extend_from_slice(b"II*\0");
    tiff.extend_from_slice(&8u32.to_le_bytes());
    // IFD0: 2 entries at 8; next IFD 0; data follows at 8 + 2 + 24 + 4 = 38.
    let description_at = 38u32;
    let gps_at = description_at + description.len() as u32;
    tiff.extend_from_slice(&2u16.to_le_bytes());
    tiff.extend_from_slice(&0x010Eu16.to_le_bytes());
    tiff.extend_from_slice(&2u16.to_le_bytes());
    tiff.extend_from_slice(&(description.len() as u32).to_le_bytes());
    tiff.extend_from_slice(&description_at.to_le_bytes());
    tiff.extend_from_slice(&0x8825u16.to_le_bytes());
    tiff.extend_from_slice(&4u16.to_le_bytes());
    tiff.extend_from_slice(&1u32.to_le_bytes());
    tiff.extend_from_slice(&gps_at.to_le_bytes());
    tiff.extend_from_slice(&0u32.to_le_bytes());
    tiff.extend_from_slice(description);
    // GPS IFD: 2 entries; rationals after it.
    let rationals_at = gps_at + 2 + 24 + 4;
    tiff.extend_from_slice(&2u16.to_le_bytes());
    tiff.extend_from_slice(&1u16.to_le_bytes());
    tiff.extend_from_slice(&2u16.to_le_bytes());
    tiff.extend_from_slice(&2u32.to_le_bytes());
    tiff.extend_from_slice(b"N\0\0\0");
    tiff.extend_from_slice(&2u16.to_le_bytes());
    tiff.extend_from_slice(&5u16.to_le_bytes());
    tiff.extend_from_slice(&3u32.to_le_bytes());
    tiff.extend_from_slice(&rationals_at.to_le_bytes());
    tiff.extend_from_slice(&0u32.to_le_bytes());
    for (n, d) in [(51u32, 1u32), (30, 1), (0, 1)] {
        tiff.extend_from_slice(&n.to_le_bytes());
        tiff.extend_from_slice(&d.to_le_bytes());
    }
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend_from_slice(&tiff);
    let mut out = plain[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&((app1.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(&app1);
    out.extend_from_slice(&plain[2..]);
    out
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[tokio::test]
async fn live_mode_uploads_once_per_image_and_pages_without_uploading_again() {
    let (gateway, state) = live_app(standard_vars).await;
    let image = RgbImage::from_fn(1200, 900, |x, y| {
        image::Rgb([(x / 5) as u8, (y / 4) as u8, 90])
    });
    let upload = jpeg_with_gps(&image);
    assert!(contains(&upload, b"SECRET-SERIAL-0042") && contains(&upload, b"Exif"));

    let (posted, first) = search_with(
        state.clone(),
        photo_part(upload.clone(), "phone.jpg", "image/jpeg"),
    )
    .await;
    assert_eq!(first.status, 200, "{}", first.body);
    let ids = first.attrs("#image-results .card", "data-product-id");
    assert_eq!(ids.first(), Some(&stand_in::KNOWN_OFFER.to_string()));
    assert!(first.texts(".card-supplier")[0].contains("样品工厂"));
    assert_eq!(first.count("#matched-by-appearance"), 0);
    assert_eq!(gateway.calls(stand_in::IMAGE_UPLOAD), 1);
    assert_eq!(gateway.calls(stand_in::IMAGE_QUERY), 1);

    // What went upstream: a JPEG of at most 800 px without the EXIF block or anything in it.
    let sent = gateway.last_params(stand_in::IMAGE_UPLOAD).unwrap();
    let param: serde_json::Value = serde_json::from_str(&sent["uploadImageParam"]).unwrap();
    let bytes = {
        use base64::Engine;
        base64::engine::general_purpose::STANDARD
            .decode(param["imageBase64"].as_str().unwrap())
            .unwrap()
    };
    let decoded = image::load_from_memory(&bytes).unwrap();
    assert_eq!((decoded.width(), decoded.height()), (800, 600));
    assert_eq!(
        image::guess_format(&bytes).unwrap(),
        image::ImageFormat::Jpeg
    );
    for secret in [&b"Exif"[..], b"SECRET-SERIAL-0042", b"II*\0"] {
        assert!(
            !contains(&bytes, secret),
            "{}",
            String::from_utf8_lossy(secret)
        );
    }

    // The next page and another sort: searches, no upload.
    let location = posted.header("location").unwrap();
    let second = get_with(state.clone(), &format!("{location}?page=2"), &[]).await;
    assert_eq!(second.status, 200);
    let sorted = get_with(state.clone(), &format!("{location}?sort=price_asc"), &[]).await;
    assert_eq!(sorted.status, 200);
    let query = gateway.last_params(stand_in::IMAGE_QUERY).unwrap();
    let query: serde_json::Value = serde_json::from_str(&query["offerQueryParam"]).unwrap();
    assert_eq!(query["sort"], r#"{"price":"asc"}"#);
    assert!(query["imageId"].is_string());
    // The same photo again, and its JSON: no upload either.
    search_with(state.clone(), photo_part(upload, "again.jpg", "image/jpeg")).await;
    assert_eq!(gateway.calls(stand_in::IMAGE_UPLOAD), 1);
    assert_eq!(gateway.calls(stand_in::IMAGE_QUERY), 3);

    // Another photo is uploaded once.
    let other = jpeg(&resized(&image, 300, 300), 80);
    search_with(state.clone(), photo_part(other, "other.jpg", "image/jpeg")).await;
    assert_eq!(gateway.calls(stand_in::IMAGE_UPLOAD), 2);
}

#[tokio::test]
async fn live_mode_searches_a_pasted_1688_address_without_uploading() {
    let (gateway, state) = live_app(standard_vars).await;
    let home = get_with(state.clone(), "/", &[]).await;
    assert_eq!(
        home.count(r#"form.image-search input[type="url"][name="image_url"]"#),
        2
    );

    let address = "https://cbu01.alicdn.com/img/ibank/O1CN01case.jpg";
    let (_, results) = search_with(state.clone(), text_part("image_url", address)).await;
    assert_eq!(results.status, 200, "{}", results.body);
    assert_eq!(results.attrs("#image-search-photo", "src"), vec![address]);
    assert_eq!(
        results.attrs("#image-search-photo", "referrerpolicy"),
        vec!["no-referrer"]
    );
    assert_eq!(gateway.calls(stand_in::IMAGE_UPLOAD), 0);
    let query = gateway.last_params(stand_in::IMAGE_QUERY).unwrap();
    let query: serde_json::Value = serde_json::from_str(&query["offerQueryParam"]).unwrap();
    assert_eq!(query["imageAddress"], address);

    let elsewhere = post_form(
        state,
        "/search/image",
        &[text_part(
            "image_url",
            "https://169.254.169.254/latest/meta-data",
        )],
        &[],
    )
    .await;
    assert_eq!(elsewhere.status, 400);
    assert_eq!(gateway.calls(stand_in::IMAGE_QUERY), 1);
}

#[tokio::test]
async fn live_mode_failures_get_the_usual_pages() {
    let (gateway, state) = live_app(standard_vars).await;
    gateway.set_behaviour(stand_in::Behaviour::QuotaExhausted);
    let image = png(&RgbImage::from_pixel(50, 50, image::Rgb([200, 10, 10])));
    let posted = post_form(
        state.clone(),
        "/search/image",
        &[photo_part(image, "a.png", "image/png")],
        &[],
    )
    .await;
    assert_eq!(posted.status, 303);
    let results = get_with(state, posted.header("location").unwrap(), &[]).await;
    assert_eq!(results.status, 503);
    assert!(results.texts("h1")[0].contains("1688 is busy"));
}

#[tokio::test]
async fn uploads_beyond_those_in_hand_are_turned_away_with_a_503() {
    let state = AppState::mock(storefront::config::Config::for_tests());
    let held: Vec<_> = std::iter::from_fn(|| state.photos.upload_slot()).collect();
    assert!(!held.is_empty());
    let image = png(&RgbImage::new(16, 16));
    let busy = post_form(
        state.clone(),
        "/search/image",
        &[photo_part(image.clone(), "a.png", "image/png")],
        &[],
    )
    .await;
    assert_eq!(busy.status, 503);
    assert!(busy.texts(".error-message")[0].contains("again in a moment"));
    drop(held);
    let served = post_form(
        state,
        "/search/image",
        &[photo_part(image, "a.png", "image/png")],
        &[],
    )
    .await;
    assert_eq!(served.status, 303);
}
