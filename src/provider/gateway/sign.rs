//! The `_aop_signature` of the 1688 gateway (spec §2), as a pure function.
//!
//! The gateway signs `urlPath + concat(sort(key + value))` with HMAC-SHA1 keyed by the app secret and
//! expects the digest as uppercase hex. Values are signed raw (UTF-8, not URL-encoded); the caller
//! must sign exactly the params it sends, minus `_aop_signature` itself.

use hmac::{Hmac, KeyInit, Mac};
use sha1::Sha1;

/// `param2/{version}/{namespace}/{name}/{appKey}`: the path that is signed (no leading slash, no host,
/// no `openapi/`).
pub fn url_path(version: u32, namespace: &str, name: &str, app_key: &str) -> String {
    format!("param2/{version}/{namespace}/{name}/{app_key}")
}

/// Computes `_aop_signature` for `params` sent to `url_path`.
///
/// The strings `key + value` are sorted by bytes, as the official SDKs do (which differs from
/// sorting by key only when one key is a prefix of another).
pub fn signature(secret: &[u8], url_path: &str, params: &[(&str, &str)]) -> String {
    let mut pairs: Vec<String> = params.iter().map(|(k, v)| format!("{k}{v}")).collect();
    pairs.sort_unstable();

    let mut mac = Hmac::<Sha1>::new_from_slice(secret).expect("HMAC accepts keys of any length");
    mac.update(url_path.as_bytes());
    for pair in &pairs {
        mac.update(pair.as_bytes());
    }
    hex::encode_upper(mac.finalize().into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &[u8] = b"1a2b3c4d5e6f7g8h9i0j";
    const TS: (&str, &str) = ("_aop_timestamp", "1700000000000");

    #[test]
    fn v0_alibabas_published_example() {
        let path = url_path(1, "system", "currentTime", "1000000");
        let sig = signature(b"test123", &path, &[("b", "2"), ("a", "1")]);
        assert_eq!(sig, "33E54F4F7B989E3E0E912D3FBD2F1A03CA7CCE88");
    }

    #[test]
    fn v1_product_get_with_timestamp() {
        let path = url_path(1, "com.alibaba.product", "alibaba.product.get", "12345678");
        let sig = signature(
            SECRET,
            &path,
            &[("webSite", "1688"), ("productID", "610947572360"), TS],
        );
        assert_eq!(sig, "8B5C299BDB651B7268373929811E3F9DC30B2D67");
    }

    #[test]
    fn v2_chinese_values_are_signed_as_raw_utf8() {
        let path = url_path(
            1,
            "com.alibaba.fenxiao.crossborder",
            "product.search.keywordQuery",
            "12345678",
        );
        let sig = signature(
            SECRET,
            &path,
            &[("pageSize", "20"), ("keywords", "手机"), ("page", "1"), TS],
        );
        assert_eq!(sig, "64410404DBCC4E5A8D0B4B5126AA7B3707627E5A");
    }

    #[test]
    fn v3_current_time() {
        let path = url_path(1, "system", "currentTime", "12345678");
        assert_eq!(
            signature(SECRET, &path, &[TS]),
            "7F87E77782D3E1992CDBC4AE5686ABB16C136D35"
        );
    }

    #[test]
    fn v4_category_get_for_the_roots() {
        let path = url_path(1, "com.alibaba.product", "alibaba.category.get", "12345678");
        assert_eq!(
            signature(SECRET, &path, &[("categoryID", "0"), TS]),
            "AA7C046B1C5D6C74A27F38044F1F5899F42584D2"
        );
    }

    #[test]
    fn order_of_params_does_not_matter() {
        let path = url_path(1, "system", "currentTime", "1000000");
        assert_eq!(
            signature(b"test123", &path, &[("a", "1"), ("b", "2")]),
            signature(b"test123", &path, &[("b", "2"), ("a", "1")])
        );
    }

    #[test]
    fn concatenated_strings_are_sorted_not_keys() {
        // Keys "a" and "ab": by key, "a" comes first; by "key+value", "ab1" < "az" puts "ab" first.
        // Both orders give different messages, so the signature tells which rule was followed.
        let path = "p";
        let official = {
            let mut mac = Hmac::<Sha1>::new_from_slice(b"k").unwrap();
            mac.update(b"pab1az");
            hex::encode_upper(mac.finalize().into_bytes())
        };
        assert_eq!(signature(b"k", path, &[("a", "z"), ("ab", "1")]), official);
    }
}
