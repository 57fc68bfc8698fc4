//! The quote sheet: add variants in quantities, the tier price at each quantity, the MOQ
//! warning, exports that parse back (CSV) and open (XLSX) with the same cells, a read-only share
//! link, and the protections (cross-site posts, bounds, a share token that reveals one sheet).

use std::io::Cursor;
use std::sync::Arc;

use async_trait::async_trait;
use calamine::{Data, Reader, Xlsx};
use rust_decimal::Decimal;
use storefront::AppState;
use storefront::catalog::*;
use storefront::provider::{
    Capabilities, Check, DataSource, Fetched, Need, Provider, ProviderError,
};
use storefront::quote::MemorySheets;

use crate::live::{standard_vars, temp_dir};
use crate::stand_in::{self, StandIn, StandInConfig};
use crate::support::*;

/// A same-origin form post, as a browser sends it from the store's own page.
const SAME_ORIGIN: [(&str, &str); 3] = [
    ("host", "127.0.0.1:3000"),
    ("origin", "http://127.0.0.1:3000"),
    ("sec-fetch-site", "same-origin"),
];

/// A shopper of `state`: the quote cookie it was given, if any.
struct Shopper {
    state: AppState,
    cookie: Option<String>,
}

impl Shopper {
    fn new(state: AppState) -> Shopper {
        Shopper {
            state,
            cookie: None,
        }
    }

    fn headers(&self) -> Vec<(&str, &str)> {
        let mut headers = SAME_ORIGIN.to_vec();
        if let Some(cookie) = &self.cookie {
            headers.push(("cookie", cookie.as_str()));
        }
        headers
    }

    async fn post(&mut self, uri: &str, form: &str) -> TestResponse {
        let response = post_with(self.state.clone(), uri, form, &self.headers()).await;
        self.keep_cookie(&response);
        response
    }

    async fn get(&mut self, uri: &str) -> TestResponse {
        let response = get_with(self.state.clone(), uri, &self.headers()).await;
        self.keep_cookie(&response);
        response
    }

    fn keep_cookie(&mut self, response: &TestResponse) {
        if let Some(set) = response.header("set-cookie") {
            self.cookie = Some(set.split(';').next().unwrap().to_string());
        }
    }

    /// Adds `quantity` of variant `sku` (if any) of `product`; expects the redirect to the sheet.
    async fn add(&mut self, product: u64, sku: Option<&str>, quantity: u32) {
        let mut form = format!("product={product}&quantity={quantity}");
        if let Some(sku) = sku {
            form.push_str(&format!("&sku={}", urlencode(sku)));
        }
        let response = self.post("/quote/add", &form).await;
        assert_eq!(response.status, 303, "{}", response.body);
        assert!(response.header("location").unwrap().starts_with("/quote"));
    }

    async fn sheet(&mut self) -> TestResponse {
        let sheet = self.get("/quote").await;
        assert_eq!(sheet.status, 200, "{}", sheet.body);
        sheet
    }

    /// The line ids of the sheet, in order.
    async fn lines(&mut self) -> Vec<String> {
        self.sheet().await.attrs(".quote-line", "data-line")
    }

    async fn set_quantity(&mut self, line: &str, quantity: u32) -> TestResponse {
        self.post("/quote/update", &format!("line={line}&quantity={quantity}"))
            .await
    }

    async fn share_link(&mut self) -> String {
        let url = self.sheet().await.attrs("#share-link", "value").remove(0);
        url.split_once("://")
            .and_then(|(_, rest)| rest.find('/').map(|at| rest[at..].to_string()))
            .expect("an absolute link")
    }
}

/// A fresh mock state (its own quote sheets).
fn fresh_mock() -> AppState {
    let mut state = mock_state();
    state.quotes = Arc::new(MemorySheets::new());
    state
}

/// A mock product with at least three tiers and variants, and one priced per variant.
async fn products(state: &AppState) -> (Product, Product) {
    let mut tiered = None;
    let mut per_variant = None;
    for page in 1..=9 {
        let query = SearchQuery {
            page,
            page_size: 40,
            ..SearchQuery::default()
        };
        for summary in state
            .provider
            .search(&query, Need::Required)
            .await
            .unwrap()
            .value
            .items
        {
            let product = state
                .provider
                .product(summary.id, Need::Required)
                .await
                .unwrap()
                .value;
            if product.price_tiers.len() >= 3 && product.skus.len() >= 2 && tiered.is_none() {
                tiered = Some(product);
            } else if product.price_tiers.len() == 1
                && product
                    .skus
                    .iter()
                    .any(|s| s.price != Some(product.price_tiers[0].price))
                && per_variant.is_none()
            {
                per_variant = Some(product);
            }
        }
    }
    (
        tiered.expect("a tiered product"),
        per_variant.expect("a product priced per variant"),
    )
}

