//! Gateway answers → the domain model of [`crate::catalog`].
//!
//! Defensive by design: a missing or unreadable field gets a sensible default (or the item that
//! cannot be shown at all is skipped), never a panic. Supplier HTML goes through the sanitizer.

use rust_decimal::Decimal;

use super::api::{
    CategoryInfo, ChildCategory, OfferDetail, OfferSummary, PriceInfo, ProductAttribute,
    SearchPage, SkuInfo,
};
use crate::catalog::{
    Attribute, Category, CategoryId, CategoryRef, Description, ImageMatch, Page, PriceTier,
    Product, ProductId, ProductSummary, SanitizedHtml, SearchQuery, SellerIdentity,
    ShippingGuarantee, Sku, Supplier, SupplierSignals,
};
use crate::provider::ProviderError;

/// Where 1688 serves images given as relative paths.
const IMAGE_HOST: &str = "https://cbu01.alicdn.com/";
/// Used when an answer names no unit.
const DEFAULT_UNIT: &str = "piece";

/// One page of search results. Offers without an id or a readable price cannot be shown or linked,
/// so they are left out.
pub fn search_page(answer: SearchPage, query: &SearchQuery) -> Page<ProductSummary> {
    let received = answer.data.len();
    let items: Vec<ProductSummary> = answer.data.into_iter().filter_map(summary).collect();
    if items.len() < received {
        tracing::debug!(
            skipped = received - items.len(),
            "search answer had offers without id or price"
        );
    }
    let total = answer
        .total_records
        .unwrap_or((query.offset() + items.len()) as u64);
    Page {
        items,
        total,
        page: query.page,
        page_size: query.page_size,
    }
}

/// One page of image search results (`query`: the filters and page asked for): offers as in a
/// keyword search, each with its supplier's company name.
pub fn image_page(answer: SearchPage, query: &SearchQuery) -> Page<ImageMatch> {
    let received = answer.data.len();
    let items: Vec<ImageMatch> = answer
        .data
        .into_iter()
        .filter_map(|mut offer| {
            let supplier = non_empty(offer.company_name.take());
            summary(offer).map(|product| ImageMatch {
                product,
                supplier,
                similarity: None,
            })
        })
        .collect();
    let total = answer
        .total_records
        .unwrap_or((query.offset() + received) as u64);
    Page {
        items,
        total,
        page: query.page,
        page_size: query.page_size,
    }
}

fn summary(offer: OfferSummary) -> Option<ProductSummary> {
    let id = ProductId(offer.offer_id.filter(|id| *id != 0)?);
    let price = offer.price_info.as_ref().and_then(unit_price)?;
    let signals = signals(&offer);
    let (title, title_en) = titles(offer.subject, offer.subject_trans);
    Some(ProductSummary {
        id,
        title,
        title_en,
        image: offer.image_url.as_deref().and_then(image_url),
        price,
        price_max: None,
        min_order: offer.min_order_quantity.unwrap_or(1).max(1),
        unit: DEFAULT_UNIT.into(),
        monthly_sales: offer.month_sold,
        category_id: [
            offer.third_category_id,
            offer.second_category_id,
            offer.top_category_id,
        ]
        .into_iter()
        .flatten()
        .find(|id| *id != 0)
        .map(CategoryId),
        location: None,
        signals,
    })
}

/// The supplier signals a search answer's offer carries, each only when it is there and
/// readable: `sellerIdentities`, `tradeScore`, `repurchaseRate`, `sellerDataInfo.tpYear` and
/// `productSimpleShippingInfo` (guarantee and 30-day rates).
fn signals(offer: &OfferSummary) -> SupplierSignals {
    let mut identities: Vec<SellerIdentity> = offer
        .seller_identities
        .iter()
        .filter_map(|raw| match raw.trim() {
            "super_factory" => Some(SellerIdentity::SuperFactory),
            "powerful_merchants" => Some(SellerIdentity::PowerfulMerchant),
            "tp_member" => Some(SellerIdentity::TrustPassMember),
            _ => None,
        })
        .collect();
    identities.dedup();
    let shipping = offer.product_simple_shipping_info.as_ref();
    let rate_30d = |rate: Option<&String>| rate.and_then(|raw| shipping_rate(raw));
    SupplierSignals {
        identities,
        trade_score: trade_score(offer.trade_score.as_deref()),
        repurchase_rate: offer.repurchase_rate.as_deref().and_then(percent),
        years_on_1688: offer.seller_data_info.as_ref().and_then(|s| s.tp_year),
        shipping: shipping
            .and_then(|s| s.shipping_time_guarantee.as_deref())
            .and_then(|raw| match raw.trim() {
                "shipIn24Hours" => Some(ShippingGuarantee::Within24Hours),
                "shipIn48Hours" => Some(ShippingGuarantee::Within48Hours),
                _ => None,
            }),
        fulfilment_rate_30d: rate_30d(
            shipping.and_then(|s| s.perfect_fulfillment_rate30d.as_ref()),
        ),
        pickup_24h_rate_30d: rate_30d(shipping.and_then(|s| s.pickup_within24h_rate30d.as_ref())),
        quality_return_rate_30d: rate_30d(shipping.and_then(|s| s.quality_return_rate30d.as_ref())),
    }
}

