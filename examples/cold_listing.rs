//! What a listing the page cache has not seen costs the server, in process and on one thread
//! (issue 12's "cold listing" target; bench/pages.sh measures the same pages over HTTP).
//!
//!     cargo run --release --example cold_listing
//!
//! Asks a fresh mock store for every listing URL of bench/listings.lua's vocabulary (keyword x
//! sort x price range x page: each one once, so none is in the cache), first without
//! `Accept-Encoding` (render and keep), then, on another fresh store, as a browser asks (render,
//! compress and keep), then the same URLs again (kept pages). Prints the CPU time per page, the
//! least of five rounds and their median.
//!
//! On a machine too noisy for times, count instructions instead (the same work on every run):
//!
//!     COLD_ROUNDS=1 COLD_CODING=br valgrind --tool=callgrind --toggle-collect='cold_listing::run*' \
//!         target/release/examples/cold_listing
//!
//! (`COLD_CODING`: `plain` or `br`, one row only.)

use std::time::Duration;

use axum::body::Body;
use axum::http::Request;
use http_body_util::BodyExt;
use storefront::AppState;
use storefront::config::Config;
use storefront::web::App;
use tower::ServiceExt;

/// bench/listings.lua's keywords, sorts and price ranges (keep them in step).
const KEYWORDS: [&str; 48] = [
    "phone case",
    "手机壳",
    "数据线",
    "charging cable",
    "dress",
    "连衣裙",
    "backpack",
    "双肩包",
    "LED",
    "LED灯",
    "kitchen",
    "厨房",
    "dog toy",
    "宠物",
    "socks",
    "袜子",
    "t-shirt",
    "T恤",
    "toy",
    "玩具",
    "bag",
    "包",
    "shoes",
    "鞋",
    "cup",
    "保温杯",
    "earrings",
    "耳环",
    "towel",
    "毛巾",
    "storage",
    "收纳",
    "phone holder",
    "手机支架",
    "charger",
    "充电器",
    "mug",
    "杯",
    "tape",
    "胶带",
    "packaging",
    "包装",
    "phone",
    "手机",
    "cable",
    "手机 case",
    "women",
    "kids",
];
const SORTS: [&str; 4] = ["", "price_asc", "sales", "price_desc"];
const PRICES: [&str; 6] = [
    "",
    "min_price=5",
    "max_price=20",
    "min_price=1&max_price=10",
    "min_price=10&max_price=100",
    "min_price=20&max_price=500",
];

/// Each row is measured this many times (`COLD_ROUNDS`), on a fresh store each time: the least
/// is the figure least disturbed by other work on the machine (the median is printed beside it).
const ROUNDS: usize = 5;

/// Every URL once: /products (no keyword, pages 1–10) and /search (each keyword, pages 1–3).
fn urls() -> Vec<String> {
    let mut urls = Vec::new();
    for keyword in std::iter::once(None).chain(KEYWORDS.map(Some)) {
        let (path, pages) = match keyword {
            Some(_) => ("/search", 1..=3),
            None => ("/products", 1..=10),
        };
        for sort in SORTS {
            for price in PRICES {
                for page in pages.clone() {
                    let mut params = Vec::new();
                    if let Some(keyword) = keyword {
                        let encoded: String =
                            form_urlencoded::byte_serialize(keyword.as_bytes()).collect();
                        params.push(format!("q={encoded}"));
                    }
                    if !sort.is_empty() {
                        params.push(format!("sort={sort}"));
                    }
                    if !price.is_empty() {
                        params.push(price.to_string());
                    }
                    if page > 1 {
                        params.push(format!("page={page}"));
                    }
                    urls.push(if params.is_empty() {
                        path.to_string()
                    } else {
                        format!("{path}?{}", params.join("&"))
                    });
                }
            }
        }
    }
    urls
}

/// This thread's CPU time so far.
fn cpu_time() -> Duration {
    let mut now = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `now` is a valid timespec to write to.
    let status = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut now) };
    assert_eq!(status, 0, "clock_gettime");
    Duration::new(now.tv_sec as u64, now.tv_nsec as u32)
}

/// Asks for every URL once; returns the CPU time per page and the bytes sent per page.
async fn run(app: &App, urls: &[String], accept_encoding: Option<&str>) -> (Duration, usize) {
    let start = cpu_time();
    let mut bytes = 0;
    for url in urls {
        let mut request = Request::get(url.as_str());
        if let Some(value) = accept_encoding {
            request = request.header("accept-encoding", value);
        }
        let response = app
            .clone()
            .oneshot(request.body(Body::empty()).expect("a valid request"))
            .await
            .expect("the app never fails");
        assert_eq!(response.status(), 200, "{url}");
        bytes += response
            .into_body()
            .collect()
            .await
            .expect("a body")
            .to_bytes()
            .len();
    }
    let pages = u32::try_from(urls.len()).expect("a few thousand URLs");
    ((cpu_time() - start) / pages, bytes / urls.len())
}

fn main() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(async {
        let urls = urls();
        let (products, searches): (Vec<String>, Vec<String>) =
            urls.into_iter().partition(|url| url.starts_with("/products"));
        println!(
            "never seen: {} /products and {} /search URLs, each asked once; kept: 200 of them again",
            products.len(),
            searches.len()
        );
        let rounds_wanted = std::env::var("COLD_ROUNDS")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(ROUNDS);
        let coding_wanted = std::env::var("COLD_CODING").ok();
        for (label, accept_encoding) in [("plain", None), ("br", Some("br, gzip"))] {
            if coding_wanted.as_deref().is_some_and(|wanted| wanted != label) {
                continue;
            }
            let mut rounds: [Vec<f64>; 3] = Default::default();
            let mut bytes = (0, 0);
            for _ in 0..rounds_wanted {
                // As a server runs it: one app, cloned for each request.
                let app = storefront::app(AppState::mock(Config::for_tests()));
                // The catalog's first answer builds its indexes: not a page's cost.
                run(&app, &products[..1], accept_encoding).await;
                let (listing, listing_bytes) = run(&app, &products[1..], accept_encoding).await;
                let (search, search_bytes) = run(&app, &searches, accept_encoding).await;
                // Kept pages: a fresh cache has room for all of them.
                let app = storefront::app(AppState::mock(Config::for_tests()));
                run(&app, &products[..200], accept_encoding).await;
                let (kept, _) = run(&app, &products[..200], accept_encoding).await;
                for (row, time) in rounds.iter_mut().zip([listing, search, kept]) {
                    row.push(time.as_secs_f64() * 1e6);
                }
                bytes = (listing_bytes, search_bytes);
            }
            let [listing, search, kept] = rounds.map(|mut row| {
                row.sort_by(f64::total_cmp);
                format!("{:>6.1} (median {:>6.1})", row[0], row[row.len() / 2])
            });
            println!(
                "{label:>5}: never seen /products {listing} µs, {} B; /search {search} µs, {} B; kept {kept} µs",
                bytes.0, bytes.1
            );
        }
    });
}
