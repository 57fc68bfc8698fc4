//! Image search: find the products (and factories) behind a photo.
//!
//! - `GET /search/image`: the form on a page of its own;
//! - `POST /search/image` (`multipart/form-data`: `image`, a JPEG, PNG or WebP file of up to 5 MB,
//!   or `image_url`, the `https` address of an image on `*.alicdn.com`) → 303 to the results;
//! - `GET /search/image/{key}`: the results, pageable (`page`, `page_size`), with the price sort
//!   and filters (`sort`, `min_price`, `max_price`), for as long as the image is kept;
//! - `GET /search/image/{key}/photo.jpg`: the shopper's photo as a thumbnail, served by the store;
//! - `POST /api/search/image`: the same form, answered with the first page as JSON.
//!
//! The store never fetches an address a visitor typed; a photo is normalized (see
//! [`crate::photos`]) before anything is kept or sent upstream. Forms from other sites are refused.

use std::sync::Arc;

use askama::Template;
use axum::Json;
use axum::extract::multipart::{Field, MultipartError, MultipartRejection};
use axum::extract::{Multipart, Path, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Redirect, Response};
use reqwest::Url;
use serde::Serialize;

use crate::AppState;
use crate::catalog::{ImageKey, ImageMatch, ImageQuery, Page, SearchImage, SearchQuery};
use crate::photos::store::KeptImage;
use crate::photos::{MAX_DIMENSION, MAX_PIXELS, MAX_UPLOAD_BYTES, PhotoError};
use crate::provider::{DataSource, Need};
use crate::web::crawlers::Visitor;
use crate::web::csrf;
use crate::web::error::{AppError, ErrorInfo};
use crate::web::layout::{Layout, render, render_page};
use crate::web::params::{ListingLinks, link, parse_search};
use crate::web::products::{PageLink, pagination};

/// The whole form may be this large: the photo and a little for the other fields and the
/// multipart framing. Larger bodies are refused (413) before they are read in full.
pub const MAX_BODY_BYTES: usize = MAX_UPLOAD_BYTES + 64 * 1024;
/// The longest image address accepted.
const MAX_ADDRESS_CHARS: usize = 2048;
/// Form fields read at most (a browser sends two).
const MAX_FIELDS: usize = 8;

/// Why an image search cannot be made or shown; each names the problem for the shopper.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImageSearchError {
    #[error("the form came from another site")]
    CrossSite,
    #[error("the request is not a multipart/form-data form")]
    NotAForm,
    #[error("the form could not be read")]
    BrokenForm,
    #[error("the upload is too large")]
    TooLarge,
    #[error("no photo and no image address")]
    Missing,
    #[error("both a photo and an image address")]
    Both,
    #[error("the photo cannot be used: {0}")]
    Photo(#[from] PhotoError),
    #[error("the image address is not accepted")]
    BadAddress,
    #[error("image addresses are not searched with sample data")]
    AddressesUnsupported,
    #[error("image search is not offered")]
    Unsupported,
    #[error("too many uploads at once")]
    Busy,
    #[error("the image search is no longer kept")]
    Expired,
}

