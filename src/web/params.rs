//! Query strings in, validated [`SearchQuery`] out — or an error naming the parameter.
//!
//! Parsing is done by hand over the raw query (not a serde struct) so that every failure can name
//! its parameter and say what is allowed, duplicates are caught, and non-UTF-8 input is decoded
//! lossily instead of being rejected with a generic message.

use std::fmt::{self, Write as _};

use rust_decimal::Decimal;

use crate::catalog::{
    CategoryId, DEFAULT_PAGE_SIZE, MAX_KEYWORD_CHARS, MAX_PAGE, MAX_PAGE_SIZE, ProductId,
    SearchQuery, ShipWithin, Sort,
};
use crate::provider::BuyerFilters;

/// The highest price filter accepted, in CNY.
pub const MAX_PRICE: u32 = 10_000_000;
/// The highest `min_monthly_sales` and `max_moq` accepted.
pub const MAX_FILTER_QUANTITY: u32 = 10_000_000;

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
pub const SEARCH_PARAMS: [&str; 11] = [
    "q",
    "category",
    "min_price",
    "max_price",
    "sort",
    "page",
    "page_size",
    "ships_within",
    "verified_factory",
    "min_monthly_sales",
    "max_moq",
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
    let [
        q,
        category,
        min_price,
        max_price,
        sort,
        page,
        page_size,
        ships_within,
        verified_factory,
        min_monthly_sales,
        max_moq,
    ] = values.map(|v| v.filter(|v| !v.trim().is_empty()));

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
    if let (Some(min), Some(max)) = (min_price, max_price)
        && min > max
    {
        return Err(ParamError::new(
            "min_price",
            format!("must not be above max_price ({max})"),
        ));
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
    let ships_within = ships_within
        .map(|s| {
            ShipWithin::parse(s.trim())
                .ok_or_else(|| ParamError::new("ships_within", "must be 24 or 48 (hours)"))
        })
        .transpose()?;
    let verified_factory = verified_factory
        .map(|v| match v.trim() {
            "1" => Ok(true),
            "0" => Ok(false),
            _ => Err(ParamError::new(
                "verified_factory",
                "must be 1 (verified factories only) or 0",
            )),
        })
        .transpose()?
        .unwrap_or(false);
    let min_monthly_sales = min_monthly_sales
        .map(|n| whole_number("min_monthly_sales", &n, 0, MAX_FILTER_QUANTITY))
        .transpose()?;
    let max_moq = max_moq
        .map(|n| whole_number("max_moq", &n, 1, MAX_FILTER_QUANTITY))
        .transpose()?;

    Ok(SearchQuery {
        keyword,
        category,
        min_price,
        max_price,
        sort,
        page,
        page_size,
        ships_within,
        verified_factory,
        min_monthly_sales,
        max_moq,
    })
}

/// Refuses a buyer filter that the current source cannot apply (the listing does not offer
/// it; a hand-made or old link may still carry it): showing unfiltered results as filtered
/// would mislead.
pub fn check_buyer_filters(query: &SearchQuery, supported: BuyerFilters) -> Result<(), ParamError> {
    let unsupported = |param| {
        ParamError::new(
            param,
            "is not available with this store's data source: its search cannot filter by it (remove it from the address)",
        )
    };
    if query.ships_within.is_some() && !supported.ships_within {
        return Err(unsupported("ships_within"));
    }
    if query.verified_factory && !supported.verified_factory {
        return Err(unsupported("verified_factory"));
    }
    if query.min_monthly_sales.is_some() && !supported.min_monthly_sales {
        return Err(unsupported("min_monthly_sales"));
    }
    if query.max_moq.is_some() && !supported.max_moq {
        return Err(unsupported("max_moq"));
    }
    Ok(())
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

/// `path` with the query string that reproduces `query` at `page` (the bare path when there is
/// none): pagination and category links keep every filter.
pub fn link(path: &str, query: &SearchQuery, page: u32) -> String {
    ListingLinks::new(path, query).page(page)
}

/// The links of one listing: its other pages and its categories, each keeping every other
/// filter. A listing has dozens; the parts of the query around the category and the page are
/// encoded once, and each link is one copy of them.
pub struct ListingLinks<'a> {
    path: &'a str,
    category: Option<CategoryId>,
    /// `q=…`, or empty.
    keyword: String,
    /// The price range and the sort, between the category and the page.
    filters: String,
    /// The page size and the buyer filters, after the page.
    rest: String,
}

impl<'a> ListingLinks<'a> {
    pub fn new(path: &'a str, query: &SearchQuery) -> ListingLinks<'a> {
        let mut keyword = String::new();
        if let Some(q) = &query.keyword {
            keyword.push_str("q=");
            keyword.extend(form_urlencoded::byte_serialize(q.as_bytes()));
        }
        // The other values are numbers and fixed words: nothing to encode.
        let mut filters = String::new();
        let mut out = Query::at_end_of(&mut filters);
        if let Some(min) = query.min_price {
            out.pair("min_price", min);
        }
        if let Some(max) = query.max_price {
            out.pair("max_price", max);
        }
        if query.sort != Sort::Relevance {
            out.pair("sort", query.sort.as_str());
        }
        let mut rest = String::new();
        let mut out = Query::at_end_of(&mut rest);
        if query.page_size != DEFAULT_PAGE_SIZE {
            out.pair("page_size", query.page_size);
        }
        if let Some(within) = query.ships_within {
            out.pair("ships_within", within.hours());
        }
        if query.verified_factory {
            out.pair("verified_factory", 1);
        }
        if let Some(min) = query.min_monthly_sales {
            out.pair("min_monthly_sales", min);
        }
        if let Some(max) = query.max_moq {
            out.pair("max_moq", max);
        }
        ListingLinks {
            path,
            category: query.category,
            keyword,
            filters,
            rest,
        }
    }

    /// Page `page` of this listing.
    pub fn page(&self, page: u32) -> String {
        self.link(self.category, page)
    }

    /// The first page of this listing in category `id` instead.
    pub fn category(&self, id: CategoryId) -> String {
        self.link(Some(id), 1)
    }

    fn link(&self, category: Option<CategoryId>, page: u32) -> String {
        let parts = self.keyword.len() + self.filters.len() + self.rest.len();
        let mut link = String::with_capacity(self.path.len() + parts + 48);
        link.push_str(self.path);
        link.push('?');
        let mut query = Query::at_end_of(&mut link);
        query.part(&self.keyword);
        if let Some(id) = category {
            query.pair("category", id);
        }
        query.part(&self.filters);
        if page != 1 {
            query.pair("page", page);
        }
        query.part(&self.rest);
        if query.is_empty() {
            link.pop();
        }
        link
    }
}

/// A query string being written at the end of `out` (from `start` on): pairs joined by `&`.
struct Query<'s> {
    out: &'s mut String,
    start: usize,
}

impl<'s> Query<'s> {
    /// A query string written after what `out` holds (nothing, or a path and its `?`).
    fn at_end_of(out: &'s mut String) -> Query<'s> {
        let start = out.len();
        Query { out, start }
    }

    fn is_empty(&self) -> bool {
        self.out.len() == self.start
    }

    /// Appends `part`: pairs already written.
    fn part(&mut self, part: &str) {
        if !part.is_empty() {
            self.separate();
            self.out.push_str(part);
        }
    }

    /// Appends `name=value` (`value` needs no encoding).
    fn pair(&mut self, name: &str, value: impl fmt::Display) {
        self.separate();
        // Writing to a String cannot fail.
        let _ = write!(self.out, "{name}={value}");
    }

    fn separate(&mut self) {
        if !self.is_empty() {
            self.out.push('&');
        }
    }
}

/// The longest pasted link the search box reads for an offer (agents' links carry a whole
/// encoded 1688 URL, longer than a keyword may be).
pub const MAX_LINK_CHARS: usize = 2000;
/// How deep links nested in links are followed (an agent's link holding a 1688 link, encoded
/// once or twice).
const MAX_LINK_DEPTH: usize = 3;
/// Parameter names that hold an offer id in 1688's own links.
const OFFER_ID_KEYS: [&str; 2] = ["offerid", "offer_id"];
/// Parameter names that hold an item id in sourcing agents' links, which count only when the link
/// says it is about 1688 (agents carry Taobao and other items the same way).
const ITEM_ID_KEYS: [&str; 7] = [
    "id",
    "itemid",
    "item_id",
    "num_iid",
    "productid",
    "product_id",
    "goodsid",
];

/// The offer the `q` of a search's query string names, when it is a single link or id of at most
/// [`MAX_LINK_CHARS`] (see [`offer_id_in`]); read before the keyword's own length limit applies.
pub fn offer_in_search(raw_query: Option<&str>) -> Option<ProductId> {
    offer_id_in(&pasted(raw_query)?)
}

/// The keyword of a 1688 search page pasted into the search box (see [`keyword_in_link`]).
pub fn keyword_in_search(raw_query: Option<&str>) -> Option<String> {
    keyword_in_link(&pasted(raw_query)?)
}

/// The one `q` of a search's query string, if it is at most [`MAX_LINK_CHARS`] long.
fn pasted(raw_query: Option<&str>) -> Option<String> {
    let mut qs = form_urlencoded::parse(raw_query.unwrap_or("").as_bytes())
        .filter(|(key, _)| key == "q")
        .map(|(_, value)| value);
    let q = qs.next()?;
    (qs.next().is_none() && q.chars().count() <= MAX_LINK_CHARS).then(|| q.into_owned())
}

/// The keyword of a 1688 search page, e.g.
/// `https://s.1688.com/selloffer/offer_search.htm?keywords=%CA%D6%BB%FA` (手机): 1688 writes it
/// percent-encoded GBK unless the link says `charset=utf8`; links made elsewhere often hold UTF-8
/// without saying so, which is believed only when it reads as Chinese or ASCII (the GBK bytes of
/// 女装 are valid UTF-8 too, for "Ůװ").
pub fn keyword_in_link(text: &str) -> Option<String> {
    let text = text.trim();
    let link = Link::parse(text)?;
    if !link.is_1688() || !link.path.to_ascii_lowercase().contains("offer_search") {
        return None;
    }
    let query = text.split('#').next()?.split_once('?')?.1;
    let raw = query
        .split('&')
        .find_map(|pair| pair.strip_prefix("keywords="))?;
    // `+` is a space; `%XX` its byte; a stray `%` stays as it is.
    let bytes: Vec<u8> = percent_encoding::percent_decode_str(&raw.replace('+', " ")).collect();
    let says_utf8 = query.split('&').any(|pair| {
        pair.strip_prefix("charset=")
            .is_some_and(|charset| charset.to_ascii_lowercase().starts_with("utf"))
    });
    let keyword = match std::str::from_utf8(&bytes) {
        Ok(utf8) if says_utf8 || utf8.chars().all(reads_as_chinese_or_ascii) => utf8.to_owned(),
        _ => encoding_rs::GB18030
            .decode_without_bom_handling(&bytes)
            .0
            .into_owned(),
    };
    let keyword = keyword.split_whitespace().collect::<Vec<_>>().join(" ");
    (!keyword.is_empty()).then_some(keyword)
}

/// ASCII, CJK ideographs, CJK punctuation and full-width forms: what a 1688 keyword is made of.
fn reads_as_chinese_or_ascii(c: char) -> bool {
    c.is_ascii()
        || matches!(c, '\u{3000}'..='\u{303f}' | '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{ff00}'..='\u{ffef}')
}

/// Recognises a 1688 offer the user pasted into the search box, without fetching anything:
/// - a bare offer id, e.g. `610947572360`;
/// - an offer page of 1688, e.g. `https://detail.1688.com/offer/610947572360.html` or
///   `m.1688.com/offer/610947572360.html`;
/// - a 1688 link naming the offer in a parameter, e.g. `https://m.1688.com/page/offerdetail.html?offerId=610947572360`;
/// - a sourcing agent's link that carries a 1688 offer link (percent-encoded, once or twice) or
///   an offer id in a parameter, in its query or in the query of its `#` fragment, e.g.
///   `https://agent.example/buy?url=https%3A%2F%2Fdetail.1688.com%2Foffer%2F610947572360.html`
///   or `https://agent.example/item?platform=1688&id=610947572360`.
pub fn offer_id_in(keyword: &str) -> Option<ProductId> {
    let keyword = keyword.trim();
    if keyword.len() >= 6
        && let Ok(id) = keyword.parse::<ProductId>()
    {
        return Some(id);
    }
    offer_in_link(keyword, 0)
}

/// A link taken apart: the host (lower case, no port), the path and its parameters (those of the
/// query and those of the fragment's own query, decoded).
struct Link<'a> {
    host: String,
    path: &'a str,
    params: Vec<(String, String)>,
}

impl<'a> Link<'a> {
    /// `None` unless `text` looks like a link: a host with a dot, with or without a scheme.
    fn parse(text: &'a str) -> Option<Link<'a>> {
        let rest = match text.find("://") {
            Some(at) if text[..at].chars().all(|c| c.is_ascii_alphanumeric()) => &text[at + 3..],
            _ => text.strip_prefix("//").unwrap_or(text),
        };
        let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let authority = &rest[..authority_end];
        let host = authority.rsplit('@').next()?.split(':').next()?;
        if !host.contains('.') || host.chars().any(|c| c.is_whitespace()) {
            return None;
        }
        let after = &rest[authority_end..];
        let (before_fragment, fragment) = after.split_once('#').unwrap_or((after, ""));
        let (path, query) = before_fragment
            .split_once('?')
            .unwrap_or((before_fragment, ""));
        let fragment_query = fragment.split_once('?').map_or("", |(_, q)| q);
        let params = [query, fragment_query]
            .iter()
            .flat_map(|q| form_urlencoded::parse(q.as_bytes()))
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        Some(Link {
            host: host.to_ascii_lowercase(),
            path,
            params,
        })
    }

    fn is_1688(&self) -> bool {
        self.host == "1688.com" || self.host.ends_with(".1688.com")
    }

    /// The id of `/offer/{id}.html` (or `/offer/{id}` followed by nothing, `?`, `#` or `/`).
    fn offer_path_id(&self) -> Option<ProductId> {
        let lower = self.path.to_ascii_lowercase();
        let after = &self.path[lower.find("/offer/")? + "/offer/".len()..];
        let digits: String = after.chars().take_while(|c| c.is_ascii_digit()).collect();
        let rest = &after[digits.len()..];
        (digits.len() >= 6
            && (rest.is_empty() || rest.starts_with(".htm") || rest.starts_with('/')))
        .then(|| digits.parse().ok())
        .flatten()
    }

    /// Whether anything but the parameter at `skip` says the link is about 1688.
    fn mentions_1688_besides(&self, skip: usize) -> bool {
        self.is_1688()
            || self.path.contains("1688")
            || self
                .params
                .iter()
                .enumerate()
                .any(|(i, (k, v))| i != skip && (k.contains("1688") || v.contains("1688")))
    }
}

/// The offer a link leads to (see [`offer_id_in`]); links nested in parameters are followed at
/// most [`MAX_LINK_DEPTH`] deep.
fn offer_in_link(text: &str, depth: usize) -> Option<ProductId> {
    let link = Link::parse(text)?;
    if link.is_1688()
        && let Some(id) = link.offer_path_id()
    {
        return Some(id);
    }
    for (index, (key, value)) in link.params.iter().enumerate() {
        let value = value.trim();
        let key = key.to_ascii_lowercase();
        let is_id = value.len() >= 6 && value.bytes().all(|b| b.is_ascii_digit());
        if is_id
            && (OFFER_ID_KEYS.contains(&key.as_str())
                || (ITEM_ID_KEYS.contains(&key.as_str()) && link.mentions_1688_besides(index)))
            && let Ok(id) = value.parse()
        {
            return Some(id);
        }
        if depth < MAX_LINK_DEPTH && value.contains("1688") {
            if let Some(id) = offer_in_link(value, depth + 1) {
                return Some(id);
            }
            // Encoded twice: the parameter still holds percent-encoded text.
            if value.contains('%') {
                let decoded: String = form_urlencoded::parse(format!("x={value}").as_bytes())
                    .map(|(_, v)| v.into_owned())
                    .next()
                    .unwrap_or_default();
                if let Some(id) = offer_in_link(&decoded, depth + 1) {
                    return Some(id);
                }
            }
        }
    }
    None
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

    /// The query string of a link made by [`link`].
    fn query_of(link: &str) -> &str {
        link.split_once('?').map_or("", |(_, query)| query)
    }

    #[test]
    fn links_round_trip() {
        let original =
            parse("q=a%26b+c&category=7&min_price=1&max_price=2.5&sort=sales&page=2&page_size=10")
                .unwrap();
        let again = parse(query_of(&link("/products", &original, original.page))).unwrap();
        assert_eq!(again, original);
    }

    #[test]
    fn a_link_is_the_path_and_its_query_string_or_the_bare_path() {
        let query = parse("q=a%26b+c&sort=sales").unwrap();
        assert_eq!(
            link("/search", &query, 3),
            "/search?q=a%26b+c&sort=sales&page=3"
        );
        assert_eq!(link("/products", &SearchQuery::default(), 1), "/products");
    }

    #[test]
    fn a_category_link_keeps_every_other_filter_at_page_one() {
        let query = parse(
            "q=%E6%89%8B%E6%9C%BA&category=7&max_price=20&sort=price_asc&page=4&page_size=10&verified_factory=1",
        )
        .unwrap();
        let links = ListingLinks::new("/search", &query);
        let in_category = SearchQuery {
            category: Some(CategoryId(9)),
            page: 1,
            ..query.clone()
        };
        assert_eq!(
            links.category(CategoryId(9)),
            "/search?q=%E6%89%8B%E6%9C%BA&category=9&max_price=20&sort=price_asc&page_size=10&verified_factory=1"
        );
        assert_eq!(
            parse(query_of(&links.category(CategoryId(9)))).unwrap(),
            in_category
        );
        assert_eq!(
            ListingLinks::new("/products", &SearchQuery::default()).category(CategoryId(9)),
            "/products?category=9"
        );
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

    #[test]
    fn mobile_links_with_an_offer_id_parameter_are_recognised() {
        let id = Some(ProductId(610947572360));
        assert_eq!(
            offer_id_in("https://m.1688.com/page/offerdetail.html?offerId=610947572360"),
            id
        );
        assert_eq!(
            offer_id_in(
                "http://detail.m.1688.com/page/index.htm?spm=a2.b&offerId=610947572360#top"
            ),
            id
        );
        assert_eq!(offer_id_in("m.1688.com/offer/610947572360.html?spm=x"), id);
    }

    #[test]
    fn sourcing_agent_links_carrying_an_offer_are_decoded() {
        let id = Some(ProductId(610947572360));
        let once = "https://agent.example/en/page/buy/?nTag=Home-search&url=https%3A%2F%2Fdetail.1688.com%2Foffer%2F610947572360.html%3Fspm%3Da26";
        assert_eq!(offer_id_in(once), id);
        let twice = "https://agent.example/buy?url=https%253A%252F%252Fdetail.1688.com%252Foffer%252F610947572360.html";
        assert_eq!(offer_id_in(twice), id);
        let in_fragment = "https://www.agent.example/#/home/productDetail?productLink=https%3A%2F%2Fm.1688.com%2Foffer%2F610947572360.html";
        assert_eq!(offer_id_in(in_fragment), id);
        assert_eq!(
            offer_id_in("https://agent.example/item?platform=1688&id=610947572360"),
            id
        );
        assert_eq!(
            offer_id_in("https://agent.example/1688/item?itemID=610947572360"),
            id
        );
        assert_eq!(
            offer_id_in("https://agent.example/product?offerId=610947572360"),
            id
        );
    }

    #[test]
    fn a_1688_search_link_gives_its_keyword_in_gbk_or_utf8() {
        let search = "https://s.1688.com/selloffer/offer_search.htm";
        // 1688's own links: GBK (手机 is CA D6 BB FA).
        let gbk = format!("{search}?keywords=%CA%D6%BB%FA&n=y&netType=1#sm-filtbar");
        assert_eq!(keyword_in_link(&gbk).as_deref(), Some("手机"));
        // GBK that is valid UTF-8 as well: 女装 (C5AE D7B0) would read "Ůװ", 鞋 (D0AC) "Ь".
        assert_eq!(
            keyword_in_link(&format!("{search}?keywords=%C5%AE%D7%B0")).as_deref(),
            Some("女装")
        );
        assert_eq!(
            keyword_in_link(&format!("{search}?keywords=%D0%AC&n=y")).as_deref(),
            Some("鞋")
        );
        // UTF-8: said so by the link, or made elsewhere without saying.
        assert_eq!(
            keyword_in_link(&format!(
                "{search}?keywords=%E5%A5%B3%E8%A3%85&charset=utf8"
            ))
            .as_deref(),
            Some("女装")
        );
        assert_eq!(
            keyword_in_link(&format!("{search}?spm=a26&keywords=%E6%89%8B%E6%9C%BA")).as_deref(),
            Some("手机")
        );
        assert_eq!(
            keyword_in_link("s.1688.com/selloffer/offer_search.htm?keywords=phone+case%20+pro")
                .as_deref(),
            Some("phone case pro")
        );
        assert_eq!(
            keyword_in_link(&format!("{search}?keywords=100%25+cotton%")).as_deref(),
            Some("100% cotton%")
        );
        for not_one in [
            format!("{search}?keywords="),
            format!("{search}?keywords=+%20+"),
            format!("{search}?q=phone"),
            "https://s.taobao.com/search?keywords=phone".to_string(),
            "https://detail.1688.com/offer/610947572360.html?keywords=phone".to_string(),
            "offer_search keywords=phone".to_string(),
        ] {
            assert_eq!(keyword_in_link(&not_one), None, "{not_one}");
        }
    }

    #[test]
    fn links_that_are_not_about_1688_open_nothing() {
        assert_eq!(
            offer_id_in("https://agent.example/item?platform=taobao&id=610947572360"),
            None
        );
        assert_eq!(
            offer_id_in(
                "https://agent.example/buy?url=https%3A%2F%2Fitem.taobao.com%2Fitem.htm%3Fid%3D610947572360"
            ),
            None
        );
        assert_eq!(
            offer_id_in("https://evil.example/offer/610947572360.html?x=1688.com"),
            None
        );
        assert_eq!(
            offer_id_in("https://m.1688.com/page/offerdetail.html?offerId=12"),
            None
        );
        assert_eq!(offer_id_in("1688 phone case"), None);
    }

    #[test]
    fn a_long_agent_link_in_q_is_read_before_the_keyword_limit() {
        let link = format!(
            "https://agent.example/buy?ref={}&url=https%3A%2F%2Fdetail.1688.com%2Foffer%2F610947572360.html",
            "x".repeat(300)
        );
        let raw = format!(
            "q={}",
            form_urlencoded::byte_serialize(link.as_bytes()).collect::<String>()
        );
        assert_eq!(offer_in_search(Some(&raw)), Some(ProductId(610947572360)));
        assert_eq!(offer_in_search(Some("q=phone")), None);
        assert_eq!(offer_in_search(Some("q=610947572360&q=1")), None);
    }

    #[test]
    fn buyer_filters_are_read_and_kept_in_links() {
        let q = parse(
            "q=cup&ships_within=24&verified_factory=1&min_monthly_sales=100&max_moq=50&page=2",
        )
        .unwrap();
        assert_eq!(q.ships_within, Some(ShipWithin::Hours24));
        assert!(q.verified_factory);
        assert_eq!(q.min_monthly_sales, Some(100));
        assert_eq!(q.max_moq, Some(50));
        assert_eq!(parse(query_of(&link("/search", &q, 2))).unwrap(), q);
        assert!(!parse("verified_factory=0").unwrap().verified_factory);
    }

    #[test]
    fn bad_buyer_filters_name_their_parameter() {
        for (query, param) in [
            ("ships_within=12", "ships_within"),
            ("ships_within=24h", "ships_within"),
            ("verified_factory=yes", "verified_factory"),
            ("verified_factory=2", "verified_factory"),
            ("min_monthly_sales=-1", "min_monthly_sales"),
            ("min_monthly_sales=abc", "min_monthly_sales"),
            ("min_monthly_sales=99999999999", "min_monthly_sales"),
            ("max_moq=0", "max_moq"),
            ("max_moq=1.5", "max_moq"),
            ("max_moq=1&max_moq=2", "max_moq"),
        ] {
            assert_eq!(param_of(query), param, "{query}");
        }
    }

    #[test]
    fn filters_a_source_cannot_apply_are_refused_by_name() {
        let q = parse("q=cup&max_moq=10").unwrap();
        let live = BuyerFilters {
            max_moq: false,
            ..BuyerFilters::ALL
        };
        assert_eq!(check_buyer_filters(&q, live).unwrap_err().param, "max_moq");
        assert!(check_buyer_filters(&q, BuyerFilters::ALL).is_ok());
        assert!(check_buyer_filters(&parse("q=cup").unwrap(), BuyerFilters::default()).is_ok());
    }
}
