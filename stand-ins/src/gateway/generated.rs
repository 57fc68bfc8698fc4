//! The generated catalog (`StandInConfig::generated_catalog`), for benchmarks and soak runs: any
//! keyword finds a few hundred offers and any 12-digit offer id has a detail, all derived from the
//! keyword or the id alone, so that every run answers the same.

use serde_json::{Value, json};

use super::CATEGORIES;
use super::NO_RESULTS_KEYWORD;
use super::hash::{fnv1a, mix64};
use super::params::{OfferQuery, SortKey};
use super::protocol::{detail_envelope, offer_not_found, search_envelope};

/// How many offers searches draw from.
pub const GENERATED_OFFERS: u64 = 3000;
/// Offer `n` of the generated catalog (`0..GENERATED_OFFERS`) has id `BASE + n × STEP`.
pub const GENERATED_ID_BASE: u64 = 600_000_000_000;
pub const GENERATED_ID_STEP: u64 = 97_654_321;

/// The id of offer `index` of the generated catalog: 12 digits, spread out like real ids. Since
/// `BASE % 6 == 0` and `STEP % 6 == 1`, `id % 6 == index % 6`, which picks its leaf category.
pub fn generated_offer_id(index: u64) -> u64 {
    GENERATED_ID_BASE + index * GENERATED_ID_STEP
}

/// Offer ids that the generated catalog does not know (queryProductDetail answers "not found"):
/// anything but 12 digits, ids starting with 9999, and 100000000000–100000000999.
pub fn is_unknown_generated_offer(id: u64) -> bool {
    // 12-digit ids run from 100000000000 to 999999999999; the marked ranges are cut off both ends.
    !(100_000_001_000..999_900_000_000).contains(&id)
}

/// The leaf categories of [`CATEGORIES`] in order, with their roots: an offer's leaf is
/// `leaves()[id % 6]`.
fn leaves() -> Vec<(u64, &'static str, u64)> {
    CATEGORIES
        .iter()
        .flat_map(|(root, _, children)| children.iter().map(move |(id, name)| (*id, *name, *root)))
        .collect()
}

/// Per leaf (in [`leaves`] order): product nouns (Chinese, English).
const PRODUCT_WORDS: [&[(&str, &str)]; 6] = [
    &[
        ("连衣裙", "dress"),
        ("T恤", "T-shirt"),
        ("半身裙", "skirt"),
        ("针织开衫", "knit cardigan"),
    ],
    &[
        ("衬衫", "shirt"),
        ("夹克", "jacket"),
        ("休闲裤", "casual trousers"),
        ("卫衣", "hoodie"),
    ],
    &[
        ("手机壳", "phone case"),
        ("磁吸手机壳", "magnetic phone case"),
        ("透明手机壳", "clear phone case"),
    ],
    &[
        ("数据线", "charging cable"),
        ("快充线", "fast charging cable"),
        ("编织数据线", "braided USB cable"),
    ],
    &[
        ("积木", "building blocks"),
        ("拼装积木", "construction bricks"),
        ("磁力积木", "magnetic tiles"),
    ],
    &[
        ("毛绒玩具", "plush toy"),
        ("公仔", "stuffed doll"),
        ("抱枕", "plush pillow"),
    ],
];

const ADJECTIVES: [(&str, &str); 8] = [
    ("新款", "New"),
    ("爆款", "Best-selling"),
    ("跨境", "Cross-border"),
    ("厂家直销", "Factory direct"),
    ("批发", "Wholesale"),
    ("ins风", "Trendy"),
    ("韩版", "Korean-style"),
    ("高品质", "High-quality"),
];

const COLOURS: [(&str, &str); 6] = [
    ("黑色", "Black"),
    ("白色", "White"),
    ("红色", "Red"),
    ("蓝色", "Blue"),
    ("粉色", "Pink"),
    ("灰色", "Grey"),
];

const CITIES: [&str; 6] = ["义乌市", "深圳市", "广州市", "杭州市", "汕头市", "东莞市"];

/// A few derived numbers of an offer, all from its id.
struct GeneratedOffer {
    id: u64,
    leaf: (u64, &'static str, u64),
    subject: String,
    subject_trans: String,
    /// Unit price in fen.
    price_fen: u64,
    moq: u64,
    month_sold: u64,
    hash: u64,
}

impl GeneratedOffer {
    fn new(id: u64) -> GeneratedOffer {
        let leaf_index = (id % 6) as usize;
        let hash = mix64(id.wrapping_add(0x1688));
        let words = PRODUCT_WORDS[leaf_index];
        let (noun, noun_en) = words[(hash % words.len() as u64) as usize];
        let (adjective, adjective_en) =
            ADJECTIVES[((hash >> 8) % ADJECTIVES.len() as u64) as usize];
        let model = 100 + (hash >> 16) % 900;
        GeneratedOffer {
            id,
            leaf: leaves()[leaf_index],
            subject: format!("{adjective}{noun} {model}款"),
            subject_trans: format!("{adjective_en} {noun_en} model {model}"),
            price_fen: 50 + (hash >> 24) % 7950,
            moq: [1, 2, 3, 5, 10, 20, 50, 100][((hash >> 40) % 8) as usize],
            month_sold: (hash >> 44) % 20_000,
            hash,
        }
    }

