//! The checks of `/api-status` and `storefront check` in Onebound mode: one search, then one item
//! lookup of what the search found. Each is one call, never retried, so a probe costs at most two
//! calls of the daily budget. The first proves key, secret, quota and network; the second the
//! detail API and the mapping.

use std::time::Instant;

use super::api::{ItemAnswer, SearchAnswer};
use super::client::{Api, Client, ITEM_GET, ITEM_SEARCH};
use crate::format::thousands;
use crate::provider::{Check, ProviderError};

/// Calls one probe makes at most.
pub const CALLS: u32 = 2;

/// The keyword of the probe search: common enough to always find offers.
const PROBE_KEYWORD: &str = "phone";

pub async fn run(client: &Client) -> Vec<Check> {
    let started = Instant::now();
    let params = [
        ("q", PROBE_KEYWORD.to_string()),
        ("page", "1".into()),
        ("page_size", "1".into()),
    ];
    let found = client
        .call_once::<SearchAnswer>(&ITEM_SEARCH, &params)
        .await;
    let items = found.and_then(|answer| {
        answer.items.ok_or_else(|| {
            ProviderError::Unavailable(
                "unexpected answer from Onebound item_search: no items".into(),
            )
        })
    });
    let first = items
        .as_ref()
        .ok()
        .and_then(|items| items.item.iter().find_map(|item| item.num_iid));
    let search_ok = items.is_ok();
    let mut checks = vec![check(
        &ITEM_SEARCH,
        "Search",
        started,
        items.map(|items| {
            let total = items
                .total_results
                .or(items.real_total_results)
                .unwrap_or(items.item.len() as u64);
            format!(
                "{} offers found for \u{201c}{PROBE_KEYWORD}\u{201d}",
                thousands(total)
            )
        }),
    )];

    match first {
        Some(num_iid) => {
            let started = Instant::now();
            let item = client
                .call_once::<ItemAnswer>(&ITEM_GET, &[("num_iid", num_iid.to_string())])
                .await;
            let item = item.and_then(|answer| {
                answer.item.ok_or_else(|| {
                    ProviderError::Unavailable(
                        "unexpected answer from Onebound item_get: no item".into(),
                    )
                })
            });
            checks.push(check(
                &ITEM_GET,
                "Product detail",
                started,
                item.map(|item| {
                    let title = item.title.unwrap_or_default();
                    format!(
                        "Offer {num_iid}: {}",
                        title.chars().take(60).collect::<String>()
                    )
                }),
            ));
        }
        None => checks.push(Check {
            name: name(&ITEM_GET, "Product detail"),
            ok: false,
            latency_ms: None,
            detail: if search_ok {
                "Not run: the search found no offer to look up.".into()
            } else {
                "Not run: the search failed, so there is no offer to look up.".into()
            },
            error: None,
        }),
    }
    checks
}

fn check(api: &Api, what: &str, started: Instant, result: Result<String, ProviderError>) -> Check {
    let latency_ms = Some(started.elapsed().as_millis() as u64);
    match result {
        Ok(detail) => Check {
            name: name(api, what),
            ok: true,
            latency_ms,
            detail,
            error: None,
        },
        Err(error) => Check {
            name: name(api, what),
            ok: false,
            latency_ms,
            detail: error.to_string(),
            error: Some(error),
        },
    }
}

fn name(api: &Api, what: &str) -> String {
    format!("{what}: Onebound 1688/{}", api.name)
}