impl ImageSearchError {
    pub fn info(&self) -> ErrorInfo {
        let (status, code, title, message, parameter): (_, _, &str, String, _) = match self {
            ImageSearchError::CrossSite => (
                StatusCode::FORBIDDEN,
                "cross_site",
                "Form from another site",
                "This image search was sent from another website. Search from this store's own pages.".into(),
                None,
            ),
            ImageSearchError::NotAForm => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "not_multipart",
                "Not an upload form",
                "Image search takes a multipart/form-data form with the field “image” (a photo) or “image_url” (the address of a 1688 image).".into(),
                None,
            ),
            ImageSearchError::BrokenForm => (
                StatusCode::BAD_REQUEST,
                "broken_form",
                "Form could not be read",
                "The uploaded form was incomplete or malformed. Please choose the photo again and resend.".into(),
                None,
            ),
            ImageSearchError::TooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "too_large",
                "File too large",
                format!(
                    "The photo is larger than {} MB. Choose a smaller photo, or a screenshot of it.",
                    MAX_UPLOAD_BYTES / (1024 * 1024)
                ),
                Some("image"),
            ),
            ImageSearchError::Missing => (
                StatusCode::BAD_REQUEST,
                "missing_image",
                "No photo chosen",
                "Choose a photo (JPEG, PNG or WebP, up to 5 MB) or paste the address of a 1688 image, then search.".into(),
                Some("image"),
            ),
            ImageSearchError::Both => (
                StatusCode::BAD_REQUEST,
                "photo_and_address",
                "A photo and an address",
                "Search with a photo or with the address of a 1688 image, not both at once.".into(),
                Some("image_url"),
            ),
            ImageSearchError::Photo(problem) => photo_problem(problem),
            ImageSearchError::BadAddress => (
                StatusCode::BAD_REQUEST,
                "invalid_image_url",
                "Image address not accepted",
                "Only the https address of an image on 1688's image host is accepted, e.g. https://cbu01.alicdn.com/img/ibank/….jpg. For any other picture, save it and upload the file.".into(),
                Some("image_url"),
            ),
            ImageSearchError::AddressesUnsupported => (
                StatusCode::BAD_REQUEST,
                "image_url_unsupported",
                "Addresses need live 1688 data",
                "This store shows sample data, which is matched by appearance against uploaded photos only. Save the picture and upload the file instead.".into(),
                Some("image_url"),
            ),
            ImageSearchError::Unsupported => (
                StatusCode::NOT_FOUND,
                "not_found",
                "Image search not offered",
                "This store's data source has no image search. Search by keyword instead.".into(),
                None,
            ),
            ImageSearchError::Busy => (
                StatusCode::SERVICE_UNAVAILABLE,
                "overloaded",
                "Busy right now",
                "The store is receiving many photos at once. Please send yours again in a moment.".into(),
                None,
            ),
            ImageSearchError::Expired => (
                StatusCode::NOT_FOUND,
                "image_search_expired",
                "Image search not found",
                "This image search is not kept any more (searches are kept for a limited time), or the address is mistyped. Search with the photo again.".into(),
                None,
            ),
        };
        ErrorInfo {
            status,
            code,
            title: title.into(),
            message,
            parameter,
            retry_after: None,
            queued: false,
            link_status: false,
            upstream: None,
        }
    }
}

type Problem = (
    StatusCode,
    &'static str,
    &'static str,
    String,
    Option<&'static str>,
);

fn photo_problem(problem: &PhotoError) -> Problem {
    let accepted = "Image search takes JPEG, PNG or WebP photos of up to 5 MB";
    match problem {
        PhotoError::Empty => (
            StatusCode::BAD_REQUEST,
            "empty_image",
            "The file is empty",
            format!("The chosen file has no content. {accepted}."),
            Some("image"),
        ),
        PhotoError::NotAnImage => (
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "not_an_image",
            "Not an image",
            format!("The chosen file is not an image, whatever its name says. {accepted}."),
            Some("image"),
        ),
        PhotoError::UnsupportedFormat(format) => (
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_image",
            "Image format not accepted",
            format!("{format} images are not accepted. {accepted}."),
            Some("image"),
        ),
        PhotoError::TooManyPixels => (
            StatusCode::UNPROCESSABLE_ENTITY,
            "image_too_many_pixels",
            "Image too large",
            format!(
                "The image has too many pixels (at most {MAX_DIMENSION} on a side and {} million in all). Choose a smaller photo.",
                MAX_PIXELS / 1_000_000
            ),
            Some("image"),
        ),
        PhotoError::Damaged => (
            StatusCode::UNPROCESSABLE_ENTITY,
            "damaged_image",
            "Image damaged",
            "The image is damaged or incomplete and cannot be read. Save the photo again and upload the new file.".into(),
            Some("image"),
        ),
    }
}

/// `GET /search/image`: the form alone.
pub async fn form(State(state): State<AppState>) -> Result<Response, AppError> {
    if !state.provider.capabilities().image_search.photos() {
        return Err(ImageSearchError::Unsupported.into());
    }
    Ok(render(&FormPage {
        layout: Layout::new(&state, "Search by image")
            .describe(
                "Find 1688 offers, and so the factories behind them, from a photo of a product.",
            )
            .canonical("/search/image")
            .noindex(),
    }))
}

