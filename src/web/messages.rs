//! What shoppers and the store owner read about upstream failures: headings, explanations and
//! remedies. The provider layer only classifies ([`ProviderError`]); the words live here.

use axum::http::StatusCode;

use crate::provider::{ProviderError, ProviderName};

/// Temporary conditions are 503 (try again); a misconfigured or refusing upstream is 502.
pub fn status(error: &ProviderError) -> StatusCode {
    match error {
        ProviderError::NotFound => StatusCode::NOT_FOUND,
        ProviderError::RateLimited
        | ProviderError::QuotaExhausted
        | ProviderError::Throttled
        | ProviderError::Queued { .. }
        | ProviderError::NotHeld
        | ProviderError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
        _ => StatusCode::BAD_GATEWAY,
    }
}

/// The heading of an error page about a failure of `source`.
pub fn title(error: &ProviderError, source: ProviderName) -> String {
    let service = source.service();
    match error {
        ProviderError::RateLimited | ProviderError::QuotaExhausted | ProviderError::Throttled => {
            format!("{service} is busy")
        }
        ProviderError::Queued { .. } => "Fetching from 1688".into(),
        ProviderError::NotHeld => "Not available to crawlers yet".into(),
        ProviderError::Unavailable(_) => format!("{service} is not answering"),
        _ => "1688 data unavailable".into(),
    }
}

/// What a shopper is told on an error page about a failure of `source`.
pub fn shopper_message(error: &ProviderError, source: ProviderName) -> String {
    let service = source.service();
    match error {
        ProviderError::NotFound => "We could not find that on 1688.".into(),
        ProviderError::RateLimited | ProviderError::Throttled => format!(
            "{service} is receiving too many requests from this store right now. Please try again in a minute."
        ),
        ProviderError::Queued { .. } => format!(
            "This page is being fetched from 1688: this store paces its calls to {service} to stay within its plan. It reloads by itself when it is ready."
        ),
        ProviderError::QuotaExhausted => format!(
            "This store has used up its {service} data allowance for now. Please try again later."
        ),
        ProviderError::Unavailable(_) => format!(
            "{service} did not answer in time or answered with an error. Please try again shortly."
        ),
        ProviderError::NotHeld => format!(
            "Crawlers and link previews are shown only pages this store already holds, so that they never spend the {service} calls its shoppers need. Please come back later."
        ),
        _ => format!(
            "This store cannot reach {service} because of a configuration problem. The store owner can see the cause on the API status page."
        ),
    }
}

/// What the store owner should do about a failure of `provider`, naming that source's settings
/// (shown on `/api-status` and by `storefront check`).
pub fn remedy_for(provider: ProviderName, error: &ProviderError) -> String {
    match provider {
        ProviderName::Onebound => onebound_remedy(error),
        ProviderName::Gateway | ProviderName::Mock => remedy(error),
    }
}

/// What the store owner should do about a failure of the 1688 gateway.
pub fn remedy(error: &ProviderError) -> String {
    match error {
        ProviderError::NotFound => {
            "Check the offer id; the offer may have been removed from 1688.".into()
        }
        ProviderError::InvalidSignature => {
            "Re-copy the App Secret from the 1688 console into ALIBABA_APP_SECRET (no quotes, no spaces).".into()
        }
        ProviderError::AppKeyRejected => {
            "Check ALIBABA_APP_KEY: it must be the numeric App Key of your app in the 1688 console.".into()
        }
        ProviderError::Unauthorized => {
            "Authorize the app: as the owner, open /auth/1688?admin= followed by STOREFRONT_ADMIN_TOKEN, or set ALIBABA_ACCESS_TOKEN to a valid access token.".into()
        }
        ProviderError::PermissionDenied { api } => {
            format!("Apply for API permission `{api}` for your app in the 1688 console.")
        }
        ProviderError::RateLimited => {
            "Wait for the rate limit to pass, and lower ALIBABA_QPS if it keeps happening.".into()
        }
        ProviderError::QuotaExhausted => {
            "The API quota is exhausted until it resets (ALIBABA_DAILY_LIMIT counts calls per day, China time); buy more calls in the 1688 console or wait.".into()
        }
        ProviderError::Throttled => {
            "Too many pages needed 1688 at once; they are served from the cache when possible. Raise ALIBABA_QPS if your plan allows more calls per second.".into()
        }
        ProviderError::BadRequest(_) => {
            "The gateway refused a parameter; this is a bug in the storefront, please report it.".into()
        }
        ProviderError::Unavailable(_) => {
            "Check the network and ALIBABA_API_URL; the gateway may be down, try again later.".into()
        }
        ProviderError::NotHeld => not_held_remedy(),
        ProviderError::Queued { cause, .. } => remedy(cause),
    }
}

/// What the store owner should do about a failure of Onebound.
fn onebound_remedy(error: &ProviderError) -> String {
    match error {
        ProviderError::Queued { cause, .. } => onebound_remedy(cause),
        ProviderError::NotFound => {
            "Check the offer id; the offer may have been removed from 1688.".into()
        }
        ProviderError::InvalidSignature => {
            "Re-copy the secret of your Onebound key from the Onebound console into ONEBOUND_SECRET (no quotes, no spaces).".into()
        }
        ProviderError::AppKeyRejected | ProviderError::Unauthorized => {
            "Check ONEBOUND_KEY: Onebound refuses keys that are unknown, disabled or expired; copy the key of an active account from the Onebound console.".into()
        }
        ProviderError::PermissionDenied { .. } => {
            "Ask Onebound to enable the 1688 APIs item_search and item_get for your key.".into()
        }
        ProviderError::RateLimited => {
            "Onebound says the store calls too often: wait for the pause to pass, and lower ONEBOUND_QPS if it keeps happening.".into()
        }
        ProviderError::QuotaExhausted => {
            "The Onebound quota is used up: top up the Onebound account, or wait for the next day (ONEBOUND_DAILY_LIMIT counts this store's calls per day, China time; raise it if your plan allows).".into()
        }
        ProviderError::Throttled => {
            "Too many pages needed Onebound at once; they are served from the cache when possible. Raise ONEBOUND_QPS if your Onebound plan allows more calls per second.".into()
        }
        ProviderError::BadRequest(_) => {
            "Onebound refused a request parameter; this is a bug in the storefront, please report it.".into()
        }
        ProviderError::Unavailable(_) => {
            "Check the network and ONEBOUND_API_URL; Onebound (or 1688 behind it) may be slow or down, try again later.".into()
        }
        ProviderError::NotHeld => not_held_remedy(),
    }
}

/// A crawler asked for a page the store does not hold: nothing to fix.
fn not_held_remedy() -> String {
    "Nothing to fix: crawlers get only pages the store holds (CRAWLER_USER_AGENTS says who counts as one).".into()
}
