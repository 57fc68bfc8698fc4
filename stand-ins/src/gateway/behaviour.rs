//! The class of answer a test switches the stand-in to ([`Behaviour`]), for good or for a number
//! of calls.

use std::sync::Mutex;
use std::time::Duration;

use super::{CATEGORY_GET, CURRENT_TIME, IMAGE_QUERY, KEYWORD_QUERY};

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

/// The behaviour in force, and how many more times it applies before `Normal` returns (`None`:
/// for good).
pub(super) struct BehaviourSwitch(Mutex<(Behaviour, Option<usize>)>);

impl BehaviourSwitch {
    pub(super) fn new(behaviour: Behaviour) -> BehaviourSwitch {
        BehaviourSwitch(Mutex::new((behaviour, None)))
    }

    /// Applies `behaviour` from now on: for good (`times` `None`), or to the next `times` calls
    /// it affects.
    pub(super) fn set(&self, behaviour: Behaviour, times: Option<usize>) {
        *self.0.lock().unwrap() = (behaviour, times);
    }

    /// The behaviour that applies to this call of `api`, counting down a limited one.
    pub(super) fn take(&self, api: &str) -> Behaviour {
        let mut guard = self.0.lock().unwrap();
        let (behaviour, remaining) = &mut *guard;
        let applies = match behaviour {
            Behaviour::Normal => false,
            Behaviour::AclDecline { api: declined } => declined == api,
            Behaviour::TokenExpired => ![CURRENT_TIME, CATEGORY_GET].contains(&api),
            Behaviour::NoOffers => api == KEYWORD_QUERY || api == IMAGE_QUERY,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gateway::PRODUCT_DETAIL;

    #[test]
    fn a_limited_behaviour_counts_down_only_on_the_calls_it_affects() {
        let switch = BehaviourSwitch::new(Behaviour::Normal);
        switch.set(Behaviour::NoOffers, Some(2));
        assert_eq!(switch.take(CATEGORY_GET), Behaviour::Normal);
        assert_eq!(switch.take(KEYWORD_QUERY), Behaviour::NoOffers);
        assert_eq!(switch.take(KEYWORD_QUERY), Behaviour::NoOffers);
        assert_eq!(switch.take(KEYWORD_QUERY), Behaviour::Normal);
    }

    #[test]
    fn an_acl_decline_affects_only_its_api() {
        let switch = BehaviourSwitch::new(Behaviour::AclDecline {
            api: PRODUCT_DETAIL.into(),
        });
        assert_eq!(switch.take(KEYWORD_QUERY), Behaviour::Normal);
        assert!(matches!(
            switch.take(PRODUCT_DETAIL),
            Behaviour::AclDecline { .. }
        ));
    }
}
