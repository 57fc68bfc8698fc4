//! Pages and assets are compressed once and kept: every coding a client may ask for carries the
//! right headers and decodes to the very same bytes.

use std::io::Read;

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, Request, StatusCode};
use http_body_util::BodyExt;
use storefront::config::Config;
use storefront::{AppState, app};
use tower::ServiceExt;

use crate::support::KNOWN_ID;

struct Raw {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

impl Raw {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The body with its `Content-Encoding` undone.
    fn decoded(&self) -> Vec<u8> {
        let mut out = Vec::new();
        match self.header("content-encoding") {
            None => out.extend_from_slice(&self.body),
            Some("br") => {
                brotli::Decompressor::new(&self.body[..], 4096)
                    .read_to_end(&mut out)
                    .expect("valid brotli");
            }
            Some("gzip") => {
                flate2::read::GzDecoder::new(&self.body[..])
                    .read_to_end(&mut out)
                    .expect("valid gzip");
            }
            Some(other) => panic!("unexpected Content-Encoding {other}"),
        }
        out
    }
}

async fn fetch(state: &AppState, uri: &str, accept_encoding: Option<&str>) -> Raw {
    let mut request = Request::get(uri);
    if let Some(value) = accept_encoding {
        request = request.header("accept-encoding", value);
    }
    let response = app(state.clone())
        .oneshot(request.body(Body::empty()).expect("valid request"))
        .await
        .expect("the router never fails");
    let status = response.status();
    let headers = response.headers().clone();
    let body = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    Raw {
        status,
        headers,
        body,
    }
}

fn fresh_state() -> AppState {
    AppState::mock(Config::for_tests())
}

/// What browsers send, what gzip-only clients send, and no header at all (load tools, curl).
const CLIENTS: [(Option<&str>, Option<&str>); 3] = [
    (Some("gzip, deflate, br, zstd"), Some("br")),
    (Some("gzip"), Some("gzip")),
    (None, None),
];

const PAGES: [&str; 5] = [
    "/",
    "/products?sort=price_asc&page=2",
    "/search?q=%E6%89%8B%E6%9C%BA",
    "/api/products?q=phone",
    "/categories",
];

#[tokio::test]
async fn a_cached_page_is_served_in_every_coding_with_vary_and_decodes_to_the_same_html() {
    for page in PAGES {
        let state = fresh_state();
        let original = fetch(&state, page, None).await;
        assert_eq!(original.status, 200, "{page}");
        // Each coding twice: first made from the kept page, then served as kept.
        for round in 0..2 {
            for (accept, expected) in CLIENTS {
                let response = fetch(&state, page, accept).await;
                assert_eq!(response.status, 200, "{page} {accept:?}");
                assert_eq!(
                    response.header("content-encoding"),
                    expected,
                    "{page} {accept:?} round {round}"
                );
                assert_eq!(response.header("vary"), Some("accept-encoding"), "{page}");
                assert_eq!(response.decoded(), original.body, "{page} {accept:?}");
                if expected.is_some() {
                    assert!(response.body.len() < original.body.len() / 2, "{page}");
                }
            }
        }
    }
}

#[tokio::test]
async fn a_page_first_asked_for_compressed_is_the_same_page_uncompressed_later() {
    let state = fresh_state();
    let uri = format!("/products/{KNOWN_ID}");
    let first = fetch(&state, &uri, Some("br, gzip")).await;
    assert_eq!(first.header("content-encoding"), Some("br"));
    let gzip = fetch(&state, &uri, Some("gzip")).await;
    let html = fetch(&state, &uri, None).await;
    assert_eq!(html.header("content-encoding"), None);
    assert_eq!(
        html.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(first.decoded(), html.body);
    assert_eq!(gzip.decoded(), html.body);
    // And the same bytes as a server with an empty cache renders.
    assert_eq!(fetch(&fresh_state(), &uri, None).await.body, html.body);
}

#[tokio::test]
async fn answers_that_are_not_kept_are_still_compressed_as_they_go() {
    let state = fresh_state();
    for uri in ["/api-status", "/no-such-page", "/products?page=abc"] {
        let response = fetch(&state, uri, Some("br, gzip")).await;
        assert_eq!(response.header("content-encoding"), Some("br"), "{uri}");
        assert_eq!(response.header("vary"), Some("accept-encoding"), "{uri}");
        let plain = fetch(&state, uri, None).await;
        assert_eq!(plain.header("content-encoding"), None, "{uri}");
        assert!(
            String::from_utf8(response.decoded())
                .unwrap()
                .contains("</html>"),
            "{uri}"
        );
    }
}

async fn asset_urls(state: &AppState) -> Vec<String> {
    let home = fetch(state, "/", None).await;
    let html = scraper::Html::parse_document(std::str::from_utf8(&home.body).unwrap());
    let links = scraper::Selector::parse("link[href^='/static/']").unwrap();
    let urls: Vec<String> = html
        .select(&links)
        .filter_map(|e| e.value().attr("href").map(str::to_owned))
        .collect();
    assert_eq!(urls.len(), 2, "stylesheet and icon");
    urls
}

#[tokio::test]
async fn static_assets_are_served_in_every_coding_with_vary_and_decode_to_the_file() {
    let state = fresh_state();
    for url in asset_urls(&state).await {
        let original = fetch(&state, &url, None).await;
        assert_eq!(original.status, 200);
        let mut etags = Vec::new();
        for (accept, expected) in CLIENTS {
            let response = fetch(&state, &url, accept).await;
            assert_eq!(response.status, 200, "{url}");
            assert_eq!(response.header("content-encoding"), expected, "{url}");
            assert_eq!(response.header("vary"), Some("accept-encoding"), "{url}");
            assert_eq!(
                response.header("content-type"),
                original.header("content-type")
            );
            assert_eq!(response.decoded(), original.body, "{url} {accept:?}");
            etags.push(response.header("etag").unwrap().to_owned());
        }
        // Each form is its own representation, and each tag still gets a 304.
        etags.dedup();
        assert_eq!(etags.len(), 3, "{etags:?}");
        for etag in etags {
            let mut request = Request::get(&url).header("if-none-match", &etag);
            request = request.header("accept-encoding", "br");
            let response = app(state.clone())
                .oneshot(request.body(Body::empty()).unwrap())
                .await
                .unwrap();
            assert_eq!(response.status(), 304, "{url} {etag}");
        }
    }
}

/// HEAD through the real server: the headers GET gets (coding and length), and no body.
#[tokio::test]
async fn head_gets_the_headers_get_gets_and_no_body() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let server = tokio::spawn(storefront::serve(listener, fresh_state()));
    let client = reqwest::Client::new();
    for path in ["/", "/products?page=2", &format!("/products/{KNOWN_ID}")] {
        let url = format!("{base}{path}");
        // HEAD first (the page is not kept yet), then GET, then HEAD of the kept page.
        let mut heads = Vec::new();
        for method in [
            reqwest::Method::HEAD,
            reqwest::Method::GET,
            reqwest::Method::HEAD,
        ] {
            let answer = client
                .request(method.clone(), &url)
                .header("accept-encoding", "br, gzip")
                .send()
                .await
                .unwrap();
            assert_eq!(answer.status(), 200, "{method} {path}");
            let header = |name: &str| {
                answer
                    .headers()
                    .get(name)
                    .map(|v| v.to_str().unwrap().to_string())
            };
            let shown = (
                header("content-encoding"),
                header("content-length"),
                header("vary"),
            );
            let body = answer.bytes().await.unwrap();
            if method == reqwest::Method::HEAD {
                assert!(body.is_empty(), "{path}");
            } else {
                assert_eq!(shown.1, Some(body.len().to_string()), "{path}");
                // The whole page: a HEAD answered first must not have left an empty one kept.
                let mut html = String::new();
                brotli::Decompressor::new(&body[..], 4096)
                    .read_to_string(&mut html)
                    .unwrap();
                assert!(html.trim_end().ends_with("</html>"), "{path}: {html}");
            }
            heads.push(shown);
        }
        assert_eq!(heads[0].0.as_deref(), Some("br"), "{path}: {heads:?}");
        assert!(heads.iter().all(|h| *h == heads[1]), "{path}: {heads:?}");
    }
    server.abort();
}
