//! A local stand-in of the 1688 Open Platform gateway, for integration, end-to-end and benchmark code.
//!
//! It serves `{base_url}/param2/{version}/{namespace}/{name}/{appKey}` on 127.0.0.1 (port 0) and
//! behaves like the real gateway as `shared/gateway-spec.md` describes it: it checks the app key path
//! segment, recomputes `_aop_signature` from the received form fields and the URL path (its own
//! implementation, independent of the storefront's), requires the access token for search and detail,
//! and answers the documented shapes. [`StandIn::set_behaviour`] switches it at run time to answer
//! one class of error. Calls are counted per API id.
//!
//! Include it with `#[path = "…/support/stand_in.rs"] mod stand_in;` (relative to the including file).

#![allow(dead_code)]

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use axum::{Json, Router};
use hmac::{Hmac, KeyInit, Mac};
use serde_json::{Value, json};
use sha1::Sha1;

pub const CURRENT_TIME: &str = "system:currentTime-1";
pub const CATEGORY_GET: &str = "com.alibaba.product:alibaba.category.get-1";
pub const KEYWORD_QUERY: &str = "com.alibaba.fenxiao.crossborder:product.search.keywordQuery-1";
pub const PRODUCT_DETAIL: &str =
    "com.alibaba.fenxiao.crossborder:product.search.queryProductDetail-1";

pub const APP_KEY: &str = "12345678";
pub const APP_SECRET: &str = "stand-in-app-secret";
pub const ACCESS_TOKEN: &str = "stand-in-access-token";

