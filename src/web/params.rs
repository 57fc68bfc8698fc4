//! Query strings in, validated [`SearchQuery`] out — or an error naming the parameter.
//!
//! Parsing is done by hand over the raw query (not a serde struct) so that every failure can name
//! its parameter and say what is allowed, duplicates are caught, and non-UTF-8 input is decoded
//! lossily instead of being rejected with a generic message.

use rust_decimal::Decimal;

use crate::catalog::{
    CategoryId, DEFAULT_PAGE_SIZE, MAX_KEYWORD_CHARS, MAX_PAGE, MAX_PAGE_SIZE, ProductId,
    SearchQuery, Sort,
};

/// The highest price filter accepted, in CNY.
pub const MAX_PRICE: u32 = 10_000_000;

/// A query parameter that could not be accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("parameter `{param}`: {message}")]
pub struct ParamError {
    pub param: &'static str,
    pub message: String,
}

impl ParamError {
    pub fn new(param: &'static str, message: impl Into<String>) -> Self {
        ParamError {
            param,
            message: message.into(),
        }
    }
}

/// The parameters of every listing, in the order they are parsed.
pub const SEARCH_PARAMS: [&str; 7] = [
    "q",
    "category",
    "min_price",
    "max_price",
    "sort",
    "page",
    "page_size",
];

/// Parses the search parameters of `/products`, `/search` and `/api/products`.
///
/// Empty values count as absent (an HTML form sends `min_price=` for an empty field); unknown
/// parameters are ignored; a known parameter given twice is an error.
pub fn parse_search(raw_query: Option<&str>) -> Result<SearchQuery, ParamError> {
    let mut values: [Option<String>; SEARCH_PARAMS.len()] = Default::default();
    for (key, value) in form_urlencoded::parse(raw_query.unwrap_or("").as_bytes()) {
        let Some(index) = SEARCH_PARAMS.iter().position(|k| *k == key) else {
            continue;
        };
        if values[index].is_some() {
            return Err(ParamError::new(
                SEARCH_PARAMS[index],
                "must be given only once",
            ));
        }
        values[index] = Some(value.into_owned());
    }
    let [q, category, min_price, max_price, sort, page, page_size] =
        values.map(|v| v.filter(|v| !v.trim().is_empty()));

    let keyword = q.map(|q| keyword(&q)).transpose()?.flatten();
    let category = category
        .map(|c| {
            c.trim()
                .parse::<ProductId>()
                .ok()
                .filter(|id| id.0 > 0)
                .map(|id| CategoryId(id.0))
                .ok_or_else(|| {
                    ParamError::new("category", "must be a numeric category id, e.g. 1038378")
                })
        })
        .transpose()?;
    let min_price = min_price.map(|p| price("min_price", &p)).transpose()?;
    let max_price = max_price.map(|p| price("max_price", &p)).transpose()?;
    if let (Some(min), Some(max)) = (min_price, max_price) {
        if min > max {
            return Err(ParamError::new(
                "min_price",
                format!("must not be above max_price ({max})"),
            ));
        }
    }
    let sort = sort
        .map(|s| {
            Sort::parse(s.trim()).ok_or_else(|| {
                ParamError::new(
                    "sort",
                    "must be one of relevance, price_asc, price_desc, sales",
                )
            })
        })
        .transpose()?
        .unwrap_or_default();
    let page = page
        .map(|p| whole_number("page", &p, 1, MAX_PAGE))
        .transpose()?
        .unwrap_or(1);
    let page_size = page_size
        .map(|p| whole_number("page_size", &p, 1, MAX_PAGE_SIZE))
        .transpose()?
        .unwrap_or(DEFAULT_PAGE_SIZE);

    Ok(SearchQuery {
        keyword,
        category,
        min_price,
        max_price,
        sort,
        page,
        page_size,
    })
}

