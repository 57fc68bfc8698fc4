//! What the Onebound stand-in answers: three fixed items the tests assert on, or (for
//! benchmarks) a catalog generated from the keyword or the id alone, so every run answers the same.

use std::collections::HashMap;

use serde_json::{Value, json};

use super::NO_RESULTS_KEYWORD;
use crate::gateway::hash::{fnv1a, mix64};
use crate::gateway::{generated_offer_id, is_unknown_generated_offer};

/// The item with a full `item_get` answer (price steps, SKUs, properties, a description with a
/// `<script>`).
pub const KNOWN_ITEM: u64 = 610947572360;
/// Every fixed item, in the order a search by relevance lists them.
pub const ITEMS: [u64; 3] = [KNOWN_ITEM, 624588963211, 655512345678];
/// The 1688 category id (`cid`) of each fixed item. These ids are also top-level ids of the
/// storefront's sample category tree, so browsing those categories finds something.
pub const CATEGORY_IDS: [u64; 3] = [1038378, 1031918, 1043472];
/// `total_results` of a search that finds something in the fixed catalog.
pub const TOTAL_RESULTS: u64 = 1234;
/// How many items a generated search draws from.
const GENERATED_ITEMS: u64 = 3000;

/// `(title cn, title en, price, sales, pic_url)` of the fixed items.
const ROWS: [(&str, &str, &str, u64, &str); 3] = [
    (
        "新款手机壳硅胶防摔",
        "New silicone phone case",
        "3.50",
        1520,
        "//cbu01.alicdn.com/img/ibank/O1CN01case.jpg",
    ),
    (
        "纯棉短袖T恤",
        "Cotton short-sleeve T-shirt",
        "12.80",
        860,
        "http://cbu01.alicdn.com/img/ibank/O1CN01tshirt.jpg",
    ),
    (
        "儿童积木玩具",
        "Building blocks for kids",
        "25.00",
        2310,
        "",
    ),
];

/// The id of generated item `index`.
pub fn generated_item_id(index: u64) -> u64 {
    generated_offer_id(index)
}

/// `items` of an `item_search` answer for `params`.
pub(super) fn search(
    params: &HashMap<String, String>,
    lang: &str,
    generated: bool,
) -> Option<Value> {
    let param = |name: &str| {
        params
            .get(name)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    };
    let number = |name: &str| param(name).and_then(|v| v.parse::<f64>().ok());
    let page: u64 = param("page").and_then(|p| p.parse().ok()).unwrap_or(1);
    let page_size: u64 = param("page_size")
        .and_then(|p| p.parse().ok())
        .unwrap_or(40);
    let keyword = param("q").unwrap_or_default();
    let cat: Option<u64> = param("cat")
        .and_then(|c| c.parse().ok())
        .filter(|c| *c != 0);

    let mut rows: Vec<(u64, String, f64, u64, String, u64)> = if keyword == NO_RESULTS_KEYWORD {
        Vec::new()
    } else if generated {
        let seed = fnv1a(format!("{keyword}|{}", cat.unwrap_or_default()).as_bytes());
        let start = (page - 1) * page_size;
        (start..(start + page_size).min(300))
            .map(|n| {
                let index = mix64(seed ^ n) % GENERATED_ITEMS;
                let id = generated_item_id(index);
                let (title, price, sales) = generated_row(id, lang);
                (
                    id,
                    title,
                    price,
                    sales,
                    format!("https://cbu01.alicdn.com/img/ibank/gen{index}.jpg"),
                    CATEGORY_IDS[(id % 3) as usize],
                )
            })
            .collect()
    } else {
        ITEMS
            .iter()
            .zip(ROWS)
            .zip(CATEGORY_IDS)
            .map(|((id, (cn, en, price, sales, pic)), cid)| {
                let title = if lang == "cn" { cn } else { en };
                (
                    *id,
                    title.to_string(),
                    price.parse().unwrap_or_default(),
                    sales,
                    pic.to_string(),
                    cid,
                )
            })
            .collect()
    };
    rows.retain(|row| cat.is_none_or(|cat| row.5 == cat || generated));
    rows.retain(|row| number("start_price").is_none_or(|min| row.2 >= min));
    rows.retain(|row| number("end_price").is_none_or(|max| row.2 <= max));
    match param("sort") {
        Some("bid") => rows.sort_by(|a, b| a.2.total_cmp(&b.2)),
        Some("_bid") => rows.sort_by(|a, b| b.2.total_cmp(&a.2)),
        Some("_sale") => rows.sort_by_key(|row| std::cmp::Reverse(row.3)),
        _ => {}
    }
    let total = match (rows.is_empty(), generated) {
        (true, _) => 0,
        (false, true) => 300,
        (false, false) => TOTAL_RESULTS,
    };
    let items: Vec<Value> = rows
        .into_iter()
        .take(page_size as usize)
        .map(|(id, title, price, sales, pic, _)| {
            json!({
                // Onebound sends ids as strings, and sometimes as numbers: both, alternately.
                "num_iid": if id % 2 == 0 { json!(id.to_string()) } else { json!(id) },
                "title": title,
                "pic_url": pic,
                "price": format!("{price:.2}"),
                "promotion_price": null,
                "sales": if sales >= 1000 { format!("{}+", sales / 1000 * 1000) } else { sales.to_string() },
                "shop_name": "义乌市示例贸易有限公司",
                "area": if lang == "cn" { "浙江 义乌" } else { "Yiwu, Zhejiang" },
                "detail_url": format!("https://detail.1688.com/offer/{id}.html"),
            })
        })
        .collect();
    Some(json!({
        "page": page.to_string(),
        "real_total_results": (total * 10).to_string(),
        "total_results": total,
        "page_size": page_size,
        "pagecount": total.div_ceil(page_size.max(1)),
        "item": items,
    }))
}

