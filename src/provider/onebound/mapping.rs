//! Onebound answers → the domain model of [`crate::catalog`].
//!
//! Defensive like the gateway's mapping: a missing or unreadable field gets a sensible default, an
//! offer that cannot be shown (no id, no price) is left out, never a panic. Images follow the 1688
//! rules (https, the 1688 image host for relative paths); supplier HTML goes through the sanitizer.

use rust_decimal::Decimal;
use serde_json::Value;

use super::api::{Item, ItemAnswer, SearchAnswer, SearchItem, Sku as SkuAnswer};
use crate::catalog::{
    Attribute, Category, CategoryId, Description, Page, PriceTier, Product, ProductId,
    ProductSummary, SanitizedHtml, SearchQuery, Sku, Supplier, SupplierSignals,
};
use crate::provider::ProviderError;
use crate::provider::gateway::{image_url, price};

/// Used when an answer names no unit, or one the store cannot put in English.
const DEFAULT_UNIT: &str = "piece";

/// One page of search results; an answer without `items` is not Onebound's documented shape.
pub fn search_page(
    answer: SearchAnswer,
    query: &SearchQuery,
) -> Result<Page<ProductSummary>, ProviderError> {
    let items = answer.items.ok_or_else(|| {
        ProviderError::Unavailable("unexpected answer from Onebound item_search: no items".into())
    })?;
    let received = items.item.len();
    let products: Vec<ProductSummary> = items.item.into_iter().filter_map(summary).collect();
    if products.len() < received {
        tracing::debug!(
            skipped = received - products.len(),
            "Onebound search answer had offers without id or price"
        );
    }
    let total = items
        .total_results
        .or(items.real_total_results)
        .unwrap_or((query.offset() + products.len()) as u64);
    Ok(Page {
        items: products,
        total,
        page: query.page,
        page_size: query.page_size,
    })
}

fn summary(item: SearchItem) -> Option<ProductSummary> {
    let id = ProductId(item.num_iid.filter(|id| *id != 0)?);
    let price = first_price([&item.price, &item.promotion_price])?;
    Some(ProductSummary {
        id,
        title: non_empty(item.title).unwrap_or_default(),
        title_en: None,
        image: item.pic_url.as_deref().and_then(image_url),
        price,
        price_max: None,
        // A search answer names no minimum order; the product page has it.
        min_order: 1,
        unit: DEFAULT_UNIT.into(),
        // `sales` does not say over which period: not shown as monthly sales.
        monthly_sales: None,
        category_id: None,
        location: non_empty(item.area),
        // Onebound's search names no seller identities, scores or shipping guarantees.
        signals: SupplierSignals::default(),
    })
}

