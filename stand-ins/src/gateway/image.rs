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