/// As pages write yuan: `¥1,760.00`.
fn yuan(price: &Decimal) -> String {
    let text = format!("{price:.2}");
    let (whole, cents) = text.split_once('.').unwrap();
    let mut grouped = String::new();
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    format!("¥{grouped}.{cents}")
}

#[tokio::test]
async fn adding_a_variant_starts_a_sheet_in_an_http_only_same_site_cookie() {
    let state = fresh_mock();
    let (product, _) = products(&state).await;
    let mut shopper = Shopper::new(state);

    let empty = shopper.sheet().await;
    assert_eq!(empty.count("#quote-empty"), 1);
    assert!(
        empty.header("set-cookie").is_none(),
        "no sheet before the first line"
    );

    let sku = &product.skus[1];
    let form = format!(
        "product={}&sku={}&quantity={}",
        product.id,
        urlencode(&sku.id),
        product.min_order
    );
    let added = shopper.post("/quote/add", &form).await;
    assert_eq!(added.status, 303);
    let cookie = added.header("set-cookie").unwrap();
    assert!(cookie.starts_with("quote_sheet="), "{cookie}");
    let id = cookie
        .split(';')
        .next()
        .unwrap()
        .trim_start_matches("quote_sheet=");
    assert_eq!(id.len(), 32, "128 random bits");
    for attribute in ["HttpOnly", "SameSite=Lax", "Path=/", "Max-Age=2592000"] {
        assert!(cookie.contains(attribute), "{cookie}");
    }

    let sheet = shopper.sheet().await;
    assert_eq!(sheet.header("cache-control"), Some("private, no-store"));
    assert_eq!(sheet.count(".quote-line"), 1);
    let variant = sheet.texts(".quote-variant").remove(0);
    for attribute in &sku.attributes {
        assert!(
            variant.contains(attribute.value_en.as_ref().unwrap()),
            "{variant}"
        );
    }
    assert_eq!(
        sheet.attrs(".quote-offer-link", "href"),
        [format!("https://detail.1688.com/offer/{}.html", product.id)]
    );
    assert!(sheet.texts(".quote-as-of").remove(0).ends_with("UTC"));
    // The same variant again adds to its line.
    shopper.add(product.id.0, Some(&sku.id), 3).await;
    let sheet = shopper.sheet().await;
    assert_eq!(sheet.count(".quote-line"), 1);
    assert_eq!(
        sheet.attrs(".quote-update input[name=quantity]", "value"),
        [(product.min_order + 3).to_string()]
    );
}

#[tokio::test]
async fn the_unit_price_follows_the_tier_on_each_side_of_every_boundary() {
    let state = fresh_mock();
    let (product, per_variant) = products(&state).await;
    let mut shopper = Shopper::new(state);
    shopper
        .add(product.id.0, Some(&product.skus[0].id), product.min_order)
        .await;
    let line = shopper.lines().await.remove(0);
    let tiers = &product.price_tiers;
    for (i, tier) in tiers.iter().enumerate().skip(1) {
        let below = &tiers[i - 1];
        for (quantity, expected) in [
            (tier.min_quantity - 1, below),
            (tier.min_quantity, tier),
            (tier.min_quantity + 1, tier),
        ] {
            let response = shopper.set_quantity(&line, quantity).await;
            assert_eq!(response.status, 303, "{}", response.body);
            let sheet = shopper.sheet().await;
            assert_eq!(
                sheet.texts(".quote-unit-price .price"),
                [yuan(&expected.price)],
                "quantity {quantity}"
            );
            let total = expected.price * Decimal::from(quantity);
            assert_eq!(sheet.texts(".quote-line-total .line-total"), [yuan(&total)]);
            assert_eq!(sheet.texts("#quote-total .price"), [yuan(&total)]);
        }
    }
    // An offer with one tier is priced per variant.
    let dear = per_variant.skus.iter().max_by_key(|s| s.price).unwrap();
    shopper
        .add(per_variant.id.0, Some(&dear.id), per_variant.min_order)
        .await;
    let sheet = shopper.sheet().await;
    assert_eq!(
        sheet.texts(".quote-unit-price .price")[1],
        yuan(&dear.price.unwrap())
    );
}