/// A product's detail. `known_path` names a category the store knows (with its ancestors). Fails
/// when the answer has no `item` or no price at all (a product page without one would mislead).
pub fn product<'a>(
    answer: ItemAnswer,
    requested: ProductId,
    known_path: impl Fn(CategoryId) -> Option<Vec<&'a Category>>,
) -> Result<Product, ProviderError> {
    let item = answer.item.ok_or_else(|| {
        ProviderError::Unavailable("unexpected answer from Onebound item_get: no item".into())
    })?;
    let id = item
        .num_iid
        .filter(|id| *id != 0)
        .map(ProductId)
        .unwrap_or(requested);
    let min_order_hint = item.min_num.filter(|q| *q > 0);
    let price_tiers = price_tiers(&item, min_order_hint.unwrap_or(1));
    if price_tiers.is_empty() {
        return Err(ProviderError::Unavailable(
            "unexpected answer from Onebound item_get: the offer has no readable price".into(),
        ));
    }
    let min_order = min_order_hint.unwrap_or(price_tiers[0].min_quantity).max(1);
    let category_path = item
        .cid
        .filter(|cid| *cid != 0)
        .and_then(|cid| known_path(CategoryId(cid)))
        .map(|path| path.iter().map(|c| c.as_ref()).collect())
        .unwrap_or_default();
    let props_img = item.props_img.clone().unwrap_or_default();
    let seller = item.seller_info.as_ref();
    let supplier_name = seller
        .and_then(|s| non_empty(s.shop_name.clone()).or_else(|| non_empty(s.title.clone())))
        .or_else(|| non_empty(item.nick.clone()))
        .unwrap_or_else(|| "1688 supplier".into());

    Ok(Product {
        id,
        title: non_empty(item.title.clone()).unwrap_or_default(),
        title_en: None,
        images: images(&item),
        price_tiers,
        min_order,
        unit: unit(item.unit.as_deref()),
        skus: item
            .skus
            .map(|skus| skus.sku)
            .unwrap_or_default()
            .into_iter()
            .map(|s| sku(s, &props_img))
            .collect(),
        specifications: item
            .props
            .into_iter()
            .filter_map(|p| {
                let name = non_empty(p.name);
                let value = non_empty(p.value);
                (name.is_some() || value.is_some()).then(|| Attribute {
                    name: name.unwrap_or_default(),
                    name_en: None,
                    value: value.unwrap_or_default(),
                    value_en: None,
                })
            })
            .collect(),
        description: non_empty(item.desc)
            .map(|html| Description::Html(SanitizedHtml::clean(&html))),
        category_path,
        monthly_sales: None,
        total_sales: item.total_sold,
        supplier: Supplier {
            name: supplier_name,
            name_en: None,
            location: non_empty(item.location),
            years_on_1688: None,
            rating: None,
            badges: Vec::new(),
        },
        // Nor does its item_get: nothing is shown rather than guessed.
        signals: SupplierSignals::default(),
    })
}

/// Tiers from `priceRange` (`[[startQuantity, price], …]`); without readable ones, one tier at the
/// lowest SKU price, then at the offer's price. Sorted by quantity, one tier per quantity.
fn price_tiers(item: &Item, min_order: u32) -> Vec<PriceTier> {
    let mut tiers: Vec<PriceTier> = item
        .price_range
        .iter()
        .filter_map(|step| {
            let quantity = step.first().and_then(whole)?;
            let price = step.get(1).and_then(value_price)?;
            Some(PriceTier {
                min_quantity: u32::try_from(quantity).ok()?.max(1),
                price,
            })
        })
        .collect();
    tiers.sort_by_key(|t| t.min_quantity);
    tiers.dedup_by_key(|t| t.min_quantity);
    if !tiers.is_empty() {
        return tiers;
    }
    let skus = item.skus.iter().flat_map(|s| &s.sku);
    skus.filter_map(|s| first_price([&s.price, &s.orginal_price]))
        .min()
        .or_else(|| first_price([&item.price, &item.orginal_price]))
        .map(|price| PriceTier {
            min_quantity: min_order,
            price,
        })
        .into_iter()
        .collect()
}

/// One variant: its properties from `properties_name` (`key:key:name:value` pairs separated by
/// `;`), its image from `props_img` by the keys of its properties.
fn sku(s: SkuAnswer, props_img: &serde_json::Map<String, Value>) -> Sku {
    let attributes = s
        .properties_name
        .as_deref()
        .unwrap_or_default()
        .split(';')
        .filter_map(|part| {
            let mut fields = part.splitn(4, ':');
            let (_, _, name, value) = (
                fields.next()?,
                fields.next()?,
                fields.next()?,
                fields.next()?,
            );
            Some(Attribute {
                name: name.trim().to_string(),
                name_en: None,
                value: value.trim().to_string(),
                value_en: None,
            })
        })
        .collect();
    let image = s
        .properties
        .as_deref()
        .unwrap_or_default()
        .split(';')
        .find_map(|key| {
            props_img
                .get(key.trim())
                .and_then(Value::as_str)
                .and_then(image_url)
        });
    Sku {
        id: non_empty(s.sku_id.clone()).unwrap_or_default(),
        price: first_price([&s.price, &s.orginal_price]),
        stock: s.quantity,
        attributes,
        image,
    }
}