#[derive(Template)]
#[template(path = "image_search_form.html")]
struct FormPage {
    layout: Layout,
}

/// `POST /search/image`: keeps the image and sends the shopper to its results.
pub async fn submit(
    State(state): State<AppState>,
    uri: Uri,
    headers: HeaderMap,
    form: Result<Multipart, MultipartRejection>,
) -> Result<Response, AppError> {
    let key = receive(&state, &request_headers(&uri, headers), form).await?;
    Ok(Redirect::to(&results_path(&key)).into_response())
}

/// The request's headers, with `Host` taken from the request target when the client sent none
/// (HTTP/2 carries it as `:authority`).
fn request_headers(uri: &Uri, mut headers: HeaderMap) -> HeaderMap {
    if !headers.contains_key(header::HOST)
        && let Some(value) = uri
            .authority()
            .and_then(|authority| HeaderValue::from_str(authority.as_str()).ok())
    {
        headers.insert(header::HOST, value);
    }
    headers
}

/// Where the results of `key` are shown.
fn results_path(key: &ImageKey) -> String {
    format!("/search/image/{key}")
}

/// The form read, checked and its image kept; the key of its results.
async fn receive(
    state: &AppState,
    headers: &HeaderMap,
    form: Result<Multipart, MultipartRejection>,
) -> Result<ImageKey, ImageSearchError> {
    csrf::check(headers, &state.config).map_err(|_| ImageSearchError::CrossSite)?;
    let support = state.provider.capabilities().image_search;
    if !support.photos() {
        return Err(ImageSearchError::Unsupported);
    }
    let _slot = state.photos.upload_slot().ok_or(ImageSearchError::Busy)?;
    let form = read_form(form.map_err(|_| ImageSearchError::NotAForm)?).await?;
    let kept = match form {
        Submitted::Photo(upload) => {
            let photo = state.photos.normalize(upload).await?;
            KeptImage {
                image: SearchImage::Photo {
                    key: photo.key,
                    jpeg: photo.jpeg,
                },
                thumbnail: Some(photo.thumbnail),
            }
        }
        Submitted::Address(raw) => {
            let url = image_address(&raw).ok_or(ImageSearchError::BadAddress)?;
            if !support.addresses() {
                return Err(ImageSearchError::AddressesUnsupported);
            }
            KeptImage {
                image: SearchImage::Address {
                    key: ImageKey::for_address(&url),
                    url,
                },
                thumbnail: None,
            }
        }
    };
    let key = kept.image.key().clone();
    state.photos.store.keep(kept);
    Ok(key)
}

/// What the form holds: a photo's bytes, or an image address as typed.
enum Submitted {
    Photo(Vec<u8>),
    Address(String),
}

/// Reads the form's fields, each within its bound (the photo within [`MAX_UPLOAD_BYTES`]).
async fn read_form(mut form: Multipart) -> Result<Submitted, ImageSearchError> {
    let mut photo: Option<Vec<u8>> = None;
    let mut address: Option<String> = None;
    for _ in 0..MAX_FIELDS {
        let Some(field) = form.next_field().await.map_err(form_error)? else {
            return match (photo, address) {
                (Some(_), Some(_)) => Err(ImageSearchError::Both),
                (Some(photo), None) => Ok(Submitted::Photo(photo)),
                (None, Some(address)) => Ok(Submitted::Address(address)),
                (None, None) => Err(ImageSearchError::Missing),
            };
        };
        match field.name() {
            Some("image") => {
                // A browser sends an empty part without a file name when no file was chosen.
                let chosen = field.file_name().is_some_and(|name| !name.is_empty());
                let bytes = read_field(field, MAX_UPLOAD_BYTES).await?;
                if chosen || !bytes.is_empty() {
                    photo = Some(bytes);
                }
            }
            Some("image_url") => {
                let bytes = read_field(field, MAX_ADDRESS_CHARS * 4).await?;
                let text = String::from_utf8_lossy(&bytes).trim().to_string();
                if !text.is_empty() {
                    address = Some(text);
                }
            }
            _ => {
                read_field(field, MAX_ADDRESS_CHARS).await?;
            }
        }
    }
    Err(ImageSearchError::BrokenForm)
}

