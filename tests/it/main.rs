//! Integration tests: the real router, driven in-process (and the real binary where it matters).
//!
//! Live mode runs against `stand_ins::gateway`, the local 1688 gateway of the `stand-ins` crate;
//! the modules reach it as `crate::stand_in`.

use stand_ins::gateway as stand_in;

mod api;
mod bad_input;
mod binary;
mod compression;
mod contract;
mod frugal;
mod gateway;
mod hostile;
mod image_search;
mod live;
mod onebound;
mod pages;
mod properties;
mod quote;
mod redis_server;
mod scale;
mod secrets;
mod seo;
mod sourcing;
mod store;
mod support;
