//! Integration tests: the real router, driven in-process (and the real binary where it matters).

mod api;
mod bad_input;
mod binary;
mod compression;
mod contract;
mod frugal;
mod gateway;
mod hostile;
mod live;
mod pages;
mod properties;
mod secrets;
mod support;

#[path = "../support/stand_in.rs"]
mod stand_in;
