//! The quote sheet (`/quote`): add a product's variant in a quantity from its page, change
//! quantities, remove lines, export as CSV or XLSX, and share a read-only link
//! (`/quote/s/{token}`). Every change is a plain form POST (checked by [`csrf`]) answered with a
//! redirect to the sheet, so it all works without JavaScript.
//!
//! The sheet is found by the id in the [`COOKIE`] cookie (`HttpOnly`, `SameSite=Lax`); it is
//! created when the first line is added.

use askama::Template;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

use crate::AppState;
use crate::catalog::ProductId;
use crate::format::utc_minute;
use crate::provider::{Need, ProviderError, ProviderName};
use crate::quote::{
    MAX_LINES, MAX_QUANTITY, QuoteError, QuoteLine, QuoteSheet, SHEET_LIFETIME, ShareToken,
    SheetId, unix_now,
};
use crate::web::crawlers::Visitor;
use crate::web::csrf;
use crate::web::error::AppError;
use crate::web::export;
use crate::web::layout::{Layout, render};
use crate::web::params::ParamError;

/// The cookie that holds the shopper's sheet id.
pub const COOKIE: &str = "quote_sheet";
/// Form posts of the sheet are small; larger bodies are refused.
const MAX_FORM_BYTES: usize = 16 * 1024;

/// The sheet's routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/quote", get(page))
        .route("/quote/add", post(add))
        .route("/quote/update", post(update))
        .route("/quote/remove", post(remove))
        .route("/quote/export.csv", get(export_csv))
        .route("/quote/export.xlsx", get(export_xlsx))
        .route("/quote/s/{token}", get(shared))
        .route("/quote/s/{token}/export.csv", get(shared_csv))
        .route("/quote/s/{token}/export.xlsx", get(shared_xlsx))
        .layer(DefaultBodyLimit::max(MAX_FORM_BYTES))
}

/// The sheet id the request's cookie names, if well-formed.
fn sheet_id(headers: &HeaderMap) -> Option<SheetId> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|cookies| cookies.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .and_then(|(_, value)| SheetId::parse(value.trim()))
}

/// The cookie that keeps `id` for another [`SHEET_LIFETIME`].
fn cookie(state: &AppState, id: &SheetId) -> HeaderValue {
    let secure = if state.config.site_url.starts_with("https://") {
        "; Secure"
    } else {
        ""
    };
    let value = format!(
        "{COOKIE}={}; Path=/; Max-Age={}; HttpOnly; SameSite=Lax{secure}",
        id.as_str(),
        SHEET_LIFETIME.as_secs()
    );
    HeaderValue::from_str(&value).expect("hex digits and ASCII")
}

/// Private answers: never kept by a browser or a proxy.
fn private(mut response: Response) -> Response {
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    response
}

fn storage(error: QuoteError) -> AppError {
    match error {
        QuoteError::TooManyLines => AppError::BadParam(ParamError::new(
            "product",
            format!(
                "cannot be added: a quote sheet holds at most {MAX_LINES} lines (remove one first)"
            ),
        )),
        QuoteError::QuantityTooLarge => AppError::BadParam(ParamError::new(
            "quantity",
            format!("must be at most {MAX_QUANTITY} for one line"),
        )),
        QuoteError::NoSuchLine => AppError::BadParam(no_such_line()),
        QuoteError::Storage(detail) => AppError::Internal(format!("quote sheets: {detail}")),
    }
}

fn no_such_line() -> ParamError {
    ParamError::new(
        "line",
        "must be a line of your quote sheet (it may have been removed, or the sheet expired after 30 days unused)",
    )
}