fn images(item: &Item) -> Vec<String> {
    let mut urls: Vec<String> = Vec::new();
    for url in item
        .item_imgs
        .iter()
        .filter_map(|i| i.url.as_deref().and_then(image_url))
    {
        if !urls.contains(&url) {
            urls.push(url);
        }
    }
    if urls.is_empty() {
        urls.extend(item.pic_url.as_deref().and_then(image_url));
    }
    urls
}

/// The unit in English: 1688's common Chinese units translated, English ones kept, others "piece".
fn unit(raw: Option<&str>) -> String {
    let raw = raw.unwrap_or_default().trim();
    let english = match raw {
        "件" | "个" | "只" | "支" | "枚" | "台" | "张" | "把" | "条" | "块" => "piece",
        "套" => "set",
        "双" | "对" => "pair",
        "包" | "袋" => "pack",
        "箱" | "盒" => "box",
        "米" => "meter",
        "千克" | "公斤" => "kg",
        _ if !raw.is_empty()
            && raw.len() <= 20
            && raw.chars().all(|c| c.is_ascii_alphabetic() || c == ' ') =>
        {
            return raw.to_ascii_lowercase();
        }
        _ => DEFAULT_UNIT,
    };
    english.into()
}

/// The first positive price among `candidates` (zero means "no price" in Onebound's answers).
fn first_price<const N: usize>(candidates: [&Option<String>; N]) -> Option<Decimal> {
    candidates
        .into_iter()
        .find_map(|p| p.as_deref().and_then(price).filter(|p| !p.is_zero()))
}

/// A positive price from a JSON string or number.
fn value_price(value: &Value) -> Option<Decimal> {
    match value {
        Value::String(s) => price(s),
        Value::Number(n) => price(&n.to_string()),
        _ => None,
    }
    .filter(|p| !p.is_zero())
}

