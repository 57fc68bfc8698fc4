//! The live checks of `/api-status`: each proves one more link of the chain, in the gateway's own order
//! (signature → token → permission): a signed call without token, a signed call of a product API, a
//! search that needs the token, and a detail lookup of what the search found. Each check is one
//! call, never retried, so a probe costs at most four calls.

use std::time::Instant;

use serde_json::Value;

use super::api::{OfferDetail, OfferDetailParam, OfferQueryParam, SearchPage};
use super::client::{Api, CATEGORY_GET, CURRENT_TIME, CallOptions, KEYWORD_QUERY, PRODUCT_DETAIL};
use super::{GatewayProvider, fetch_category_info, json_param};
use crate::format::thousands;
use crate::provider::{Check, ProviderError};

/// Calls one probe makes at most: one per check, never retried.
pub const CALLS: u32 = 4;

/// The keyword of the probe search: common enough to always find offers.
const PROBE_KEYWORD: &str = "phone";

pub async fn run(provider: &GatewayProvider) -> Vec<Check> {
    let client = &provider.client;
    let language = provider.language().to_string();
    let mut checks = Vec::with_capacity(4);

    checks.push(
        timed(
            &CURRENT_TIME,
            "Signed call",
            client.call::<Value>(&CURRENT_TIME, &[], CallOptions::ONCE),
            |time| match time {
                Value::String(s) => format!("Gateway time {s}"),
                other => format!("Gateway time {other}"),
            },
        )
        .await,
    );

    checks.push(
        timed(
            &CATEGORY_GET,
            "Categories",
            fetch_category_info(client, 0, CallOptions::ONCE),
            |root| {
                let roots = root.children.iter().filter(|c| c.id.is_some()).count();
                format!("{} top-level categories", thousands(roots as u64))
            },
        )
        .await,
    );

    let search = OfferQueryParam {
        keyword: PROBE_KEYWORD.into(),
        begin_page: 1,
        page_size: 1,
        country: language.clone(),
        keyword_translate: None,
        category_id: None,
        price_start: None,
        price_end: None,
        sort: None,
        filter: None,
        sale_filter_list: None,
    };
    let started = Instant::now();
    let found = client
        .call_cross_border::<SearchPage>(
            &KEYWORD_QUERY,
            &[("offerQueryParam", json_param(&search))],
            CallOptions::ONCE,
        )
        .await;
    let first_offer = found
        .as_ref()
        .ok()
        .and_then(|page| page.data.iter().find_map(|offer| offer.offer_id));
    checks.push(check(
        &KEYWORD_QUERY,
        "Search",
        started,
        found.map(|page| {
            let total = page.total_records.unwrap_or(page.data.len() as u64);
            format!(
                "{} offers found for \u{201c}{PROBE_KEYWORD}\u{201d}",
                thousands(total)
            )
        }),
    ));

    let detail_name = check_name(&PRODUCT_DETAIL, "Product detail");
    let search_failed = !checks.last().is_some_and(|c| c.ok);
    match first_offer {
        Some(offer_id) => {
            let param = OfferDetailParam {
                offer_id,
                country: language,
            };
            let started = Instant::now();
            let detail = client
                .call_cross_border::<OfferDetail>(
                    &PRODUCT_DETAIL,
                    &[("offerDetailParam", json_param(&param))],
                    CallOptions::ONCE,
                )
                .await;
            checks.push(check(
                &PRODUCT_DETAIL,
                "Product detail",
                started,
                detail.map(|d| {
                    let title = d.subject_trans.or(d.subject).unwrap_or_default();
                    format!(
                        "Offer {offer_id}: {}",
                        title.chars().take(60).collect::<String>()
                    )
                }),
            ));
        }
        None => checks.push(Check {
            name: detail_name,
            ok: false,
            latency_ms: None,
            detail: if search_failed {
                "Not run: the search failed, so there is no offer to look up.".into()
            } else {
                "Not run: the search found no offer to look up.".into()
            },
            error: None,
        }),
    }
    checks
}

async fn timed<T>(
    api: &Api,
    what: &str,
    call: impl Future<Output = Result<T, ProviderError>>,
    describe: impl FnOnce(T) -> String,
) -> Check {
    let started = Instant::now();
    let result = call.await;
    check(api, what, started, result.map(describe))
}

fn check(api: &Api, what: &str, started: Instant, result: Result<String, ProviderError>) -> Check {
    let latency_ms = Some(started.elapsed().as_millis() as u64);
    let name = check_name(api, what);
    match result {
        Ok(detail) => Check {
            name,
            ok: true,
            latency_ms,
            detail,
            error: None,
        },
        Err(error) => Check {
            name,
            ok: false,
            latency_ms,
            detail: error.to_string(),
            error: Some(error),
        },
    }
}

fn check_name(api: &Api, what: &str) -> String {
    format!("{what}: {}", api.id())
}