#[tokio::test]
async fn a_quantity_below_the_moq_is_flagged_on_the_sheet() {
    let state = fresh_mock();
    let (product, _) = products(&state).await;
    assert!(product.min_order > 1);
    let mut shopper = Shopper::new(state);
    shopper
        .add(
            product.id.0,
            Some(&product.skus[0].id),
            product.min_order - 1,
        )
        .await;
    let sheet = shopper.sheet().await;
    assert_eq!(sheet.count(".quote-line.below-moq"), 1);
    let warning = sheet.texts(".moq-warning").remove(0);
    assert!(
        warning.contains(&format!("minimum order of {}", product.min_order)),
        "{warning}"
    );
    let line = shopper.lines().await.remove(0);
    shopper.set_quantity(&line, product.min_order).await;
    assert_eq!(shopper.sheet().await.count(".moq-warning"), 0);
}

#[tokio::test]
async fn quantities_change_and_lines_are_removed() {
    let state = fresh_mock();
    let (a, b) = products(&state).await;
    let mut shopper = Shopper::new(state);
    shopper.add(a.id.0, Some(&a.skus[0].id), a.min_order).await;
    shopper.add(b.id.0, Some(&b.skus[0].id), b.min_order).await;
    let lines = shopper.lines().await;
    assert_eq!(lines.len(), 2);
    shopper.set_quantity(&lines[1], 777).await;
    let removed = shopper
        .post("/quote/remove", &format!("line={}", lines[0]))
        .await;
    assert_eq!(removed.status, 303);
    let sheet = shopper.sheet().await;
    assert_eq!(sheet.attrs(".quote-line", "data-line"), [lines[1].clone()]);
    assert_eq!(
        sheet.attrs(".quote-line", "data-product-id"),
        [b.id.to_string()]
    );
    assert_eq!(
        sheet.attrs(".quote-update input[name=quantity]", "value"),
        ["777"]
    );
    // Removing it again: the line is named as missing.
    let again = shopper
        .post("/quote/remove", &format!("line={}", lines[0]))
        .await;
    assert_eq!(again.status, 400);
    assert_eq!(again.texts(".error-param code"), ["line"]);
    shopper
        .post("/quote/remove", &format!("line={}", lines[1]))
        .await;
    assert_eq!(shopper.sheet().await.count("#quote-empty"), 1);
}

/// A provider of one product (titles and variants as `product` holds them), for exports.
struct OneProduct(Product);

#[async_trait]
impl Provider for OneProduct {
    fn source(&self) -> DataSource {
        DataSource::Mock
    }

    fn name(&self) -> storefront::provider::ProviderName {
        storefront::provider::ProviderName::Mock
    }

    fn capabilities(&self) -> Capabilities {
        Capabilities::default()
    }

    async fn search(
        &self,
        query: &SearchQuery,
        _: Need,
    ) -> Result<Fetched<Page<ProductSummary>>, ProviderError> {
        Ok(Fetched::fresh(Page {
            items: vec![self.0.summary()],
            total: 1,
            page: query.page,
            page_size: query.page_size,
        }))
    }

    async fn product(&self, id: ProductId, _: Need) -> Result<Fetched<Product>, ProviderError> {
        if id == self.0.id {
            Ok(Fetched::fresh(self.0.clone()))
        } else {
            Err(ProviderError::NotFound)
        }
    }

    async fn categories(&self, _: Need) -> Result<Fetched<Arc<Vec<Category>>>, ProviderError> {
        Ok(Fetched::fresh(Arc::new(Vec::new())))
    }

    async fn category(&self, _: CategoryId, _: Need) -> Result<Fetched<Category>, ProviderError> {
        Err(ProviderError::NotFound)
    }

    async fn status(&self) -> Vec<Check> {
        Vec::new()
    }
}

/// A title with a comma, a quote, a newline and a leading `=`, and a variant starting with `@`.
const TRICKY_TITLE: &str =
    "=HYPERLINK(\"http://evil.example\",\"click\"), 手机壳 \"pro\"\nsecond line";