/// A field's bytes; [`ImageSearchError::TooLarge`] past `limit`, without reading further.
async fn read_field(mut field: Field<'_>, limit: usize) -> Result<Vec<u8>, ImageSearchError> {
    let mut bytes = Vec::new();
    while let Some(chunk) = field.chunk().await.map_err(form_error)? {
        if bytes.len() + chunk.len() > limit {
            return Err(ImageSearchError::TooLarge);
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(bytes)
}

/// A body cut off at the upload limit is too large; anything else is a broken form.
fn form_error(error: MultipartError) -> ImageSearchError {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(&error);
    while let Some(error) = cause {
        if error.is::<http_body_util::LengthLimitError>() {
            return ImageSearchError::TooLarge;
        }
        cause = error.source();
    }
    if error.status() == StatusCode::PAYLOAD_TOO_LARGE {
        ImageSearchError::TooLarge
    } else {
        ImageSearchError::BrokenForm
    }
}

/// The address if it is one the gateway may be given: `https`, on `alicdn.com` or a subdomain,
/// default port, no user name or password, at most [`MAX_ADDRESS_CHARS`]. Normalized (as parsed).
/// The store itself never fetches it.
pub fn image_address(raw: &str) -> Option<String> {
    if raw.chars().count() > MAX_ADDRESS_CHARS {
        return None;
    }
    let url = Url::parse(raw.trim()).ok()?;
    let host = url.host_str()?.to_ascii_lowercase();
    let on_alicdn = host == "alicdn.com" || host.ends_with(".alicdn.com");
    let plain = url.username().is_empty() && url.password().is_none() && url.port().is_none();
    (url.scheme() == "https" && on_alicdn && plain).then(|| url.to_string())
}

/// `GET /search/image/{key}`: the results page.
pub async fn results(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(key): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, AppError> {
    let key: ImageKey = key.parse().map_err(|_| ImageSearchError::Expired)?;
    let filters = filters(raw.as_deref())?;
    let kept = state
        .photos
        .store
        .get(&key)
        .ok_or(ImageSearchError::Expired)?;
    let path = results_path(&key);
    let fetched = search(&state, &kept, &filters, visitor).await?;
    let results = fetched.value;
    let photo = match &kept.image {
        SearchImage::Photo { .. } => format!("{path}/photo.jpg"),
        SearchImage::Address { url, .. } => url.clone(),
    };
    let page = ResultsPage {
        layout: Layout::new(&state, "Products like your photo")
            .with_stale(fetched.stale)
            .describe("1688 offers that look like a shopper's photo.")
            .canonical(&path)
            .noindex(),
        pagination: pagination(&filters, &results, &ListingLinks::new(&path, &filters)),
        photo,
        path,
        results,
        query: filters,
    };
    Ok(render_page(&page, false))
}

/// The listing parameters that apply to an image search: sort, price range and page (a keyword
/// or a category is not part of one, and is ignored).
fn filters(raw: Option<&str>) -> Result<SearchQuery, AppError> {
    let query = parse_search(raw)?;
    Ok(SearchQuery {
        keyword: None,
        category: None,
        ..query
    })
}

async fn search(
    state: &AppState,
    kept: &KeptImage,
    filters: &SearchQuery,
    visitor: Visitor,
) -> Result<crate::provider::Fetched<Page<ImageMatch>>, AppError> {
    let query = ImageQuery {
        image: kept.image.clone(),
        filters: filters.clone(),
    };
    Ok(state
        .provider
        .image_search(&query, visitor.need(Need::Required))
        .await?)
}

#[derive(Template)]
#[template(path = "image_search.html")]
pub struct ResultsPage {
    layout: Layout,
    /// `/search/image/{key}`: where the filter form and the page links go.
    path: String,
    /// The shopper's photo: the store's thumbnail, or the pasted 1688 address.
    photo: String,
    query: SearchQuery,
    results: Page<ImageMatch>,
    pagination: Vec<PageLink>,
}

impl ResultsPage {
    fn href(&self, page: u32) -> String {
        link(&self.path, &self.query, page)
    }

    fn prev_href(&self) -> Option<String> {
        (self.query.page > 1 && self.query.page <= self.results.total_pages())
            .then(|| self.href(self.query.page - 1))
    }

    fn next_href(&self) -> Option<String> {
        self.results
            .has_next()
            .then(|| self.href(self.query.page + 1))
    }

    fn is_sample(&self) -> bool {
        self.layout.source == DataSource::Mock
    }

    fn min_price_value(&self) -> String {
        self.query
            .min_price
            .map(|p| p.to_string())
            .unwrap_or_default()
    }

    fn max_price_value(&self) -> String {
        self.query
            .max_price
            .map(|p| p.to_string())
            .unwrap_or_default()
    }

    fn sorts(&self) -> [crate::catalog::Sort; 4] {
        crate::catalog::Sort::ALL
    }

    fn has_filters(&self) -> bool {
        self.query.min_price.is_some() || self.query.max_price.is_some()
    }
}

/// `GET /search/image/{key}/photo.jpg`: the kept thumbnail of the shopper's photo.
pub async fn photo(
    State(state): State<AppState>,
    Path(key): Path<String>,
) -> Result<Response, AppError> {
    let thumbnail = key
        .parse::<ImageKey>()
        .ok()
        .and_then(|key| state.photos.store.get(&key))
        .and_then(|kept| kept.thumbnail)
        .ok_or(AppError::NotFound("image"))?;
    Ok((
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("image/jpeg")),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, max-age=3600"),
            ),
        ],
        Arc::clone(&thumbnail).to_vec(),
    )
        .into_response())
}

