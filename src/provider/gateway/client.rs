//! The one request function of the gateway: sign → POST → classify status and envelope → decode,
//! with timeouts, a bounded body and retries of transient failures.

use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use reqwest::StatusCode;
use reqwest::header::CONTENT_TYPE;
use secrecy::{ExposeSecret, SecretString};
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::api::CrossBorderAnswer;
use super::sign;
use super::throttle::Throttle;
use super::{GatewayConfig, TokenSource};
use crate::provider::{Need, ProviderError};

/// Answers larger than this are refused rather than buffered.
pub const MAX_BODY_BYTES: usize = 4 * 1024 * 1024;
/// No single wait between retries is longer than this.
const MAX_RETRY_DELAY: Duration = Duration::from_secs(10);
/// Upstream messages quoted in errors are cut to this many characters.
const MAX_QUOTED_CHARS: usize = 80;

/// Whether a business error (HTTP 200, `success:false`) can mean "no such thing" for this API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnBusinessError {
    /// Lookups by id (detail): the documented not-found answers mean [`ProviderError::NotFound`];
    /// any other business error is the gateway refusing the request.
    MayBeNotFound,
    /// Every business error is the gateway refusing the request.
    Refused,
}

/// How one call may use the pacing and the retries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CallOptions {
    pub need: Need,
    /// Whether network errors, 5xx and rate limiting are retried.
    pub retry: bool,
}

impl CallOptions {
    /// A call for a page (or a block of one): retried when that may help.
    pub fn page(need: Need) -> CallOptions {
        CallOptions { need, retry: true }
    }

    /// A diagnostic check: one attempt, so a probe costs exactly one call per check.
    pub const PROBE: CallOptions = CallOptions {
        need: Need::Required,
        retry: false,
    };
}

/// One gateway API: `namespace:name-version`.
#[derive(Debug, Clone, Copy)]
pub struct Api {
    pub namespace: &'static str,
    pub name: &'static str,
    pub version: u32,
    pub needs_token: bool,
    pub on_business_error: OnBusinessError,
}

impl Api {
    /// The API id as 1688 writes it, e.g. `com.alibaba.product:alibaba.category.get-1`.
    pub fn id(&self) -> String {
        format!("{}:{}-{}", self.namespace, self.name, self.version)
    }
}

pub const CURRENT_TIME: Api = Api {
    namespace: "system",
    name: "currentTime",
    version: 1,
    needs_token: false,
    on_business_error: OnBusinessError::Refused,
};

/// An unknown category is a successful answer without that node (see `fetch_category_info`);
/// a business error here is the gateway refusing the request.
pub const CATEGORY_GET: Api = Api {
    namespace: "com.alibaba.product",
    name: "alibaba.category.get",
    version: 1,
    needs_token: false,
    on_business_error: OnBusinessError::Refused,
};

pub const KEYWORD_QUERY: Api = Api {
    namespace: "com.alibaba.fenxiao.crossborder",
    name: "product.search.keywordQuery",
    version: 1,
    needs_token: true,
    on_business_error: OnBusinessError::Refused,
};

pub const PRODUCT_DETAIL: Api = Api {
    namespace: "com.alibaba.fenxiao.crossborder",
    name: "product.search.queryProductDetail",
    version: 1,
    needs_token: true,
    on_business_error: OnBusinessError::MayBeNotFound,
};

/// A failed attempt, and whether trying again may help.
#[derive(Debug, PartialEq)]
struct Failure {
    error: ProviderError,
    retryable: bool,
}

impl Failure {
    fn fatal(error: ProviderError) -> Self {
        let retryable = error == ProviderError::RateLimited;
        Failure { error, retryable }
    }

    fn transient(message: impl Into<String>) -> Self {
        Failure {
            error: ProviderError::Unavailable(message.into()),
            retryable: true,
        }
    }
}

pub struct Client {
    http: reqwest::Client,
    config: GatewayConfig,
    tokens: Arc<dyn TokenSource>,
    throttle: Throttle,
}