/// A trade score out of 5, e.g. `"4.5"`.
fn trade_score(raw: Option<&str>) -> Option<Decimal> {
    raw.and_then(price)
        .filter(|score| *score <= Decimal::from(5))
}

/// A percentage such as `"32%"`, `"99.12%"` or `"11"`, from 0 to 100.
fn percent(raw: &str) -> Option<Decimal> {
    let number = raw.trim().strip_suffix('%').unwrap_or(raw.trim()).trim();
    price(number)
        .filter(|p| *p <= Decimal::from(100))
        .map(|p| p.normalize())
}

/// A 30-day rate of `productSimpleShippingInfo`: its documentation says an empty value stands
/// for 0 (an absent field stays unknown).
fn shipping_rate(raw: &str) -> Option<Decimal> {
    if raw.trim().is_empty() {
        return Some(Decimal::ZERO);
    }
    percent(raw)
}

/// A product's detail. Fails only when the answer carries no price at all, since a product page
/// without one would be misleading.
pub fn product(detail: OfferDetail, requested: ProductId) -> Result<Product, ProviderError> {
    let id = detail
        .offer_id
        .filter(|id| *id != 0)
        .map(ProductId)
        .unwrap_or(requested);
    let min_order_hint = detail.min_order_quantity.filter(|q| *q > 0);
    let price_tiers = price_tiers(&detail, min_order_hint.unwrap_or(1));
    if price_tiers.is_empty() {
        return Err(ProviderError::Unavailable(
            "unexpected answer from queryProductDetail: the offer has no readable price".into(),
        ));
    }
    let min_order = min_order_hint.unwrap_or(price_tiers[0].min_quantity).max(1);
    let unit = detail
        .product_sale_info
        .as_ref()
        .and_then(|sale| sale.unit_info.as_ref())
        .and_then(|u| non_empty(u.trans_unit.clone()).or_else(|| non_empty(u.unit.clone())))
        .unwrap_or_else(|| DEFAULT_UNIT.into());
    let category_path = category_path(&detail);
    let (title, title_en) = titles(detail.subject, detail.subject_trans);

    Ok(Product {
        id,
        title,
        title_en,
        images: images(detail.product_image.as_ref()),
        price_tiers,
        min_order,
        unit,
        skus: detail.product_sku_infos.into_iter().map(sku).collect(),
        specifications: detail
            .product_attribute
            .into_iter()
            .filter_map(attribute)
            .collect(),
        description: non_empty(detail.description)
            .map(|html| Description::Html(SanitizedHtml::clean(&html))),
        category_path,
        monthly_sales: None,
        total_sales: detail.sold_out,
        supplier: Supplier {
            name: non_empty(detail.company_name).unwrap_or_else(|| "1688 supplier".into()),
            name_en: None,
            location: None,
            years_on_1688: None,
            rating: detail
                .trade_score
                .as_deref()
                .and_then(price)
                .filter(|score| *score <= Decimal::from(5)),
            badges: Vec::new(),
        },
        // The detail documents only the trade score; the search listing of the same offer
        // tells the rest (the product page adds it).
        signals: SupplierSignals {
            trade_score: trade_score(detail.trade_score.as_deref()),
            ..SupplierSignals::default()
        },
    })
}

