//! The cross-border APIs' JSON parameters, checked as strictly as their documentation states:
//! `offerQueryParam` of keywordQuery and `offerDetailParam` of queryProductDetail. A call that
//! breaks the contract gets the documented parameter error, never a lenient answer.

use serde_json::{Value, json};

/// A search as the documentation of `keywordQuery` describes `offerQueryParam`, checked strictly.
#[derive(Debug, Clone, PartialEq)]
pub struct OfferQuery {
    pub keyword: String,
    pub begin_page: u64,
    pub page_size: u64,
    pub country: String,
    pub category_id: Option<u64>,
    pub sort: Option<(SortKey, bool)>,
    pub keyword_translate: Option<bool>,
    pub price_start: Option<f64>,
    pub price_end: Option<f64>,
    /// `filter`: the documented filter values asked for (a comma-separated String).
    pub filters: Vec<String>,
    /// `saleFilterList`: sales ranges asked for.
    pub sale_filters: Vec<SaleFilter>,
}

/// One element of `saleFilterList` (`SaleFilterParam`): every field optional, all Strings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SaleFilter {
    /// `sales7`, `sales14`, `sales30` or `totalSales`.
    pub sale_type: Option<String>,
    pub sale_start: Option<u64>,
    pub sale_end: Option<u64>,
}

/// The values of `filter` that the documentation lists (the API page's example also sends
/// `ksCiphertext`).
pub const DOCUMENTED_FILTERS: [&str; 24] = [
    "totalEpScoreLv1",
    "totalEpScoreLv2",
    "totalEpScoreLv3",
    "totalEpScoreLv4",
    "getRate24HLv1",
    "getRate24HLv2",
    "getRate24HLv3",
    "getRate48HLv1",
    "getRate48HLv2",
    "getRate48HLv3",
    "certifiedFactory",
    "shipInToday",
    "1688Selection",
    "jxhy",
    "shipIn24Hours",
    "shipIn48Hours",
    "noReason7DReturn",
    "isOnePsale",
    "isOnePsaleFreePost",
    "new7",
    "new30",
    "isQqyx",
    "isSelect",
    "ksCiphertext",
];

/// The documented `saleType` values.
pub const SALE_TYPES: [&str; 4] = ["sales7", "sales14", "sales30", "totalSales"];

impl OfferQuery {
    pub fn has_filter(&self, name: &str) -> bool {
        self.filters.iter().any(|f| f == name)
    }

    /// Whether any filter or sales filter narrows the search.
    pub fn is_filtered(&self) -> bool {
        !self.filters.is_empty() || !self.sale_filters.is_empty()
    }

    /// Whether an offer with this shipping guarantee (`shipIn24Hours`, `shipIn48Hours`), this
    /// certified-factory standing and these 30-day sales passes the filters the stand-in models:
    /// `shipIn24Hours`, `shipIn48Hours` (a 24-hour guarantee ships within 48 hours too),
    /// `certifiedFactory` and `saleFilterList` of `sales30`. The other documented filters are
    /// accepted but not modelled (the stand-in has no data for them).
    pub fn admits(
        &self,
        guarantee: Option<&str>,
        certified_factory: bool,
        month_sold: u64,
    ) -> bool {
        let ships_24 = guarantee == Some("shipIn24Hours");
        let ships_48 = ships_24 || guarantee == Some("shipIn48Hours");
        (!self.has_filter("shipIn24Hours") || ships_24)
            && (!self.has_filter("shipIn48Hours") || ships_48)
            && (!self.has_filter("certifiedFactory") || certified_factory)
            && self
                .sale_filters
                .iter()
                .filter(|f| f.sale_type.as_deref() == Some("sales30"))
                .all(|f| {
                    f.sale_start.is_none_or(|start| month_sold >= start)
                        && f.sale_end.is_none_or(|end| month_sold <= end)
                })
    }
}

/// The sort keys in use: `{"price":"asc"}`, `{"monthSold":"desc"}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    Price,
    MonthSold,
}

