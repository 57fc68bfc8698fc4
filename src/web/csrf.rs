//! Cross-site request forgery: a form of this store may be posted only from this store's own
//! pages. Browsers say where a request comes from (`Sec-Fetch-Site`, `Origin`); a POST that
//! another site made is refused with a 403 page. A same-site form post from an old browser that
//! sends neither header passes (no other site can make such a browser send a cookie-bearing
//! cross-site POST with `SameSite=Lax` cookies anyway).

use axum::http::{HeaderMap, header};

use crate::config::Config;
use crate::web::error::AppError;

/// Refuses a request that another site made: `Sec-Fetch-Site` other than `same-origin` or `none`
/// (a sibling subdomain is `same-site`, and is another site too), or an `Origin` that is neither
/// this request's own host nor `SITE_URL`.
pub fn check(headers: &HeaderMap, config: &Config) -> Result<(), AppError> {
    let fetch_site = headers
        .get("sec-fetch-site")
        .and_then(|v| v.to_str().ok())
        .map(str::to_ascii_lowercase);
    if fetch_site.is_some_and(|site| !matches!(site.as_str(), "same-origin" | "none")) {
        return Err(AppError::CrossSite);
    }
    let Some(origin) = headers.get(header::ORIGIN) else {
        return Ok(());
    };
    let origin = origin.to_str().map_err(|_| AppError::CrossSite)?;
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    if is_own_origin(origin, host, &config.site_url) {
        Ok(())
    } else {
        Err(AppError::CrossSite)
    }
}

/// Whether `origin` (`scheme://host[:port]`, or `null`) is this store: the host the request was
/// sent to, or the public `SITE_URL`.
fn is_own_origin(origin: &str, host: Option<&str>, site_url: &str) -> bool {
    let origin = origin.trim().to_ascii_lowercase();
    let Some((scheme, authority)) = origin.split_once("://") else {
        return false; // `null`: a sandboxed or privacy-hiding context, never our own page
    };
    if !matches!(scheme, "http" | "https") || authority.contains('/') {
        return false;
    }
    let own_host = host.is_some_and(|h| h.trim().eq_ignore_ascii_case(authority));
    let site = site_url.trim_end_matches('/').to_ascii_lowercase();
    own_host || site == origin
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_static(value));
        }
        map
    }

    fn allowed(pairs: &[(&'static str, &'static str)]) -> bool {
        check(&headers(pairs), &Config::for_tests()).is_ok()
    }

    #[test]
    fn posts_from_this_store_pass() {
        assert!(allowed(&[
            ("host", "127.0.0.1:3000"),
            ("origin", "http://127.0.0.1:3000"),
            ("sec-fetch-site", "same-origin"),
        ]));
        assert!(allowed(&[
            ("host", "shop.example"),
            ("origin", "https://SHOP.example")
        ]));
        // An old browser that sends neither header.
        assert!(allowed(&[("host", "shop.example")]));
    }

    #[test]
    fn posts_from_other_sites_are_refused() {
        assert!(!allowed(&[
            ("host", "shop.example"),
            ("sec-fetch-site", "cross-site")
        ]));
        assert!(!allowed(&[
            ("host", "shop.example"),
            ("origin", "https://evil.example")
        ]));
        assert!(!allowed(&[
            ("host", "shop.example"),
            ("sec-fetch-site", "same-site")
        ]));
        assert!(!allowed(&[("host", "shop.example"), ("origin", "null")]));
        assert!(!allowed(&[
            ("host", "shop.example"),
            ("origin", "https://shop.example.evil.example")
        ]));
        assert!(!allowed(&[("origin", "https://evil.example")]));
    }

    #[test]
    fn the_configured_site_url_counts_as_this_store() {
        assert!(is_own_origin(
            "https://shop.example",
            Some("10.0.0.5:3000"),
            "https://shop.example/"
        ));
    }
}
