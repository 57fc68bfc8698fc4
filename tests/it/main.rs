//! Integration tests: the real router, driven in-process (and the real binary where it matters).

mod api;
mod bad_input;
mod binary;
mod pages;
mod properties;
mod support;
