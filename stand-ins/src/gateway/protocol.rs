//! The gateway's routes, and one call answered in the order the real gateway checks it: app key,
//! API, form, signature, access token; then the behaviour a test set, then the documented answer.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Instant;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};
use axum::{Json, Router};
use serde_json::{Value, json};

use super::behaviour::Behaviour;
use super::faults::Fault;
use super::params::{offer_detail_id, offer_query, parameter_error};
use super::signature::expected_signature;
use super::{
    CATEGORY_GET, CURRENT_TIME, GATEWAY_TIME, IMAGE_QUERY, IMAGE_UPLOAD, KEYWORD_QUERY, OFFERS,
    PRODUCT_DETAIL, Shared, fixed, generated, oauth,
};

pub(super) fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route(
            "/openapi/param2/{version}/{namespace}/{name}/{app_key}",
            any(handle),
        )
        .route(
            "/openapi/param2/{version}/{namespace}/{name}",
            any(|| async {
                gateway_error(
                    StatusCode::BAD_REQUEST,
                    "gw.AppKeyMissing",
                    "AppKey is missing",
                )
            }),
        )
        .route(
            "/openapi/http/1/system.oauth2/getToken/{app_key}",
            any(oauth::token),
        )
        .route(
            "/stand-in/stats",
            get(|State(shared): State<Arc<Shared>>| async move { Json(shared.stats()) }),
        )
        .with_state(shared)
}

/// One gateway call: counted, then (when configured) rate limited on arrival, delayed, and maybe
/// hit by a fault; otherwise answered by [`answer`].
async fn handle(
    State(shared): State<Arc<Shared>>,
    Path((version, namespace, name, app_key)): Path<(String, String, String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let api = format!("{namespace}:{name}-{version}");
    shared.arrivals.lock().unwrap().push(Instant::now());
    shared.count_call(&api);

    let over_limit = !shared.rate_limit.take_token();
    let delay = shared.latency + shared.faults.jitter();
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    if over_limit {
        return shared.rate_limit.answer();
    }
    let fault = shared.faults.draw();
    match fault {
        Some(Fault::ServerError) => return shared.faults.server_error_answer(),
        Some(Fault::Timeout) => tokio::time::sleep(shared.faults.timeout_delay()).await,
        _ => {}
    }
    let response = answer(&shared, (version, namespace, name, app_key), headers, body).await;
    match fault {
        Some(Fault::Truncated) => shared.faults.truncate(response).await,
        _ => response,
    }
}

/// The answer to a call that got through rate limit and faults, in the gateway's check order.
async fn answer(
    shared: &Shared,
    (version, namespace, name, app_key): (String, String, String, String),
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let api = format!("{namespace}:{name}-{version}");
    if app_key != shared.app_key {
        return gateway_error(
            StatusCode::BAD_REQUEST,
            "gw.AppKeyNotFound",
            "AppKey not found",
        );
    }
    let served = [
        CURRENT_TIME,
        CATEGORY_GET,
        KEYWORD_QUERY,
        PRODUCT_DETAIL,
        IMAGE_UPLOAD,
        IMAGE_QUERY,
    ];
    if !served.contains(&api.as_str()) {
        return gateway_error(
            StatusCode::BAD_REQUEST,
            "gw.APIUnsupported",
            "API not supported",
        );
    }
    let is_form = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return gateway_error(StatusCode::BAD_REQUEST, "gw.ParamMissing", "form expected");
    }

    let mut fields: Vec<(String, String)> = form_urlencoded::parse(&body).into_owned().collect();
    let Some(pos) = fields.iter().position(|(k, _)| k == "_aop_signature") else {
        return gateway_error(
            StatusCode::BAD_REQUEST,
            "gw.SignatureMissing",
            "Signature is missing",
        );
    };
    let (_, received) = fields.remove(pos);
    let url_path = format!("param2/{version}/{namespace}/{name}/{app_key}");
    if received != expected_signature(&shared.app_secret, &url_path, &fields) {
        return gateway_error(
            StatusCode::BAD_REQUEST,
            "gw.SignatureInvalid",
            "Signature is invalid",
        );
    }
    let forced = shared.behaviour.take(&api);
    if forced == Behaviour::SignatureInvalid {
        return gateway_error(
            StatusCode::BAD_REQUEST,
            "gw.SignatureInvalid",
            "Signature is invalid",
        );
    }
    let params: HashMap<String, String> = fields.into_iter().collect();
    shared
        .last_params
        .lock()
        .unwrap()
        .insert(api.clone(), params.clone());

    let needs_token = ![CURRENT_TIME, CATEGORY_GET].contains(&api.as_str());
    if needs_token && params.get("access_token") != Some(&shared.access_token) {
        return gateway_error(
            StatusCode::UNAUTHORIZED,
            "401",
            "Request need user authorized",
        );
    }
    if needs_token && forced == Behaviour::TokenExpired {
        // The wording seen live for an expired token.
        return gateway_error(
            StatusCode::UNAUTHORIZED,
            "401",
            "Request need user authenticated",
        );
    }

    if let Some(refusal) = forced_answer(shared, &forced).await {
        return refusal;
    }
    let no_offers = forced == Behaviour::NoOffers;
    documented_answer(shared, &api, &params, no_offers)
}