/// `item` of an `item_get` answer; `None` for an unknown id.
pub(super) fn item(id: u64, lang: &str, generated: bool) -> Option<Value> {
    let (title, price, cid, full) = if generated {
        if is_unknown_generated_offer(id) {
            return None;
        }
        let (title, price, _) = generated_row(id, lang);
        (title, price, CATEGORY_IDS[(id % 3) as usize], false)
    } else {
        let position = ITEMS.iter().position(|known| *known == id)?;
        let (cn, en, price, _, _) = ROWS[position];
        let title = if lang == "cn" { cn } else { en };
        (
            title.to_string(),
            price.parse().unwrap_or_default(),
            CATEGORY_IDS[position],
            id == KNOWN_ITEM,
        )
    };
    let (color, size, red, blue) = if lang == "cn" {
        ("颜色", "尺码", "红色", "蓝色")
    } else {
        ("Color", "Size", "Red", "Blue")
    };
    let mut item = json!({
        "num_iid": id.to_string(),
        "title": title,
        "desc_short": "",
        "price": format!("{price:.2}"),
        "orginal_price": format!("{:.2}", price * 1.1),
        "nick": "yiwu-example",
        "num": "5000",
        "min_num": "2",
        "unit": "件",
        "detail_url": format!("https://detail.1688.com/offer/{id}.html"),
        "pic_url": format!("https://cbu01.alicdn.com/img/ibank/{id}-main.jpg"),
        "cid": cid.to_string(),
        "desc": "<p>Durable and tested.<script>alert('x')</script><img src=\"https://cbu01.alicdn.com/img/ibank/desc.jpg\" onerror=\"steal()\"></p>",
        "item_imgs": [
            {"url": format!("https://cbu01.alicdn.com/img/ibank/{id}-main.jpg")},
            {"url": format!("//cbu01.alicdn.com/img/ibank/{id}-side.jpg")},
        ],
        "priceRange": [[2, format!("{price:.2}")], ["100", price * 0.9], [1000, format!("{:.2}", price * 0.8)]],
        "props": [{"name": if lang == "cn" { "材质" } else { "Material" }, "value": if lang == "cn" { "硅胶" } else { "Silicone" }}],
        "skus": {"sku": []},
        "props_list": {},
        "props_img": {},
        "seller_info": {"nick": "yiwu-example", "shop_name": "义乌市示例贸易有限公司", "sid": "b2b-1234567890", "title": "义乌市示例贸易有限公司"},
        "location": if lang == "cn" { "浙江 义乌" } else { "Yiwu, Zhejiang" },
        "total_sold": "12342",
        "error": "",
    });
    if full {
        item["skus"] = json!({"sku": [
            {"sku_id": "4812345678901", "price": format!("{price:.2}"), "quantity": "500", "properties": "0:0;1:2",
             "properties_name": format!("0:0:{color}:{red};1:2:{size}:M")},
            {"sku_id": 4812345678902u64, "price": format!("{:.2}", price + 0.3), "quantity": 0, "properties": "0:1;1:2",
             "properties_name": format!("0:1:{color}:{blue};1:2:{size}:M")},
        ]});
        item["props_list"] = json!({"0:0": format!("{color}:{red}"), "0:1": format!("{color}:{blue}"), "1:2": format!("{size}:M")});
        item["props_img"] = json!({"0:0": "//cbu01.alicdn.com/img/ibank/red.jpg"});
    }
    Some(item)
}

/// Title, price (yuan) and sales of a generated item, from its id alone.
fn generated_row(id: u64, lang: &str) -> (String, f64, u64) {
    let h = mix64(id);
    let nouns = [
        ("手机壳", "phone case"),
        ("T恤", "T-shirt"),
        ("积木", "building blocks"),
        ("数据线", "charging cable"),
    ];
    let (cn, en) = nouns[(h % nouns.len() as u64) as usize];
    let title = if lang == "cn" {
        format!("{cn} {}", h % 1000)
    } else {
        format!("Item {} {en}", h % 1000)
    };
    let price = 1.0 + (h >> 8) as f64 % 20000.0 / 100.0;
    (title, (price * 100.0).round() / 100.0, (h >> 24) % 5000)
}
