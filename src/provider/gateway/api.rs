//! Serde types of the gateway's requests and answers (spec §5). They never leave the gateway module:
//! [`super::mapping`] turns them into the domain model.
//!
//! The answers are decoded leniently. Upstream fields change type (ids as numbers or strings, prices
//! as strings), go missing or hold garbage; a field that cannot be read becomes `None` (or an empty
//! list) instead of failing the whole answer. Only the overall shape is required, and the mapping
//! reports its absence as an unexpected answer.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// `offerQueryParam` of `product.search.keywordQuery`, sent as one compact JSON form field.
///
/// `keyword`, `beginPage`, `pageSize` (at most 50) and `country` are required; a category is
/// browsed with `categoryId` and an empty keyword.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct OfferQueryParam {
    pub keyword: String,
    pub begin_page: u32,
    pub page_size: u32,
    pub country: String,
    /// `true`: the keyword is Chinese already, search it as it is. Absent: 1688 translates it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub keyword_translate: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category_id: Option<u64>,
    /// Yuan, as strings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub price_start: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub price_end: Option<String>,
    /// A string holding JSON, e.g. `{"price":"asc"}` (the API's type is `java.lang.String`);
    /// absent for relevance.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sort: Option<String>,
}

/// `offerDetailParam` of `product.search.queryProductDetail`.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct OfferDetailParam {
    pub offer_id: u64,
    pub country: String,
}

/// The cross-border APIs wrap their data twice: `{"result":{"success","code","message","result":…}}`.
#[derive(Debug, Deserialize)]
#[serde(bound = "T: DeserializeOwned")]
pub struct CrossBorderAnswer<T> {
    #[serde(default, deserialize_with = "lenient::object")]
    pub result: Option<CrossBorderResult<T>>,
}

#[derive(Debug, Deserialize)]
#[serde(bound = "T: DeserializeOwned")]
pub struct CrossBorderResult<T> {
    #[serde(default, deserialize_with = "lenient::object")]
    pub result: Option<T>,
}

/// `result.result` of `keywordQuery`.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SearchPage {
    #[serde(default, deserialize_with = "lenient::u64")]
    pub total_records: Option<u64>,
    #[serde(default, deserialize_with = "lenient::list")]
    pub data: Vec<OfferSummary>,
}

/// One offer in a search answer.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OfferSummary {
    #[serde(default, deserialize_with = "lenient::u64")]
    pub offer_id: Option<u64>,
    #[serde(default, deserialize_with = "lenient::string")]
    pub subject: Option<String>,
    #[serde(default, deserialize_with = "lenient::string")]
    pub subject_trans: Option<String>,
    #[serde(default, deserialize_with = "lenient::string")]
    pub image_url: Option<String>,
    #[serde(default, deserialize_with = "lenient::object")]
    pub price_info: Option<PriceInfo>,
    #[serde(default, deserialize_with = "lenient::u32")]
    pub min_order_quantity: Option<u32>,
    #[serde(default, deserialize_with = "lenient::u32")]
    pub month_sold: Option<u32>,
    #[serde(default, deserialize_with = "lenient::u64")]
    pub top_category_id: Option<u64>,
    #[serde(default, deserialize_with = "lenient::u64")]
    pub second_category_id: Option<u64>,
    #[serde(default, deserialize_with = "lenient::u64")]
    pub third_category_id: Option<u64>,
}

/// Prices are strings upstream, e.g. `"12.50"`.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PriceInfo {
    #[serde(default, deserialize_with = "lenient::string")]
    pub price: Option<String>,
    #[serde(default, deserialize_with = "lenient::string")]
    pub consign_price: Option<String>,
    #[serde(default, deserialize_with = "lenient::string")]
    pub promotion_price: Option<String>,
}

