//! The live provider: a client of the signed 1688 Open Platform gateway (see `shared/gateway-spec.md`).

pub mod sign;
