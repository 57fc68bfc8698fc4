//! The gateway's `_aop_signature`, implemented here on its own (not shared with the storefront's
//! signing code) so that the stand-in is an independent check of it.

use hmac::{Hmac, KeyInit, Mac};
use sha1::Sha1;

/// The gateway's signature, implemented here on its own for an independent check:
/// `HEX(HMAC-SHA1(secret, urlPath + concat(sorted(key + value))))`.
pub fn expected_signature(secret: &str, url_path: &str, params: &[(String, String)]) -> String {
    let mut parts: Vec<Vec<u8>> = params
        .iter()
        .map(|(k, v)| [k.as_bytes(), v.as_bytes()].concat())
        .collect();
    parts.sort();
    let mut mac = Hmac::<Sha1>::new_from_slice(secret.as_bytes()).expect("any key length");
    mac.update(url_path.as_bytes());
    for part in &parts {
        mac.update(part);
    }
    hex::encode_upper(mac.finalize().into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn owned(params: &[(&str, &str)]) -> Vec<(String, String)> {
        params
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn stand_in_signature_matches_the_spec_vectors() {
        assert_eq!(
            expected_signature(
                "test123",
                "param2/1/system/currentTime/1000000",
                &owned(&[("b", "2"), ("a", "1")])
            ),
            "33E54F4F7B989E3E0E912D3FBD2F1A03CA7CCE88"
        );
        assert_eq!(
            expected_signature(
                "1a2b3c4d5e6f7g8h9i0j",
                "param2/1/com.alibaba.fenxiao.crossborder/product.search.keywordQuery/12345678",
                &owned(&[
                    ("pageSize", "20"),
                    ("_aop_timestamp", "1700000000000"),
                    ("keywords", "手机"),
                    ("page", "1")
                ])
            ),
            "64410404DBCC4E5A8D0B4B5126AA7B3707627E5A"
        );
        assert_eq!(
            expected_signature(
                "1a2b3c4d5e6f7g8h9i0j",
                "param2/1/com.alibaba.product/alibaba.category.get/12345678",
                &owned(&[("categoryID", "0"), ("_aop_timestamp", "1700000000000")])
            ),
            "AA7C046B1C5D6C74A27F38044F1F5899F42584D2"
        );
    }
}