impl Client {
    pub fn new(config: GatewayConfig, tokens: Arc<dyn TokenSource>) -> reqwest::Result<Self> {
        let http = reqwest::Client::builder()
            .user_agent(concat!("storefront/", env!("CARGO_PKG_VERSION")))
            .timeout(config.timeout)
            .connect_timeout(config.timeout.min(Duration::from_secs(5)))
            // A redirect is not the gateway answering; following one could send the form elsewhere.
            .redirect(reqwest::redirect::Policy::none())
            .build()?;
        Ok(Client {
            http,
            throttle: Throttle::new(config.pacing.clone()),
            config,
            tokens,
        })
    }

    pub fn usage(&self) -> crate::provider::Usage {
        self.throttle.usage()
    }

    pub fn config(&self) -> &GatewayConfig {
        &self.config
    }

    /// Calls `api` with `params` (empty ones are dropped) and decodes the answer into `T`.
    ///
    /// Network errors, 5xx and rate limiting are retried (when `options.retry`) up to
    /// `max_retries` times with capped exponential backoff and jitter — a retry after a rate-limit
    /// answer waits for the app-wide back-off like any call; every other failure is returned at
    /// once.
    pub async fn call<T: DeserializeOwned>(
        &self,
        api: &Api,
        params: &[(&str, String)],
        options: CallOptions,
    ) -> Result<T, ProviderError> {
        let api_id = api.id();
        let token = if api.needs_token {
            match self.tokens.access_token().await {
                Some(token) => Some(token),
                None => {
                    tracing::warn!(api = %api_id, outcome = "unauthorized", "1688 gateway call not sent: no access token");
                    return Err(ProviderError::Unauthorized);
                }
            }
        } else {
            None
        };

        let mut attempt: u32 = 0;
        loop {
            attempt += 1;
            if let Err(error) = self.throttle.acquire(options.need).await {
                tracing::warn!(api = %api_id, attempt, outcome = error.code(), "1688 gateway call not sent: {error}");
                return Err(error);
            }
            let started = Instant::now();
            let outcome = self.attempt(api, params, token.as_ref()).await;
            let latency_ms = started.elapsed().as_millis() as u64;
            self.throttle
                .record(outcome.as_ref().map(|_| ()).map_err(|f| &f.error));
            match outcome {
                Ok(answer) => {
                    tracing::info!(api = %api_id, attempt, latency_ms, outcome = "ok", "1688 gateway call");
                    return serde_json::from_value(answer).map_err(|_| {
                        ProviderError::Unavailable(format!(
                            "unexpected answer from {api_id}: not the documented shape"
                        ))
                    });
                }
                Err(failure) => {
                    let retry =
                        options.retry && failure.retryable && attempt <= self.config.max_retries;
                    if failure.error == ProviderError::NotFound {
                        // An unknown offer or category is an answer, not a fault.
                        tracing::info!(api = %api_id, attempt, latency_ms, outcome = "not_found", "1688 gateway call");
                    } else {
                        tracing::warn!(
                            api = %api_id,
                            attempt,
                            latency_ms,
                            outcome = failure.error.code(),
                            error = %failure.error,
                            retry,
                            "1688 gateway call failed"
                        );
                    }
                    if !retry {
                        return Err(failure.error);
                    }
                    tokio::time::sleep(retry_delay(self.config.retry_base_delay, attempt - 1))
                        .await;
                }
            }
        }
    }

    /// Calls one of the cross-border APIs and returns what they nest under `result.result`.
    pub async fn call_cross_border<T: DeserializeOwned>(
        &self,
        api: &Api,
        params: &[(&str, String)],
        options: CallOptions,
    ) -> Result<T, ProviderError> {
        let answer: CrossBorderAnswer<T> = self.call(api, params, options).await?;
        answer.result.and_then(|r| r.result).ok_or_else(|| {
            ProviderError::Unavailable(format!("unexpected answer from {}: no result", api.id()))
        })
    }

