//! The gateway's APIs and the one function that calls them: sign → POST (through the
//! [`Transport`]) → classify status and envelope ([`super::classify`]) → decode.

use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use secrecy::{ExposeSecret, SecretString};
use serde::de::DeserializeOwned;

use super::api::CrossBorderAnswer;
use super::classify::classify;
use super::sign;
use super::transport::{Failure, Transport};
use super::{GatewayConfig, TokenSource};
use crate::provider::{Need, ProviderError, Usage};

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

    /// One attempt, never retried: a diagnostic check (so a probe costs exactly one call per
    /// check), or an OAuth code exchange (a code is single use).
    pub const ONCE: CallOptions = CallOptions {
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

/// Uploads a photo for image search; answers its image id (spec §5.7).
pub const IMAGE_UPLOAD: Api = Api {
    namespace: "com.alibaba.fenxiao.crossborder",
    name: "product.image.upload",
    version: 1,
    needs_token: true,
    on_business_error: OnBusinessError::Refused,
};

/// Offers that look like an uploaded image (by its id) or a 1688 image address (spec §5.7).
pub const IMAGE_QUERY: Api = Api {
    namespace: "com.alibaba.fenxiao.crossborder",
    name: "product.search.imageQuery",
    version: 1,
    needs_token: true,
    on_business_error: OnBusinessError::Refused,
};

/// Signed calls of the gateway's APIs, with the access token when an API needs one.
pub struct Client {
    transport: Arc<Transport>,
    config: GatewayConfig,
    tokens: Arc<dyn TokenSource>,
}

impl Client {
    pub fn new(
        config: GatewayConfig,
        transport: Arc<Transport>,
        tokens: Arc<dyn TokenSource>,
    ) -> Client {
        Client {
            transport,
            config,
            tokens,
        }
    }

    pub fn usage(&self) -> Usage {
        self.transport.usage()
    }

    pub fn config(&self) -> &GatewayConfig {
        &self.config
    }

    /// Calls `api` with `params` (empty ones are dropped) and decodes the answer into `T`; see
    /// [`Transport::send`] for pacing and retries. Each attempt is signed afresh (the timestamp
    /// is part of the signature).
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
        let answer = self
            .transport
            .send(&api_id, options, || {
                self.attempt(api, params, token.as_ref())
            })
            .await?;
        serde_json::from_value(answer).map_err(|_| {
            ProviderError::Unavailable(format!(
                "unexpected answer from {api_id}: not the documented shape"
            ))
        })
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
    ) -> Result<serde_json::Value, Failure> {
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
        let (status, body) = self.transport.post_form(&url, body).await?;
        classify(status, &body, api)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(
            IMAGE_UPLOAD.id(),
            "com.alibaba.fenxiao.crossborder:product.image.upload-1"
        );
        assert_eq!(
            IMAGE_QUERY.id(),
            "com.alibaba.fenxiao.crossborder:product.search.imageQuery-1"
        );
    }
}