/// Tiers from `productSaleInfo.priceRangeList`; without readable ones, a single tier at the lowest SKU
/// price, then at `priceInfo`. Sorted by quantity, one tier per quantity.
fn price_tiers(detail: &OfferDetail, min_order: u32) -> Vec<PriceTier> {
    let mut tiers: Vec<PriceTier> = detail
        .product_sale_info
        .iter()
        .flat_map(|sale| &sale.price_range_list)
        .filter_map(|range| {
            let price = range
                .price
                .as_deref()
                .and_then(price)
                .or_else(|| range.promotion_price.as_deref().and_then(price))?;
            Some(PriceTier {
                min_quantity: range.start_quantity.unwrap_or(min_order).max(1),
                price,
            })
        })
        .collect();
    tiers.sort_by_key(|t| t.min_quantity);
    tiers.dedup_by_key(|t| t.min_quantity);
    if !tiers.is_empty() {
        return tiers;
    }

    let lowest_sku_price = detail.product_sku_infos.iter().filter_map(sku_price).min();
    lowest_sku_price
        .or_else(|| detail.price_info.as_ref().and_then(unit_price))
        .map(|price| PriceTier {
            min_quantity: min_order,
            price,
        })
        .into_iter()
        .collect()
}

fn sku(info: SkuInfo) -> Sku {
    let price = sku_price(&info);
    let image = info
        .sku_attributes
        .iter()
        .find_map(|a| a.sku_image_url.as_deref().and_then(image_url));
    Sku {
        id: non_empty(info.sku_id)
            .or_else(|| non_empty(info.spec_id))
            .unwrap_or_default(),
        attributes: info
            .sku_attributes
            .into_iter()
            .filter_map(attribute)
            .collect(),
        price,
        stock: info.amount_on_sale,
        image,
    }
}

fn sku_price(info: &SkuInfo) -> Option<Decimal> {
    [&info.price, &info.promotion_price, &info.consign_price]
        .into_iter()
        .find_map(|p| p.as_deref().and_then(price))
}

/// An attribute needs at least a name or a value to be worth showing.
fn attribute(a: ProductAttribute) -> Option<Attribute> {
    let name = non_empty(a.attribute_name);
    let value = non_empty(a.value);
    let name_en = non_empty(a.attribute_name_trans);
    let value_en = non_empty(a.value_trans);
    if name.is_none() && value.is_none() && name_en.is_none() && value_en.is_none() {
        return None;
    }
    Some(Attribute {
        name: name.or_else(|| name_en.clone()).unwrap_or_default(),
        name_en,
        value: value.or_else(|| value_en.clone()).unwrap_or_default(),
        value_en,
    })
}

/// The ancestors the answer names by id (top, second, third level), then the product's own category.
/// Only the own category comes with a name; ancestors get an empty name, to be filled in from the
/// category tree by whoever shows them.
fn category_path(detail: &OfferDetail) -> Vec<CategoryRef> {
    let own = detail.category_id.filter(|id| *id != 0);
    let mut ids: Vec<u64> = [
        detail.top_category_id,
        detail.second_category_id,
        detail.third_category_id,
    ]
    .into_iter()
    .flatten()
    .filter(|id| *id != 0)
    .collect();
    ids.dedup();
    if let Some(own) = own {
        if let Some(pos) = ids.iter().position(|id| *id == own) {
            ids.truncate(pos + 1);
        } else {
            ids.push(own);
        }
    }
    ids.into_iter()
        .map(|id| CategoryRef {
            id: CategoryId(id),
            name: if Some(id) == own {
                non_empty(detail.category_name.clone()).unwrap_or_default()
            } else {
                String::new()
            },
            name_en: None,
        })
        .collect()
}

fn images(image: Option<&super::api::ProductImage>) -> Vec<String> {
    let Some(image) = image else {
        return Vec::new();
    };
    let mut urls: Vec<String> = Vec::new();
    for url in image.images.iter().filter_map(|u| image_url(u)) {
        if !urls.contains(&url) {
            urls.push(url);
        }
    }
    if urls.is_empty() {
        urls.extend(image.white_image.as_deref().and_then(image_url));
    }
    urls
}

/// A node of the category tree with its direct children (which come without their own children).
pub fn category_node(info: &CategoryInfo, id: CategoryId) -> Category {
    Category {
        id,
        name: info.name.clone().unwrap_or_default(),
        name_en: None,
        children: info.children.iter().filter_map(child_category).collect(),
    }
}

pub fn child_category(child: &ChildCategory) -> Option<Category> {
    Some(Category {
        id: CategoryId(child.id.filter(|id| *id != 0)?),
        name: child.name.clone().unwrap_or_default(),
        name_en: None,
        children: Vec::new(),
    })
}