/// Parses `offerQueryParam` as the API documents it: `keyword` (String), `beginPage`, `pageSize`
/// (Integer, at most 50) and `country` (String) required; an empty keyword only with a
/// `categoryId` (Long); `sort` a String holding JSON; `keywordTranslate` a Boolean; prices
/// Strings. `Err` says what is wrong, as the parameter error does.
pub fn offer_query(raw: &str) -> Result<OfferQuery, String> {
    let value: Value = serde_json::from_str(raw).map_err(|_| "offerQueryParam is not JSON")?;
    let object = value
        .as_object()
        .ok_or("offerQueryParam must be a JSON object")?;
    offer_query_fields(object, true)
}

/// The fields of an `offerQueryParam` object, as [`offer_query`] checks them; imageQuery's
/// `keyword` is optional (`keyword_required` false).
pub(super) fn offer_query_fields(
    object: &serde_json::Map<String, Value>,
    keyword_required: bool,
) -> Result<OfferQuery, String> {
    let required = |name: &str| object.get(name).ok_or(format!("{name} is required"));
    let keyword = match object.get("keyword") {
        None if !keyword_required => String::new(),
        _ => required("keyword")?
            .as_str()
            .ok_or("keyword must be a String")?
            .to_string(),
    };
    let integer = |name: &str| -> Result<u64, String> {
        required(name)?
            .as_u64()
            .ok_or(format!("{name} must be an Integer"))
    };
    let begin_page = integer("beginPage")?;
    let page_size = integer("pageSize")?;
    if begin_page == 0 {
        return Err("beginPage starts at 1".into());
    }
    if !(1..=50).contains(&page_size) {
        return Err("pageSize must be from 1 to 50".into());
    }
    let country = required("country")?
        .as_str()
        .filter(|c| !c.is_empty())
        .ok_or("country must be a language code such as en")?
        .to_string();
    let category_id = match object.get("categoryId") {
        None => None,
        Some(id) => Some(id.as_u64().ok_or("categoryId must be a Long")?),
    };
    if keyword_required && keyword.trim().is_empty() && category_id.is_none() {
        return Err("keyword is required".into());
    }
    let sort = match object.get("sort") {
        None => None,
        Some(Value::String(text)) => Some(sort_string(text)?),
        Some(_) => return Err("sort must be a String holding JSON".into()),
    };
    let keyword_translate = match object.get("keywordTranslate") {
        None => None,
        Some(flag) => Some(flag.as_bool().ok_or("keywordTranslate must be a Boolean")?),
    };
    let price = |name: &str| -> Result<Option<f64>, String> {
        match object.get(name) {
            None => Ok(None),
            Some(Value::String(text)) => text
                .parse::<f64>()
                .ok()
                .filter(|p| p.is_finite() && *p >= 0.0)
                .map(Some)
                .ok_or(format!("{name} must be a price")),
            Some(_) => Err(format!("{name} must be a String")),
        }
    };
    Ok(OfferQuery {
        keyword,
        begin_page,
        page_size,
        country,
        category_id,
        sort,
        keyword_translate,
        price_start: price("priceStart")?,
        price_end: price("priceEnd")?,
        filters: filters(object.get("filter"))?,
        sale_filters: sale_filters(object.get("saleFilterList"))?,
    })
}

/// `filter`: a String of documented values separated by commas.
fn filters(value: Option<&Value>) -> Result<Vec<String>, String> {
    let text = match value {
        None => return Ok(Vec::new()),
        Some(Value::String(text)) => text,
        Some(_) => return Err("filter must be a String".into()),
    };
    text.split(',')
        .map(str::trim)
        .filter(|f| !f.is_empty())
        .map(|f| {
            DOCUMENTED_FILTERS
                .contains(&f)
                .then(|| f.to_string())
                .ok_or(format!("filter {f} is not a documented filter"))
        })
        .collect()
}