/// The JSON answer of `POST /api/search/image`: the first page, and where the results live.
#[derive(Serialize)]
pub struct ImageResults {
    source: DataSource,
    stale_seconds: Option<u64>,
    key: ImageKey,
    /// The results page (HTML), and where further pages are (`?page=`).
    results_url: String,
    total: u64,
    page: u32,
    page_size: u32,
    total_pages: u32,
    items: Vec<ImageMatch>,
}

/// `POST /api/search/image`: the same form, answered with JSON.
pub async fn api(
    State(state): State<AppState>,
    visitor: Visitor,
    uri: Uri,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
    form: Result<Multipart, MultipartRejection>,
) -> Result<Response, AppError> {
    let filters = filters(raw.as_deref())?;
    let key = receive(&state, &request_headers(&uri, headers), form).await?;
    let kept = state
        .photos
        .store
        .get(&key)
        .ok_or(ImageSearchError::Expired)?;
    let fetched = search(&state, &kept, &filters, visitor).await?;
    let page = fetched.value;
    Ok(Json(ImageResults {
        source: state.provider.source(),
        stale_seconds: fetched.stale.map(|age| age.as_secs()),
        results_url: results_path(&key),
        key,
        total: page.total,
        page: page.page,
        page_size: page.page_size,
        total_pages: page.total_pages(),
        items: page.items,
    })
    .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_https_addresses_on_alicdn_are_accepted() {
        for good in [
            "https://cbu01.alicdn.com/img/ibank/O1CN01abc.jpg",
            "https://img.alicdn.com/x.png",
            " https://CBU01.ALICDN.COM/a.jpg ",
        ] {
            assert!(image_address(good).is_some(), "{good}");
        }
        for bad in [
            "http://cbu01.alicdn.com/a.jpg",
            "https://alicdn.com.evil.example/a.jpg",
            "https://evilalicdn.com/a.jpg",
            "https://user:pw@cbu01.alicdn.com/a.jpg",
            "https://cbu01.alicdn.com:8443/a.jpg",
            "https://127.0.0.1/a.jpg",
            "file:///etc/passwd",
            "//cbu01.alicdn.com/a.jpg",
            "javascript:alert(1)",
            "",
        ] {
            assert!(image_address(bad).is_none(), "{bad}");
        }
        let long = format!("https://cbu01.alicdn.com/{}", "a".repeat(3000));
        assert!(image_address(&long).is_none());
    }
}
