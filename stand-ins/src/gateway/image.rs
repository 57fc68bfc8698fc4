//! Image search (spec §5.7): `product.image.upload` (`uploadImageParam`: `imageBase64`, required)
//! answers an image id, `success` as a string; `product.search.imageQuery` (`offerQueryParam`:
//! `imageId` — one this stand-in issued — or `imageAddress`, and `beginPage`, `pageSize` ≤ 50,
//! `country`, all required) answers the keyword search's envelope, each offer with `companyName`
//! and `promotionURL`. Parameters are checked as strictly as the documentation states them.

use std::collections::HashMap;
use std::sync::Mutex;

use base64::Engine;
use serde_json::{Map, Value, json};

use super::params::{OfferQuery, offer_query_fields};
use super::{fixed, hash};

/// The image ids issued, by the hash of the uploaded bytes (the same image gets the same id).
#[derive(Default)]
pub(super) struct Uploads(Mutex<HashMap<u64, String>>);

impl Uploads {
    /// `uploadImageParam`: `imageBase64` (String, non-empty, valid base64) → the image id.
    pub(super) fn upload(&self, raw: &str) -> Result<String, String> {
        let value: Value =
            serde_json::from_str(raw).map_err(|_| "uploadImageParam is not JSON".to_string())?;
        let encoded = value
            .get("imageBase64")
            .ok_or("imageBase64 is required")?
            .as_str()
            .ok_or("imageBase64 must be a String")?;
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(encoded)
            .map_err(|_| "imageBase64 is not base64".to_string())?;
        if bytes.is_empty() {
            return Err("imageBase64 is empty".into());
        }
        let mut ids = self.0.lock().unwrap();
        let next = ids.len() as u64 + 1;
        let id = ids
            .entry(hash::fnv1a(&bytes))
            .or_insert_with(|| format!("{}", 880_000_000_000 + next))
            .clone();
        Ok(id)
    }

    fn issued(&self, id: &str) -> bool {
        self.0.lock().unwrap().values().any(|issued| issued == id)
    }

    /// `offerQueryParam` of imageQuery → the answer, or what is wrong with it.
    pub(super) fn query(&self, raw: &str) -> Result<Value, String> {
        let value: Value =
            serde_json::from_str(raw).map_err(|_| "offerQueryParam is not JSON".to_string())?;
        let object = value
            .as_object()
            .ok_or("offerQueryParam must be a JSON object")?;
        let image_id = object.get("imageId");
        let address = object.get("imageAddress");
        match (image_id, address) {
            (Some(Value::String(id)), _) if !self.issued(id) => {
                return Err(format!("imageId {id} is unknown"));
            }
            (Some(Value::String(_)), _) => {}
            (Some(_), _) => return Err("imageId must be a String".into()),
            (None, Some(Value::String(url))) if url.starts_with("https://") => {}
            (None, Some(_)) => return Err("imageAddress must be an image URL".into()),
            (None, None) => return Err("imageId or imageAddress is required".into()),
        }
        // The listing fields are those of keywordQuery, less the keyword.
        let mut rest: Map<String, Value> = object.clone();
        rest.remove("imageId");
        rest.remove("imageAddress");
        let query = offer_query_fields(&rest, false)?;
        Ok(answer(&query))
    }
}

/// The fixed catalog's offers for any image, as keywordQuery answers them, each with the
/// supplier's company name and a promotion URL.
fn answer(query: &OfferQuery) -> Value {
    let mut answer = fixed::search_answer(query, false);
    if let Some(data) = answer
        .pointer_mut("/result/result/data")
        .and_then(Value::as_array_mut)
    {
        for offer in data {
            let id = offer["offerId"].as_u64().unwrap_or_default();
            offer["companyName"] = json!(format!("义乌市样品工厂 {}", id % 1000));
            offer["promotionURL"] = json!(format!("https://detail.1688.com/offer/{id}.html"));
        }
    }
    answer
}

#[cfg(test)]
mod tests {
    use super::*;

    fn upload(uploads: &Uploads, param: Value) -> Result<String, String> {
        uploads.upload(&param.to_string())
    }

    #[test]
    fn the_upload_needs_a_base64_string_and_gives_one_id_per_image() {
        let uploads = Uploads::default();
        assert!(upload(&uploads, json!({})).is_err());
        assert!(upload(&uploads, json!({"imageBase64": 42})).is_err());
        assert!(upload(&uploads, json!({"imageBase64": "not base64!"})).is_err());
        assert!(upload(&uploads, json!({"imageBase64": ""})).is_err());
        assert!(uploads.upload("not json").is_err());
        let first = upload(&uploads, json!({"imageBase64": "/9j/4AAQ"})).unwrap();
        assert_eq!(
            upload(&uploads, json!({"imageBase64": "/9j/4AAQ"})),
            Ok(first.clone())
        );
        assert_ne!(
            upload(&uploads, json!({"imageBase64": "iVBORw0K"})).unwrap(),
            first
        );
    }

    #[test]
    fn image_queries_are_checked_as_documented() {
        let uploads = Uploads::default();
        let id = upload(&uploads, json!({"imageBase64": "/9j/4AAQ"})).unwrap();
        let base = json!({"imageId": id, "beginPage": 1, "pageSize": 20, "country": "en"});
        let query = |q: &Value| uploads.query(&q.to_string());
        assert!(query(&base).is_ok());
        let with = |key: &str, value: Value| {
            let mut q = base.clone();
            q[key] = value;
            query(&q)
        };
        let without = |key: &str| {
            let mut q = base.clone();
            q.as_object_mut().unwrap().remove(key);
            query(&q)
        };
        for required in ["imageId", "beginPage", "pageSize", "country"] {
            assert!(without(required).is_err(), "{required}");
        }
        assert!(with("imageId", json!("123")).is_err(), "an id never issued");
        assert!(
            with("imageId", json!(12345)).is_err(),
            "imageId is a String"
        );
        assert!(with("pageSize", json!(51)).is_err());
        assert!(
            with("sort", json!({"price": "asc"})).is_err(),
            "sort is a String"
        );
        assert!(
            with("priceStart", json!(1.5)).is_err(),
            "prices are Strings"
        );
        let by_address = json!({"imageAddress": "https://cbu01.alicdn.com/img/a.jpg",
            "beginPage": 1, "pageSize": 20, "country": "en"});
        assert!(query(&by_address).is_ok());
        let answer = query(&base).unwrap();
        let first = &answer["result"]["result"]["data"][0];
        assert!(first["companyName"].is_string() && first["promotionURL"].is_string());
    }
}