/// `saleFilterList`: an array of `SaleFilterParam` objects, whose fields are Strings.
fn sale_filters(value: Option<&Value>) -> Result<Vec<SaleFilter>, String> {
    let items = match value {
        None => return Ok(Vec::new()),
        Some(Value::Array(items)) => items,
        Some(_) => return Err("saleFilterList must be an array of SaleFilterParam".into()),
    };
    items
        .iter()
        .map(|item| {
            let object = item
                .as_object()
                .ok_or("saleFilterList holds SaleFilterParam objects")?;
            let text = |name: &str| -> Result<Option<&str>, String> {
                match object.get(name) {
                    None => Ok(None),
                    Some(Value::String(text)) => Ok(Some(text.as_str())),
                    Some(_) => Err(format!("{name} must be a String")),
                }
            };
            let count = |name: &str| -> Result<Option<u64>, String> {
                text(name)?
                    .map(|t| {
                        t.trim()
                            .parse::<u64>()
                            .map_err(|_| format!("{name} must be a number of sales"))
                    })
                    .transpose()
            };
            let sale_type = text("saleType")?
                .map(|t| {
                    SALE_TYPES
                        .contains(&t)
                        .then(|| t.to_string())
                        .ok_or(format!("saleType {t} is not a documented sales type"))
                })
                .transpose()?;
            Ok(SaleFilter {
                sale_type,
                sale_start: count("saleStart")?,
                sale_end: count("saleEnd")?,
            })
        })
        .collect()
}

/// `{"price":"asc"}` and the like: one known key, `asc` or `desc`. `Ok((key, ascending))`.
fn sort_string(text: &str) -> Result<(SortKey, bool), String> {
    let bad = || format!("sort {text} is not a known sort");
    let value: Value = serde_json::from_str(text).map_err(|_| bad())?;
    let object = value.as_object().filter(|o| o.len() == 1).ok_or_else(bad)?;
    let (key, direction) = object.iter().next().ok_or_else(bad)?;
    let key = match key.as_str() {
        "price" => SortKey::Price,
        "monthSold" => SortKey::MonthSold,
        _ => return Err(bad()),
    };
    match direction.as_str() {
        Some("asc") => Ok((key, true)),
        Some("desc") => Ok((key, false)),
        _ => Err(bad()),
    }
}

/// `offerDetailParam`: `offerId` (Long) and `country` (String), both required.
pub(super) fn offer_detail_id(raw: &str) -> Result<u64, String> {
    let value: Value = serde_json::from_str(raw).map_err(|_| "offerDetailParam is not JSON")?;
    let offer_id = value
        .get("offerId")
        .ok_or("offerId is required")?
        .as_u64()
        .ok_or("offerId must be a Long")?;
    value
        .get("country")
        .and_then(Value::as_str)
        .filter(|c| !c.is_empty())
        .ok_or("country is required")?;
    Ok(offer_id)
}