/// Trims, turns control characters into spaces and collapses runs of whitespace; `None` if
/// nothing is left.
fn keyword(raw: &str) -> Result<Option<String>, ParamError> {
    if raw.chars().count() > MAX_KEYWORD_CHARS {
        return Err(ParamError::new(
            "q",
            format!("must be at most {MAX_KEYWORD_CHARS} characters"),
        ));
    }
    let cleaned = raw
        .split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    Ok((!cleaned.is_empty()).then_some(cleaned))
}

fn price(param: &'static str, raw: &str) -> Result<Decimal, ParamError> {
    let invalid = || {
        ParamError::new(
            param,
            format!("must be a price in yuan from 0 to {MAX_PRICE}, e.g. 12.50"),
        )
    };
    let raw = raw.trim();
    // Decimal's parser accepts forms such as "1e5" or "_1"; allow plain decimals only.
    if !raw.bytes().all(|b| b.is_ascii_digit() || b == b'.') || raw.len() > 20 {
        return Err(invalid());
    }
    let value: Decimal = raw.parse().map_err(|_| invalid())?;
    if value > Decimal::from(MAX_PRICE) {
        return Err(invalid());
    }
    Ok(value.round_dp(2).normalize())
}

fn whole_number(param: &'static str, raw: &str, min: u32, max: u32) -> Result<u32, ParamError> {
    raw.trim()
        .parse::<u32>()
        .ok()
        .filter(|n| (min..=max).contains(n))
        .ok_or_else(|| {
            ParamError::new(param, format!("must be a whole number from {min} to {max}"))
        })
}

/// The query string that reproduces `query` with another page number: links keep every filter.
pub fn query_string(query: &SearchQuery, page: u32) -> String {
    let mut out = form_urlencoded::Serializer::new(String::new());
    if let Some(q) = &query.keyword {
        out.append_pair("q", q);
    }
    if let Some(category) = query.category {
        out.append_pair("category", &category.to_string());
    }
    if let Some(min) = query.min_price {
        out.append_pair("min_price", &min.to_string());
    }
    if let Some(max) = query.max_price {
        out.append_pair("max_price", &max.to_string());
    }
    if query.sort != Sort::Relevance {
        out.append_pair("sort", query.sort.as_str());
    }
    if page != 1 {
        out.append_pair("page", &page.to_string());
    }
    if query.page_size != DEFAULT_PAGE_SIZE {
        out.append_pair("page_size", &query.page_size.to_string());
    }
    out.finish()
}