    fn price(&self, percent: u64) -> String {
        let fen = (self.price_fen * percent / 100).max(50);
        format!("{}.{:02}", fen / 100, fen % 100)
    }

    fn image(&self, n: u64) -> String {
        format!(
            "https://cbu01.alicdn.com/img/ibank/O1CN01{:012x}_{n}.jpg",
            self.hash >> 16
        )
    }

    /// `shipIn24Hours`, `shipIn48Hours` or none, from the id's hash.
    fn guarantee(&self) -> Option<&'static str> {
        match (self.hash >> 30) % 10 {
            0..=3 => Some("shipIn24Hours"),
            4..=6 => Some("shipIn48Hours"),
            _ => None,
        }
    }

    /// A third of the sellers are super factories, which `certifiedFactory` keeps.
    fn super_factory(&self) -> bool {
        (self.hash >> 34).is_multiple_of(3)
    }

    fn admitted_by(&self, query: &OfferQuery) -> bool {
        query.admits(self.guarantee(), self.super_factory(), self.month_sold)
    }

    fn summary(&self) -> Value {
        let mut identities = vec!["tp_member"];
        if self.super_factory() {
            identities.insert(0, "super_factory");
        } else if (self.hash >> 36).is_multiple_of(2) {
            identities.insert(0, "powerful_merchants");
        }
        let mut shipping = json!({
            "perfectFulfillmentRate30d": format!("{}.{:02}%", 90 + (self.hash >> 38) % 10, (self.hash >> 42) % 100),
            "pickupWithin24hRate30d": format!("{}.{:02}%", 85 + (self.hash >> 46) % 15, (self.hash >> 50) % 100),
            "qualityReturnRate30d": format!("{}.{:02}%", (self.hash >> 54) % 3, (self.hash >> 56) % 100),
        });
        if let Some(guarantee) = self.guarantee() {
            shipping["shippingTimeGuarantee"] = json!(guarantee);
        }
        json!({
            "offerId": self.id,
            "subject": self.subject,
            "subjectTrans": self.subject_trans,
            "imageUrl": self.image(0),
            "priceInfo": { "price": self.price(100), "consignPrice": self.price(110), "promotionPrice": null },
            "minOrderQuantity": self.moq,
            "monthSold": self.month_sold,
            "repurchaseRate": format!("{}%", (self.hash >> 8) % 60),
            "topCategoryId": self.leaf.2,
            "secondCategoryId": self.leaf.0,
            "thirdCategoryId": 0,
            "tradeScore": self.trade_score(),
            "sellerIdentities": identities,
            "sellerDataInfo": { "tradeMedalLevel": "2", "tpYear": 1 + (self.hash >> 58) % 15 },
            "productSimpleShippingInfo": shipping,
        })
    }

    fn trade_score(&self) -> String {
        format!("{}.{}", 3 + (self.hash >> 50) % 2, (self.hash >> 52) % 10)
    }

