//! storefront: a fast, server-rendered storefront for sourcing wholesale products from 1688.com.

pub mod catalog;
pub mod config;
pub mod provider;
