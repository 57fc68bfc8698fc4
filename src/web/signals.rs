//! Supplier signals in the words buyers read: one row per signal the source gave, with a label,
//! its value and what it means.

use std::fmt;

use rust_decimal::Decimal;

use crate::catalog::SupplierSignals;

/// One signal as a card or the product page shows it.
pub struct SignalRow {
    /// A stable name for the signal (`data-signal`), e.g. `trade-score`.
    pub key: &'static str,
    /// Plain words, e.g. "Trade score".
    pub label: &'static str,
    /// e.g. "4.5 / 5", "98.5%".
    pub value: SignalValue,
    /// What it means (a tooltip).
    pub help: &'static str,
}

/// A signal's value, written as words when the page is (a card shows seven: no string each).
pub enum SignalValue {
    Text(&'static str),
    /// Out of 5, e.g. "4.5 / 5".
    Score(Decimal),
    /// e.g. `32` → "32%", `99.50` → "99.5%".
    Percent(Decimal),
    Years(u32),
}

impl fmt::Display for SignalValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SignalValue::Text(text) => f.write_str(text),
            SignalValue::Score(score) => write!(f, "{} / 5", score.normalize()),
            SignalValue::Percent(rate) => write!(f, "{}%", rate.normalize()),
            SignalValue::Years(0) => f.write_str("Less than 1 year"),
            SignalValue::Years(1) => f.write_str("1 year"),
            SignalValue::Years(n) => write!(f, "{n} years"),
        }
    }
}

/// The rows for every signal `signals` holds, in the order buyers weigh them (identities are
/// shown as badges apart).
pub fn rows(signals: &SupplierSignals) -> Vec<SignalRow> {
    let mut rows = Vec::new();
    if let Some(shipping) = signals.shipping {
        rows.push(SignalRow {
            key: "shipping",
            label: "Shipping guarantee",
            value: SignalValue::Text(shipping.label()),
            help: "How soon the seller guarantees to hand an order to the carrier",
        });
    }
    if let Some(score) = signals.trade_score {
        rows.push(SignalRow {
            key: "trade-score",
            label: "Trade score",
            value: SignalValue::Score(score),
            help: "1688's score of this offer's trades, out of 5",
        });
    }
    if let Some(rate) = signals.repurchase_rate {
        rows.push(SignalRow {
            key: "repurchase-rate",
            label: "Repurchase rate",
            value: SignalValue::Percent(rate),
            help: "Share of buyers who ordered this offer again",
        });
    }
    if let Some(years) = signals.years_on_1688 {
        rows.push(SignalRow {
            key: "years",
            label: "Years on 1688",
            value: SignalValue::Years(years),
            help: "How long the seller has been a member of 1688",
        });
    }
    if let Some(rate) = signals.fulfilment_rate_30d {
        rows.push(SignalRow {
            key: "fulfilment",
            label: "Orders fulfilled (30 days)",
            value: SignalValue::Percent(rate),
            help: "Share of the last 30 days' orders delivered as promised",
        });
    }
    if let Some(rate) = signals.pickup_24h_rate_30d {
        rows.push(SignalRow {
            key: "pickup",
            label: "Picked up within 24 h (30 days)",
            value: SignalValue::Percent(rate),
            help: "Share of the last 30 days' orders the carrier collected within 24 hours",
        });
    }
    if let Some(rate) = signals.quality_return_rate_30d {
        rows.push(SignalRow {
            key: "quality-returns",
            label: "Quality returns (30 days)",
            value: SignalValue::Percent(rate),
            help: "Share of the last 30 days' orders returned for quality problems",
        });
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::ShippingGuarantee;

    #[test]
    fn only_the_signals_given_get_a_row() {
        assert!(rows(&SupplierSignals::default()).is_empty());
        let signals = SupplierSignals {
            shipping: Some(ShippingGuarantee::Within48Hours),
            repurchase_rate: Some("32".parse().unwrap()),
            quality_return_rate_30d: Some("0.50".parse().unwrap()),
            ..SupplierSignals::default()
        };
        let rows = rows(&signals);
        let text: Vec<(&str, String)> = rows
            .iter()
            .map(|r| (r.label, r.value.to_string()))
            .collect();
        assert_eq!(
            text,
            [
                ("Shipping guarantee", "Ships within 48 hours".to_string()),
                ("Repurchase rate", "32%".to_string()),
                ("Quality returns (30 days)", "0.5%".to_string())
            ]
        );
    }

    #[test]
    fn values_read_as_words() {
        let text = |value: SignalValue| value.to_string();
        assert_eq!(text(SignalValue::Score("4.50".parse().unwrap())), "4.5 / 5");
        assert_eq!(
            text(SignalValue::Percent("99.50".parse().unwrap())),
            "99.5%"
        );
        assert_eq!(text(SignalValue::Years(0)), "Less than 1 year");
        assert_eq!(text(SignalValue::Years(1)), "1 year");
        assert_eq!(text(SignalValue::Years(12)), "12 years");
    }
}