/// What `system.currentTime` answers.
pub const GATEWAY_TIME: &str = "20261123153000123+0800";
/// `totalRecords` of every search that finds something.
pub const TOTAL_OFFERS: u64 = 1234;
/// A search for this keyword finds nothing.
pub const NO_RESULTS_KEYWORD: &str = "no-such-offer";
/// The offer with a full detail answer (tiers, SKUs, attributes, a description with a `<script>`).
pub const KNOWN_OFFER: u64 = 610947572360;
/// Every offer the search returns, in order; each also has a (smaller) detail answer.
pub const OFFERS: [u64; 3] = [KNOWN_OFFER, 624588963211, 655512345678];
/// A root category: id, name, and its children (id, name), which are leaves.
pub type RootCategory = (u64, &'static str, &'static [(u64, &'static str)]);

/// The category tree.
pub const CATEGORIES: [RootCategory; 3] = [
    (7, "服装", &[(127, "女装"), (128, "男装")]),
    (
        1031919,
        "手机、通讯",
        &[(1038378, "手机壳"), (1046625, "数据线")],
    ),
    (1813, "玩具", &[(181301, "积木"), (181302, "毛绒玩具")]),
];

/// How the stand-in answers, after it has checked app key, signature and token (in the gateway's
/// order). Every variant but `Normal` stands for one class of failure.
#[derive(Debug, Clone, PartialEq)]
pub enum Behaviour {
    /// Documented answers, with real verification of key, signature and token.
    Normal,
    /// HTTP 400 `gw.SignatureInvalid`, as if the app secret were wrong.
    SignatureInvalid,
    /// HTTP 401 `"401"` for the APIs that need a token, as if it had expired.
    TokenExpired,
    /// HTTP 400 `gw.APIACLDecline` for this API id only; the others answer normally.
    AclDecline { api: String },
    /// HTTP 400 `gw.QosAppFrequencyLimit`.
    RateLimited,
    /// HTTP 400 `gw.NoUsageLeftError`.
    QuotaExhausted,
    /// HTTP 500 with an HTML body.
    ServerError,
    /// The normal answer, after this delay.
    Slow(Duration),
    /// HTTP 200 with a truncated JSON body.
    Malformed,
    /// HTTP 200 with a 5 MiB JSON body.
    Oversized,
    /// Searches find nothing (everything else is normal).
    NoOffers,
}

#[derive(Debug, Clone)]
pub struct StandInConfig {
    pub app_key: String,
    pub app_secret: String,
    pub access_token: String,
    pub behaviour: Behaviour,
}

impl Default for StandInConfig {
    /// [`APP_KEY`], [`APP_SECRET`], [`ACCESS_TOKEN`], [`Behaviour::Normal`].
    fn default() -> Self {
        StandInConfig {
            app_key: APP_KEY.into(),
            app_secret: APP_SECRET.into(),
            access_token: ACCESS_TOKEN.into(),
            behaviour: Behaviour::Normal,
        }
    }
}

/// A running stand-in; the server stops when this is dropped.
pub struct StandIn {
    /// `http://127.0.0.1:{port}/openapi`: what `ALIBABA_API_URL` would hold.
    pub base_url: String,
    pub addr: SocketAddr,
    shared: Arc<Shared>,
    server: tokio::task::JoinHandle<()>,
}

struct Shared {
    app_key: String,
    app_secret: String,
    access_token: String,
    /// The behaviour, and how many more times it applies before `Normal` returns (`None`: for good).
    behaviour: Mutex<(Behaviour, Option<usize>)>,
    calls: Mutex<HashMap<String, usize>>,
    last_params: Mutex<HashMap<String, HashMap<String, String>>>,
    /// Whether [`OAUTH_CODE`] was exchanged already (codes are single use).
    codes_used: Mutex<bool>,
    arrivals: Mutex<Vec<std::time::Instant>>,
}

impl StandIn {
    /// Starts the stand-in on 127.0.0.1 with a free port.
    pub async fn start(config: StandInConfig) -> StandIn {
        let shared = Arc::new(Shared {
            app_key: config.app_key,
            app_secret: config.app_secret,
            access_token: config.access_token,
            behaviour: Mutex::new((config.behaviour, None)),
            calls: Mutex::new(HashMap::new()),
            last_params: Mutex::new(HashMap::new()),
            codes_used: Mutex::new(false),
            arrivals: Mutex::new(Vec::new()),
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind the stand-in to a free port");
        let addr = listener.local_addr().expect("the stand-in's address");
        let app = router(Arc::clone(&shared));
        let server = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        StandIn {
            base_url: format!("http://{addr}/openapi"),
            addr,
            shared,
            server,
        }
    }

    /// Switches the behaviour for all following calls.
    pub fn set_behaviour(&self, behaviour: Behaviour) {
        *self.shared.behaviour.lock().unwrap() = (behaviour, None);
    }

    /// Applies `behaviour` to the next `times` calls it affects, then answers normally again.
    pub fn set_behaviour_times(&self, behaviour: Behaviour, times: usize) {
        *self.shared.behaviour.lock().unwrap() = (behaviour, Some(times));
    }

    /// Calls received for `api` (an API id such as [`KEYWORD_QUERY`]), whatever their outcome.
    pub fn calls(&self, api: &str) -> usize {
        self.shared
            .calls
            .lock()
            .unwrap()
            .get(api)
            .copied()
            .unwrap_or(0)
    }

    /// When each signed call arrived, in order (for pacing checks).
    pub fn arrivals(&self) -> Vec<std::time::Instant> {
        self.shared.arrivals.lock().unwrap().clone()
    }

    pub fn total_calls(&self) -> usize {
        self.shared.calls.lock().unwrap().values().sum()
    }

    pub fn reset_calls(&self) {
        self.shared.calls.lock().unwrap().clear();
    }

    /// The form fields (without `_aop_signature`) of the last correctly signed call of `api`.
    pub fn last_params(&self, api: &str) -> Option<HashMap<String, String>> {
        self.shared.last_params.lock().unwrap().get(api).cloned()
    }
}

impl Drop for StandIn {
    fn drop(&mut self) {
        self.server.abort();
    }
}

fn router(shared: Arc<Shared>) -> Router {
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
            any(oauth_token),
        )
        .with_state(shared)
}

/// The authorization code the stand-in accepts (once).
pub const OAUTH_CODE: &str = "stand-in-oauth-code";
/// The refresh token it hands out with the access token.
pub const REFRESH_TOKEN: &str = "stand-in-refresh-token";

/// `system.oauth2/getToken` (not signed): exchanges [`OAUTH_CODE`] once, or a refresh token, for
/// the configured access token; anything else gets the documented HTTP 400 error.
async fn oauth_token(
    State(shared): State<Arc<Shared>>,
    Path(app_key): Path<String>,
    body: Bytes,
) -> Response {
    *shared
        .calls
        .lock()
        .unwrap()
        .entry("system.oauth2:getToken-1".into())
        .or_default() += 1;
    let form: HashMap<String, String> = form_urlencoded::parse(&body).into_owned().collect();
    let field = |name: &str| form.get(name).map(String::as_str).unwrap_or("");
    let refused = |description: &str| {
        (
            StatusCode::BAD_REQUEST,
            Json(json!({"error": "invalid_request", "error_description": description})),
        )
            .into_response()
    };
    if app_key != shared.app_key || field("client_id") != shared.app_key {
        return refused("unknown client_id");
    }
    if field("client_secret") != shared.app_secret {
        return refused("client_secret is wrong");
    }
    let granted = match field("grant_type") {
        "authorization_code" => {
            let mut used = shared.codes_used.lock().unwrap();
            field("code") == OAUTH_CODE && !std::mem::replace(&mut *used, true)
        }
        "refresh_token" => field("refresh_token") == REFRESH_TOKEN,
        _ => false,
    };
    if !granted {
        return refused("invalid or expired code");
    }
    Json(json!({
        "access_token": shared.access_token,
        "expires_in": "36000",
        "refresh_token": REFRESH_TOKEN,
        "refresh_token_timeout": "20991231000000000+0800",
        "aliId": "8888",
        "memberId": "b2b-stand-in",
        "resource_owner": "stand-in"
    }))
    .into_response()
}

/// The gateway's signature, implemented here on its own for an independent check:
/// `HEX(HMAC-SHA1(secret, urlPath + concat(sorted(key + value))))`.
pub fn expected_signature(secret: &str, url_path: &str, params: &[(String, String)]) -> String {
    let mut parts: Vec<Vec<u8>> = params
        .iter()
        .map(|(k, v)| [k.as_bytes(), v.as_bytes()].concat())
        .collect();
    parts.sort();
    let mut mac = Hmac::<Sha1>::new_from_slice(secret.as_bytes()).expect("any key length");
    mac.update(url_path.as_bytes());
    for part in &parts {
        mac.update(part);
    }
    hex::encode_upper(mac.finalize().into_bytes())
}

async fn handle(
    State(shared): State<Arc<Shared>>,
    Path((version, namespace, name, app_key)): Path<(String, String, String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let api = format!("{namespace}:{name}-{version}");
    shared
        .arrivals
        .lock()
        .unwrap()
        .push(std::time::Instant::now());
    *shared.calls.lock().unwrap().entry(api.clone()).or_default() += 1;

    if app_key != shared.app_key {
        return gateway_error(
            StatusCode::BAD_REQUEST,
            "gw.AppKeyNotFound",
            "AppKey not found",
        );
    }
    if ![CURRENT_TIME, CATEGORY_GET, KEYWORD_QUERY, PRODUCT_DETAIL].contains(&api.as_str()) {
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
    let forced = shared.take_behaviour(&api);
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

    let needs_token = api == KEYWORD_QUERY || api == PRODUCT_DETAIL;
    if needs_token
        && (params.get("access_token") != Some(&shared.access_token)
            || forced == Behaviour::TokenExpired)
    {
        return gateway_error(
            StatusCode::UNAUTHORIZED,
            "401",
            "Request need user authorized",
        );
    }

    match forced {
        Behaviour::AclDecline { .. } => {
            return gateway_error(
                StatusCode::BAD_REQUEST,
                "gw.APIACLDecline",
                "AppKey is not allowed(acl)",
            );
        }
        Behaviour::RateLimited => {
            return gateway_error(
                StatusCode::BAD_REQUEST,
                "gw.QosAppFrequencyLimit",
                "App call exceeds limited frequency",
            );
        }
        Behaviour::QuotaExhausted => {
            return gateway_error(
                StatusCode::BAD_REQUEST,
                "gw.NoUsageLeftError",
                "SLA bill has no usage left",
            );
        }
        Behaviour::ServerError => {
            return (
                StatusCode::INTERNAL_SERVER_ERROR,
                [(header::CONTENT_TYPE, "text/html")],
                "<html><body>500 Internal Server Error</body></html>",
            )
                .into_response();
        }
        Behaviour::Malformed => {
            return json_body(
                StatusCode::OK,
                r#"{"result":{"success":true,"code":"200","result":{"totalRec"#.into(),
            );
        }
        Behaviour::Oversized => {
            let padding = "x".repeat(5 * 1024 * 1024);
            return json_body(StatusCode::OK, format!(r#"{{"padding":"{padding}"}}"#));
        }
        Behaviour::Slow(delay) => tokio::time::sleep(delay).await,
        _ => {}
    }

    match api.as_str() {
        CURRENT_TIME => json_body(StatusCode::OK, Value::from(GATEWAY_TIME).to_string()),
        CATEGORY_GET => match params
            .get("categoryID")
            .and_then(|id| id.parse::<u64>().ok())
        {
            Some(id) => ok_json(category_answer(id)),
            None => gateway_error(
                StatusCode::BAD_REQUEST,
                "gw.ParamMissing",
                "categoryID is missing",
            ),
        },
        KEYWORD_QUERY => match json_param(&params, "offerQueryParam") {
            Some(query) if query.get("keyword").is_some_and(Value::is_string) => {
                ok_json(search_answer(&query, forced == Behaviour::NoOffers))
            }
            _ => gateway_error(
                StatusCode::BAD_REQUEST,
                "gw.ParamMissing",
                "offerQueryParam.keyword is missing",
            ),
        },
        _ => match json_param(&params, "offerDetailParam")
            .and_then(|p| p.get("offerId").and_then(Value::as_u64))
        {
            Some(offer_id) => ok_json(detail_answer(offer_id)),
            None => gateway_error(
                StatusCode::BAD_REQUEST,
                "gw.ParamMissing",
                "offerDetailParam.offerId is missing",
            ),
        },
    }
}

impl Shared {
    /// The behaviour that applies to this call of `api`, counting down a limited one.
    fn take_behaviour(&self, api: &str) -> Behaviour {
        let mut guard = self.behaviour.lock().unwrap();
        let (behaviour, remaining) = &mut *guard;
        let applies = match behaviour {
            Behaviour::Normal => false,
            Behaviour::AclDecline { api: declined } => declined == api,
            Behaviour::TokenExpired => api == KEYWORD_QUERY || api == PRODUCT_DETAIL,
            Behaviour::NoOffers => api == KEYWORD_QUERY,
            _ => true,
        };
        if !applies {
            return Behaviour::Normal;
        }
        let current = behaviour.clone();
        if let Some(left) = remaining {
            *left = left.saturating_sub(1);
            if *left == 0 {
                *guard = (Behaviour::Normal, None);
            }
        }
        current
    }
}

fn json_param(params: &HashMap<String, String>, name: &str) -> Option<Value> {
    serde_json::from_str(params.get(name)?).ok()
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

fn gateway_error(status: StatusCode, code: &str, message: &str) -> Response {
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

fn category_answer(id: u64) -> Value {
    let child = |(id, name): &(u64, &str), leaf: bool| json!({ "id": id, "name": name, "isLeaf": leaf, "categoryType": "1" });
    let node = |id: u64, name: &str, parents: Vec<u64>, children: Vec<Value>| {
        json!({
            "categoryID": id,
            "name": name,
            "isLeaf": children.is_empty(),
            "parentIDs": parents,
            "childCategorys": children,
        })
    };
    let info = if id == 0 {
        Some(node(
            0,
            "",
            vec![],
            CATEGORIES
                .iter()
                .map(|(id, name, _)| child(&(*id, *name), false))
                .collect(),
        ))
    } else {
        CATEGORIES.iter().find_map(|(root, root_name, children)| {
            if *root == id {
                return Some(node(
                    id,
                    root_name,
                    vec![0],
                    children.iter().map(|c| child(c, true)).collect(),
                ));
            }
            children
                .iter()
                .find(|(child_id, _)| *child_id == id)
                .map(|(_, name)| node(id, name, vec![*root], vec![]))
        })
    };
    json!({ "categoryInfo": info.into_iter().collect::<Vec<_>>(), "succes": "true" })
}

/// `(offerId, subject, subjectTrans, imageUrl, price, minOrderQuantity, monthSold, top, second)`
type OfferRow = (
    u64,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    u32,
    u32,
    u64,
    u64,
);

const OFFER_ROWS: [OfferRow; 3] = [
    (
        KNOWN_OFFER,
        "新款手机壳硅胶防摔",
        "New silicone phone case",
        "img/ibank/O1CN01case.jpg",
        "3.50",
        2,
        1520,
        1031919,
        1038378,
    ),
    (
        OFFERS[1],
        "快充数据线 1米",
        "Fast charging cable 1m",
        "//cbu01.alicdn.com/img/ibank/O1CN01cable.jpg",
        "8.80",
        10,
        860,
        1031919,
        1046625,
    ),
    (
        OFFERS[2],
        "儿童积木玩具",
        "Building blocks for kids",
        "https://cbu01.alicdn.com/img/ibank/O1CN01blocks.jpg",
        "25.00",
        1,
        310,
        1813,
        181301,
    ),
];

fn search_answer(query: &Value, no_offers: bool) -> Value {
    let page_size = query.get("pageSize").and_then(Value::as_u64).unwrap_or(20);
    let current = query.get("beginPage").and_then(Value::as_u64).unwrap_or(1);
    let empty = no_offers || query["keyword"] == NO_RESULTS_KEYWORD;
    let data: Vec<Value> = if empty {
        vec![]
    } else {
        OFFER_ROWS
            .iter()
            .take(page_size as usize)
            .map(|(id, subject, trans, image, price, moq, sold, top, second)| {
                json!({
                    "offerId": id,
                    "subject": subject,
                    "subjectTrans": trans,
                    "imageUrl": image,
                    "priceInfo": { "price": price, "consignPrice": price, "promotionPrice": null },
                    "minOrderQuantity": moq,
                    "monthSold": sold,
                    "repurchaseRate": "28%",
                    "topCategoryId": top,
                    "secondCategoryId": second,
                    "thirdCategoryId": 0,
                })
            })
            .collect()
    };
    let total = if empty { 0 } else { TOTAL_OFFERS };
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

fn detail_answer(offer_id: u64) -> Value {
    let Some(row) = OFFER_ROWS.iter().find(|row| row.0 == offer_id) else {
        return json!({ "result": { "success": false, "code": "500_004", "message": "商品不存在" } });
    };
    let (id, subject, trans, image, price, moq, sold, top, second) = *row;
    let category_name = CATEGORIES
        .iter()
        .flat_map(|(_, _, children)| children.iter())
        .find(|(child, _)| *child == second)
        .map(|(_, name)| *name)
        .unwrap_or_default();
    let mut detail = json!({
        "offerId": id,
        "categoryId": second,
        "categoryName": category_name,
        "topCategoryId": top,
        "secondCategoryId": second,
        "thirdCategoryId": 0,
        "subject": subject,
        "subjectTrans": trans,
        "description": "<p>Factory direct.</p>",
        "productImage": { "images": [image], "whiteImage": null },
        "productAttribute": [],
        "productSkuInfos": [],
        "productSaleInfo": {
            "amountOnSale": 10000,
            "priceRangeList": [{ "startQuantity": moq, "price": price }],
            "quoteType": 0,
            "unitInfo": { "unit": "个", "transUnit": "piece" }
        },
        "minOrderQuantity": moq,
        "monthSold": sold,
        "companyName": "深圳市示例贸易有限公司",
        "sellerOpenId": "BBBstandInSeller",
        "soldOut": false,
        "tradeScore": "4.0",
        "productShippingInfo": { "weight": 0.2, "width": 10, "height": 5, "length": 15 }
    });
    if offer_id == KNOWN_OFFER {
        let full = json!({
            "description": "<p>Durable <b>silicone</b> case.</p><script>alert('stolen')</script><img src=\"//cbu01.alicdn.com/img/ibank/desc1.jpg\" onerror=\"alert(1)\">",
            "productImage": {
                "images": ["img/ibank/O1CN01case.jpg", "//cbu01.alicdn.com/img/ibank/O1CN01case2.jpg"],
                "whiteImage": "https://cbu01.alicdn.com/img/ibank/O1CN01white.jpg"
            },
            "productAttribute": [
                { "attributeId": "287", "attributeName": "材质", "attributeNameTrans": "Material", "value": "硅胶", "valueTrans": "Silicone" },
                { "attributeId": "1398", "attributeName": "适用型号", "attributeNameTrans": "Compatible model", "value": "iPhone 15", "valueTrans": "iPhone 15" }
            ],
            "productSkuInfos": [
                {
                    "skuId": 4812345678901u64, "specId": "b0f6a3c1d2e4", "price": "3.50", "amountOnSale": 500,
                    "skuAttributes": [{ "attributeId": 3216, "attributeName": "颜色", "attributeNameTrans": "Color", "value": "红色", "valueTrans": "Red", "skuImageUrl": "img/ibank/red.jpg" }]
                },
                {
                    "skuId": 4812345678902u64, "specId": "c1a7b4d2e3f5", "price": "3.50", "promotionPrice": "3.30", "amountOnSale": 320,
                    "skuAttributes": [{ "attributeId": 3216, "attributeName": "颜色", "attributeNameTrans": "Color", "value": "蓝色", "valueTrans": "Blue", "skuImageUrl": "//cbu01.alicdn.com/img/ibank/blue.jpg" }]
                }
            ],
            "productSaleInfo": {
                "amountOnSale": 820,
                "priceRangeList": [
                    { "startQuantity": 2, "price": "3.50" },
                    { "startQuantity": 100, "price": "3.20", "promotionPrice": "3.00" },
                    { "startQuantity": 1000, "price": "2.80" }
                ],
                "quoteType": 1,
                "unitInfo": { "unit": "个", "transUnit": "piece" }
            },
            "companyName": "义乌市示例电子商务有限公司",
            "tradeScore": "4.5"
        });
        for (key, value) in full.as_object().expect("an object") {
            detail[key] = value.clone();
        }
    }
    json!({ "result": { "success": true, "code": "200", "message": "", "result": detail } })
}

#[cfg(test)]
mod stand_in_tests {
    use super::*;

    fn owned(params: &[(&str, &str)]) -> Vec<(String, String)> {
        params
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn stand_in_signature_matches_the_spec_vectors() {
        assert_eq!(
            expected_signature(
                "test123",
                "param2/1/system/currentTime/1000000",
                &owned(&[("b", "2"), ("a", "1")])
            ),
            "33E54F4F7B989E3E0E912D3FBD2F1A03CA7CCE88"
        );
        assert_eq!(
            expected_signature(
                "1a2b3c4d5e6f7g8h9i0j",
                "param2/1/com.alibaba.fenxiao.crossborder/product.search.keywordQuery/12345678",
                &owned(&[
                    ("pageSize", "20"),
                    ("_aop_timestamp", "1700000000000"),
                    ("keywords", "手机"),
                    ("page", "1")
                ])
            ),
            "64410404DBCC4E5A8D0B4B5126AA7B3707627E5A"
        );
        assert_eq!(
            expected_signature(
                "1a2b3c4d5e6f7g8h9i0j",
                "param2/1/com.alibaba.product/alibaba.category.get/12345678",
                &owned(&[("categoryID", "0"), ("_aop_timestamp", "1700000000000")])
            ),
            "AA7C046B1C5D6C74A27F38044F1F5899F42584D2"
        );
    }
}
