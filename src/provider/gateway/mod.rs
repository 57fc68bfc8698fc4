//! The live provider: a client of the signed 1688 Open Platform gateway (see `shared/gateway-spec.md`).

#![allow(dead_code)] // wired up by the provider in the next commit

mod api;
mod mapping;
pub mod sign;
