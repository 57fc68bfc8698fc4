//! `GET /`: search box, category grid, and shelves of popular searches.
//!
//! Every block but the search box is optional: when 1688 cannot answer one right now (an error,
//! or no free call slot), the page still answers with the blocks it has and a notice in place of
//! the missing one.

use std::sync::Arc;

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use futures_util::future::join_all;

use crate::AppState;
use crate::catalog::{Category, ProductSummary, SearchQuery, Sort};
use crate::config::Config;
use crate::provider::Need;
use crate::web::crawlers::Visitor;
use crate::web::layout::{Block, Layout, oldest_stale, render_page};
use crate::web::seo::{self, OpenGraph};

/// Shelves on the home page: one per featured keyword, up to this many.
const HOME_SHELVES: usize = 3;
/// Products on one shelf.
const SHELF_SIZE: u32 = 8;

/// A row of best sellers for one popular search.
pub struct Shelf {
    pub keyword: String,
    pub products: Block<Vec<ProductSummary>>,
    /// Set when the shelf shows stale data: its age.
    pub stale: Option<std::time::Duration>,
}

/// The search behind a shelf: the keyword's best sellers.
fn shelf_query(keyword: &str) -> SearchQuery {
    SearchQuery {
        keyword: Some(keyword.to_string()),
        sort: Sort::Sales,
        page_size: SHELF_SIZE,
        ..SearchQuery::default()
    }
}

/// The searches of the home page's shelves (live mode fetches them with spare calls at start).
pub fn shelf_queries(config: &Config) -> Vec<SearchQuery> {
    config
        .featured_keywords
        .iter()
        .take(HOME_SHELVES)
        .map(|keyword| shelf_query(keyword))
        .collect()
}

impl Shelf {
    /// The shelf for `keyword`: its best sellers, if they can be had without waiting.
    pub async fn load(state: &AppState, keyword: &str, visitor: Visitor) -> Shelf {
        let query = shelf_query(keyword);
        let answer = state
            .provider
            .search(&query, visitor.need(Need::Optional))
            .await;
        let stale = answer.as_ref().ok().and_then(|fetched| fetched.stale);
        Shelf {
            keyword: keyword.to_string(),
            products: Block::new(
                answer.map(|fetched| fetched.map(|page| page.items)),
                &format!("Best sellers for “{keyword}”"),
                state.provider.name(),
            ),
            stale,
        }
    }

    /// Where "see all" leads: the search, by sales.
    pub fn href(&self) -> String {
        format!(
            "/search?q={}&sort=sales",
            form_urlencoded::byte_serialize(self.keyword.as_bytes()).collect::<String>()
        )
    }
}

/// The home page's head: what the store is, the site search as structured data, and a preview.
fn home_layout(state: &AppState) -> Layout {
    const TITLE: &str = "Wholesale products from 1688";
    const DESCRIPTION: &str = "Source wholesale products from 1688.com, China's largest B2B marketplace, in English: search in English or Chinese, compare tiered factory prices, minimum orders and suppliers, and collect a quote sheet.";
    let layout = Layout::new(state, TITLE)
        .describe(DESCRIPTION)
        .canonical("/");
    let open_graph = OpenGraph {
        kind: "website",
        title: format!("{TITLE} · {}", seo::SITE_NAME),
        description: DESCRIPTION.to_string(),
        url: layout.absolute("/"),
        image: None,
        labels: Vec::new(),
    };
    let website = seo::website_json_ld(&layout.site);
    layout.with_open_graph(open_graph).with_json_ld(&website)
}

#[derive(Template)]
#[template(path = "home.html")]
pub struct HomePage {
    layout: Layout,
    categories: Block<Arc<Vec<Category>>>,
    shelves: Vec<Shelf>,
    popular: Vec<String>,
}

pub async fn page(State(state): State<AppState>, visitor: Visitor) -> Response {
    let keywords = &state.config.featured_keywords;
    let (categories, shelves) = tokio::join!(
        state.provider.categories(visitor.need(Need::Optional)),
        join_all(
            keywords
                .iter()
                .take(HOME_SHELVES)
                .map(|keyword| Shelf::load(&state, keyword, visitor))
        )
    );
    let stale = oldest_stale(
        shelves
            .iter()
            .map(|shelf| shelf.stale)
            .chain([categories.as_ref().ok().and_then(|fetched| fetched.stale)]),
    );
    let page = HomePage {
        layout: home_layout(&state).with_stale(stale),
        categories: Block::new(categories, "The category list", state.provider.name()),
        shelves,
        popular: keywords.clone(),
    };
    let complete = page.categories.is_shown() && page.shelves.iter().all(|s| s.products.is_shown());
    render_page(&page, complete && !page.layout.is_stale())
}
