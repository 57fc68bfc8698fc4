//! Serde types of Onebound's answers (its 1688 `item_search` and `item_get`). They never leave
//! this module: [`super::mapping`] turns them into the domain model.
//!
//! Read leniently, like every upstream answer ([`crate::provider::lenient`]): numbers arrive as
//! strings or numbers, fields may be `null`, missing or garbage, and become `None` or an empty list
//! instead of failing the answer. Only the envelope's `items` / `item` is required, and the mapping
//! reports its absence as an unexpected answer.

use serde::Deserialize;
use serde_json::{Map, Value};

use crate::provider::lenient::{self, lenient};

lenient! {
    /// The answer of `item_search`.
    #[derive(Debug, Default, Deserialize)]
    pub struct SearchAnswer {
        pub items: Option<Items>,
    }
}

lenient! {
    /// `items` of `item_search`: one page of results.
    #[derive(Debug, Default, Deserialize)]
    pub struct Items {
        /// How many results can be paged through (Onebound caps it below the real count).
        pub total_results: Option<u64>,
        pub real_total_results: Option<u64>,
        pub item: Vec<SearchItem>,
    }
}

lenient! {
    /// One offer in a search answer.
    #[derive(Debug, Default, Deserialize)]
    pub struct SearchItem {
        /// Often a string.
        pub num_iid: Option<u64>,
        pub title: Option<String>,
        pub pic_url: Option<String>,
        /// Yuan, a string or a number; may be null.
        pub price: Option<String>,
        pub promotion_price: Option<String>,
        /// Where the offer ships from, e.g. `"浙江 义乌"`.
        pub area: Option<String>,
    }
}

lenient! {
    /// The answer of `item_get`.
    #[derive(Debug, Default, Deserialize)]
    pub struct ItemAnswer {
        pub item: Option<Item>,
    }
}

lenient! {
    /// `item` of `item_get`: one offer with everything the product page shows.
    #[derive(Debug, Default, Deserialize)]
    pub struct Item {
        pub num_iid: Option<u64>,
        pub title: Option<String>,
        /// Supplier HTML: never rendered unsanitized.
        pub desc: Option<String>,
        pub price: Option<String>,
        pub orginal_price: Option<String>,
        /// The minimum order, often a string.
        pub min_num: Option<u32>,
        /// e.g. `"件"`.
        pub unit: Option<String>,
        pub pic_url: Option<String>,
        pub item_imgs: Vec<ItemImage>,
        /// Price by quantity: `[[startQuantity, price], …]`.
        #[serde(rename = "priceRange")]
        pub price_range: Vec<Vec<Value>>,
        pub props: Vec<Prop>,
        pub skus: Option<Skus>,
        /// Image of each property value, by its key (`"0:1"`).
        pub props_img: Option<Map<String, Value>>,
        pub seller_info: Option<SellerInfo>,
        pub nick: Option<String>,
        pub location: Option<String>,
        pub total_sold: Option<u64>,
        /// The offer's 1688 category id.
        pub cid: Option<u64>,
    }
}

lenient! {
    #[derive(Debug, Default, Deserialize)]
    pub struct ItemImage {
        pub url: Option<String>,
    }
}

lenient! {
    /// A specification, e.g. 材质: 硅胶.
    #[derive(Debug, Default, Deserialize)]
    pub struct Prop {
        pub name: Option<String>,
        pub value: Option<String>,
    }
}

lenient! {
    #[derive(Debug, Default, Deserialize)]
    pub struct Skus {
        pub sku: Vec<Sku>,
    }
}

lenient! {
    /// One variant; `properties_name` is `"0:0:颜色:红色;1:2:尺码:M"` (key:key:name:value pairs).
    #[derive(Debug, Default, Deserialize)]
    pub struct Sku {
        pub sku_id: Option<String>,
        pub price: Option<String>,
        pub orginal_price: Option<String>,
        pub quantity: Option<u32>,
        pub properties: Option<String>,
        pub properties_name: Option<String>,
    }
}

lenient! {
    #[derive(Debug, Default, Deserialize)]
    pub struct SellerInfo {
        pub shop_name: Option<String>,
        pub title: Option<String>,
    }
}

lenient::objects!(Items, Item, Skus, SellerInfo);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_come_as_strings_or_numbers_and_garbage_becomes_none() {
        let item: SearchItem = serde_json::from_str(
            r#"{"num_iid":"610947572360","title":123,"pic_url":null,"price":3.5,
                "promotion_price":{"x":1},"sales":"2000+"}"#,
        )
        .unwrap();
        assert_eq!(item.num_iid, Some(610947572360));
        assert_eq!(item.title.as_deref(), Some("123"));
        assert_eq!(item.pic_url, None);
        assert_eq!(item.price.as_deref(), Some("3.5"));
        assert_eq!(item.promotion_price, None);
    }

    #[test]
    fn a_missing_or_broken_items_block_is_none_not_an_error() {
        let answer: SearchAnswer = serde_json::from_str(r#"{"items":"none","error":""}"#).unwrap();
        assert!(answer.items.is_none());
        let answer: ItemAnswer =
            serde_json::from_str(r#"{"item":{"min_num":"2","item_imgs":[{"url":"a"},7]}}"#)
                .unwrap();
        let item = answer.item.unwrap();
        assert_eq!(item.min_num, Some(2));
        assert_eq!(item.item_imgs.len(), 1);
    }
}
