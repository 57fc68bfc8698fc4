//! The JSON API for integrations.

use crate::support::*;

#[tokio::test]
async fn products_api_returns_a_page_with_the_same_parameters() {
    let response = get("/api/products?q=phone&sort=price_asc&page_size=5").await;
    assert_eq!(response.status, 200);
    let json = response.json();
    assert_eq!(json["source"], "mock");
    assert_eq!(json["page"], 1);
    assert_eq!(json["page_size"], 5);
    let items = json["items"].as_array().unwrap();
    assert_eq!(items.len(), 5);
    assert!(json["total"].as_u64().unwrap() >= 5);
    let prices: Vec<f64> = items
        .iter()
        .map(|i| i["price"].as_str().unwrap().parse().unwrap())
        .collect();
    assert!(prices.windows(2).all(|w| w[0] <= w[1]), "{prices:?}");
}

#[tokio::test]
async fn the_catalog_holds_hundreds_of_products() {
    let json = get("/api/products").await.json();
    assert!(json["total"].as_u64().unwrap() >= 300);
}

#[tokio::test]
async fn category_filter_includes_subcategories() {
    let tree = get("/api/categories").await.json();
    let top = &tree["categories"][0];
    let top_id = top["id"].as_u64().unwrap();
    let leaf_ids: Vec<u64> = top["children"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|mid| mid["children"].as_array().unwrap().iter())
        .map(|leaf| leaf["id"].as_u64().unwrap())
        .collect();
    let json = get(&format!("/api/products?category={top_id}&page_size=40"))
        .await
        .json();
    let items = json["items"].as_array().unwrap();
    assert!(!items.is_empty());
    for item in items {
        assert!(leaf_ids.contains(&item["category_id"].as_u64().unwrap()));
    }
}

#[tokio::test]
async fn product_api_returns_the_full_product() {
    let json = get(&format!("/api/products/{KNOWN_ID}")).await.json();
    assert_eq!(json["source"], "mock");
    let product = &json["product"];
    assert_eq!(product["id"], KNOWN_ID);
    assert!(!product["price_tiers"].as_array().unwrap().is_empty());
    assert!(product["supplier"]["name"].is_string());
    assert!(product["category_path"].as_array().unwrap().len() == 3);
}

#[tokio::test]
async fn unknown_product_is_a_json_404() {
    let response = get("/api/products/999999999999").await;
    assert_eq!(response.status, 404);
    assert_eq!(response.json()["error"]["code"], "not_found");
}

#[tokio::test]
async fn categories_api_returns_the_tree() {
    let json = get("/api/categories").await.json();
    let roots = json["categories"].as_array().unwrap();
    assert!(roots.len() >= 12);
    assert!(
        roots
            .iter()
            .all(|r| !r["children"].as_array().unwrap().is_empty())
    );
}

#[tokio::test]
async fn status_api_reports_mode_and_configuration() {
    let json = get("/api/status").await.json();
    assert_eq!(json["mode"], "mock");
    assert_eq!(json["app_key_configured"], false);
    assert_eq!(json["app_secret_configured"], false);
    assert_eq!(json["access_token_configured"], false);
    assert_eq!(json["gateway_url"], "https://gw.open.1688.com/openapi");
    assert!(
        json["message"]
            .as_str()
            .unwrap()
            .contains("ALIBABA_APP_KEY")
    );
}

#[tokio::test]
async fn unknown_api_paths_answer_json() {
    let response = get("/api/nothing").await;
    assert_eq!(response.status, 404);
    assert_eq!(response.json()["error"]["code"], "not_found");
}
