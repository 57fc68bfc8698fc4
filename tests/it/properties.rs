//! Property tests: any input gives a typed result or a clear error, never a panic or a 500.

use proptest::prelude::*;
use storefront::catalog::{CategoryId, MAX_PAGE, MAX_PAGE_SIZE, SearchQuery};
use storefront::provider::gateway::sign::signature;
use storefront::web::params::{ListingLinks, SEARCH_PARAMS, link, offer_id_in, parse_search};

use crate::support::*;

/// A query string made of known and unknown keys with arbitrary (percent-encoded) values.
fn query_strings() -> impl Strategy<Value = String> {
    let value = prop_oneof![
        any::<String>(),
        "[0-9]{0,12}",
        "-?[0-9]{1,6}(\\.[0-9]{0,4})?",
        Just("NaN".to_string()),
        Just("<script>alert(1)</script>".to_string()),
    ];
    let mut keys = SEARCH_PARAMS.to_vec();
    keys.push("other");
    prop::collection::vec((prop::sample::select(keys), value), 0..6).prop_map(|pairs| {
        let mut out = form_urlencoded::Serializer::new(String::new());
        for (k, v) in pairs {
            out.append_pair(k, &v);
        }
        out.finish()
    })
}

/// The query string of a link, if it has one.
fn query_of(link: &str) -> Option<&str> {
    link.split_once('?').map(|(_, query)| query)
}

proptest! {
    #[test]
    fn parsing_any_raw_query_never_panics(raw in any::<String>()) {
        let _ = parse_search(Some(&raw));
    }

    #[test]
    fn parsed_queries_are_within_their_bounds(raw in query_strings()) {
        match parse_search(Some(&raw)) {
            Ok(q) => {
                prop_assert!((1..=MAX_PAGE).contains(&q.page));
                prop_assert!((1..=MAX_PAGE_SIZE).contains(&q.page_size));
                if let (Some(min), Some(max)) = (q.min_price, q.max_price) {
                    prop_assert!(min <= max);
                }
                prop_assert!(q.min_price.is_none_or(|p| !p.is_sign_negative()));
                prop_assert!(q.keyword.as_ref().is_none_or(|k| k.chars().count() <= 200 && !k.chars().any(char::is_control)));
                // What pagination links produce parses back to the same query, and a category
                // link to the same query in that category, at page 1.
                let page_link = link("/products", &q, q.page);
                prop_assert_eq!(parse_search(query_of(&page_link)), Ok(q.clone()));
                let in_category = SearchQuery { category: Some(CategoryId(9)), page: 1, ..q.clone() };
                let category_link = ListingLinks::new("/products", &q).category(CategoryId(9));
                prop_assert_eq!(parse_search(query_of(&category_link)), Ok(in_category));
            }
            Err(e) => prop_assert!(SEARCH_PARAMS.contains(&e.param)),
        }
    }

    #[test]
    fn offer_detection_never_panics(s in any::<String>()) {
        let _ = offer_id_in(&s);
    }

    #[test]
    fn any_signature_input_gives_forty_uppercase_hex_digits_whatever_the_param_order(
        secret in any::<Vec<u8>>(),
        path in any::<String>(),
        params in prop::collection::vec((any::<String>(), any::<String>()), 0..6),
    ) {
        let pairs: Vec<(&str, &str)> = params.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let signed = signature(&secret, &path, &pairs);
        prop_assert_eq!(signed.len(), 40);
        prop_assert!(signed.bytes().all(|b| b.is_ascii_digit() || (b'A'..=b'F').contains(&b)));
        let mut reversed = pairs.clone();
        reversed.reverse();
        prop_assert_eq!(signature(&secret, &path, &reversed), signed);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn no_listing_query_gets_a_server_error(raw in query_strings()) {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        for path in ["/products", "/search", "/api/products"] {
            let response = runtime.block_on(get(&format!("{path}?{raw}")));
            prop_assert!(!response.status.is_server_error(), "{}?{} -> {}", path, raw, response.status);
            if !path.starts_with("/api/") {
                prop_assert!(!response.body.contains("<script>alert"));
            }
        }
    }
}