/// A whole number from a JSON string or number.
fn whole(value: &Value) -> Option<u64> {
    match value {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn non_empty(s: Option<String>) -> Option<String> {
    s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEARCH: &str = include_str!("fixtures/item_search.json");
    const ITEM: &str = include_str!("fixtures/item_get.json");

    fn dec(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn no_tree(_: CategoryId) -> Option<Vec<&'static Category>> {
        None
    }

    #[test]
    fn a_search_answer_maps_to_a_page_of_summaries() {
        let answer: SearchAnswer = serde_json::from_str(SEARCH).unwrap();
        let query = SearchQuery {
            keyword: Some("phone case".into()),
            page: 2,
            ..SearchQuery::default()
        };
        let page = search_page(answer, &query).unwrap();
        assert_eq!(page.total, 4400, "total_results: what can be paged");
        assert_eq!(page.page, 2);
        // The fixture's third offer has a null price and the fourth no id: both are left out.
        assert_eq!(page.items.len(), 2);
        let first = &page.items[0];
        assert_eq!(first.id, ProductId(610947572360));
        assert_eq!(first.title, "New silicone phone case");
        assert_eq!(first.price, dec("3.50"));
        assert_eq!(first.location.as_deref(), Some("Yiwu, Zhejiang"));
        assert_eq!(
            first.image.as_deref(),
            Some("https://cbu01.alicdn.com/img/ibank/O1CN01case.jpg"),
            "protocol-relative becomes https"
        );
        let second = &page.items[1];
        assert_eq!(second.id, ProductId(624588963211), "a numeric num_iid");
        assert_eq!(
            second.price,
            dec("8.8"),
            "falls back to the promotion price"
        );
        assert_eq!(second.image, None);
    }

    #[test]
    fn a_search_answer_without_items_is_unexpected() {
        let answer: SearchAnswer = serde_json::from_str(r#"{"error":""}"#).unwrap();
        assert!(matches!(
            search_page(answer, &SearchQuery::default()),
            Err(ProviderError::Unavailable(m)) if m.contains("unexpected answer")
        ));
    }

    #[test]
    fn an_item_answer_maps_to_a_product() {
        let answer: ItemAnswer = serde_json::from_str(ITEM).unwrap();
        let product = product(answer, ProductId(1), no_tree).unwrap();
        assert_eq!(product.id, ProductId(610947572360));
        assert_eq!(product.title, "New silicone phone case");
        assert_eq!(
            product
                .price_tiers
                .iter()
                .map(|t| (t.min_quantity, t.price))
                .collect::<Vec<_>>(),
            vec![(2, dec("3.50")), (100, dec("3.20")), (1000, dec("2.80"))],
            "sorted, numbers and strings both read, the garbage step skipped"
        );
        assert_eq!(product.min_order, 2, "min_num is a string");
        assert_eq!(product.unit, "piece", "件 in English");
        assert_eq!(
            product.images,
            vec![
                "https://cbu01.alicdn.com/img/ibank/O1CN01a.jpg".to_string(),
                "https://cbu01.alicdn.com/img/ibank/O1CN01b.jpg".to_string(),
            ]
        );
        assert_eq!(product.supplier.name, "Yiwu Example Trading Co.");
        assert_eq!(product.supplier.location.as_deref(), Some("Yiwu, Zhejiang"));
        assert_eq!(product.total_sales, Some(12342));
        assert_eq!(product.skus.len(), 2);
        let red = &product.skus[0];
        assert_eq!(red.id, "4812345678901");
        assert_eq!(red.price, Some(dec("3.50")));
        assert_eq!(red.stock, Some(500));
        assert_eq!(
            red.attributes
                .iter()
                .map(|a| (a.name.as_str(), a.value.as_str()))
                .collect::<Vec<_>>(),
            vec![("Color", "Red"), ("Size", "M")]
        );
        assert_eq!(
            red.image.as_deref(),
            Some("https://cbu01.alicdn.com/img/ibank/red.jpg")
        );
        assert_eq!(product.skus[1].price, None, "a zero price is no price");
        assert_eq!(
            product.specifications.len(),
            2,
            "an empty property is skipped"
        );
        let Some(Description::Html(html)) = &product.description else {
            panic!("expected an HTML description");
        };
        assert!(html.as_str().contains("Durable") && !html.as_str().contains("<script"));
        assert!(
            product.category_path.is_empty(),
            "an unknown cid is not named"
        );
    }

    #[test]
    fn a_known_category_gives_the_product_its_path() {
        let tree = vec![Category {
            id: CategoryId(1038378),
            name: "手机通讯".into(),
            name_en: Some("Phones".into()),
            children: vec![],
        }];
        let answer: ItemAnswer = serde_json::from_str(ITEM).unwrap();
        let product = product(answer, ProductId(1), |id| Category::find_path(&tree, id)).unwrap();
        assert_eq!(product.category_id(), Some(CategoryId(1038378)));
        assert_eq!(product.category_path[0].name_en.as_deref(), Some("Phones"));
    }

    #[test]
    fn without_price_steps_the_lowest_sku_price_makes_the_tier() {
        let answer: ItemAnswer = serde_json::from_str(
            r#"{"item":{"num_iid":"7","min_num":3,"price":"9.00","priceRange":"none",
                "skus":{"sku":[{"sku_id":1,"price":"5.00"},{"sku_id":2,"price":"0","orginal_price":"4.20"}]}}}"#,
        )
        .unwrap();
        let product = product(answer, ProductId(7), no_tree).unwrap();
        assert_eq!(
            product.price_tiers,
            vec![PriceTier {
                min_quantity: 3,
                price: dec("4.20")
            }]
        );
        assert_eq!(product.supplier.name, "1688 supplier");
    }

    #[test]
    fn an_item_without_any_price_or_without_item_is_unexpected() {
        for body in [r#"{"item":{"num_iid":7,"price":null}}"#, r#"{"error":""}"#] {
            let answer: ItemAnswer = serde_json::from_str(body).unwrap();
            assert!(matches!(
                product(answer, ProductId(7), no_tree),
                Err(ProviderError::Unavailable(m)) if m.contains("unexpected answer")
            ));
        }
    }

    #[test]
    fn units_are_put_in_english() {
        assert_eq!(unit(Some("套")), "set");
        assert_eq!(unit(Some("Pairs")), "pairs");
        assert_eq!(unit(Some("立方")), "piece");
        assert_eq!(unit(None), "piece");
    }
}