/// The Chinese title and the translation, when it says something else.
fn titles(subject: Option<String>, translated: Option<String>) -> (String, Option<String>) {
    let subject = non_empty(subject);
    let translated = non_empty(translated).filter(|t| Some(t) != subject.as_ref());
    match subject {
        Some(subject) => (subject, translated),
        None => (translated.unwrap_or_default(), None),
    }
}

/// The price a listing shows: the regular price, else the promotion or dropshipping price.
fn unit_price(info: &PriceInfo) -> Option<Decimal> {
    [&info.price, &info.promotion_price, &info.consign_price]
        .into_iter()
        .find_map(|p| p.as_deref().and_then(price))
}

/// A non-negative decimal from an upstream string such as `"12.50"`; anything else is `None`.
pub fn price(raw: &str) -> Option<Decimal> {
    raw.trim()
        .parse::<Decimal>()
        .ok()
        .filter(|p| !p.is_sign_negative())
}

/// An absolute https URL for an upstream image reference: relative paths are served from 1688's image
/// host, protocol-relative and `http:` URLs become `https:`; other schemes are refused.
pub fn image_url(raw: &str) -> Option<String> {
    let url = raw.trim();
    if url.is_empty() || url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return None;
    }
    if let Some(rest) = url.strip_prefix("//") {
        return Some(format!("https://{rest}"));
    }
    if let Some(rest) = strip_prefix_ignore_case(url, "https://") {
        return Some(format!("https://{rest}"));
    }
    if let Some(rest) = strip_prefix_ignore_case(url, "http://") {
        return Some(format!("https://{rest}"));
    }
    // Any other scheme (`javascript:`, `data:`, `ftp:`) has a colon before the first slash.
    let before_slash = url.split('/').next().unwrap_or_default();
    if before_slash.contains(':') {
        return None;
    }
    Some(format!("{IMAGE_HOST}{}", url.trim_start_matches('/')))
}

fn strip_prefix_ignore_case<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

