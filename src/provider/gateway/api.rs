//! Serde types of the gateway's requests and answers (spec §5). They never leave the gateway module:
//! [`super::mapping`] turns them into the domain model.
//!
//! The answers are decoded leniently. Upstream fields change type (ids as numbers or strings, prices
//! as strings), go missing or hold garbage; a field that cannot be read becomes `None` (or an empty
//! list) instead of failing the whole answer. One rule says so for every field (`lenient!`). Only
//! the overall shape is required, and the mapping reports its absence as an unexpected answer.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

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

/// `uploadImageParam` of `product.image.upload`: the photo as base64 (a normalized JPEG).
#[derive(Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct UploadImageParam {
    pub image_base64: String,
}

/// `offerQueryParam` of `product.search.imageQuery`: an uploaded image's id, or the address of
/// an image on 1688's host; `beginPage`, `pageSize` (at most 50) and `country` are required.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ImageQueryParam {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_address: Option<String>,
    pub begin_page: u32,
    pub page_size: u32,
    pub country: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub price_start: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub price_end: Option<String>,
    /// A string holding JSON, as for the keyword search.
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
    #[serde(default, deserialize_with = "lenient::any_object")]
    pub result: Option<CrossBorderResult<T>>,
}

#[derive(Debug, Deserialize)]
#[serde(bound = "T: DeserializeOwned")]
pub struct CrossBorderResult<T> {
    #[serde(default, deserialize_with = "lenient::any_object")]
    pub result: Option<T>,
}

lenient! {
    /// `result.result` of `keywordQuery`.
    #[derive(Debug, Default, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct SearchPage {
        pub total_records: Option<u64>,
        pub data: Vec<OfferSummary>,
    }
}

lenient! {
    /// One offer in a search answer.
    #[derive(Debug, Default, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct OfferSummary {
        pub offer_id: Option<u64>,
        pub subject: Option<String>,
        pub subject_trans: Option<String>,
        pub image_url: Option<String>,
        pub price_info: Option<PriceInfo>,
        pub min_order_quantity: Option<u32>,
        pub month_sold: Option<u32>,
        pub top_category_id: Option<u64>,
        pub second_category_id: Option<u64>,
        pub third_category_id: Option<u64>,
        /// Only in image search answers.
        pub company_name: Option<String>,
    }
}

lenient! {
    /// The answer of `product.image.upload`: `{"result":{"success":"true",…,"result":"<imageId>"}}`
    /// (`success` is a string here; a refusal is classified before this is read).
    #[derive(Debug, Default, Deserialize)]
    pub struct UploadAnswer {
        pub result: Option<UploadResult>,
    }
}

lenient! {
    #[derive(Debug, Default, Deserialize)]
    pub struct UploadResult {
        /// The image id.
        pub result: Option<String>,
    }
}

lenient! {
    /// Prices are strings upstream, e.g. `"12.50"`.
    #[derive(Debug, Default, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct PriceInfo {
        pub price: Option<String>,
        pub consign_price: Option<String>,
        pub promotion_price: Option<String>,
    }
}

lenient! {
    /// `result.result` of `queryProductDetail`.
    #[derive(Debug, Default, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct OfferDetail {
        pub offer_id: Option<u64>,
        pub category_id: Option<u64>,
        pub category_name: Option<String>,
        pub top_category_id: Option<u64>,
        pub second_category_id: Option<u64>,
        pub third_category_id: Option<u64>,
        pub subject: Option<String>,
        pub subject_trans: Option<String>,
        pub description: Option<String>,
        pub product_image: Option<ProductImage>,
        pub product_attribute: Vec<ProductAttribute>,
        pub product_sku_infos: Vec<SkuInfo>,
        pub product_sale_info: Option<SaleInfo>,
        pub price_info: Option<PriceInfo>,
        pub min_order_quantity: Option<u32>,
        /// Units sold, a string such as `"12342"` (the detail has no `monthSold`).
        pub sold_out: Option<u64>,
        pub company_name: Option<String>,
        pub trade_score: Option<String>,
    }
}

lenient! {
    #[derive(Debug, Default, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct ProductImage {
        pub images: Vec<String>,
        pub white_image: Option<String>,
    }
}

lenient! {
    /// A name/value pair with translations; used by `productAttribute[]` and `skuAttributes[]`.
    #[derive(Debug, Default, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct ProductAttribute {
        pub attribute_name: Option<String>,
        pub attribute_name_trans: Option<String>,
        pub value: Option<String>,
        pub value_trans: Option<String>,
        /// Only on SKU attributes.
        pub sku_image_url: Option<String>,
    }
}

lenient! {
    #[derive(Debug, Default, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct SkuInfo {
        pub sku_id: Option<String>,
        pub spec_id: Option<String>,
        pub price: Option<String>,
        pub promotion_price: Option<String>,
        pub consign_price: Option<String>,
        pub amount_on_sale: Option<u32>,
        pub sku_attributes: Vec<ProductAttribute>,
    }
}

lenient! {
    #[derive(Debug, Default, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct SaleInfo {
        pub price_range_list: Vec<PriceRange>,
        pub unit_info: Option<UnitInfo>,
    }
}

lenient! {
    #[derive(Debug, Default, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct PriceRange {
        pub start_quantity: Option<u32>,
        pub price: Option<String>,
        pub promotion_price: Option<String>,
    }
}

lenient! {
    #[derive(Debug, Default, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct UnitInfo {
        pub unit: Option<String>,
        pub trans_unit: Option<String>,
    }
}

lenient! {
    /// The answer of `alibaba.category.get` (the spellings `succes`, `childCategorys` are the API's).
    #[derive(Debug, Default, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct CategoryAnswer {
        pub category_info: Vec<CategoryInfo>,
    }
}

lenient! {
    #[derive(Debug, Default, Deserialize)]
    pub struct CategoryInfo {
        #[serde(rename = "categoryID")]
        pub category_id: Option<u64>,
        pub name: Option<String>,
        #[serde(rename = "childCategorys")]
        pub children: Vec<ChildCategory>,
    }
}

lenient! {
    #[derive(Debug, Default, Deserialize)]
    pub struct ChildCategory {
        pub id: Option<u64>,
        pub name: Option<String>,
    }
}

lenient::objects!(PriceInfo, ProductImage, SaleInfo, UnitInfo, UploadResult);

/// Deserializers that never fail: what cannot be read becomes `None` or an empty list.
mod lenient {
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
    pub(super) use objects;

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
    fn the_upload_answer_holds_the_image_id_as_a_string() {
        let answer: UploadAnswer = serde_json::from_str(
            r#"{"result":{"success":"true","code":"200","message":"","result":"1234567890"}}"#,
        )
        .unwrap();
        assert_eq!(answer.result.unwrap().result.as_deref(), Some("1234567890"));
    }

    #[test]
    fn image_query_param_sends_an_id_or_an_address() {
        let param = ImageQueryParam {
            image_id: Some("987".into()),
            image_address: None,
            begin_page: 2,
            page_size: 20,
            country: "en".into(),
            price_start: None,
            price_end: Some("9.5".into()),
            sort: Some(r#"{"price":"asc"}"#.into()),
        };
        assert_eq!(
            serde_json::to_string(&param).unwrap(),
            r#"{"imageId":"987","beginPage":2,"pageSize":20,"country":"en","priceEnd":"9.5","sort":"{\"price\":\"asc\"}"}"#
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