    /// One signed POST, its answer read (bounded) and classified.
    async fn attempt(
        &self,
        api: &Api,
        params: &[(&str, String)],
        token: Option<&SecretString>,
    ) -> Result<Value, Failure> {
        let url_path = sign::url_path(api.version, api.namespace, api.name, &self.config.app_key);
        let timestamp = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default()
            .as_millis()
            .to_string();

        let mut fields: Vec<(&str, &str)> = params
            .iter()
            .filter(|(_, value)| !value.is_empty())
            .map(|(key, value)| (*key, value.as_str()))
            .collect();
        if let Some(token) = token {
            fields.push(("access_token", token.expose_secret()));
        }
        fields.push(("_aop_timestamp", &timestamp));
        let signature = sign::signature(
            self.config.app_secret.expose_secret().as_bytes(),
            &url_path,
            &fields,
        );
        fields.push(("_aop_signature", &signature));
        let body = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(&fields)
            .finish();

        let url = format!("{}/{url_path}", self.config.base_url.trim_end_matches('/'));
        let response = self
            .http
            .post(url)
            .header(
                CONTENT_TYPE,
                "application/x-www-form-urlencoded; charset=UTF-8",
            )
            .body(body)
            .send()
            .await
            .map_err(|e| network_failure(&e))?;
        let status = response.status();
        let body = read_body(response).await?;
        classify(status, &body, api)
    }
}