    fn detail(&self) -> Value {
        let colours: Vec<Value> = (0..2 + self.hash % 3)
            .map(|n| {
                let (colour, colour_en) =
                    COLOURS[((self.hash >> (n * 3)) as usize + n as usize) % COLOURS.len()];
                json!({
                    "skuId": 4_800_000_000_000u64 + (self.id % 1_000_000_000) * 10 + n,
                    "specId": format!("{:016x}", mix64(self.hash + n)),
                    "price": self.price(100),
                    "amountOnSale": 100 + (self.hash >> (n * 5)) % 5000,
                    "skuAttributes": [{
                        "attributeId": 3216, "attributeName": "颜色", "attributeNameTrans": "Color",
                        "value": colour, "valueTrans": colour_en, "skuImageUrl": self.image(10 + n)
                    }]
                })
            })
            .collect();
        let tiers = [
            (self.moq, 100),
            (self.moq.max(1) * 50, 92),
            (self.moq.max(1) * 500, 85),
        ];
        json!({
            "offerId": self.id,
            "categoryId": self.leaf.0,
            "categoryName": self.leaf.1,
            "topCategoryId": self.leaf.2,
            "secondCategoryId": self.leaf.0,
            "thirdCategoryId": 0,
            "subject": self.subject,
            "subjectTrans": self.subject_trans,
            "description": format!(
                "<p>{}: factory direct, ships within 48 hours.</p><p><img src=\"{}\"></p>",
                self.subject_trans,
                self.image(20)
            ),
            "productImage": { "images": [self.image(0), self.image(1), self.image(2)], "whiteImage": self.image(3) },
            "productAttribute": [
                { "attributeId": "1398", "attributeName": "货号", "attributeNameTrans": "Item number", "value": format!("SI-{}", self.id % 100_000), "valueTrans": format!("SI-{}", self.id % 100_000) },
                { "attributeId": "2176", "attributeName": "品牌", "attributeNameTrans": "Brand", "value": "其他", "valueTrans": "Other" }
            ],
            "productSkuInfos": colours,
            "productSaleInfo": {
                "amountOnSale": 1000 + self.hash % 50_000,
                "priceRangeList": tiers
                    .iter()
                    .map(|(quantity, percent)| json!({ "startQuantity": quantity, "price": self.price(*percent) }))
                    .collect::<Vec<_>>(),
                "quoteType": 1,
                "unitInfo": { "unit": "件", "transUnit": "piece" }
            },
            "minOrderQuantity": self.moq,
            "companyName": format!("{}示例{}贸易有限公司", CITIES[(self.hash % 6) as usize], ["星辰", "宏达", "优品", "聚源"][((self.hash >> 4) % 4) as usize]),
            "sellerOpenId": format!("BBB{:010x}", self.hash >> 24),
            "soldOut": (self.month_sold * 12).to_string(),
            "tradeScore": self.trade_score(),
            "productShippingInfo": { "weight": 0.1 + ((self.hash >> 20) % 20) as f64 / 10.0, "width": 10, "height": 5, "length": 15 }
        })
    }
}

/// keywordQuery over the generated catalog: any keyword finds a few hundred offers (how many, and
/// which, depends only on the keyword and the category filter); pages of `pageSize`. A category
/// filter keeps to the offers of that category (none for an unknown one).
pub(super) fn search_answer(query: &OfferQuery, no_offers: bool) -> Value {
    let (page_size, current) = (query.page_size, query.begin_page);
    let keyword = query.keyword.as_str();
    let leaves = leaves();
    let slots: Vec<u64> = match query.category_id {
        None => (0..leaves.len() as u64).collect(),
        Some(category) => (0..leaves.len() as u64)
            .filter(|slot| {
                let (leaf, _, root) = leaves[*slot as usize];
                leaf == category || root == category
            })
            .collect(),
    };
    let hash = fnv1a(keyword.as_bytes());
    let pool = GENERATED_OFFERS / leaves.len() as u64 * slots.len() as u64;
    let total = if no_offers || keyword == NO_RESULTS_KEYWORD || pool == 0 {
        0
    } else {
        pool.min(120 + hash % 380)
    };
    // 7919 is prime and does not divide any pool size, so the offers of one search are distinct.
    let offer = |i: u64| {
        let m = (hash % pool + i * 7919) % pool;
        let slot = slots[(m % slots.len() as u64) as usize];
        let index = slot + leaves.len() as u64 * (m / slots.len() as u64);
        GeneratedOffer::new(generated_offer_id(index))
    };
    let first = (current - 1) * page_size;
    let mut total = total;
    let data: Vec<Value> = match query.sort {
        // Relevance: the pool's own order, computed for the page only.
        None if !query.is_filtered() => (first..(current * page_size).min(total))
            .map(|i| offer(i).summary())
            .collect(),
        // Filters and sorts look at the whole result (a few hundred offers) before paging.
        sort => {
            let mut all: Vec<GeneratedOffer> = (0..total)
                .map(offer)
                .filter(|o| o.admitted_by(query))
                .collect();
            total = all.len() as u64;
            let Some((key, ascending)) = sort else {
                return search_envelope(
                    total,
                    page_size,
                    current,
                    all.iter()
                        .skip(first as usize)
                        .take(page_size as usize)
                        .map(GeneratedOffer::summary)
                        .collect(),
                );
            };
            all.sort_by_key(|o| match key {
                SortKey::Price => o.price_fen,
                SortKey::MonthSold => o.month_sold,
            });
            if !ascending {
                all.reverse();
            }
            all.iter()
                .skip(first as usize)
                .take(page_size as usize)
                .map(GeneratedOffer::summary)
                .collect()
        }
    };
    search_envelope(total, page_size, current, data)
}

