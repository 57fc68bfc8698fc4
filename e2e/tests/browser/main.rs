//! End-to-end tests in headless Chromium, driven through chromedriver (see `e2e/README.md`).
//!
//! Run with `cargo test -p storefront-e2e`.

mod browse;
mod harness;
mod health;
mod image_search;
mod mobile;
mod no_javascript;
mod product;
mod quote;
mod search;
mod status;
