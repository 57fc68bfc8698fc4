//! Stand-ins of the upstream services the storefront talks to, for its tests and benchmarks.
//!
//! Each stand-in is a real HTTP server on 127.0.0.1 that follows its service's documented
//! contract strictly (required fields, types, error envelopes), never more leniently than the
//! real thing, so that a storefront which passes against it speaks the real protocol.
//!
//! - [`gateway`]: the 1688 Open Platform gateway (signed calls, OAuth token endpoint), with
//!   switchable failure behaviours and, for benchmarks, latency, a rate limit, seeded faults and a
//!   generated catalog. As a process: the `stand-in-gateway` binary.
//! - [`onebound`]: Onebound's 1688 APIs (`item_search`, `item_get`), its envelope and error codes,
//!   with the same latency, rate limit, faults and generated catalog for benchmarks. As a process:
//!   the `stand-in-onebound` binary.
//!
//! Tests use it as a library:
//!
//! ```no_run
//! use stand_ins::gateway::{StandIn, StandInConfig};
//!
//! # async fn example() {
//! let gateway = StandIn::start(StandInConfig::default()).await;
//! // Point the storefront's ALIBABA_API_URL at gateway.base_url …
//! assert_eq!(gateway.total_calls(), 0);
//! # }
//! ```

pub mod cli;
pub mod gateway;
pub mod onebound;