/// The named fields of a form body; a field given twice is an error, unknown ones are ignored.
fn form<const N: usize>(
    body: &[u8],
    names: [&'static str; N],
) -> Result<[Option<String>; N], ParamError> {
    let mut values: [Option<String>; N] = std::array::from_fn(|_| None);
    for (key, value) in form_urlencoded::parse(body) {
        let Some(index) = names.iter().position(|name| *name == key) else {
            continue;
        };
        if values[index].is_some() {
            return Err(ParamError::new(names[index], "must be given only once"));
        }
        values[index] = Some(value.trim().to_owned());
    }
    Ok(values.map(|v| v.filter(|v| !v.is_empty())))
}

fn parse_quantity(raw: Option<String>) -> Result<u32, ParamError> {
    raw.as_deref()
        .and_then(|q| q.parse::<u32>().ok())
        .filter(|q| (1..=MAX_QUANTITY).contains(q))
        .ok_or_else(|| {
            ParamError::new(
                "quantity",
                format!("must be a whole number from 1 to {MAX_QUANTITY}"),
            )
        })
}

fn line_id(raw: Option<String>) -> Result<u32, ParamError> {
    raw.as_deref()
        .and_then(|l| l.parse::<u32>().ok())
        .ok_or_else(no_such_line)
}

/// Back to the sheet after a change (303: the browser follows with a GET).
fn to_sheet(anchor: Option<u32>) -> Response {
    let location = match anchor {
        Some(line) => format!("/quote#line-{line}"),
        None => "/quote".to_string(),
    };
    (StatusCode::SEE_OTHER, [(header::LOCATION, location)]).into_response()
}

/// `POST /quote/add`: `product`, `sku` (when the product has variants), `quantity`.
pub async fn add(
    State(state): State<AppState>,
    visitor: Visitor,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, AppError> {
    csrf::check(&headers, &state.config)?;
    let [product, sku, quantity] = form(&body, ["product", "sku", "quantity"])?;
    let id: ProductId = product
        .as_deref()
        .and_then(|p| p.parse().ok())
        .ok_or_else(|| ParamError::new("product", "must be a numeric offer id"))?;
    let quantity = parse_quantity(quantity)?;
    let fetched = match state
        .provider
        .product(id, visitor.need(Need::Required))
        .await
    {
        Ok(fetched) => fetched,
        Err(ProviderError::NotFound) => return Err(AppError::NotFound("product")),
        // A form post cannot wait on a page that reloads itself: say it is busy.
        Err(ProviderError::Queued { cause, .. }) => return Err(AppError::Upstream(*cause)),
        Err(error) => return Err(AppError::Upstream(error)),
    };
    let product = fetched.value;
    let chosen = match (product.skus.is_empty(), sku.as_deref()) {
        (true, _) => None,
        (false, None) => {
            return Err(ParamError::new("sku", "must name one of the product's variants").into());
        }
        (false, Some(sku)) => Some(
            product
                .sku(sku)
                .ok_or_else(|| ParamError::new("sku", "must be one of this product's variants"))?,
        ),
    };
    let age = fetched.stale.map_or(0, |age| age.as_secs());
    let priced_at = unix_now() - i64::try_from(age).unwrap_or(0);
    let line = QuoteLine::new(&product, chosen, quantity, priced_at);
    let added = std::sync::Arc::new(std::sync::Mutex::new(None));
    let edit = {
        let added = added.clone();
        move |sheet: &mut QuoteSheet| {
            let id = sheet.add(line)?;
            *added.lock().unwrap_or_else(|e| e.into_inner()) = Some(id);
            Ok(())
        }
    };
    let existing = match sheet_id(&headers) {
        Some(id) => state
            .quotes
            .edit(&id, Box::new(edit.clone()))
            .await
            .map_err(storage)?,
        None => None,
    };
    let sheet = match existing {
        Some(sheet) => sheet,
        None => state.quotes.create(Box::new(edit)).await.map_err(storage)?,
    };
    let line = *added.lock().unwrap_or_else(|e| e.into_inner());
    let mut response = to_sheet(line);
    response
        .headers_mut()
        .insert(header::SET_COOKIE, cookie(&state, &sheet.id));
    Ok(response)
}

/// `POST /quote/update`: `line`, `quantity`.
pub async fn update(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, AppError> {
    csrf::check(&headers, &state.config)?;
    let [line, quantity] = form(&body, ["line", "quantity"])?;
    let line = line_id(line)?;
    let quantity = parse_quantity(quantity)?;
    change(&state, &headers, move |sheet| {
        sheet.set_quantity(line, quantity)
    })
    .await
    .map(|()| to_sheet(Some(line)))
}

/// `POST /quote/remove`: `line`.
pub async fn remove(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, AppError> {
    csrf::check(&headers, &state.config)?;
    let [line] = form(&body, ["line"])?;
    let line = line_id(line)?;
    change(&state, &headers, move |sheet| sheet.remove(line))
        .await
        .map(|()| to_sheet(None))
}

/// Applies `edit` to the shopper's sheet; a missing sheet means the line is not on it.
async fn change(
    state: &AppState,
    headers: &HeaderMap,
    edit: impl FnOnce(&mut QuoteSheet) -> Result<(), QuoteError> + Send + 'static,
) -> Result<(), AppError> {
    let id = sheet_id(headers).ok_or_else(no_such_line)?;
    state
        .quotes
        .edit(&id, Box::new(edit))
        .await
        .map_err(storage)?
        .ok_or_else(no_such_line)?;
    Ok(())
}

/// The shopper's sheet, if any.
async fn own_sheet(state: &AppState, headers: &HeaderMap) -> Result<Option<QuoteSheet>, AppError> {
    match sheet_id(headers) {
        Some(id) => state.quotes.get(&id).await.map_err(storage),
        None => Ok(None),
    }
}

/// The sheet shared as `token`, or the 404 page.
async fn shared_sheet(state: &AppState, token: &str) -> Result<QuoteSheet, AppError> {
    let token = ShareToken::parse(token).ok_or(AppError::NotFound("quote sheet"))?;
    state
        .quotes
        .shared(&token)
        .await
        .map_err(storage)?
        .ok_or(AppError::NotFound("quote sheet"))
}

/// `GET /quote`: the shopper's sheet, editable.
pub async fn page(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, AppError> {
    let sheet = own_sheet(&state, &headers).await?;
    let share_path = sheet
        .as_ref()
        .map(|sheet| format!("/quote/s/{}", sheet.share.as_str()));
    let share_url = share_path
        .as_ref()
        .map(|path| format!("{}{path}", state.config.site_url.trim_end_matches('/')));
    let id = sheet.as_ref().map(|sheet| sheet.id.clone());
    let page = QuotePage {
        layout: Layout::new(&state, "Quote sheet")
            .describe("Your quote sheet: the 1688 products, variants and quantities you chose, priced by quantity, to download or share.")
            .canonical("/quote")
            .noindex(),
        sheet,
        editable: true,
        share_url,
        share_path,
        export_base: "/quote".to_string(),
    };
    let mut response = private(render(&page));
    if let Some(id) = id {
        response
            .headers_mut()
            .insert(header::SET_COOKIE, cookie(&state, &id));
    }
    Ok(response)
}

/// `GET /quote/s/{token}`: a shared sheet, read-only.
pub async fn shared(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    let sheet = shared_sheet(&state, &token).await?;
    let export_base = format!("/quote/s/{}", sheet.share.as_str());
    let page = QuotePage {
        layout: Layout::new(&state, "Shared quote sheet")
            .describe("A quote sheet shared from this store: 1688 products, variants and quantities, priced by quantity.")
            .canonical(&export_base)
            .noindex(),
        sheet: Some(sheet),
        editable: false,
        share_url: None,
        share_path: None,
        export_base,
    };
    let mut response = private(render(&page));
    response
        .headers_mut()
        .insert("x-robots-tag", HeaderValue::from_static("noindex"));
    Ok(response)
}

/// Which file an export is.
#[derive(Clone, Copy)]
enum Format {
    Csv,
    Xlsx,
}

fn download(state: &AppState, sheet: &QuoteSheet, format: Format) -> Result<Response, AppError> {
    let sample = state.provider.name() == ProviderName::Mock;
    let rows = export::rows(sheet, state.config.display_currency.as_ref(), sample);
    let (body, content_type, extension) = match format {
        Format::Csv => (export::csv(&rows), "text/csv; charset=utf-8", "csv"),
        Format::Xlsx => (
            export::xlsx(&rows),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
        ),
    };
    let body = body.map_err(|e| AppError::Internal(format!("export: {e}")))?;
    let disposition = format!("attachment; filename=\"quote-sheet.{extension}\"");
    Ok(private(
        (
            [
                (header::CONTENT_TYPE, content_type.to_string()),
                (header::CONTENT_DISPOSITION, disposition),
            ],
            body,
        )
            .into_response(),
    ))
}

async fn own_export(
    state: &AppState,
    headers: &HeaderMap,
    format: Format,
) -> Result<Response, AppError> {
    let sheet = own_sheet(state, headers)
        .await?
        .ok_or(AppError::NotFound("quote sheet"))?;
    download(state, &sheet, format)
}

/// `GET /quote/export.csv`.
pub async fn export_csv(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    own_export(&state, &headers, Format::Csv).await
}

/// `GET /quote/export.xlsx`.
pub async fn export_xlsx(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    own_export(&state, &headers, Format::Xlsx).await
}

/// `GET /quote/s/{token}/export.csv`.
pub async fn shared_csv(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    let sheet = shared_sheet(&state, &token).await?;
    download(&state, &sheet, Format::Csv)
}

/// `GET /quote/s/{token}/export.xlsx`.
pub async fn shared_xlsx(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    let sheet = shared_sheet(&state, &token).await?;
    download(&state, &sheet, Format::Xlsx)
}

#[derive(Template)]
#[template(path = "quote.html")]
pub struct QuotePage {
    layout: Layout,
    /// `None`: the shopper has no sheet yet.
    sheet: Option<QuoteSheet>,
    /// The shopper's own sheet (forms to change it); `false` for a shared one.
    editable: bool,
    /// The read-only link to this sheet, for the owner: at `SITE_URL`, and as a path.
    share_url: Option<String>,
    share_path: Option<String>,
    /// `/quote` or `/quote/s/{token}`: where the exports are.
    export_base: String,
}

impl QuotePage {
    fn as_of(&self, unix_seconds: &i64) -> String {
        utc_minute(*unix_seconds)
    }

    fn max_quantity(&self) -> u32 {
        MAX_QUANTITY
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sheet_cookie_is_read_among_others() {
        let id = SheetId::random();
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_str(&format!("a=1; {COOKIE}={}; b=2", id.as_str())).unwrap(),
        );
        assert_eq!(sheet_id(&headers), Some(id));
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("quote_sheet=../../etc"),
        );
        assert_eq!(sheet_id(&headers), None);
    }

    #[test]
    fn form_fields_are_read_once_each() {
        let [a, b] = form(b"a=1&b=%20x%20&c=3", ["a", "b"]).unwrap();
        assert_eq!((a.as_deref(), b.as_deref()), (Some("1"), Some("x")));
        assert_eq!(form(b"a=1&a=2", ["a"]).unwrap_err().param, "a");
        assert_eq!(form(b"a=", ["a"]).unwrap(), [None]);
    }

    #[test]
    fn quantities_are_bounded_and_named() {
        assert_eq!(parse_quantity(Some("12".into())), Ok(12));
        for bad in ["0", "-1", "1.5", "abc", "1000001", ""] {
            assert_eq!(
                parse_quantity(Some(bad.into())).unwrap_err().param,
                "quantity"
            );
        }
        assert_eq!(parse_quantity(None).unwrap_err().param, "quantity");
    }
}