fn tricky_product() -> Product {
    let dec = |s: &str| s.parse::<Decimal>().unwrap();
    Product {
        id: ProductId(620000000001),
        title: TRICKY_TITLE.into(),
        title_en: Some("+Phone case, \"pro\"".into()),
        images: vec![],
        price_tiers: vec![
            PriceTier {
                min_quantity: 10,
                price: dec("2.50"),
            },
            PriceTier {
                min_quantity: 100,
                price: dec("2.00"),
            },
        ],
        min_order: 10,
        unit: "piece".into(),
        skus: vec![Sku {
            id: "-42".into(),
            attributes: vec![Attribute {
                name: "颜色".into(),
                name_en: Some("Color".into()),
                value: "@红色".into(),
                value_en: None,
            }],
            price: None,
            stock: None,
            image: None,
        }],
        specifications: vec![],
        description: None,
        category_path: vec![],
        monthly_sales: None,
        total_sales: None,
        supplier: Supplier {
            name: "x".into(),
            name_en: None,
            location: None,
            years_on_1688: None,
            rating: None,
            badges: vec![],
        },
        signals: SupplierSignals::default(),
    }
}

/// A shopper of a store that sells [`tricky_product`], showing USD too, with 5 of it on the
/// sheet (below the MOQ).
async fn tricky_shopper() -> Shopper {
    let mut state = AppState::mock(config(&[("DISPLAY_CURRENCY", "USD"), ("CNY_RATE", "0.14")]));
    state.provider = Arc::new(OneProduct(tricky_product()));
    let mut shopper = Shopper::new(state);
    shopper.add(620000000001, Some("-42"), 5).await;
    shopper
}

/// The expected cells of the tricky sheet (header, line, total), as the CSV writes them.
fn expected_rows(priced_at: &str) -> Vec<Vec<String>> {
    let header = [
        "Offer ID",
        "Title (Chinese)",
        "Title (English)",
        "Variant (SKU attributes)",
        "SKU ID",
        "Quantity",
        "Unit",
        "Unit price (CNY)",
        "MOQ",
        "Below MOQ",
        "Line total (CNY)",
        "Unit price (USD, approx.)",
        "Line total (USD, approx.)",
        // A sheet of the sample catalog says so where a buyer would follow its offers.
        "Offer URL (sample catalog: made-up ids)",
        "Price as of (UTC)",
    ];
    let line = [
        "620000000001",
        &format!("'{TRICKY_TITLE}"),
        "'+Phone case, \"pro\"",
        "Color: @红色",
        "'-42",
        "5",
        "piece",
        "2.50",
        "10",
        "yes",
        "12.50",
        "0.35",
        "1.75",
        "https://detail.1688.com/offer/620000000001.html",
        priced_at,
    ];
    let mut total = vec![String::new(); header.len()];
    total[0] = "Total".into();
    total[10] = "12.50".into();
    total[12] = "1.75".into();
    vec![
        header.map(String::from).to_vec(),
        line.map(String::from).to_vec(),
        total,
    ]
}