/// `result.result` of `queryProductDetail`.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OfferDetail {
    #[serde(default, deserialize_with = "lenient::u64")]
    pub offer_id: Option<u64>,
    #[serde(default, deserialize_with = "lenient::u64")]
    pub category_id: Option<u64>,
    #[serde(default, deserialize_with = "lenient::string")]
    pub category_name: Option<String>,
    #[serde(default, deserialize_with = "lenient::u64")]
    pub top_category_id: Option<u64>,
    #[serde(default, deserialize_with = "lenient::u64")]
    pub second_category_id: Option<u64>,
    #[serde(default, deserialize_with = "lenient::u64")]
    pub third_category_id: Option<u64>,
    #[serde(default, deserialize_with = "lenient::string")]
    pub subject: Option<String>,
    #[serde(default, deserialize_with = "lenient::string")]
    pub subject_trans: Option<String>,
    #[serde(default, deserialize_with = "lenient::string")]
    pub description: Option<String>,
    #[serde(default, deserialize_with = "lenient::object")]
    pub product_image: Option<ProductImage>,
    #[serde(default, deserialize_with = "lenient::list")]
    pub product_attribute: Vec<ProductAttribute>,
    #[serde(default, deserialize_with = "lenient::list")]
    pub product_sku_infos: Vec<SkuInfo>,
    #[serde(default, deserialize_with = "lenient::object")]
    pub product_sale_info: Option<SaleInfo>,
    #[serde(default, deserialize_with = "lenient::object")]
    pub price_info: Option<PriceInfo>,
    #[serde(default, deserialize_with = "lenient::u32")]
    pub min_order_quantity: Option<u32>,
    /// Units sold, a string such as `"12342"` (the detail has no `monthSold`).
    #[serde(default, deserialize_with = "lenient::u64")]
    pub sold_out: Option<u64>,
    #[serde(default, deserialize_with = "lenient::string")]
    pub company_name: Option<String>,
    #[serde(default, deserialize_with = "lenient::string")]
    pub trade_score: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProductImage {
    #[serde(default, deserialize_with = "lenient::list")]
    pub images: Vec<String>,
    #[serde(default, deserialize_with = "lenient::string")]
    pub white_image: Option<String>,
}