/// The answer a forced behaviour gives in place of the documented one (`None`: the documented
/// answer, after a `Slow` behaviour's delay).
async fn forced_answer(shared: &Shared, forced: &Behaviour) -> Option<Response> {
    let response = match forced {
        Behaviour::AclDecline { .. } => gateway_error(
            StatusCode::BAD_REQUEST,
            "gw.APIACLDecline",
            "AppKey is not allowed(acl)",
        ),
        Behaviour::RateLimited => shared.rate_limit.answer(),
        Behaviour::QuotaExhausted => gateway_error(
            StatusCode::BAD_REQUEST,
            "gw.NoUsageLeftError",
            "SLA bill has no usage left",
        ),
        Behaviour::ServerError => (
            StatusCode::INTERNAL_SERVER_ERROR,
            [(header::CONTENT_TYPE, "text/html")],
            "<html><body>500 Internal Server Error</body></html>",
        )
            .into_response(),
        Behaviour::Malformed => json_body(
            StatusCode::OK,
            r#"{"result":{"success":true,"code":"200","result":{"totalRec"#.into(),
        ),
        Behaviour::Oversized => {
            let padding = "x".repeat(5 * 1024 * 1024);
            json_body(StatusCode::OK, format!(r#"{{"padding":"{padding}"}}"#))
        }
        Behaviour::Slow(delay) => {
            tokio::time::sleep(*delay).await;
            return None;
        }
        _ => return None,
    };
    Some(response)
}

/// The documented answer of `api` (one of those served) to a correctly signed call.
fn documented_answer(
    shared: &Shared,
    api: &str,
    params: &HashMap<String, String>,
    no_offers: bool,
) -> Response {
    match api {
        CURRENT_TIME => json_body(StatusCode::OK, Value::from(GATEWAY_TIME).to_string()),
        CATEGORY_GET => match params
            .get("categoryID")
            .and_then(|id| id.parse::<u64>().ok())
        {
            Some(id) => ok_json(fixed::category_answer(id)),
            None => gateway_error(
                StatusCode::BAD_REQUEST,
                "gw.ParamMissing",
                "categoryID is missing",
            ),
        },
        IMAGE_UPLOAD => match params.get("uploadImageParam") {
            None => gateway_error(
                StatusCode::BAD_REQUEST,
                "gw.ParamMissing",
                "uploadImageParam is missing",
            ),
            Some(raw) => match shared.uploads.upload(raw) {
                Err(problem) => ok_json(parameter_error(&problem)),
                Ok(id) => ok_json(json!({
                    "result": { "success": "true", "code": "200", "message": "", "result": id }
                })),
            },
        },
        IMAGE_QUERY => match params.get("offerQueryParam") {
            None => gateway_error(
                StatusCode::BAD_REQUEST,
                "gw.ParamMissing",
                "offerQueryParam is missing",
            ),
            Some(raw) => match shared.uploads.query(raw) {
                Err(problem) => ok_json(parameter_error(&problem)),
                Ok(answer) if no_offers => {
                    let mut answer = answer;
                    answer["result"]["result"]["data"] = json!([]);
                    answer["result"]["result"]["totalRecords"] = json!(0);
                    ok_json(answer)
                }
                Ok(answer) => ok_json(answer),
            },
        },
        KEYWORD_QUERY => match params.get("offerQueryParam") {
            None => gateway_error(
                StatusCode::BAD_REQUEST,
                "gw.ParamMissing",
                "offerQueryParam is missing",
            ),
            Some(raw) => match offer_query(raw) {
                Err(problem) => ok_json(parameter_error(&problem)),
                Ok(query) if shared.generated_catalog => {
                    ok_json(generated::search_answer(&query, no_offers))
                }
                Ok(query) => ok_json(fixed::search_answer(&query, no_offers)),
            },
        },
        _ => match params.get("offerDetailParam") {
            None => gateway_error(
                StatusCode::BAD_REQUEST,
                "gw.ParamMissing",
                "offerDetailParam is missing",
            ),
            Some(raw) => match offer_detail_id(raw) {
                Err(problem) => ok_json(parameter_error(&problem)),
                Ok(offer_id) if shared.generated_catalog && !OFFERS.contains(&offer_id) => {
                    ok_json(generated::detail_answer(offer_id))
                }
                Ok(offer_id) => ok_json(fixed::detail_answer(offer_id)),
            },
        },
    }
}

/// keywordQuery's documented answer around one page of offers.
pub(super) fn search_envelope(total: u64, page_size: u64, current: u64, data: Vec<Value>) -> Value {
    json!({
        "result": {
            "success": true,
            "code": "200",
            "message": "",
            "result": {
                "totalRecords": total,
                "totalPage": total.div_ceil(page_size.max(1)),
                "pageSize": page_size,
                "currentPage": current,
                "data": data,
            }
        }
    })
}

/// queryProductDetail's documented answer around one offer's detail.
pub(super) fn detail_envelope(detail: Value) -> Value {
    json!({ "result": { "success": true, "code": "200", "message": "", "result": detail } })
}

/// queryProductDetail's documented answer for an offer that does not exist.
pub(super) fn offer_not_found() -> Value {
    json!({ "result": { "success": false, "code": "500_004", "message": "商品不存在" } })
}

fn json_body(status: StatusCode, body: String) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/json;charset=UTF-8")],
        body,
    )
        .into_response()
}

fn ok_json(value: Value) -> Response {
    json_body(StatusCode::OK, value.to_string())
}

/// The gateway's own error envelope (`error_code`, `error_message`, …) with `status`.
pub(super) fn gateway_error(status: StatusCode, code: &str, message: &str) -> Response {
    json_body(
        status,
        json!({
            "error_code": code,
            "error_message": message,
            "exception": message,
            "request_id": "0bb3f2e817000000000000000e0a1b",
        })
        .to_string(),
    )
}