#[tokio::test]
async fn the_csv_export_has_a_bom_and_parses_back_with_formulas_neutralised() {
    let mut shopper = tricky_shopper().await;
    let response = send(
        shopper.state.clone(),
        axum::http::Request::get("/quote/export.csv")
            .header("cookie", shopper.cookie.clone().unwrap())
            .body(axum::body::Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(response.status, 200);
    assert_eq!(
        response.header("content-type"),
        Some("text/csv; charset=utf-8")
    );
    assert!(
        response
            .header("content-disposition")
            .unwrap()
            .starts_with("attachment")
    );
    let bytes = response.body.as_bytes();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 byte-order mark");
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(&bytes[3..]);
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    let priced_at = rows[1][14].clone();
    assert!(
        priced_at.ends_with('Z') && priced_at.len() == 20,
        "{priced_at}"
    );
    assert_eq!(rows, expected_rows(&priced_at));
    // The same file through the share link.
    let token = shopper.share_link().await;
    let shared = get(&format!("{token}/export.csv")).await;
    assert_eq!(
        shared.status, 404,
        "another store's sheet is not in this one"
    );
    let shared = get_with(shopper.state.clone(), &format!("{token}/export.csv"), &[]).await;
    assert_eq!(shared.body, response.body);
}

#[tokio::test]
async fn the_xlsx_export_opens_and_holds_the_same_cells_as_the_csv() {
    let shopper = tricky_shopper().await;
    let response = send(
        shopper.state.clone(),
        axum::http::Request::get("/quote/export.xlsx")
            .header("cookie", shopper.cookie.clone().unwrap())
            .body(axum::body::Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(response.status, 200);
    assert_eq!(
        response.header("content-type"),
        Some("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    );
    // The body went through `String::from_utf8_lossy`: fetch the bytes again, raw.
    let bytes = raw_body(&shopper, "/quote/export.xlsx").await;
    let mut workbook: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    assert_eq!(workbook.sheet_names(), ["Quote sheet"]);
    let range = workbook.worksheet_range("Quote sheet").unwrap();
    // Amounts and counts are numbers in the workbook; read them back as the CSV writes them.
    let cells: Vec<Vec<String>> = range
        .rows()
        .map(|row| {
            row.iter()
                .map(|cell| match cell {
                    Data::String(s) => s.clone(),
                    Data::Float(f) if f.fract() == 0.0 => format!("{f}"),
                    Data::Float(f) => format!("{f:.2}"),
                    Data::Int(i) => i.to_string(),
                    Data::Empty => String::new(),
                    other => panic!("unexpected cell {other:?}"),
                })
                .collect()
        })
        .collect();
    let priced_at = cells[1][14].clone();
    assert_eq!(cells, expected_rows(&priced_at));
}

/// The raw bytes of a GET by `shopper`.
async fn raw_body(shopper: &Shopper, uri: &str) -> Vec<u8> {
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let response = storefront::app(shopper.state.clone())
        .oneshot(
            axum::http::Request::get(uri)
                .header("cookie", shopper.cookie.clone().unwrap())
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    response
        .into_body()
        .collect()
        .await
        .unwrap()
        .to_bytes()
        .to_vec()
}

#[tokio::test]
async fn a_share_link_shows_the_sheet_read_only_and_a_wrong_token_is_404() {
    let state = fresh_mock();
    let (product, _) = products(&state).await;
    let mut shopper = Shopper::new(state.clone());
    shopper
        .add(product.id.0, Some(&product.skus[0].id), 150)
        .await;
    let own = shopper.sheet().await;
    let link = shopper.share_link().await;
    assert!(
        link.starts_with("/quote/s/") && link.len() == "/quote/s/".len() + 32,
        "{link}"
    );
    let id = shopper.cookie.clone().unwrap();
    assert!(
        !link.contains(id.trim_start_matches("quote_sheet=")),
        "the link is not the id"
    );

    // A colleague: no cookie.
    let shared = get_with(state.clone(), &link, &[]).await;
    assert_eq!(shared.status, 200);
    assert!(shared.header("set-cookie").is_none());
    assert_eq!(shared.header("x-robots-tag"), Some("noindex"));
    assert_eq!(shared.count("#read-only-notice"), 1);
    assert_eq!(
        shared.count("main form"),
        0,
        "no form that could change the sheet (the header's search forms aside)"
    );
    assert_eq!(
        shared.count("#share-link"),
        0,
        "the share link is not handed on"
    );
    assert_eq!(
        shared.texts(".quote-line-total"),
        own.texts(".quote-line-total")
    );
    assert_eq!(shared.texts(".quantity-value"), ["150"]);

    for wrong in [
        "/quote/s/00000000000000000000000000000000".to_string(),
        "/quote/s/not-a-token".to_string(),
        format!("/quote/s/{}", id.trim_start_matches("quote_sheet=")),
        format!("{link}x"),
    ] {
        let response = get_with(state.clone(), &wrong, &[]).await;
        assert_eq!(response.status, 404, "{wrong}");
        let message = response.texts(".error-message").concat();
        assert!(
            message.contains("kept for 30 days") && !message.contains("1688"),
            "{wrong}: {message}"
        );
    }
    // The token grants no changes: posting with it as a cookie finds no sheet.
    let token = link.trim_start_matches("/quote/s/");
    let mut intruder = Shopper::new(state);
    intruder.cookie = Some(format!("quote_sheet={token}"));
    let refused = intruder.post("/quote/remove", "line=1").await;
    assert_eq!(refused.status, 400);
    assert_eq!(shopper.sheet().await.count(".quote-line"), 1);
}

#[tokio::test]
async fn cross_site_posts_are_refused_and_change_nothing() {
    let state = fresh_mock();
    let (product, _) = products(&state).await;
    let mut shopper = Shopper::new(state.clone());
    shopper
        .add(product.id.0, Some(&product.skus[0].id), 50)
        .await;
    let line = shopper.lines().await.remove(0);
    let cookie = shopper.cookie.clone().unwrap();
    for headers in [
        vec![
            ("sec-fetch-site", "cross-site"),
            ("cookie", cookie.as_str()),
        ],
        vec![
            ("host", "127.0.0.1:3000"),
            ("origin", "https://evil.example"),
            ("cookie", cookie.as_str()),
        ],
        vec![("origin", "null"), ("cookie", cookie.as_str())],
    ] {
        for (uri, form) in [
            ("/quote/update", format!("line={line}&quantity=9")),
            ("/quote/remove", format!("line={line}")),
            (
                "/quote/add",
                format!(
                    "product={}&sku={}&quantity=1",
                    product.id,
                    urlencode(&product.skus[1].id)
                ),
            ),
        ] {
            let response = post_with(state.clone(), uri, &form, &headers).await;
            assert_eq!(response.status, 403, "{uri} {headers:?}");
            assert!(
                response
                    .texts(".error-message")
                    .remove(0)
                    .contains("this store's own pages")
            );
        }
    }
    let sheet = shopper.sheet().await;
    assert_eq!(sheet.count(".quote-line"), 1);
    assert_eq!(
        sheet.attrs(".quote-update input[name=quantity]", "value"),
        ["50"]
    );
}

#[tokio::test]
async fn bad_form_values_get_a_400_naming_the_field() {
    let state = fresh_mock();
    let (product, _) = products(&state).await;
    let sku = urlencode(&product.skus[0].id);
    let mut shopper = Shopper::new(state);
    for (form, field) in [
        (format!("sku={sku}&quantity=1"), "product"),
        (format!("product=abc&sku={sku}&quantity=1"), "product"),
        (format!("product={}&quantity=1", product.id), "sku"),
        (format!("product={}&sku=nope&quantity=1", product.id), "sku"),
        (format!("product={}&sku={sku}", product.id), "quantity"),
        (
            format!("product={}&sku={sku}&quantity=0", product.id),
            "quantity",
        ),
        (
            format!("product={}&sku={sku}&quantity=-3", product.id),
            "quantity",
        ),
        (
            format!("product={}&sku={sku}&quantity=2.5", product.id),
            "quantity",
        ),
        (
            format!("product={}&sku={sku}&quantity=1000001", product.id),
            "quantity",
        ),
        (
            format!("product={}&sku={sku}&quantity=1&quantity=2", product.id),
            "quantity",
        ),
    ] {
        let response = shopper.post("/quote/add", &form).await;
        assert_eq!(response.status, 400, "{form}");
        assert_eq!(response.texts(".error-param code"), [field], "{form}");
    }
    let unknown = shopper
        .post("/quote/add", "product=999999999999&quantity=1")
        .await;
    assert_eq!(unknown.status, 404);
    assert!(
        shopper.cookie.is_none(),
        "no sheet was started by any of these"
    );

    shopper
        .add(product.id.0, Some(&product.skus[0].id), 1)
        .await;
    let line = shopper.lines().await.remove(0);
    for (uri, form, field) in [
        (
            "/quote/update",
            format!("line={line}&quantity=0"),
            "quantity",
        ),
        (
            "/quote/update",
            format!("line={line}&quantity=x"),
            "quantity",
        ),
        ("/quote/update", "line=abc&quantity=3".to_string(), "line"),
        ("/quote/update", "line=999&quantity=3".to_string(), "line"),
        ("/quote/remove", "line=".to_string(), "line"),
    ] {
        let response = shopper.post(uri, &form).await;
        assert_eq!(response.status, 400, "{uri} {form}");
        assert_eq!(response.texts(".error-param code"), [field], "{uri} {form}");
    }
    // Without a sheet there is no line to change.
    let stranger = post_with(
        fresh_mock(),
        "/quote/update",
        "line=1&quantity=3",
        &SAME_ORIGIN,
    )
    .await;
    assert_eq!(stranger.status, 400);
}

#[tokio::test]
async fn a_sheet_holds_at_most_200_lines() {
    let state = fresh_mock();
    let mut shopper = Shopper::new(state.clone());
    let mut added = 0;
    'pages: for page in 1..=9 {
        let query = SearchQuery {
            page,
            page_size: 40,
            ..SearchQuery::default()
        };
        for summary in state
            .provider
            .search(&query, Need::Required)
            .await
            .unwrap()
            .value
            .items
        {
            let product = state
                .provider
                .product(summary.id, Need::Required)
                .await
                .unwrap()
                .value;
            let form = format!(
                "product={}&sku={}&quantity=1",
                product.id,
                urlencode(&product.skus[0].id)
            );
            let response = shopper.post("/quote/add", &form).await;
            if added == 200 {
                assert_eq!(response.status, 400, "the 201st line");
                assert_eq!(response.texts(".error-param code"), ["product"]);
                assert!(
                    response
                        .texts(".error-message")
                        .remove(0)
                        .contains("200 lines")
                );
                break 'pages;
            }
            assert_eq!(response.status, 303);
            added += 1;
        }
    }
    assert_eq!(added, 200);
    assert_eq!(shopper.sheet().await.count(".quote-line"), 200);
}

#[tokio::test]
async fn the_display_currency_shows_beside_every_total() {
    let shopper = &mut tricky_shopper().await;
    let sheet = shopper.sheet().await;
    assert_eq!(sheet.texts("#quote-total .price"), ["¥12.50"]);
    assert_eq!(sheet.texts("#quote-total-approx"), ["≈ USD 1.75"]);
    assert_eq!(sheet.count(".quote-line-total .approx"), 1);
    // Supplier text is shown as text.
    assert!(!sheet.body.contains("<second line"));
    assert!(
        sheet
            .texts(".quote-product .title-zh")
            .remove(0)
            .starts_with("=HYPERLINK")
    );
}

async fn live_state_in(gateway: &StandIn, data_dir: &str) -> AppState {
    let mut vars = standard_vars(gateway);
    vars.retain(|(k, _)| k != "STOREFRONT_DATA_DIR");
    vars.push(("STOREFRONT_DATA_DIR".into(), data_dir.into()));
    let vars: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    live_state(config(&vars)).await
}

#[tokio::test]
async fn in_live_mode_a_sheet_survives_a_restart_and_is_kept_apart_from_answers() {
    let gateway = StandIn::start(StandInConfig::default()).await;
    let data_dir = temp_dir("quote");
    let state = live_state_in(&gateway, &data_dir).await;
    let mut shopper = Shopper::new(state.clone());
    shopper
        .add(stand_in::KNOWN_OFFER, Some("4812345678902"), 100)
        .await;
    let before = shopper.sheet().await;
    assert_eq!(
        before.texts(".quote-unit-price .price"),
        ["¥3.20"],
        "the 100+ tier"
    );
    let link = shopper.share_link().await;
    drop(state);
    drop(shopper.state);

    let calls = gateway.total_calls();
    let restarted = live_state_in(&gateway, &data_dir).await;
    shopper.state = restarted.clone();
    let after = shopper.sheet().await;
    assert_eq!(
        after.texts(".quote-line-total"),
        before.texts(".quote-line-total")
    );
    assert_eq!(
        after.texts(".quote-variant"),
        before.texts(".quote-variant")
    );
    assert_eq!(get_with(restarted, &link, &[]).await.status, 200);
    // Live offers are 1688's: the export's offer column is plain, and so is the page's note.
    let csv = shopper.get("/quote/export.csv").await;
    assert_eq!(csv.status, 200);
    let header = csv.body.lines().next().unwrap_or_default();
    assert!(header.ends_with(",Offer URL,Price as of (UTC)"), "{header}");
    assert!(
        after
            .texts(".quote-note")
            .concat()
            .contains("the 1688 tier price")
    );
    assert_eq!(
        gateway.total_calls(),
        calls,
        "showing a sheet costs no call"
    );
}

#[tokio::test]
async fn a_form_over_the_limit_is_413_in_words_about_forms_not_photos() {
    let mut shopper = Shopper::new(mock_state());
    let padding = "x".repeat(20 * 1024);
    let response = shopper
        .post(
            "/quote/update",
            &format!("line=1&quantity=5&note={padding}"),
        )
        .await;
    assert_eq!(response.status, 413);
    let words = response.texts(".error-page h1, .error-message").join(" ");
    assert!(
        words.contains("Form too large") && !words.contains("photo"),
        "{words}"
    );
}
