//! Reading upstream JSON leniently, the one rule every source's answer types follow.
//!
//! Upstream fields change type (ids as numbers or strings, prices as strings or numbers), go
//! missing, come as `null` or hold garbage; a field that cannot be read becomes `None` (or an empty
//! list) instead of failing the whole answer. An answer type says so for all its fields at once
//! with [`lenient!`](lenient); nested answer types join in through [`objects!`](objects). Where a
//! type uses them, `lenient` must name this module (`use crate::provider::lenient::{self, lenient}`).

/// An answer type whose every field is read leniently: `Option` fields through
/// [`lenient::option`], lists through [`lenient::list`], both defaulting when absent.
macro_rules! lenient {
    ($item:item) => {
        #[serde_with::apply(
                            Option => #[serde(default, deserialize_with = "lenient::option")],
                            Vec => #[serde(default, deserialize_with = "lenient::list")],
                        )]
        $item
    };
}
pub(crate) use lenient;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};
use serde_json::Value;

/// A field type read from whatever JSON stands in its place, or not at all.
pub trait Lenient: Sized {
    fn from_value(value: Value) -> Option<Self>;
}

impl Lenient for String {
    /// Strings, and numbers as their text (ids and prices come either way).
    fn from_value(value: Value) -> Option<String> {
        match value {
            Value::String(s) => Some(s),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        }
    }
}

impl Lenient for u64 {
    /// Whole numbers, as numbers (also `2.0`) or strings (`"7"`).
    fn from_value(value: Value) -> Option<u64> {
        match value {
            Value::Number(n) => n.as_u64().or_else(|| {
                n.as_f64()
                    .filter(|f| f.fract() == 0.0 && *f >= 0.0 && *f < u64::MAX as f64)
                    .map(|f| f as u64)
            }),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        }
    }
}

impl Lenient for u32 {
    fn from_value(value: Value) -> Option<u32> {
        u64::from_value(value).and_then(|n| u32::try_from(n).ok())
    }
}

impl Lenient for serde_json::Map<String, Value> {
    /// A JSON object kept as it is, for keyed tables read by the mapping.
    fn from_value(value: Value) -> Option<Self> {
        match value {
            Value::Object(map) => Some(map),
            _ => None,
        }
    }
}

/// Nested answer types: read from a JSON object, or not at all.
macro_rules! objects {
    ($($object:ty),*) => {$(
        impl lenient::Lenient for $object {
            fn from_value(value: serde_json::Value) -> Option<$object> {
                lenient::object(value)
            }
        }
    )*};
}
pub(crate) use objects;

pub fn object<T: DeserializeOwned>(value: Value) -> Option<T> {
    match value {
        value @ Value::Object(_) => serde_json::from_value(value).ok(),
        _ => None,
    }
}

/// For every `Option` field of the answer types (see `lenient!`).
pub fn option<'de, D: Deserializer<'de>, T: Lenient>(d: D) -> Result<Option<T>, D::Error> {
    Ok(T::from_value(Value::deserialize(d)?))
}

/// For the cross-border envelopes, generic over what they wrap.
pub fn any_object<'de, D: Deserializer<'de>, T: DeserializeOwned>(
    d: D,
) -> Result<Option<T>, D::Error> {
    Ok(object(Value::deserialize(d)?))
}

/// A list of which the unreadable elements are dropped; anything but a list is empty.
pub fn list<'de, D: Deserializer<'de>, T: DeserializeOwned>(d: D) -> Result<Vec<T>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Array(items) => items
            .into_iter()
            .filter_map(|item| serde_json::from_value(item).ok())
            .collect(),
        _ => Vec::new(),
    })
}