fn non_empty(s: Option<String>) -> Option<String> {
    s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::provider::gateway::api::{CategoryAnswer, CrossBorderAnswer};

    fn dec(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn detail(json: &str) -> OfferDetail {
        let answer: CrossBorderAnswer<OfferDetail> = serde_json::from_str(json).unwrap();
        answer.result.unwrap().result.unwrap()
    }

    const SEARCH_ANSWER: &str = include_str!("fixtures/keyword_query.json");
    const DETAIL_ANSWER: &str = include_str!("fixtures/product_detail.json");
    const CATEGORY_ROOTS: &str = include_str!("fixtures/category_roots.json");

    #[test]
    fn image_urls_are_made_absolute_and_https() {
        assert_eq!(
            image_url("img/ibank/O1CN01abc.jpg").as_deref(),
            Some("https://cbu01.alicdn.com/img/ibank/O1CN01abc.jpg")
        );
        assert_eq!(
            image_url("/img/ibank/x.jpg").as_deref(),
            Some("https://cbu01.alicdn.com/img/ibank/x.jpg")
        );
        assert_eq!(
            image_url("//cbu01.alicdn.com/x.jpg").as_deref(),
            Some("https://cbu01.alicdn.com/x.jpg")
        );
        assert_eq!(
            image_url("http://cbu01.alicdn.com/x.jpg").as_deref(),
            Some("https://cbu01.alicdn.com/x.jpg")
        );
        assert_eq!(
            image_url(" https://cbu01.alicdn.com/x.jpg ").as_deref(),
            Some("https://cbu01.alicdn.com/x.jpg")
        );
        assert_eq!(image_url("javascript:alert(1)"), None);
        assert_eq!(image_url("data:image/png;base64,AAAA"), None);
        assert_eq!(image_url(""), None);
    }

    #[test]
    fn prices_are_read_from_strings_and_garbage_is_refused() {
        assert_eq!(price("12.50"), Some(dec("12.50")));
        assert_eq!(price(" 3 "), Some(dec("3")));
        assert_eq!(price("¥3"), None);
        assert_eq!(price("-1"), None);
        assert_eq!(price(""), None);
    }

    #[test]
    fn search_answer_maps_to_a_page_of_summaries() {
        let answer: CrossBorderAnswer<SearchPage> = serde_json::from_str(SEARCH_ANSWER).unwrap();
        let query = SearchQuery {
            keyword: Some("手机壳".into()),
            ..SearchQuery::default()
        };
        let page = search_page(answer.result.unwrap().result.unwrap(), &query);

        assert_eq!(page.total, 1234);
        assert_eq!(page.page, 1);
        // The fixture's fourth offer has no price and the fifth no id: both are left out.
        assert_eq!(page.items.len(), 3);
        let first = &page.items[0];
        assert_eq!(first.id, ProductId(610947572360));
        assert_eq!(first.title, "新款手机壳硅胶防摔");
        assert_eq!(first.title_en.as_deref(), Some("New silicone phone case"));
        assert_eq!(first.price, dec("3.50"));
        assert_eq!(first.min_order, 2);
        assert_eq!(first.monthly_sales, Some(1520));
        assert_eq!(first.category_id, Some(CategoryId(1038378)));
        assert_eq!(
            first.image.as_deref(),
            Some("https://cbu01.alicdn.com/img/ibank/O1CN01case.jpg")
        );
        let second = &page.items[1];
        assert_eq!(
            second.image.as_deref(),
            Some("https://cbu01.alicdn.com/img/ibank/O1CN01cable.jpg")
        );
        assert_eq!(
            second.price,
            dec("8.8"),
            "falls back to the promotion price"
        );
        let third = &page.items[2];
        assert_eq!(third.min_order, 1, "missing minimum order defaults to 1");
        assert_eq!(third.image, None);
        assert_eq!(third.title, "Translated only");
    }

    #[test]
    fn detail_answer_maps_to_a_product() {
        let product = product(detail(DETAIL_ANSWER), ProductId(1)).unwrap();

        assert_eq!(product.id, ProductId(610947572360));
        assert_eq!(product.title, "新款手机壳硅胶防摔");
        assert_eq!(product.title_en.as_deref(), Some("New silicone phone case"));
        assert_eq!(
            product
                .price_tiers
                .iter()
                .map(|t| (t.min_quantity, t.price))
                .collect::<Vec<_>>(),
            vec![(2, dec("3.50")), (100, dec("3.20")), (1000, dec("2.80"))],
            "sorted by quantity, the tier with a garbage price skipped"
        );
        assert_eq!(product.min_order, 2);
        assert_eq!(product.unit, "piece");
        assert_eq!(
            product.images,
            vec![
                "https://cbu01.alicdn.com/img/ibank/O1CN01a.jpg".to_string(),
                "https://cbu01.alicdn.com/img/ibank/O1CN01b.jpg".to_string(),
            ]
        );
        assert_eq!(product.supplier.name, "义乌市某某电子商务有限公司");
        assert_eq!(product.supplier.rating, Some(dec("4.5")));
        assert_eq!(product.monthly_sales, None, "the detail has no monthSold");
        assert_eq!(product.total_sales, Some(12342), "soldOut is a string");

        assert_eq!(product.skus.len(), 2);
        let red = &product.skus[0];
        assert_eq!(red.id, "4812345678901");
        assert_eq!(red.price, Some(dec("3.50")));
        assert_eq!(red.stock, Some(500));
        assert_eq!(red.attributes[0].name, "颜色");
        assert_eq!(red.attributes[0].name_en.as_deref(), Some("Color"));
        assert_eq!(red.attributes[0].value, "红色");
        assert_eq!(red.attributes[0].value_en.as_deref(), Some("Red"));
        assert_eq!(
            red.image.as_deref(),
            Some("https://cbu01.alicdn.com/img/ibank/red.jpg")
        );
        let blue = &product.skus[1];
        assert_eq!(blue.id, "spec-blue", "falls back to the spec id");
        assert_eq!(blue.price, None, "garbage SKU price");

        assert_eq!(product.specifications.len(), 2, "empty attribute skipped");
        assert_eq!(product.specifications[0].name, "材质");
        assert_eq!(
            product.specifications[0].value_en.as_deref(),
            Some("Silicone")
        );

        let path: Vec<_> = product
            .category_path
            .iter()
            .map(|c| (c.id.0, c.name.as_str()))
            .collect();
        assert_eq!(path, vec![(1031919, ""), (1038378, "手机壳")]);
    }

    #[test]
    fn supplier_html_is_sanitized() {
        let product = product(detail(DETAIL_ANSWER), ProductId(1)).unwrap();
        let Some(Description::Html(html)) = &product.description else {
            panic!("expected an HTML description");
        };
        let html = html.as_str();
        assert!(html.contains("Durable"));
        assert!(html.contains("<img"));
        assert!(!html.contains("<script"));
        assert!(!html.contains("alert"));
        assert!(!html.contains("onerror"));
        assert!(!html.contains("javascript:"));
    }

    #[test]
    fn a_detail_with_almost_nothing_still_maps_with_defaults() {
        let product = product(
            detail(r#"{"result":{"success":true,"result":{"priceInfo":{"price":"9.90"}}}}"#),
            ProductId(42),
        )
        .unwrap();
        assert_eq!(product.id, ProductId(42));
        assert_eq!(product.title, "");
        assert_eq!(
            product.price_tiers,
            vec![PriceTier {
                min_quantity: 1,
                price: dec("9.90")
            }]
        );
        assert_eq!(product.min_order, 1);
        assert_eq!(product.unit, "piece");
        assert!(product.images.is_empty());
        assert!(product.skus.is_empty());
        assert!(product.description.is_none());
        assert!(product.category_path.is_empty());
        assert_eq!(product.supplier.name, "1688 supplier");
        assert_eq!(product.supplier.rating, None);
    }

    #[test]
    fn without_price_ranges_the_lowest_sku_price_makes_the_tier() {
        let product = product(
            detail(
                r#"{"result":{"result":{"offerId":7,"minOrderQuantity":"3",
                "productSaleInfo":{"priceRangeList":[{"startQuantity":1,"price":"n/a"}]},
                "productSkuInfos":[{"skuId":1,"price":"5.00"},{"skuId":2,"promotionPrice":"4.20"}],
                "tradeScore":"97"}}}"#,
            ),
            ProductId(7),
        )
        .unwrap();
        assert_eq!(
            product.price_tiers,
            vec![PriceTier {
                min_quantity: 3,
                price: dec("4.20")
            }]
        );
        assert_eq!(product.min_order, 3);
        assert_eq!(
            product.supplier.rating, None,
            "a score out of 100 is no rating"
        );
    }

    #[test]
    fn a_detail_without_any_price_is_an_unexpected_answer() {
        let err = product(
            detail(r#"{"result":{"result":{"offerId":7}}}"#),
            ProductId(7),
        )
        .unwrap_err();
        assert!(matches!(err, ProviderError::Unavailable(m) if m.contains("unexpected answer")));
    }

    #[test]
    fn category_answer_maps_children_and_skips_those_without_id() {
        let answer: CategoryAnswer = serde_json::from_str(CATEGORY_ROOTS).unwrap();
        let node = category_node(&answer.category_info[0], CategoryId(0));
        let roots: Vec<_> = node
            .children
            .iter()
            .map(|c| (c.id.0, c.name.as_str()))
            .collect();
        assert_eq!(roots, vec![(7, "服装"), (54, "数码、电脑"), (1813, "玩具")]);
    }

    fn offer(json: &str) -> OfferSummary {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn supplier_signals_map_to_the_domain_only_when_present() {
        let full = signals(&offer(
            r#"{"offerId":1,"tradeScore":"4.5","repurchaseRate":"32%",
                "sellerIdentities":["super_factory","powerful_merchants","tp_member","yx"],
                "sellerDataInfo":{"tpYear":6},
                "productSimpleShippingInfo":{"shippingTimeGuarantee":"shipIn24Hours",
                    "perfectFulfillmentRate30d":"99.50%","pickupWithin24hRate30d":"",
                    "qualityReturnRate30d":"0.12%"}}"#,
        ));
        assert_eq!(
            full.identities,
            [
                SellerIdentity::SuperFactory,
                SellerIdentity::PowerfulMerchant,
                SellerIdentity::TrustPassMember
            ]
        );
        assert_eq!(full.trade_score, Some(dec("4.5")));
        assert_eq!(full.repurchase_rate, Some(dec("32")));
        assert_eq!(full.years_on_1688, Some(6));
        assert_eq!(full.shipping, Some(ShippingGuarantee::Within24Hours));
        assert_eq!(full.fulfilment_rate_30d, Some(dec("99.5")));
        // Documented: an empty rate stands for 0.
        assert_eq!(full.pickup_24h_rate_30d, Some(Decimal::ZERO));
        assert_eq!(full.quality_return_rate_30d, Some(dec("0.12")));

        let none = signals(&offer(r#"{"offerId":1}"#));
        assert!(none.is_empty(), "{none:?}");
        let garbage = signals(&offer(
            r#"{"offerId":1,"tradeScore":"9","repurchaseRate":"lots",
                "productSimpleShippingInfo":{"shippingTimeGuarantee":"soon","qualityReturnRate30d":"120%"}}"#,
        ));
        assert!(garbage.is_empty(), "{garbage:?}");
    }
}
