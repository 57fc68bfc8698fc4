//! What an Onebound answer means. Onebound answers failures in its JSON envelope: a non-empty
//! top-level `error` (a short text) with `error_code` and a longer `reason`; `error_code` `"0000"`
//! with an empty `error` is success. Pure functions of the answer, tested on their own.
//!
//! The codes classified here are those of Onebound's answers as its API pages and the
//! `stand_ins::onebound` contract describe them; the texts are matched too, in English and
//! Chinese, because the codes are shared by several situations and are not all documented:
//!
//! | `error_code` | meaning | class |
//! |---|---|---|
//! | `4005` | key unknown or disabled; secret wrong (the text says which) | app key rejected / invalid secret |
//! | `4013` | calls too frequent | rate limited (retried after the back-off) |
//! | `4014` | the key's quota (calls or balance) is used up | quota exhausted |
//! | `4016` | the API is not enabled for this key | permission denied |
//! | `2000` | no such item (lookups) | not found |
//! | `5000` | Onebound could not get the data from 1688 in time | unavailable (retried) |
//! | other | e.g. a parameter error | refused request |

use reqwest::StatusCode;
use serde_json::{Value, json};

use super::client::Api;
use crate::provider::ProviderError;
pub use crate::provider::upstream::Failure;
use crate::provider::upstream::quote;

