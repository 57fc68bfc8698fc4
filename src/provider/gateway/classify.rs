//! What a gateway answer means: its HTTP status and both error envelopes (spec §4) — the gateway's
//! `error_code` / `error_message` and the APIs' business errors in HTTP 200 answers — classified
//! into [`ProviderError`]s. Pure functions of the answer, tested on their own.

use reqwest::StatusCode;
use serde_json::Value;

use super::client::{Api, OnBusinessError};
use super::transport::Failure;
use crate::provider::ProviderError;
use crate::provider::upstream::quote;

/// Classifies an answer by its status and both error envelopes (spec §4); `Ok` holds the JSON of a
/// successful answer.
pub fn classify(status: StatusCode, body: &[u8], api: &Api) -> Result<Value, Failure> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::provider::gateway::client::{
        CATEGORY_GET, CURRENT_TIME, KEYWORD_QUERY, PRODUCT_DETAIL,
    };

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
    fn the_image_upload_says_success_as_a_string() {
        use crate::provider::gateway::client::IMAGE_UPLOAD;
        let ok =
            r#"{"result":{"success":"true","code":"200","message":"","result":"880000000001"}}"#;
        assert!(classify_json(200, ok, &IMAGE_UPLOAD).is_ok());
        let refused = r#"{"result":{"success":"false","code":"500_001","message":"参数错误"}}"#;
        assert_eq!(
            error_of(200, refused, &IMAGE_UPLOAD),
            ProviderError::BadRequest("500_001: 参数错误".into())
        );
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
        assert!(message.chars().count() <= crate::provider::upstream::MAX_QUOTED_CHARS + 1);
    }
}
