//! Serde types of the gateway's requests and answers (spec §5). They never leave the gateway module:
//! [`super::mapping`] turns them into the domain model.
//!
//! The answers are decoded leniently. Upstream fields change type (ids as numbers or strings, prices
//! as strings), go missing or hold garbage; a field that cannot be read becomes `None` (or an empty
//! list) instead of failing the whole answer. One rule says so for every field (`lenient!`). Only
//! the overall shape is required, and the mapping reports its absence as an unexpected answer.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::provider::lenient::{self, lenient};

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
    /// Search filters, comma-separated (`java.lang.String`), e.g. `shipIn24Hours,certifiedFactory`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub filter: Option<String>,
    /// Sales filters (`SaleFilterParam[]`, a JSON array inside the param).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sale_filter_list: Option<Vec<SaleFilterParam>>,
}

/// One sales filter of `saleFilterList`: units sold over `saleType` (`sales7`, `sales14`,
/// `sales30`, `totalSales`) from `saleStart` to `saleEnd`, both Strings.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct SaleFilterParam {
    pub sale_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sale_start: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sale_end: Option<String>,
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
        /// e.g. `"32%"`.
        pub repurchase_rate: Option<String>,
        /// e.g. `"4.5"`.
        pub trade_score: Option<String>,
        /// e.g. `super_factory`, `powerful_merchants`, `tp_member`.
        pub seller_identities: Vec<String>,
        pub seller_data_info: Option<SellerDataInfo>,
        pub product_simple_shipping_info: Option<SimpleShippingInfo>,
        /// Only in image search answers.
        pub company_name: Option<String>,
    }
}

lenient! {
    /// `sellerDataInfo` of a search answer's offer.
    #[derive(Debug, Default, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct SellerDataInfo {
        /// Years as a TrustPass (诚信通) member.
        pub tp_year: Option<u32>,
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
    /// `productSimpleShippingInfo` of a search answer's offer. The rates are Strings such as
    /// `"99.12%"`; the documentation says an empty value stands for 0.
    #[derive(Debug, Default, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct SimpleShippingInfo {
        /// `shipIn24Hours` or `shipIn48Hours`.
        pub shipping_time_guarantee: Option<String>,
        pub perfect_fulfillment_rate30d: Option<String>,
        pub pickup_within24h_rate30d: Option<String>,
        pub quality_return_rate30d: Option<String>,
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

lenient::objects!(
    PriceInfo,
    ProductImage,
    SaleInfo,
    UnitInfo,
    SellerDataInfo,
    SimpleShippingInfo,
    UploadResult
);

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
            filter: None,
            sale_filter_list: None,
        };
        assert_eq!(
            serde_json::to_string(&param).unwrap(),
            r#"{"keyword":"手机","beginPage":1,"pageSize":20,"country":"en","keywordTranslate":true,"priceStart":"1.5","sort":"{\"price\":\"asc\"}"}"#
        );
    }

    #[test]
    fn filters_go_as_a_comma_separated_string_and_sale_filters_as_an_array() {
        let param = OfferQueryParam {
            keyword: "cup".into(),
            begin_page: 1,
            page_size: 20,
            country: "en".into(),
            keyword_translate: None,
            category_id: None,
            price_start: None,
            price_end: None,
            sort: None,
            filter: Some("shipIn24Hours,certifiedFactory".into()),
            sale_filter_list: Some(vec![SaleFilterParam {
                sale_type: "sales30".into(),
                sale_start: Some("100".into()),
                sale_end: None,
            }]),
        };
        assert_eq!(
            serde_json::to_string(&param).unwrap(),
            r#"{"keyword":"cup","beginPage":1,"pageSize":20,"country":"en","filter":"shipIn24Hours,certifiedFactory","saleFilterList":[{"saleType":"sales30","saleStart":"100"}]}"#
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
    fn supplier_signals_are_read_from_their_documented_places() {
        let offer: OfferSummary = serde_json::from_str(
            r#"{"offerId":1,"tradeScore":"4.5","repurchaseRate":"32%",
                "sellerIdentities":["super_factory","tp_member",7],
                "sellerDataInfo":{"tpYear":6},
                "productSimpleShippingInfo":{"shippingTimeGuarantee":"shipIn48Hours",
                    "perfectFulfillmentRate30d":"99.50%","pickupWithin24hRate30d":"",
                    "qualityReturnRate30d":"0.12%"}}"#,
        )
        .unwrap();
        assert_eq!(offer.trade_score.as_deref(), Some("4.5"));
        assert_eq!(
            offer.seller_identities,
            ["super_factory", "tp_member"],
            "a number is no identity"
        );
        assert_eq!(offer.seller_data_info.unwrap().tp_year, Some(6));
        let shipping = offer.product_simple_shipping_info.unwrap();
        assert_eq!(
            shipping.shipping_time_guarantee.as_deref(),
            Some("shipIn48Hours")
        );
        assert_eq!(shipping.pickup_within24h_rate30d.as_deref(), Some(""));
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