/// Classifies an answer by its status and Onebound's envelope; `Ok` holds the JSON of a
/// successful answer. A lookup that finds nothing is [`ProviderError::NotFound`]; a search that
/// finds nothing is a successful answer without items.
pub fn classify(status: StatusCode, body: &[u8], api: &Api) -> Result<Value, Failure> {
    if status.is_server_error() {
        return Err(Failure::transient(format!("HTTP {}", status.as_u16())));
    }
    if !status.is_success() {
        // Onebound answers its errors in JSON with HTTP 200; anything else is a proxy, a wrong
        // ONEBOUND_API_URL or a redirect.
        return Err(Failure::fatal(ProviderError::Unavailable(format!(
            "HTTP {} instead of an Onebound answer",
            status.as_u16()
        ))));
    }
    let Ok(json) = serde_json::from_slice::<Value>(body) else {
        return Err(Failure::fatal(ProviderError::Unavailable(format!(
            "unexpected answer from Onebound {}: not JSON",
            api.name
        ))));
    };
    if !json.is_object() {
        return Err(Failure::fatal(ProviderError::Unavailable(format!(
            "unexpected answer from Onebound {}: not the documented envelope",
            api.name
        ))));
    }
    let error = text(&json, "error");
    let Some(error) = error else {
        return Ok(json);
    };
    let code = text(&json, "error_code");
    let reason = text(&json, "reason");
    match known_error(code.as_deref(), &error, reason.as_deref()) {
        Known::NotFound if api.is_lookup => Err(Failure::fatal(ProviderError::NotFound)),
        Known::NotFound => Ok(json!({ "items": { "item": [], "total_results": 0 } })),
        Known::UpstreamTimeout => Err(Failure::transient(
            "Onebound could not get the data from 1688 in time",
        )),
        Known::Error(error) => Err(Failure::fatal(error)),
        Known::Unknown => {
            let what = [code.as_deref(), Some(error.as_str()), reason.as_deref()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(": ");
            Err(Failure::fatal(ProviderError::BadRequest(quote(&what))))
        }
    }
}

enum Known {
    NotFound,
    UpstreamTimeout,
    Error(ProviderError),
    Unknown,
}

/// The class of a failure, by its code, else by its words.
fn known_error(code: Option<&str>, error: &str, reason: Option<&str>) -> Known {
    let words = format!("{error} {}", reason.unwrap_or_default()).to_lowercase();
    let says = |phrases: &[&str]| phrases.iter().any(|p| words.contains(p));
    let key_or_secret = || {
        if says(&["secret", "密钥"]) {
            ProviderError::InvalidSignature
        } else {
            ProviderError::AppKeyRejected
        }
    };
    match code.unwrap_or_default() {
        "4005" => return Known::Error(key_or_secret()),
        "4013" => return Known::Error(ProviderError::RateLimited),
        "4014" => return Known::Error(ProviderError::QuotaExhausted),
        "4016" => return Known::Error(permission_denied()),
        "2000" => return Known::NotFound,
        "5000" => return Known::UpstreamTimeout,
        _ => {}
    }
    if says(&["too frequent", "frequency", "频繁", "too many requests"]) {
        Known::Error(ProviderError::RateLimited)
    } else if says(&["quota", "余额", "次数已用完", "used up", "exceeded", "超出"]) {
        Known::Error(ProviderError::QuotaExhausted)
    } else if says(&["secret", "密钥"])
        || (words.contains("key") && says(&["invalid", "not exist", "不存在", "wrong", "disabled"]))
    {
        Known::Error(key_or_secret())
    } else if says(&["not enabled", "未开通", "no permission", "无权限"]) {
        Known::Error(permission_denied())
    } else if says(&[
        "item-not-found",
        "not found",
        "not exist",
        "商品不存在",
        "已下架",
        "delisted",
    ]) {
        Known::NotFound
    } else if says(&["timeout", "timed out", "超时"]) {
        Known::UpstreamTimeout
    } else {
        Known::Unknown
    }
}

/// Onebound enables APIs per key; the store needs both of its 1688 APIs.
fn permission_denied() -> ProviderError {
    ProviderError::PermissionDenied {
        api: "Onebound 1688 item_search and item_get".into(),
    }
}

/// A field as non-empty text: strings, and numbers as their text (`error_code` comes either way).
fn text(json: &Value, key: &str) -> Option<String> {
    match json.get(key)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::provider::onebound::client::{ITEM_GET, ITEM_SEARCH};

    fn envelope(code: &str, error: &str, reason: &str) -> String {
        json!({ "error": error, "error_code": code, "reason": reason, "cache": 0,
                "api_info": "today:3 max:100", "execution_time": "0.12" })
        .to_string()
    }

    fn error_of(body: &str, api: &Api) -> Failure {
        classify(StatusCode::OK, body.as_bytes(), api).unwrap_err()
    }

    #[test]
    fn every_documented_code_has_its_class() {
        let cases = [
            (
                envelope("4005", "key-invalid", "key不存在或已停用"),
                ProviderError::AppKeyRejected,
            ),
            (
                envelope("4005", "secret-invalid", "secret错误"),
                ProviderError::InvalidSignature,
            ),
            (
                envelope("4013", "too-frequent", "调用太频繁"),
                ProviderError::RateLimited,
            ),
            (
                envelope("4014", "quota-exceeded", "今日调用次数已用完"),
                ProviderError::QuotaExhausted,
            ),
            (
                envelope("4016", "api-not-enabled", "接口未开通"),
                permission_denied(),
            ),
        ];
        for (body, expected) in cases {
            assert_eq!(error_of(&body, &ITEM_SEARCH).error, expected, "{body}");
        }
    }

    #[test]
    fn only_rate_limits_and_upstream_timeouts_are_retried() {
        assert!(error_of(&envelope("4013", "too-frequent", ""), &ITEM_GET).retryable);
        let timeout = error_of(&envelope("5000", "timeout", "请求1688超时"), &ITEM_GET);
        assert!(timeout.retryable);
        assert!(matches!(timeout.error, ProviderError::Unavailable(_)));
        for code in ["4005", "4014", "4016", "4003"] {
            assert!(
                !error_of(&envelope(code, "x", ""), &ITEM_GET).retryable,
                "{code}"
            );
        }
    }

    #[test]
    fn an_unknown_item_is_not_found_but_an_empty_search_is_no_error() {
        let body = envelope("2000", "item-not-found", "商品不存在");
        assert_eq!(error_of(&body, &ITEM_GET).error, ProviderError::NotFound);
        let empty = classify(StatusCode::OK, body.as_bytes(), &ITEM_SEARCH).unwrap();
        assert_eq!(empty["items"]["item"], json!([]));
    }

    #[test]
    fn words_classify_when_the_code_is_unknown() {
        let by_words = |error: &str| error_of(&envelope("9999", error, ""), &ITEM_GET).error;
        assert_eq!(by_words("secret error"), ProviderError::InvalidSignature);
        assert_eq!(by_words("key not exist"), ProviderError::AppKeyRejected);
        assert_eq!(by_words("request too frequent"), ProviderError::RateLimited);
        assert_eq!(by_words("账户余额不足"), ProviderError::QuotaExhausted);
        assert_eq!(by_words("item-not-found"), ProviderError::NotFound);
        assert_eq!(
            by_words("param num_iid missing"),
            ProviderError::BadRequest("9999: param num_iid missing".into())
        );
    }

    #[test]
    fn success_is_an_empty_error_whatever_the_code_type() {
        for body in [
            r#"{"items":{"item":[]},"error":"","error_code":"0000","reason":""}"#,
            r#"{"item":{"num_iid":1},"error":null,"error_code":0}"#,
            r#"{"item":{"num_iid":1}}"#,
        ] {
            assert!(
                classify(StatusCode::OK, body.as_bytes(), &ITEM_GET).is_ok(),
                "{body}"
            );
        }
    }

    #[test]
    fn broken_answers_are_unavailable() {
        for body in [
            "{\"items\":{\"item\":[{\"num_",
            "<html>busy</html>",
            "[1,2]",
            "",
        ] {
            let failure = error_of(body, &ITEM_SEARCH);
            assert!(
                matches!(failure.error, ProviderError::Unavailable(_)),
                "{body}"
            );
            assert!(!failure.retryable);
        }
        let server = classify(StatusCode::BAD_GATEWAY, b"<html>", &ITEM_SEARCH).unwrap_err();
        assert!(server.retryable);
        let moved = classify(StatusCode::FOUND, b"", &ITEM_SEARCH).unwrap_err();
        assert!(matches!(moved.error, ProviderError::Unavailable(_)));
    }

    #[test]
    fn long_upstream_messages_are_cut() {
        let long = envelope("4003", &"x".repeat(500), "");
        let ProviderError::BadRequest(message) = error_of(&long, &ITEM_GET).error else {
            panic!("expected BadRequest");
        };
        assert!(message.chars().count() <= crate::provider::upstream::MAX_QUOTED_CHARS + 1);
    }
}