/// The cross-border APIs' parameter error: HTTP 200, `result.success:false`, code `500_001`.
pub(super) fn parameter_error(problem: &str) -> Value {
    json!({ "result": { "success": false, "code": "500_001", "message": format!("参数错误: {problem}") } })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offer_queries_are_checked_as_documented() {
        let ok = |q: Value| offer_query(&q.to_string());
        let base = json!({"keyword": "手机", "beginPage": 1, "pageSize": 20, "country": "en"});
        assert!(ok(base.clone()).is_ok());
        let with = |key: &str, value: Value| {
            let mut q = base.clone();
            q[key] = value;
            ok(q)
        };
        let without = |key: &str| {
            let mut q = base.clone();
            q.as_object_mut().unwrap().remove(key);
            ok(q)
        };
        for required in ["keyword", "beginPage", "pageSize", "country"] {
            assert!(without(required).is_err(), "{required}");
        }
        assert!(
            with("keyword", json!("")).is_err(),
            "empty keyword without a category"
        );
        assert!(ok(json!({"keyword": "", "categoryId": 1813, "beginPage": 1, "pageSize": 20, "country": "en"})).is_ok());
        assert!(with("pageSize", json!(51)).is_err());
        assert!(
            with("sort", json!({"price": "asc"})).is_err(),
            "sort is a String"
        );
        assert_eq!(
            with("sort", json!(r#"{"price":"desc"}"#)).unwrap().sort,
            Some((SortKey::Price, false))
        );
        assert!(with("sort", json!(r#"{"cheapest":"asc"}"#)).is_err());
        assert!(with("keywordTranslate", json!("true")).is_err());
        assert!(
            with("priceStart", json!(1.5)).is_err(),
            "prices are Strings"
        );
        assert!(
            with("categoryId", json!("1813")).is_err(),
            "categoryId is a Long"
        );
    }

    #[test]
    fn filters_and_sale_filters_are_checked_as_documented() {
        let with = |key: &str, value: Value| {
            let mut q = json!({"keyword": "cup", "beginPage": 1, "pageSize": 20, "country": "en"});
            q[key] = value;
            offer_query(&q.to_string())
        };
        let q = with("filter", json!("shipIn24Hours,certifiedFactory")).unwrap();
        assert_eq!(q.filters, ["shipIn24Hours", "certifiedFactory"]);
        assert!(
            with("filter", json!("fastShipping")).is_err(),
            "undocumented value"
        );
        assert!(
            with("filter", json!(["shipIn24Hours"])).is_err(),
            "filter is a String"
        );
        let q = with(
            "saleFilterList",
            json!([{"saleType": "sales30", "saleStart": "100", "saleEnd": "900"}]),
        )
        .unwrap();
        assert_eq!(
            q.sale_filters,
            [SaleFilter {
                sale_type: Some("sales30".into()),
                sale_start: Some(100),
                sale_end: Some(900)
            }]
        );
        assert!(
            with(
                "saleFilterList",
                json!([{"saleType": "sales30", "saleStart": 100}])
            )
            .is_err(),
            "Strings"
        );
        assert!(with("saleFilterList", json!([{"saleType": "monthly"}])).is_err());
        assert!(
            with("saleFilterList", json!(r#"[{"saleType":"sales30"}]"#)).is_err(),
            "an array, not a String"
        );
        assert!(with("saleFilterList", json!(["sales30"])).is_err());
    }

    #[test]
    fn the_modelled_filters_admit_what_they_say() {
        let q = |filter: &str, sales: Value| {
            let mut q = json!({"keyword": "cup", "beginPage": 1, "pageSize": 20, "country": "en", "filter": filter});
            q["saleFilterList"] = sales;
            offer_query(&q.to_string()).unwrap()
        };
        let within_48 = q("shipIn48Hours", json!([]));
        assert!(within_48.admits(Some("shipIn24Hours"), false, 0));
        assert!(within_48.admits(Some("shipIn48Hours"), false, 0));
        assert!(!within_48.admits(None, false, 0));
        let within_24 = q("shipIn24Hours", json!([]));
        assert!(!within_24.admits(Some("shipIn48Hours"), false, 0));
        let factory = q(
            "certifiedFactory",
            json!([{"saleType": "sales30", "saleStart": "100"}]),
        );
        assert!(factory.admits(None, true, 100));
        assert!(!factory.admits(None, true, 99));
        assert!(!factory.admits(None, false, 500));
    }

    #[test]
    fn offer_detail_params_need_a_long_offer_id_and_a_country() {
        assert_eq!(
            offer_detail_id(r#"{"offerId": 610947572360, "country": "en"}"#),
            Ok(610947572360)
        );
        assert!(offer_detail_id(r#"{"offerId": "610947572360", "country": "en"}"#).is_err());
        assert!(offer_detail_id(r#"{"offerId": 610947572360}"#).is_err());
        assert!(offer_detail_id(r#"{"country": "en"}"#).is_err());
    }
}
