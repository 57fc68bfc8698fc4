//! End-to-end tests in headless Chromium, driven through chromedriver (see README.md here).
//!
//! Run with `cargo test --features browser-tests --test e2e`.

mod browse;
mod harness;
mod health;
mod mobile;
mod no_javascript;
mod product;
mod search;
mod status;