/// The body, at most [`MAX_BODY_BYTES`] of it.
async fn read_body(mut response: reqwest::Response) -> Result<Vec<u8>, Failure> {
    let too_large = || {
        Failure::fatal(ProviderError::Unavailable(format!(
            "the answer is larger than {} MiB",
            MAX_BODY_BYTES / (1024 * 1024)
        )))
    };
    if response
        .content_length()
        .is_some_and(|len| len > MAX_BODY_BYTES as u64)
    {
        return Err(too_large());
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(|e| network_failure(&e))? {
        if body.len() + chunk.len() > MAX_BODY_BYTES {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// Our own words for a transport error: reqwest's message would carry the URL.
fn network_failure(error: &reqwest::Error) -> Failure {
    if error.is_timeout() {
        Failure::transient("no answer in time")
    } else if error.is_connect() {
        Failure::transient("cannot connect to the gateway")
    } else {
        Failure::transient("network error while talking to the gateway")
    }
}

/// Classifies an answer by its status and both error envelopes (spec §4); `Ok` holds the JSON of a
/// successful answer.
fn classify(status: StatusCode, body: &[u8], api: &Api) -> Result<Value, Failure> {
    if status.is_server_error() {
        return Err(Failure::transient(format!("HTTP {}", status.as_u16())));
    }
    let json: Option<Value> = serde_json::from_slice(body).ok();

    if status.is_client_error() {
        let (code, message) = json.as_ref().map(error_fields).unwrap_or_default();
        let error = known_error(code.as_deref(), message.as_deref(), api).unwrap_or_else(|| {
            match (status, code, &json) {
                (StatusCode::UNAUTHORIZED, _, _) => ProviderError::Unauthorized,
                (StatusCode::TOO_MANY_REQUESTS, _, _) => ProviderError::RateLimited,
                (_, Some(code), _) => ProviderError::BadRequest(quote(&code)),
                (_, None, Some(_)) => {
                    ProviderError::BadRequest(format!("HTTP {}", status.as_u16()))
                }
                // Not the gateway's JSON: a proxy or a wrong ALIBABA_API_URL answered.
                (_, None, None) => ProviderError::Unavailable(format!(
                    "HTTP {} without a gateway answer",
                    status.as_u16()
                )),
            }
        });
        return Err(Failure::fatal(error));
    }
    if !status.is_success() {
        return Err(Failure::fatal(ProviderError::Unavailable(format!(
            "unexpected HTTP {}",
            status.as_u16()
        ))));
    }

    let Some(json) = json else {
        return Err(Failure::fatal(ProviderError::Unavailable(format!(
            "unexpected answer from {}: not JSON",
            api.id()
        ))));
    };
    if let Some((code, message)) = business_error(&json) {
        let (code, message) = (code.as_deref(), message.as_deref());
        let error = known_error(code, message, api).unwrap_or_else(|| {
            if api.on_business_error == OnBusinessError::MayBeNotFound
                && is_not_found_answer(code, message)
            {
                return ProviderError::NotFound;
            }
            let what = [code, message]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(": ");
            ProviderError::BadRequest(if what.is_empty() {
                "business error".into()
            } else {
                quote(&what)
            })
        });
        return Err(Failure::fatal(error));
    }
    Ok(json)
}

/// The answers 1688 gives for an offer that does not exist (or no longer does): code `500_004`,
/// or a message saying so (`商品不存在`, "… not exist", "… not found"). Anything else — a
/// parameter error (`500_001`, `参数错误`), a system error — is not a missing offer.
fn is_not_found_answer(code: Option<&str>, message: Option<&str>) -> bool {
    if code == Some("500_004") {
        return true;
    }
    let message = message.unwrap_or_default().to_ascii_lowercase();
    ["不存在", "not exist", "not found", "已下架"]
        .iter()
        .any(|phrase| message.contains(phrase))
}

/// The gateway codes and messages of spec §4 that mean the same thing whatever the envelope.
fn known_error(code: Option<&str>, message: Option<&str>, api: &Api) -> Option<ProviderError> {
    let by_code = match code.unwrap_or_default() {
        "gw.SignatureInvalid" => Some(ProviderError::InvalidSignature),
        c @ ("gw.SignatureMissing" | "gw.ParamMissing" | "gw.APIUnsupported") => {
            Some(ProviderError::BadRequest(c.to_string()))
        }
        "gw.AppKeyMissing" | "gw.AppKeyNotFound" => Some(ProviderError::AppKeyRejected),
        "401" => Some(ProviderError::Unauthorized),
        "gw.APIACLDecline" => Some(ProviderError::PermissionDenied { api: api.id() }),
        "gw.QosAppFrequencyLimit" => Some(ProviderError::RateLimited),
        "gw.NoUsageLeftError" => Some(ProviderError::QuotaExhausted),
        _ => None,
    };
    by_code.or_else(|| {
        let message = message?.to_ascii_lowercase();
        // "Request need user authorized" (documented) and "… authenticated" (seen live).
        if message.contains("request need user auth") {
            Some(ProviderError::Unauthorized)
        } else if message.contains("is not allowed(acl)") {
            Some(ProviderError::PermissionDenied { api: api.id() })
        } else if message.contains("exceeds limited frequency") {
            Some(ProviderError::RateLimited)
        } else if message.contains("has no usage left") {
            Some(ProviderError::QuotaExhausted)
        } else {
            None
        }
    })
}

/// `error_code` / `error_message` of the gateway envelope.
fn error_fields(json: &Value) -> (Option<String>, Option<String>) {
    (
        field(json, &["error_code", "errorCode", "code"]),
        field(json, &["error_message", "errorMsg", "errMsg", "message"]),
    )
}

/// The code and message of a business error in a 200 answer, if it is one: `success:false`,
/// `succes:"false"`, a non-empty `errMsg`, a stray gateway `error_code`, or `result.success:false`.
fn business_error(json: &Value) -> Option<(Option<String>, Option<String>)> {
    let object = json.as_object()?;
    let fails = |key: &str| object.get(key).is_some_and(is_false);
    let succeeds = ["success", "succes"]
        .iter()
        .any(|key| object.get(*key).is_some_and(is_true));

    if fails("success") || fails("succes") || (!succeeds && field(json, &["error_code"]).is_some())
    {
        return Some(error_fields(json));
    }
    if !succeeds && field(json, &["errMsg"]).is_some() {
        return Some(error_fields(json));
    }
    let inner = object.get("result")?;
    if inner.get("success").is_some_and(is_false) {
        return Some((
            field(inner, &["code", "errorCode"]),
            field(inner, &["message", "errorMsg", "errMsg"]),
        ));
    }
    None
}

fn is_false(v: &Value) -> bool {
    matches!(v, Value::Bool(false)) || v.as_str().is_some_and(|s| s.eq_ignore_ascii_case("false"))
}

fn is_true(v: &Value) -> bool {
    matches!(v, Value::Bool(true)) || v.as_str().is_some_and(|s| s.eq_ignore_ascii_case("true"))
}

/// The first of `keys` present as a non-empty string or a number.
fn field(json: &Value, keys: &[&str]) -> Option<String> {
    keys.iter().find_map(|key| match json.get(*key)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    })
}

/// A short, single-line quote of upstream text for an error message.
fn quote(text: &str) -> String {
    let clean: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(MAX_QUOTED_CHARS)
        .collect();
    if text.chars().count() > MAX_QUOTED_CHARS {
        format!("{clean}…")
    } else {
        clean
    }
}

/// The wait before retry number `retry` (0-based): `base · 2^retry`, capped, of which the upper half is
/// random ("equal jitter"), so that callers throttled together do not retry together.
fn retry_delay(base: Duration, retry: u32) -> Duration {
    let ceiling = base
        .saturating_mul(2u32.saturating_pow(retry.min(20)))
        .min(MAX_RETRY_DELAY);
    let half = ceiling / 2;
    half + half.mul_f64(rand::random::<f64>())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn classify_json(status: u16, body: &str, api: &Api) -> Result<Value, Failure> {
        classify(StatusCode::from_u16(status).unwrap(), body.as_bytes(), api)
    }

    fn error_of(status: u16, body: &str, api: &Api) -> ProviderError {
        classify_json(status, body, api).unwrap_err().error
    }

    fn gateway_error(code: &str, message: &str) -> String {
        serde_json::json!({
            "error_code": code,
            "error_message": message,
            "exception": message,
            "request_id": "2150440117000000000001"
        })
        .to_string()
    }

    #[test]
    fn api_ids_are_written_namespace_colon_name_dash_version() {
        assert_eq!(
            KEYWORD_QUERY.id(),
            "com.alibaba.fenxiao.crossborder:product.search.keywordQuery-1"
        );
        assert_eq!(
            CATEGORY_GET.id(),
            "com.alibaba.product:alibaba.category.get-1"
        );
        assert_eq!(CURRENT_TIME.id(), "system:currentTime-1");
    }

    #[test]
    fn gateway_codes_map_to_provider_errors() {
        let cases = [
            ("gw.SignatureInvalid", ProviderError::InvalidSignature),
            (
                "gw.SignatureMissing",
                ProviderError::BadRequest("gw.SignatureMissing".into()),
            ),
            (
                "gw.ParamMissing",
                ProviderError::BadRequest("gw.ParamMissing".into()),
            ),
            (
                "gw.APIUnsupported",
                ProviderError::BadRequest("gw.APIUnsupported".into()),
            ),
            ("gw.AppKeyMissing", ProviderError::AppKeyRejected),
            ("gw.AppKeyNotFound", ProviderError::AppKeyRejected),
            ("401", ProviderError::Unauthorized),
            (
                "gw.APIACLDecline",
                ProviderError::PermissionDenied {
                    api: "com.alibaba.fenxiao.crossborder:product.search.keywordQuery-1".into(),
                },
            ),
            ("gw.QosAppFrequencyLimit", ProviderError::RateLimited),
            ("gw.NoUsageLeftError", ProviderError::QuotaExhausted),
            (
                "gw.SomethingNew",
                ProviderError::BadRequest("gw.SomethingNew".into()),
            ),
        ];
        for (code, expected) in cases {
            assert_eq!(
                error_of(400, &gateway_error(code, "x"), &KEYWORD_QUERY),
                expected,
                "{code}"
            );
        }
    }

    #[test]
    fn only_rate_limiting_among_client_errors_is_retried() {
        let limited = classify_json(
            400,
            &gateway_error(
                "gw.QosAppFrequencyLimit",
                "App call exceeds limited frequency",
            ),
            &KEYWORD_QUERY,
        )
        .unwrap_err();
        assert!(limited.retryable);
        for code in [
            "gw.SignatureInvalid",
            "gw.NoUsageLeftError",
            "gw.APIACLDecline",
            "401",
        ] {
            let failure =
                classify_json(400, &gateway_error(code, "x"), &KEYWORD_QUERY).unwrap_err();
            assert!(!failure.retryable, "{code} must not be retried");
        }
    }

    #[test]
    fn messages_identify_errors_when_the_code_is_missing() {
        let body = |m: &str| serde_json::json!({ "error_message": m }).to_string();
        assert_eq!(
            error_of(400, &body("Request need user authorized"), &PRODUCT_DETAIL),
            ProviderError::Unauthorized
        );
        assert_eq!(
            error_of(400, &body("AppKey is not allowed(acl)"), &PRODUCT_DETAIL),
            ProviderError::PermissionDenied {
                api: PRODUCT_DETAIL.id()
            }
        );
        assert_eq!(
            error_of(
                400,
                &body("App call exceeds limited frequency"),
                &PRODUCT_DETAIL
            ),
            ProviderError::RateLimited
        );
        assert_eq!(
            error_of(400, &body("SLA bill has no usage left"), &PRODUCT_DETAIL),
            ProviderError::QuotaExhausted
        );
    }

    #[test]
    fn http_401_is_unauthorized_whatever_the_body() {
        assert_eq!(
            error_of(401, "", &KEYWORD_QUERY),
            ProviderError::Unauthorized
        );
        assert_eq!(
            error_of(
                401,
                r#"{"error_code":"401","error_message":"Request need user authorized"}"#,
                &KEYWORD_QUERY
            ),
            ProviderError::Unauthorized
        );
    }

    #[test]
    fn client_errors_without_gateway_json_are_unavailable() {
        let failure = classify_json(404, "<html>Not Found</html>", &CURRENT_TIME).unwrap_err();
        assert!(matches!(failure.error, ProviderError::Unavailable(_)));
        assert!(!failure.retryable);
        assert_eq!(
            error_of(403, "{}", &CURRENT_TIME),
            ProviderError::BadRequest("HTTP 403".into())
        );
    }

    #[test]
    fn server_errors_are_unavailable_and_retried() {
        for status in [500, 502, 503, 504] {
            let failure = classify_json(status, "oops", &CURRENT_TIME).unwrap_err();
            assert_eq!(
                failure.error,
                ProviderError::Unavailable(format!("HTTP {status}"))
            );
            assert!(failure.retryable);
        }
    }

    #[test]
    fn unparseable_success_bodies_are_unavailable_and_not_retried() {
        let failure = classify_json(200, r#"{"result":{"success":tr"#, &KEYWORD_QUERY).unwrap_err();
        assert!(
            matches!(&failure.error, ProviderError::Unavailable(m) if m.contains("unexpected answer"))
        );
        assert!(!failure.retryable);
    }

    #[test]
    fn redirects_are_unavailable() {
        assert!(matches!(
            error_of(302, "", &CURRENT_TIME),
            ProviderError::Unavailable(_)
        ));
    }

    #[test]
    fn business_errors_in_200_answers_are_recognised() {
        let search = |body: &str| error_of(200, body, &KEYWORD_QUERY);
        assert_eq!(
            search(r#"{"success":false,"errorCode":"ISV.PARAM_ERROR","errorMsg":"bad keyword"}"#),
            ProviderError::BadRequest("ISV.PARAM_ERROR: bad keyword".into())
        );
        assert_eq!(
            search(r#"{"errMsg":"something went wrong"}"#),
            ProviderError::BadRequest("something went wrong".into())
        );
        assert_eq!(
            search(r#"{"succes":"false","errorMsg":"no such category"}"#),
            ProviderError::BadRequest("no such category".into())
        );
        assert_eq!(
            search(r#"{"result":{"success":false,"code":"500","message":"busy"}}"#),
            ProviderError::BadRequest("500: busy".into())
        );
        assert_eq!(
            search(r#"{"success":"false"}"#),
            ProviderError::BadRequest("business error".into())
        );
        assert_eq!(
            search(
                r#"{"result":{"success":false,"code":"401","message":"Request need user authorized"}}"#
            ),
            ProviderError::Unauthorized
        );
        assert_eq!(
            search(r#"{"success":false,"errorCode":"gw.QosAppFrequencyLimit"}"#),
            ProviderError::RateLimited
        );
    }

    #[test]
    fn unknown_offer_in_a_detail_answer_is_not_found() {
        let body = r#"{"result":{"success":false,"code":"500_004","message":"商品不存在"}}"#;
        assert_eq!(
            error_of(200, body, &PRODUCT_DETAIL),
            ProviderError::NotFound
        );
        let removed = r#"{"result":{"success":false,"code":"500","message":"offer not exist"}}"#;
        assert_eq!(
            error_of(200, removed, &PRODUCT_DETAIL),
            ProviderError::NotFound
        );
    }

    #[test]
    fn other_business_errors_of_lookups_are_gateway_errors_not_404() {
        let param_error = r#"{"result":{"success":false,"code":"500_001","message":"参数错误"}}"#;
        assert_eq!(
            error_of(200, param_error, &PRODUCT_DETAIL),
            ProviderError::BadRequest("500_001: 参数错误".into())
        );
        assert_eq!(
            error_of(200, r#"{"result":{"success":false}}"#, &PRODUCT_DETAIL),
            ProviderError::BadRequest("business error".into())
        );
        assert_eq!(
            error_of(
                200,
                r#"{"succes":"false","errorMsg":"system busy"}"#,
                &CATEGORY_GET
            ),
            ProviderError::BadRequest("system busy".into())
        );
    }

    #[test]
    fn request_need_user_authenticated_is_a_token_problem_in_either_envelope() {
        let gateway = r#"{"error_code":"401","error_message":"Request need user authenticated"}"#;
        assert_eq!(
            error_of(401, gateway, &KEYWORD_QUERY),
            ProviderError::Unauthorized
        );
        let business = r#"{"result":{"success":false,"code":"401","message":"Request need user authenticated"}}"#;
        assert_eq!(
            error_of(200, business, &PRODUCT_DETAIL),
            ProviderError::Unauthorized
        );
        let no_code =
            r#"{"result":{"success":"false","message":"Request need user authenticated"}}"#;
        assert_eq!(
            error_of(200, no_code, &PRODUCT_DETAIL),
            ProviderError::Unauthorized
        );
    }

    #[test]
    fn successful_answers_pass_through() {
        for body in [
            r#""20261123153000123+0800""#,
            r#"{"categoryInfo":[],"succes":"true"}"#,
            r#"{"result":{"success":true,"code":"200","message":"","result":{"data":[]}}}"#,
            r#"{"success":true,"errMsg":"","result":{}}"#,
        ] {
            assert!(classify_json(200, body, &KEYWORD_QUERY).is_ok(), "{body}");
        }
    }

    #[test]
    fn long_upstream_messages_are_cut() {
        let long = format!(r#"{{"success":false,"errorMsg":"{}"}}"#, "x".repeat(500));
        let ProviderError::BadRequest(message) = error_of(200, &long, &KEYWORD_QUERY) else {
            panic!("expected BadRequest");
        };
        assert!(message.chars().count() <= MAX_QUOTED_CHARS + 1);
    }

    #[test]
    fn retry_delays_grow_exponentially_with_jitter_and_a_cap() {
        let base = Duration::from_millis(100);
        for _ in 0..50 {
            let first = retry_delay(base, 0);
            assert!(first >= Duration::from_millis(50) && first <= base);
            let third = retry_delay(base, 2);
            assert!(third >= Duration::from_millis(200) && third <= Duration::from_millis(400));
            let late = retry_delay(base, 30);
            assert!(late >= MAX_RETRY_DELAY / 2 && late <= MAX_RETRY_DELAY);
        }
    }
}