/// Recognises a 1688 offer the user pasted into the search box: a bare offer id or an offer URL
/// such as `https://detail.1688.com/offer/610947572360.html`.
pub fn offer_id_in(keyword: &str) -> Option<ProductId> {
    let keyword = keyword.trim();
    if keyword.len() >= 6 {
        if let Ok(id) = keyword.parse::<ProductId>() {
            return Some(id);
        }
    }
    let lower = keyword.to_ascii_lowercase();
    if !lower.contains("1688.com") {
        return None;
    }
    let after = &keyword[lower.find("/offer/")? + "/offer/".len()..];
    let digits: String = after.chars().take_while(|c| c.is_ascii_digit()).collect();
    let rest = &after[digits.len()..];
    if digits.len() >= 6
        && (rest.is_empty() || rest.starts_with(".htm") || rest.starts_with(['?', '#', '/']))
    {
        digits.parse().ok()
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(q: &str) -> Result<SearchQuery, ParamError> {
        parse_search(Some(q))
    }

    fn param_of(q: &str) -> &'static str {
        parse(q).unwrap_err().param
    }

    #[test]
    fn no_parameters_give_the_defaults() {
        assert_eq!(parse_search(None).unwrap(), SearchQuery::default());
    }

    #[test]
    fn every_parameter_is_read() {
        let q = parse("q=%E6%89%8B%E6%9C%BA+case&category=1038378&min_price=1.5&max_price=20&sort=price_desc&page=3&page_size=40").unwrap();
        assert_eq!(q.keyword.as_deref(), Some("手机 case"));
        assert_eq!(q.category, Some(CategoryId(1038378)));
        assert_eq!(q.min_price, Some("1.5".parse().unwrap()));
        assert_eq!(q.max_price, Some(Decimal::from(20)));
        assert_eq!(q.sort, Sort::PriceDesc);
        assert_eq!((q.page, q.page_size), (3, 40));
    }

    #[test]
    fn empty_values_count_as_absent() {
        assert_eq!(
            parse("q=&category=&min_price=&max_price=&sort=&page=&page_size=").unwrap(),
            SearchQuery::default()
        );
    }

    #[test]
    fn bad_values_name_their_parameter() {
        assert_eq!(param_of("page=0"), "page");
        assert_eq!(param_of("page=abc"), "page");
        assert_eq!(param_of("page=-1"), "page");
        assert_eq!(param_of("page=99999999999"), "page");
        assert_eq!(param_of("page_size=41"), "page_size");
        assert_eq!(param_of("page_size=0"), "page_size");
        assert_eq!(param_of("min_price=x"), "min_price");
        assert_eq!(param_of("min_price=-5"), "min_price");
        assert_eq!(param_of("max_price=NaN"), "max_price");
        assert_eq!(param_of("max_price=inf"), "max_price");
        assert_eq!(param_of("max_price=1e9"), "max_price");
        assert_eq!(param_of("min_price=30&max_price=20"), "min_price");
        assert_eq!(param_of("sort=cheapest"), "sort");
        assert_eq!(param_of("category=abc"), "category");
        assert_eq!(param_of("category=0"), "category");
        assert_eq!(param_of(&format!("q={}", "a".repeat(201))), "q");
    }

    #[test]
    fn the_message_says_what_is_allowed() {
        let err = parse("page_size=41").unwrap_err();
        assert!(err.message.contains("1 to 40"), "{}", err.message);
    }

    #[test]
    fn duplicate_parameters_are_refused() {
        assert_eq!(param_of("page=1&page=2"), "page");
    }

    #[test]
    fn unknown_parameters_are_ignored() {
        assert_eq!(parse("utm_source=x&foo").unwrap(), SearchQuery::default());
    }

    #[test]
    fn keywords_lose_control_characters_and_extra_spaces() {
        let q = parse("q=%20phone%0A%09case%00%20").unwrap();
        assert_eq!(q.keyword.as_deref(), Some("phone case"));
        assert_eq!(parse("q=%20%0A").unwrap().keyword, None);
    }

    #[test]
    fn non_utf8_input_is_decoded_lossily() {
        let q = parse("q=%FF%FEphone").unwrap();
        assert!(q.keyword.unwrap().ends_with("phone"));
    }

    #[test]
    fn two_hundred_chinese_characters_are_allowed() {
        let q = format!("q={}", "手".repeat(200));
        assert!(parse(&q).is_ok());
    }

    #[test]
    fn query_string_round_trips() {
        let original =
            parse("q=a%26b+c&category=7&min_price=1&max_price=2.5&sort=sales&page=2&page_size=10")
                .unwrap();
        let again = parse(&query_string(&original, original.page)).unwrap();
        assert_eq!(again, original);
        assert_eq!(query_string(&SearchQuery::default(), 1), "");
    }

    #[test]
    fn offer_urls_and_ids_are_recognised() {
        let id = Some(ProductId(610947572360));
        assert_eq!(offer_id_in("610947572360"), id);
        assert_eq!(
            offer_id_in(" https://detail.1688.com/offer/610947572360.html "),
            id
        );
        assert_eq!(
            offer_id_in("detail.1688.com/offer/610947572360.html?spm=a26"),
            id
        );
        assert_eq!(
            offer_id_in("https://m.1688.com/offer/610947572360.html"),
            id
        );
        assert_eq!(offer_id_in("phone"), None);
        assert_eq!(offer_id_in("123"), None);
        assert_eq!(
            offer_id_in("https://example.com/offer/610947572360.html"),
            None
        );
    }
}
