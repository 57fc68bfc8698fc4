//! The fixed catalog the tests assert on: three offers (one with a full detail answer) and a
//! two-level category tree.

use serde_json::{Value, json};

use super::NO_RESULTS_KEYWORD;
use super::params::{OfferQuery, SortKey};
use super::protocol::{detail_envelope, offer_not_found, search_envelope};

/// `totalRecords` of every search that finds something.
pub const TOTAL_OFFERS: u64 = 1234;
/// The offer with a full detail answer (tiers, SKUs, attributes, a description with a `<script>`).
pub const KNOWN_OFFER: u64 = 610947572360;
/// Every offer the search returns, in order; each also has a (smaller) detail answer.
pub const OFFERS: [u64; 3] = [KNOWN_OFFER, 624588963211, 655512345678];
/// A root category: id, name, and its children (id, name), which are leaves.
pub type RootCategory = (u64, &'static str, &'static [(u64, &'static str)]);

/// The category tree.
pub const CATEGORIES: [RootCategory; 3] = [
    (7, "服装", &[(127, "女装"), (128, "男装")]),
    (
        1031919,
        "手机、通讯",
        &[(1038378, "手机壳"), (1046625, "数据线")],
    ),
    (1813, "玩具", &[(181301, "积木"), (181302, "毛绒玩具")]),
];

/// alibaba.category.get: category `id` with its children (0: the roots); an unknown id gets an
/// empty `categoryInfo`.
pub(super) fn category_answer(id: u64) -> Value {
    let child = |(id, name): &(u64, &str), leaf: bool| json!({ "id": id, "name": name, "isLeaf": leaf, "categoryType": "1" });
    let node = |id: u64, name: &str, parents: Vec<u64>, children: Vec<Value>| {
        json!({
            "categoryID": id,
            "name": name,
            "isLeaf": children.is_empty(),
            "parentIDs": parents,
            "childCategorys": children,
        })
    };
    let info = if id == 0 {
        Some(node(
            0,
            "",
            vec![],
            CATEGORIES
                .iter()
                .map(|(id, name, _)| child(&(*id, *name), false))
                .collect(),
        ))
    } else {
        CATEGORIES.iter().find_map(|(root, root_name, children)| {
            if *root == id {
                return Some(node(
                    id,
                    root_name,
                    vec![0],
                    children.iter().map(|c| child(c, true)).collect(),
                ));
            }
            children
                .iter()
                .find(|(child_id, _)| *child_id == id)
                .map(|(_, name)| node(id, name, vec![*root], vec![]))
        })
    };
    json!({ "categoryInfo": info.into_iter().collect::<Vec<_>>(), "succes": "true" })
}

/// `(offerId, subject, subjectTrans, imageUrl, price, minOrderQuantity, monthSold, top, second)`
type OfferRow = (
    u64,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    u32,
    u32,
    u64,
    u64,
);

const OFFER_ROWS: [OfferRow; 3] = [
    (
        KNOWN_OFFER,
        "新款手机壳硅胶防摔",
        "New silicone phone case",
        "img/ibank/O1CN01case.jpg",
        "3.50",
        2,
        1520,
        1031919,
        1038378,
    ),
    (
        OFFERS[1],
        "快充数据线 1米",
        "Fast charging cable 1m",
        "//cbu01.alicdn.com/img/ibank/O1CN01cable.jpg",
        "8.80",
        10,
        860,
        1031919,
        1046625,
    ),
    (
        OFFERS[2],
        "儿童积木玩具",
        "Building blocks for kids",
        "https://cbu01.alicdn.com/img/ibank/O1CN01blocks.jpg",
        "25.00",
        1,
        2310,
        1813,
        181301,
    ),
];

/// What each offer of [`OFFER_ROWS`] says of its seller, in the same order.
struct SellerRow {
    /// `shipIn24Hours`, `shipIn48Hours` or none.
    guarantee: Option<&'static str>,
    identities: &'static [&'static str],
    /// Whether `filter=certifiedFactory` keeps it (the stand-in counts super factories).
    certified_factory: bool,
    trade_score: &'static str,
    tp_year: u32,
    /// perfectFulfillmentRate30d, pickupWithin24hRate30d, qualityReturnRate30d.
    rates: Option<(&'static str, &'static str, &'static str)>,
}

const SELLER_ROWS: [SellerRow; 3] = [
    SellerRow {
        guarantee: Some("shipIn24Hours"),
        identities: &["super_factory", "tp_member"],
        certified_factory: true,
        trade_score: "4.5",
        tp_year: 8,
        rates: Some(("99.50%", "97.20%", "0.12%")),
    },
    SellerRow {
        guarantee: Some("shipIn48Hours"),
        identities: &["powerful_merchants", "tp_member"],
        certified_factory: false,
        trade_score: "4.0",
        tp_year: 3,
        // Documented: an empty value stands for 0.
        rates: Some(("96.00%", "", "1.05%")),
    },
    SellerRow {
        guarantee: None,
        identities: &["tp_member"],
        certified_factory: false,
        trade_score: "3.5",
        tp_year: 1,
        rates: None,
    },
];

/// The seller fields of an offer in a search answer, as documented (`tradeScore` a String,
/// `sellerIdentities` String[], `sellerDataInfo.tpYear` an Integer, the shipping rates Strings).
fn seller_fields(offer: &mut Value, seller: &SellerRow) {
    offer["tradeScore"] = json!(seller.trade_score);
    offer["sellerIdentities"] = json!(seller.identities);
    offer["sellerDataInfo"] = json!({
        "tradeMedalLevel": "2",
        "compositeServiceScore": "4.0",
        "tpYear": seller.tp_year,
    });
    let mut shipping = json!({});
    if let Some(guarantee) = seller.guarantee {
        shipping["shippingTimeGuarantee"] = json!(guarantee);
    }
    if let Some((fulfilment, pickup, returns)) = seller.rates {
        shipping["perfectFulfillmentRate30d"] = json!(fulfilment);
        shipping["pickupWithin24hRate30d"] = json!(pickup);
        shipping["qualityReturnRate30d"] = json!(returns);
    }
    offer["productSimpleShippingInfo"] = shipping;
}

/// The fixed catalog's search: every offer for any keyword, those of the category when one is
/// given, those the filters admit, in the order asked for. An unfiltered search claims
/// [`TOTAL_OFFERS`]; a filtered one counts what it found.
pub(super) fn search_answer(query: &OfferQuery, no_offers: bool) -> Value {
    let (page_size, current) = (query.page_size, query.begin_page);
    let mut rows: Vec<(&OfferRow, &SellerRow)> = OFFER_ROWS
        .iter()
        .zip(&SELLER_ROWS)
        .filter(|(row, _)| query.category_id.is_none_or(|c| c == row.7 || c == row.8))
        .filter(|(row, seller)| {
            query.admits(seller.guarantee, seller.certified_factory, u64::from(row.6))
        })
        .collect();
    match query.sort {
        Some((SortKey::Price, ascending)) => rows.sort_by(|(a, _), (b, _)| {
            let order =
                a.4.parse::<f64>()
                    .unwrap()
                    .total_cmp(&b.4.parse::<f64>().unwrap());
            if ascending { order } else { order.reverse() }
        }),
        Some((SortKey::MonthSold, ascending)) => rows.sort_by(|(a, _), (b, _)| {
            if ascending {
                a.6.cmp(&b.6)
            } else {
                b.6.cmp(&a.6)
            }
        }),
        None => {}
    }
    let empty = no_offers || query.keyword == NO_RESULTS_KEYWORD || rows.is_empty();
    let found = rows.len() as u64;
    let data: Vec<Value> = if empty {
        vec![]
    } else {
        rows.into_iter()
            .skip(((current - 1) * page_size) as usize)
            .take(page_size as usize)
            .map(|(row, seller)| {
                let (id, subject, trans, image, price, moq, sold, top, second) = row;
                let mut offer = json!({
                    "offerId": id,
                    "subject": subject,
                    "subjectTrans": trans,
                    "imageUrl": image,
                    "priceInfo": { "price": price, "consignPrice": price, "promotionPrice": null },
                    "minOrderQuantity": moq,
                    "monthSold": sold,
                    "repurchaseRate": "28%",
                    "topCategoryId": top,
                    "secondCategoryId": second,
                    "thirdCategoryId": 0,
                });
                seller_fields(&mut offer, seller);
                offer
            })
            .collect()
    };
    let total = match (empty, query.is_filtered()) {
        (true, _) => 0,
        (false, true) => found,
        (false, false) => TOTAL_OFFERS,
    };
    search_envelope(total, page_size, current, data)
}

/// queryProductDetail of one of [`OFFERS`]; [`KNOWN_OFFER`] has the full answer.
pub(super) fn detail_answer(offer_id: u64) -> Value {
    let Some(row) = OFFER_ROWS.iter().find(|row| row.0 == offer_id) else {
        return offer_not_found();
    };
    let (id, subject, trans, image, price, moq, sold, top, second) = *row;
    let category_name = CATEGORIES
        .iter()
        .flat_map(|(_, _, children)| children.iter())
        .find(|(child, _)| *child == second)
        .map(|(_, name)| *name)
        .unwrap_or_default();
    let mut detail = json!({
        "offerId": id,
        "categoryId": second,
        "categoryName": category_name,
        "topCategoryId": top,
        "secondCategoryId": second,
        "thirdCategoryId": 0,
        "subject": subject,
        "subjectTrans": trans,
        "description": "<p>Factory direct.</p>",
        "productImage": { "images": [image], "whiteImage": null },
        "productAttribute": [],
        "productSkuInfos": [],
        "productSaleInfo": {
            "amountOnSale": 10000,
            "priceRangeList": [{ "startQuantity": moq, "price": price }],
            "quoteType": 0,
            "unitInfo": { "unit": "个", "transUnit": "piece" }
        },
        "minOrderQuantity": moq,
        "companyName": "深圳市示例贸易有限公司",
        "sellerOpenId": "BBBstandInSeller",
        "soldOut": (sold * 12).to_string(),
        "tradeScore": "4.0",
        "productShippingInfo": { "weight": 0.2, "width": 10, "height": 5, "length": 15 }
    });
    if offer_id == KNOWN_OFFER {
        let full = json!({
            "description": "<p>Durable <b>silicone</b> case.</p><script>alert('stolen')</script><img src=\"//cbu01.alicdn.com/img/ibank/desc1.jpg\" onerror=\"alert(1)\">",
            "productImage": {
                "images": ["img/ibank/O1CN01case.jpg", "//cbu01.alicdn.com/img/ibank/O1CN01case2.jpg"],
                "whiteImage": "https://cbu01.alicdn.com/img/ibank/O1CN01white.jpg"
            },
            "productAttribute": [
                { "attributeId": "287", "attributeName": "材质", "attributeNameTrans": "Material", "value": "硅胶", "valueTrans": "Silicone" },
                { "attributeId": "1398", "attributeName": "适用型号", "attributeNameTrans": "Compatible model", "value": "iPhone 15", "valueTrans": "iPhone 15" }
            ],
            "productSkuInfos": [
                {
                    "skuId": 4812345678901u64, "specId": "b0f6a3c1d2e4", "price": "3.50", "amountOnSale": 500,
                    "skuAttributes": [{ "attributeId": 3216, "attributeName": "颜色", "attributeNameTrans": "Color", "value": "红色", "valueTrans": "Red", "skuImageUrl": "img/ibank/red.jpg" }]
                },
                {
                    "skuId": 4812345678902u64, "specId": "c1a7b4d2e3f5", "price": "3.50", "promotionPrice": "3.30", "amountOnSale": 320,
                    "skuAttributes": [{ "attributeId": 3216, "attributeName": "颜色", "attributeNameTrans": "Color", "value": "蓝色", "valueTrans": "Blue", "skuImageUrl": "//cbu01.alicdn.com/img/ibank/blue.jpg" }]
                }
            ],
            "productSaleInfo": {
                "amountOnSale": 820,
                "priceRangeList": [
                    { "startQuantity": 2, "price": "3.50" },
                    { "startQuantity": 100, "price": "3.20", "promotionPrice": "3.00" },
                    { "startQuantity": 1000, "price": "2.80" }
                ],
                "quoteType": 1,
                "unitInfo": { "unit": "个", "transUnit": "piece" }
            },
            "companyName": "义乌市示例电子商务有限公司",
            "tradeScore": "4.5"
        });
        for (key, value) in full.as_object().expect("an object") {
            detail[key] = value.clone();
        }
    }
    detail_envelope(detail)
}