/// queryProductDetail over the generated catalog: any 12-digit id not marked unknown (see
/// [`is_unknown_generated_offer`]) has a deterministic detail.
pub(super) fn detail_answer(offer_id: u64) -> Value {
    if is_unknown_generated_offer(offer_id) {
        return offer_not_found();
    }
    let detail = GeneratedOffer::new(offer_id).detail();
    detail_envelope(detail)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gateway::offer_query;

    #[test]
    fn generated_ids_are_twelve_digits_and_pick_their_leaf_by_index() {
        assert_eq!(GENERATED_ID_BASE % 6, 0);
        assert_eq!(GENERATED_ID_STEP % 6, 1);
        for index in [0, 1, 5, 6, 2999] {
            let id = generated_offer_id(index);
            assert_eq!(id.to_string().len(), 12);
            assert_eq!(id % 6, index % 6);
            assert!(!is_unknown_generated_offer(id));
        }
        for unknown in [
            100_000_000_001,
            999_999_999_999,
            99_999_999_999,
            1_000_000_000_000,
        ] {
            assert!(is_unknown_generated_offer(unknown), "{unknown}");
        }
    }

    #[test]
    fn generated_searches_are_deterministic_distinct_and_respect_the_category() {
        let query = |keyword: &str, category: Option<u64>, page: u64| {
            let mut q =
                json!({"keyword": keyword, "beginPage": page, "pageSize": 20, "country": "en"});
            if let Some(category) = category {
                q["categoryId"] = json!(category);
            }
            search_answer(&offer_query(&q.to_string()).unwrap(), false)
        };
        let ids = |answer: &Value| -> Vec<u64> {
            answer["result"]["result"]["data"]
                .as_array()
                .unwrap()
                .iter()
                .map(|offer| offer["offerId"].as_u64().unwrap())
                .collect()
        };
        let first = query("phone case", None, 1);
        assert_eq!(first, query("phone case", None, 1));
        assert_eq!(ids(&first).len(), 20);
        let total = first["result"]["result"]["totalRecords"].as_u64().unwrap();
        assert!((120..500).contains(&total));
        let mut all: Vec<u64> = (1..=total.div_ceil(20))
            .flat_map(|page| ids(&query("phone case", None, page)))
            .collect();
        assert_eq!(all.len() as u64, total);
        all.sort();
        all.dedup();
        assert_eq!(all.len() as u64, total, "no offer twice in one search");

        for id in ids(&query("手机壳", Some(1038378), 2)) {
            assert_eq!(GeneratedOffer::new(id).leaf.0, 1038378);
        }
        for id in ids(&query("", Some(1813), 1)) {
            assert_eq!(GeneratedOffer::new(id).leaf.2, 1813);
        }
        assert!(ids(&query("x", Some(42), 1)).is_empty());
        assert!(ids(&query(NO_RESULTS_KEYWORD, None, 1)).is_empty());
    }

    #[test]
    fn generated_searches_apply_the_modelled_filters() {
        let search = |extra: Value| {
            let mut q = json!({"keyword": "cup", "beginPage": 1, "pageSize": 50, "country": "en"});
            for (key, value) in extra.as_object().unwrap() {
                q[key] = value.clone();
            }
            search_answer(&offer_query(&q.to_string()).unwrap(), false)
        };
        let total = |answer: &Value| answer["result"]["result"]["totalRecords"].as_u64().unwrap();
        let all = total(&search(json!({})));
        let fast = search(json!({"filter": "shipIn24Hours", "sort": r#"{"price":"asc"}"#}));
        assert!(total(&fast) > 0 && total(&fast) < all);
        for offer in fast["result"]["result"]["data"].as_array().unwrap() {
            assert_eq!(
                offer["productSimpleShippingInfo"]["shippingTimeGuarantee"],
                "shipIn24Hours"
            );
        }
        let sold = search(
            json!({"filter": "certifiedFactory", "saleFilterList": [{"saleType": "sales30", "saleStart": "5000"}]}),
        );
        assert!(total(&sold) > 0 && total(&sold) < all);
        for offer in sold["result"]["result"]["data"].as_array().unwrap() {
            assert!(offer["monthSold"].as_u64().unwrap() >= 5000);
            assert_eq!(offer["sellerIdentities"][0], "super_factory");
        }
    }

    #[test]
    fn generated_details_agree_with_the_search_summary() {
        let id = generated_offer_id(17);
        let answer = detail_answer(id);
        let detail = &answer["result"]["result"];
        let offer = GeneratedOffer::new(id);
        assert_eq!(detail["offerId"], id);
        assert_eq!(detail["subject"], offer.subject.as_str());
        assert_eq!(
            detail["productSaleInfo"]["priceRangeList"][0]["price"],
            offer.price(100)
        );
        assert_eq!(detail_answer(100_000_000_001)["result"]["success"], false);
    }
}