/// A name/value pair with translations; used by `productAttribute[]` and `skuAttributes[]`.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProductAttribute {
    #[serde(default, deserialize_with = "lenient::string")]
    pub attribute_name: Option<String>,
    #[serde(default, deserialize_with = "lenient::string")]
    pub attribute_name_trans: Option<String>,
    #[serde(default, deserialize_with = "lenient::string")]
    pub value: Option<String>,
    #[serde(default, deserialize_with = "lenient::string")]
    pub value_trans: Option<String>,
    /// Only on SKU attributes.
    #[serde(default, deserialize_with = "lenient::string")]
    pub sku_image_url: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SkuInfo {
    #[serde(default, deserialize_with = "lenient::string")]
    pub sku_id: Option<String>,
    #[serde(default, deserialize_with = "lenient::string")]
    pub spec_id: Option<String>,
    #[serde(default, deserialize_with = "lenient::string")]
    pub price: Option<String>,
    #[serde(default, deserialize_with = "lenient::string")]
    pub promotion_price: Option<String>,
    #[serde(default, deserialize_with = "lenient::string")]
    pub consign_price: Option<String>,
    #[serde(default, deserialize_with = "lenient::u32")]
    pub amount_on_sale: Option<u32>,
    #[serde(default, deserialize_with = "lenient::list")]
    pub sku_attributes: Vec<ProductAttribute>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SaleInfo {
    #[serde(default, deserialize_with = "lenient::list")]
    pub price_range_list: Vec<PriceRange>,
    #[serde(default, deserialize_with = "lenient::object")]
    pub unit_info: Option<UnitInfo>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PriceRange {
    #[serde(default, deserialize_with = "lenient::u32")]
    pub start_quantity: Option<u32>,
    #[serde(default, deserialize_with = "lenient::string")]
    pub price: Option<String>,
    #[serde(default, deserialize_with = "lenient::string")]
    pub promotion_price: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UnitInfo {
    #[serde(default, deserialize_with = "lenient::string")]
    pub unit: Option<String>,
    #[serde(default, deserialize_with = "lenient::string")]
    pub trans_unit: Option<String>,
}

/// The answer of `alibaba.category.get` (the spellings `succes`, `childCategorys` are the API's).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CategoryAnswer {
    #[serde(default, deserialize_with = "lenient::list")]
    pub category_info: Vec<CategoryInfo>,
}

#[derive(Debug, Default, Deserialize)]
pub struct CategoryInfo {
    #[serde(rename = "categoryID", default, deserialize_with = "lenient::u64")]
    pub category_id: Option<u64>,
    #[serde(default, deserialize_with = "lenient::string")]
    pub name: Option<String>,
    #[serde(rename = "childCategorys", default, deserialize_with = "lenient::list")]
    pub children: Vec<ChildCategory>,
}

#[derive(Debug, Default, Deserialize)]
pub struct ChildCategory {
    #[serde(default, deserialize_with = "lenient::u64")]
    pub id: Option<u64>,
    #[serde(default, deserialize_with = "lenient::string")]
    pub name: Option<String>,
}

/// Deserializers that never fail: what cannot be read becomes `None` or an empty list.
mod lenient {
    use serde::de::DeserializeOwned;
    use serde::{Deserialize, Deserializer};
    use serde_json::Value;

    fn value<'de, D: Deserializer<'de>>(d: D) -> Result<Value, D::Error> {
        Value::deserialize(d)
    }

    pub fn string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
        Ok(match value(d)? {
            Value::String(s) => Some(s),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        })
    }

    pub fn u64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
        Ok(match value(d)? {
            Value::Number(n) => n.as_u64().or_else(|| {
                n.as_f64()
                    .filter(|f| f.fract() == 0.0 && *f >= 0.0 && *f < u64::MAX as f64)
                    .map(|f| f as u64)
            }),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        })
    }

    pub fn u32<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
        Ok(u64(d)?.and_then(|n| u32::try_from(n).ok()))
    }

    pub fn object<'de, D: Deserializer<'de>, T: DeserializeOwned>(
        d: D,
    ) -> Result<Option<T>, D::Error> {
        Ok(match value(d)? {
            v @ Value::Object(_) => serde_json::from_value(v).ok(),
            _ => None,
        })
    }

    /// A list of which the unreadable elements are dropped; anything but a list is empty.
    pub fn list<'de, D: Deserializer<'de>, T: DeserializeOwned>(d: D) -> Result<Vec<T>, D::Error> {
        Ok(match value(d)? {
            Value::Array(items) => items
                .into_iter()
                .filter_map(|item| serde_json::from_value(item).ok())
                .collect(),
            _ => Vec::new(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offer_query_param_is_compact_and_skips_absent_fields() {
        let param = OfferQueryParam {
            keyword: "手机".into(),
            begin_page: 1,
            page_size: 20,
            country: "en".into(),
            keyword_translate: Some(true),
            category_id: None,
            price_start: Some("1.5".into()),
            price_end: None,
            sort: Some(r#"{"price":"asc"}"#.into()),
        };
        assert_eq!(
            serde_json::to_string(&param).unwrap(),
            r#"{"keyword":"手机","beginPage":1,"pageSize":20,"country":"en","keywordTranslate":true,"priceStart":"1.5","sort":"{\"price\":\"asc\"}"}"#
        );
    }

    #[test]
    fn fields_of_the_wrong_type_become_none_instead_of_failing() {
        let offer: OfferSummary = serde_json::from_str(
            r#"{"offerId":"610947572360","subject":123,"imageUrl":{"x":1},"priceInfo":"cheap",
                "minOrderQuantity":-3,"monthSold":2.0}"#,
        )
        .unwrap();
        assert_eq!(offer.offer_id, Some(610947572360));
        assert_eq!(offer.subject.as_deref(), Some("123"));
        assert_eq!(offer.image_url, None);
        assert!(offer.price_info.is_none());
        assert_eq!(offer.min_order_quantity, None);
        assert_eq!(offer.month_sold, Some(2));
    }

    #[test]
    fn unreadable_list_elements_are_dropped() {
        let page: SearchPage =
            serde_json::from_str(r#"{"totalRecords":"7","data":[{"offerId":1},"junk",null]}"#)
                .unwrap();
        assert_eq!(page.total_records, Some(7));
        assert_eq!(page.data.len(), 1);
        let empty: SearchPage = serde_json::from_str(r#"{"data":"none"}"#).unwrap();
        assert!(empty.data.is_empty());
    }
}
