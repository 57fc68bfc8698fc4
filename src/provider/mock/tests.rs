use std::collections::HashSet;
use std::sync::OnceLock;

use rust_decimal::Decimal;

use super::*;
use crate::catalog::{Badge, Description, SellerIdentity, ShipWithin, ShippingGuarantee, Sort};

/// One catalog shared by the tests that only read it.
fn catalog() -> &'static MockCatalog {
    static CATALOG: OnceLock<MockCatalog> = OnceLock::new();
    CATALOG.get_or_init(MockCatalog::new)
}

fn products() -> impl Iterator<Item = &'static Product> {
    catalog().listings.iter().map(|l| &l.product)
}

fn query(keyword: &str) -> SearchQuery {
    SearchQuery {
        keyword: Some(keyword.to_owned()),
        ..SearchQuery::default()
    }
}

/// Every match of `query`, in order, on one page.
fn all_hits(query: SearchQuery) -> Vec<ProductSummary> {
    let page = catalog()
        .find(&SearchQuery {
            page: 1,
            page_size: 10_000,
            ..query
        })
        .unwrap();
    assert_eq!(page.items.len() as u64, page.total);
    page.items
}

fn ids(items: &[ProductSummary]) -> Vec<ProductId> {
    items.iter().map(|s| s.id).collect()
}

fn product(id: ProductId) -> &'static Product {
    &catalog().listing(id).unwrap().product
}

/// Whether an English word in `text` starts with `word` (what the search does for Latin words).
fn has_word(text: &str, word: &str) -> bool {
    text.to_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .any(|token| token.starts_with(word))
}

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn walk<'a>(tree: &'a [Category], out: &mut Vec<&'a Category>) {
    for node in tree {
        out.push(node);
        walk(&node.children, out);
    }
}

fn all_categories() -> Vec<&'static Category> {
    let mut out = Vec::new();
    walk(&catalog().categories, &mut out);
    out
}

#[test]
fn the_catalog_is_identical_across_two_builds() {
    let (a, b) = (MockCatalog::new(), MockCatalog::new());
    assert_eq!(a.categories, b.categories);
    let products_of = |c: &MockCatalog| {
        c.listings
            .iter()
            .map(|l| l.product.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(products_of(&a), products_of(&b));
}

#[test]
fn the_catalog_holds_at_least_300_products() {
    assert!(
        catalog().listings.len() >= 300,
        "{}",
        catalog().listings.len()
    );
}

#[test]
fn the_tree_has_at_least_12_top_level_categories_three_levels_deep() {
    let tree = &catalog().categories;
    assert!(tree.len() >= 12);
    for top in tree.iter() {
        assert!((2..=4).contains(&top.children.len()), "{}", top.name);
        for sub in &top.children {
            assert!((2..=3).contains(&sub.children.len()), "{}", sub.name);
            assert!(sub.children.iter().all(|leaf| leaf.children.is_empty()));
        }
    }
}

#[test]
fn every_category_has_a_chinese_and_an_english_name() {
    for category in all_categories() {
        assert!(!category.name.is_empty());
        assert!(category.name_en.as_deref().is_some_and(|n| !n.is_empty()));
    }
}

#[test]
fn category_ids_are_unique_across_the_tree_and_top_level_ids_have_7_digits() {
    let ids: Vec<u64> = all_categories().iter().map(|c| c.id.0).collect();
    let unique: HashSet<_> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len());
    assert!(
        catalog()
            .categories
            .iter()
            .all(|top| (1_000_000..10_000_000).contains(&top.id.0))
    );
}

#[test]
fn product_ids_are_unique_12_digit_numbers_and_the_first_is_the_documented_offer() {
    let ids: Vec<u64> = products().map(|p| p.id.0).collect();
    assert_eq!(ids[0], 610947572360);
    assert!(
        ids.iter()
            .all(|id| (100_000_000_000..1_000_000_000_000).contains(id))
    );
    assert_eq!(ids.iter().collect::<HashSet<_>>().len(), ids.len());
}

#[test]
fn every_product_has_one_to_six_images_served_by_the_app() {
    for p in products() {
        assert!((1..=6).contains(&p.images.len()), "{}", p.id);
        for (i, url) in p.images.iter().enumerate() {
            assert_eq!(url, &format!("/img/mock/{}/{}.svg", p.id, i + 1));
        }
    }
}

#[test]
fn every_product_has_tiers_with_rising_quantities_and_falling_prices() {
    for p in products() {
        let tiers = &p.price_tiers;
        assert!((1..=4).contains(&tiers.len()), "{}", p.id);
        assert_eq!(p.min_order, tiers[0].min_quantity);
        for pair in tiers.windows(2) {
            assert!(pair[0].min_quantity < pair[1].min_quantity, "{}", p.id);
            assert!(pair[0].price > pair[1].price, "{}", p.id);
        }
        for tier in tiers {
            assert_eq!(tier.price.scale(), 2);
            assert!(
                tier.price >= dec("0.50") && tier.price <= dec("2000.00"),
                "{}",
                tier.price
            );
        }
    }
}

#[test]
fn every_product_has_skus_specifications_and_a_description() {
    for p in products() {
        assert!(!p.skus.is_empty(), "{}", p.id);
        assert!(
            p.skus
                .iter()
                .all(|s| !s.attributes.is_empty() && s.price.is_some())
        );
        assert!((3..=8).contains(&p.specifications.len()), "{}", p.id);
        let all_attributes = p
            .skus
            .iter()
            .flat_map(|s| &s.attributes)
            .chain(&p.specifications);
        assert!(
            all_attributes
                .clone()
                .all(|a| a.name_en.is_some() && a.value_en.is_some())
        );
        assert!(matches!(&p.description, Some(Description::Text(t)) if t.len() > 40));
        assert!(p.title_en.is_some() && !p.title.is_empty());
        assert!(
            [
                "piece", "pair", "set", "pack", "meter", "box", "roll", "bottle"
            ]
            .contains(&p.unit.as_str())
        );
    }
}

#[test]
fn every_category_path_runs_from_a_top_level_category_to_a_leaf() {
    let tree = &catalog().categories;
    for p in products() {
        let ids: Vec<CategoryId> = p.category_path.iter().map(|c| c.id).collect();
        assert_eq!(ids.len(), 3, "{}", p.id);
        let found = Category::find_path(tree, ids[2]).expect("leaf is in the tree");
        assert_eq!(found.iter().map(|c| c.id).collect::<Vec<_>>(), ids);
        assert!(found[2].children.is_empty());
    }
}

#[test]
fn every_leaf_category_has_products() {
    let used: HashSet<CategoryId> = products().filter_map(Product::category_id).collect();
    let leaves = all_categories()
        .into_iter()
        .filter(|c| c.children.is_empty());
    for leaf in leaves {
        assert!(used.contains(&leaf.id), "{}", leaf.name);
    }
}

#[test]
fn suppliers_look_like_1688_suppliers() {
    let names: HashSet<&str> = products().map(|p| p.supplier.name.as_str()).collect();
    assert!(names.len() >= 50, "{}", names.len());
    for p in products() {
        let s = &p.supplier;
        assert!(s.name_en.is_some() && s.location.is_some());
        assert!(s.years_on_1688.is_some_and(|y| (1..=18).contains(&y)));
        assert!(
            s.rating
                .is_some_and(|r| r >= dec("4.0") && r <= dec("5.0") && r.scale() == 1)
        );
    }
}

#[test]
fn every_product_carries_plausible_supplier_signals() {
    let all: Vec<&Product> = products().collect();
    let share =
        |f: &dyn Fn(&&Product) -> bool| all.iter().filter(|p| f(p)).count() * 100 / all.len();
    for p in &all {
        let s = &p.signals;
        assert_eq!(s.trade_score, p.supplier.rating, "{}", p.id);
        assert_eq!(s.years_on_1688, p.supplier.years_on_1688);
        assert!(
            s.repurchase_rate
                .is_some_and(|r| r >= dec("3") && r <= dec("60"))
        );
        let verified_factory = p.supplier.badges.contains(&Badge::Verified)
            && p.supplier.badges.contains(&Badge::Factory);
        assert_eq!(
            s.identities.contains(&SellerIdentity::VerifiedFactory),
            verified_factory,
            "{}",
            p.id
        );
        assert_eq!(
            s.identities.contains(&SellerIdentity::SuperFactory),
            p.supplier.badges.contains(&Badge::SuperFactory)
        );
        for rate in [s.fulfilment_rate_30d, s.pickup_24h_rate_30d] {
            assert!(rate.is_none_or(|r| r >= dec("80") && r <= dec("100")));
        }
        assert!(s.quality_return_rate_30d.is_none_or(|r| r <= dec("3")));
        assert_eq!(p.summary().signals, *s, "cards show what the page shows");
    }
    let within_24 = share(&|p| p.signals.shipping == Some(ShippingGuarantee::Within24Hours));
    let within_48 = share(&|p| p.signals.shipping == Some(ShippingGuarantee::Within48Hours));
    let factories = share(&|p| {
        p.signals
            .identities
            .contains(&SellerIdentity::VerifiedFactory)
    });
    let rated = share(&|p| p.signals.fulfilment_rate_30d.is_some());
    assert!((20..50).contains(&within_24), "{within_24}%");
    assert!((25..55).contains(&within_48), "{within_48}%");
    assert!((15..75).contains(&factories), "{factories}%");
    assert!(
        (75..100).contains(&rated),
        "some sellers have no 30-day rates: {rated}%"
    );
}

#[test]
fn several_tiers_price_every_variant_alike_and_one_tier_prices_each() {
    let (mut tiered, mut per_variant) = (0, 0);
    for p in products() {
        if p.price_tiers.len() > 1 {
            tiered += 1;
            for sku in &p.skus {
                assert_eq!(sku.price, Some(p.price_tiers[0].price), "{}", p.id);
            }
        } else if p
            .skus
            .iter()
            .any(|sku| sku.price != Some(p.price_tiers[0].price))
        {
            per_variant += 1;
        }
    }
    assert!(tiered > 100 && per_variant > 5, "{tiered} {per_variant}");
}

#[test]
fn each_buyer_filter_narrows_the_results_to_what_it_says() {
    let everything = all_hits(query("")).len();
    let filtered = |change: &dyn Fn(&mut SearchQuery)| {
        let mut q = query("");
        change(&mut q);
        let hits = all_hits(q);
        assert!(
            !hits.is_empty() && hits.len() < everything,
            "{}",
            hits.len()
        );
        hits
    };
    for hit in filtered(&|q| q.ships_within = Some(ShipWithin::Hours24)) {
        assert_eq!(hit.signals.shipping, Some(ShippingGuarantee::Within24Hours));
    }
    let within_48 = filtered(&|q| q.ships_within = Some(ShipWithin::Hours48));
    assert!(within_48.iter().all(|hit| hit.signals.shipping.is_some()));
    assert!(
        within_48
            .iter()
            .any(|hit| hit.signals.shipping == Some(ShippingGuarantee::Within24Hours)),
        "a 24-hour guarantee ships within 48 hours too"
    );
    for hit in filtered(&|q| q.verified_factory = true) {
        assert!(
            hit.signals
                .identities
                .contains(&SellerIdentity::VerifiedFactory)
        );
    }
    for hit in filtered(&|q| q.min_monthly_sales = Some(2_000)) {
        assert!(hit.monthly_sales.is_some_and(|sold| sold >= 2_000));
    }
    for hit in filtered(&|q| q.max_moq = Some(5)) {
        assert!(hit.min_order <= 5);
    }
}

#[tokio::test]
async fn product_finds_a_known_id_and_refuses_an_unknown_one() {
    let mock = catalog();
    let first = mock
        .product(ProductId(610947572360), Need::Required)
        .await
        .unwrap()
        .value;
    assert_eq!(first.id, ProductId(610947572360));
    assert_eq!(
        mock.product(ProductId(1), Need::Required).await,
        Err(ProviderError::NotFound)
    );
}

#[tokio::test]
async fn category_returns_the_node_with_its_subtree() {
    let mock = catalog();
    let top = &mock.categories[0];
    assert_eq!(
        &mock.category(top.id, Need::Required).await.unwrap().value,
        top
    );
    let leaf = &top.children[0].children[0];
    assert_eq!(
        &mock.category(leaf.id, Need::Required).await.unwrap().value,
        leaf
    );
    assert_eq!(
        mock.category(CategoryId(42), Need::Required).await,
        Err(ProviderError::NotFound)
    );
}

#[tokio::test]
async fn categories_share_one_tree() {
    let mock = catalog();
    let (a, b) = (
        mock.categories(Need::Required).await.unwrap().value,
        mock.categories(Need::Required).await.unwrap().value,
    );
    assert!(Arc::ptr_eq(&a, &b));
}

#[tokio::test]
async fn status_reports_the_sample_catalog_without_calling_1688() {
    let mock = catalog();
    assert_eq!(mock.source(), DataSource::Mock);
    let checks = mock.status().await;
    assert_eq!(checks.len(), 1);
    assert!(checks[0].ok);
    assert_eq!(checks[0].name, "Mock catalog");
    let expected = format!(
        "Sample catalog: {} products in {} categories (no 1688 call made)",
        mock.listings.len(),
        mock.categories.len()
    );
    assert_eq!(checks[0].detail, expected);
}

#[test]
fn nothing_in_the_catalog_points_at_another_host() {
    let all: Vec<&Product> = products().collect();
    let json = serde_json::to_string(&all).unwrap();
    assert!(!json.contains("http"));
    assert!(!json.contains("//"));
}

#[test]
fn searching_phone_in_chinese_or_english_finds_phone_products() {
    for keyword in ["手机", "phone"] {
        let hits = all_hits(query(keyword));
        assert!(hits.len() >= 20, "{keyword}: {}", hits.len());
        assert!(ids(&hits).contains(&ProductId(610947572360)), "{keyword}");
        let leaves: HashSet<_> = hits.iter().filter_map(|h| h.category_id).collect();
        assert!(
            leaves.len() >= 5,
            "{keyword}: phone cases, holders, chargers, phones …"
        );
    }
}

#[test]
fn common_buyer_keywords_all_find_products() {
    let keywords = [
        "phone",
        "case",
        "bag",
        "shoes",
        "dress",
        "cup",
        "led",
        "toy",
        "dog",
        "cable",
        "charger",
        "mug",
        "towel",
        "tape",
        "earrings",
        "backpack",
        "手机壳",
        "连衣裙",
        "数据线",
        "收纳",
        "保温杯",
        "玩具",
        "宠物",
        "包装",
    ];
    for keyword in keywords {
        assert!(!all_hits(query(keyword)).is_empty(), "{keyword}");
    }
}

#[test]
fn a_case_for_one_phone_brand_comes_in_that_brands_models() {
    let brands = ["iPhone", "Huawei", "Xiaomi", "OPPO", "vivo"];
    let mut checked = 0;
    for p in products() {
        let title = p.title_en.as_deref().unwrap_or_default();
        let named: Vec<&str> = brands.into_iter().filter(|b| title.contains(b)).collect();
        let models = p
            .skus
            .iter()
            .flat_map(|sku| &sku.attributes)
            .filter(|a| a.name_en.as_deref() == Some("Compatible model"))
            .map(|a| a.value_en.clone().unwrap());
        for model in models {
            if !named.is_empty() {
                checked += 1;
                assert!(
                    named.iter().any(|b| model.starts_with(b)),
                    "{}: “{title}” in {model}",
                    p.id
                );
            }
        }
    }
    assert!(checked > 5, "{checked}");
}

#[test]
fn every_default_popular_search_finds_products() {
    // The home page's shelves and every page's "Popular" links: none may lead to nothing.
    for keyword in crate::config::DEFAULT_FEATURED_KEYWORDS {
        assert!(!all_hits(query(keyword)).is_empty(), "{keyword}");
    }
}

#[test]
fn search_is_case_insensitive() {
    assert_eq!(
        ids(&all_hits(query("PHONE"))),
        ids(&all_hits(query("phone")))
    );
    assert_eq!(ids(&all_hits(query("Led"))), ids(&all_hits(query("LED"))));
}

#[test]
fn a_blank_keyword_matches_every_product() {
    let page = catalog().find(&query("   ")).unwrap();
    assert_eq!(page.total, catalog().listings.len() as u64);
}

#[test]
fn a_multi_word_keyword_matches_products_containing_every_word() {
    let both: HashSet<_> = ids(&all_hits(query("phone case"))).into_iter().collect();
    let phone: HashSet<_> = ids(&all_hits(query("phone"))).into_iter().collect();
    let case: HashSet<_> = ids(&all_hits(query("case"))).into_iter().collect();
    assert!(!both.is_empty());
    assert_eq!(both, &phone & &case);
    // Words may match in different fields: 手机 in a category, "mount" in the English title.
    let mixed = all_hits(query("手机  mount"));
    assert!(!mixed.is_empty());
    assert!(
        mixed
            .iter()
            .all(|h| has_word(h.title_en.as_deref().unwrap(), "mount"))
    );
}

#[test]
fn title_matches_rank_above_category_only_matches() {
    let hits = all_hits(query("phone"));
    let in_title: Vec<bool> = hits
        .iter()
        .map(|h| has_word(h.title_en.as_deref().unwrap(), "phone"))
        .collect();
    let first_category_only = in_title
        .iter()
        .position(|t| !t)
        .expect("smartphones match by category");
    assert!(in_title[..first_category_only].iter().all(|t| *t));
    assert!(in_title[first_category_only..].iter().all(|t| !t));
}

#[test]
fn the_category_filter_includes_descendants() {
    let top = &catalog().categories[0];
    let hits = all_hits(SearchQuery {
        category: Some(top.id),
        ..SearchQuery::default()
    });
    let expected = products()
        .filter(|p| p.category_path[0].id == top.id)
        .count();
    assert_eq!(hits.len(), expected);
    let per_leaf: usize = top
        .self_and_descendants()
        .into_iter()
        .filter(|id| catalog().category_index[id].children.is_empty())
        .map(|leaf| {
            all_hits(SearchQuery {
                category: Some(leaf),
                ..SearchQuery::default()
            })
            .len()
        })
        .sum();
    assert_eq!(per_leaf, expected);

    let sub = &top.children[0];
    let phone_hits = all_hits(SearchQuery {
        category: Some(sub.id),
        ..query("phone")
    });
    assert!(!phone_hits.is_empty());
    assert!(
        phone_hits
            .iter()
            .all(|h| product(h.id).category_path[1].id == sub.id)
    );
}

#[test]
fn an_unknown_category_is_not_found() {
    let unknown = SearchQuery {
        category: Some(CategoryId(1)),
        ..SearchQuery::default()
    };
    assert_eq!(catalog().find(&unknown), Err(ProviderError::NotFound));
}

#[test]
fn the_price_filter_is_inclusive_on_the_lowest_price() {
    let price = catalog().listings[0].summary.price;
    let exact = all_hits(SearchQuery {
        min_price: Some(price),
        max_price: Some(price),
        ..SearchQuery::default()
    });
    assert!(ids(&exact).contains(&ProductId(610947572360)));
    assert!(exact.iter().all(|h| h.price == price));

    let (min, max) = (dec("10.00"), dec("20.00"));
    let ranged = all_hits(SearchQuery {
        min_price: Some(min),
        max_price: Some(max),
        ..SearchQuery::default()
    });
    let expected = catalog()
        .listings
        .iter()
        .filter(|l| l.summary.price >= min && l.summary.price <= max)
        .count();
    assert!(expected > 0);
    assert_eq!(ranged.len(), expected);
}

#[test]
fn each_sort_order_is_really_sorted() {
    let sorted = |sort: Sort| {
        all_hits(SearchQuery {
            sort,
            ..SearchQuery::default()
        })
    };
    let sales = |s: &ProductSummary| s.monthly_sales.unwrap();

    let by_price = sorted(Sort::PriceAsc);
    assert!(
        by_price
            .windows(2)
            .all(|w| (w[0].price, w[0].id) < (w[1].price, w[1].id))
    );
    let by_price_desc = sorted(Sort::PriceDesc);
    assert!(
        by_price_desc
            .windows(2)
            .all(|w| w[0].price > w[1].price || (w[0].price == w[1].price && w[0].id < w[1].id))
    );
    let by_sales = sorted(Sort::Sales);
    assert!(by_sales.windows(2).all(
        |w| sales(&w[0]) > sales(&w[1]) || (sales(&w[0]) == sales(&w[1]) && w[0].id < w[1].id)
    ));
    assert_eq!(by_sales.len(), catalog().listings.len());
    // Without a keyword, the best match is the best seller.
    assert_eq!(ids(&sorted(Sort::Relevance)), ids(&by_sales));
    // With one, equally relevant products (here: all matching by category only) are ordered by
    // sales too.
    let accessories = all_hits(query("accessories"));
    assert!(accessories.len() > 20);
    assert!(accessories.windows(2).all(|w| sales(&w[0]) >= sales(&w[1])));
}

#[test]
fn pages_slice_the_results_in_order() {
    let everything = all_hits(query("phone"));
    let mut paged = Vec::new();
    for page in 1.. {
        let result = catalog()
            .find(&SearchQuery {
                page,
                page_size: 7,
                ..query("phone")
            })
            .unwrap();
        assert_eq!((result.page, result.page_size), (page, 7));
        assert_eq!(result.total, everything.len() as u64);
        if result.items.is_empty() {
            break;
        }
        assert!(result.items.len() <= 7);
        paged.extend(result.items);
    }
    assert_eq!(ids(&paged), ids(&everything));
}

#[test]
fn a_page_past_the_end_is_empty_but_keeps_the_total() {
    let total = catalog().listings.len() as u64;
    for (page, page_size) in [
        (1_000, 20),
        (u32::MAX, 20),
        (u32::MAX, u32::MAX),
        (2, u32::MAX),
    ] {
        let result = catalog()
            .find(&SearchQuery {
                page,
                page_size,
                ..SearchQuery::default()
            })
            .unwrap();
        assert!(result.items.is_empty(), "page {page} of {page_size}");
        assert_eq!(result.total, total);
        assert!(result.is_past_end());
    }
}

#[test]
fn placeholder_svg_draws_every_image_of_every_product() {
    for listing in &catalog().listings {
        let p = &listing.product;
        for n in 1..=p.images.len() {
            let svg = catalog().placeholder_svg(p.id, n).unwrap();
            assert!(svg.starts_with("<svg ") && svg.ends_with("</svg>"), "{svg}");
            assert!(svg.contains(r#"viewBox="0 0 400 400""#));
            assert!(svg.contains(&format!("Sample image {n}")));
            assert!(svg.len() < 2_048, "{} bytes", svg.len());
        }
    }
}

#[test]
fn placeholder_svg_varies_with_the_image_number() {
    let p = products().find(|p| p.images.len() >= 2).unwrap();
    assert_ne!(
        catalog().placeholder_svg(p.id, 1),
        catalog().placeholder_svg(p.id, 2)
    );
}

#[test]
fn placeholder_svg_is_none_for_missing_products_and_images() {
    let p = products().next().unwrap();
    assert_eq!(catalog().placeholder_svg(p.id, 0), None);
    assert_eq!(catalog().placeholder_svg(p.id, p.images.len() + 1), None);
    assert_eq!(catalog().placeholder_svg(p.id, usize::MAX), None);
    assert_eq!(catalog().placeholder_svg(ProductId(42), 1), None);
}

#[test]
fn placeholder_svg_references_no_external_host() {
    let svg = catalog()
        .placeholder_svg(ProductId(610947572360), 1)
        .unwrap();
    // The namespace must be declared for the file to render; it is a name, never fetched.
    let namespace = format!(r#"xmlns="{}""#, svg::SVG_NAMESPACE);
    assert_eq!(svg.matches(&namespace).count(), 1);
    let rest = svg.replace(&namespace, "");
    for needle in [
        "http",
        "//",
        "href",
        "@import",
        "<image",
        "<script",
        "font-face",
    ] {
        assert!(!rest.contains(needle), "{needle}");
    }
    assert_eq!(rest.matches("url(").count(), rest.matches("url(#").count());
}

#[test]
fn placeholder_svg_escapes_its_label() {
    let listing = catalog()
        .listings
        .iter()
        .find(|l| l.art.label.contains('\''))
        .expect("a label with an apostrophe, e.g. Kids' Outfit Set");
    let svg = catalog().placeholder_svg(listing.product.id, 1).unwrap();
    assert!(svg.contains(&listing.art.label.replace('\'', "&#39;")));
    assert!(!svg.contains(listing.art.label));
}

/// The page `query` asks for, cut from the brute-force reference's full result.
fn reference_page(query: &SearchQuery) -> (Vec<ProductId>, u64) {
    let all = search::reference::search(&catalog().listings, query);
    let start = (query.page as usize - 1)
        .saturating_mul(query.page_size as usize)
        .min(all.len());
    let end = start
        .saturating_add(query.page_size as usize)
        .min(all.len());
    (ids(&all[start..end]), all.len() as u64)
}

fn assert_index_agrees_with_reference(query: &SearchQuery) {
    let page = catalog().find(query).unwrap();
    let (expected, total) = reference_page(query);
    assert_eq!(ids(&page.items), expected, "{query:?}");
    assert_eq!(page.total, total, "{query:?}");
}

/// Keywords of every kind: Chinese and English, whole and partial words, several words, upper
/// case, punctuation, digits, words found nowhere.
const INDEX_KEYWORDS: [&str; 24] = [
    "phone",
    "手机",
    "手机壳",
    "phone case",
    "PHONE Case",
    "led",
    "c",
    "usb-c",
    "t-shirt",
    "a",
    "1",
    "-",
    "壳",
    "手机  mount",
    "accessories",
    "dog toy",
    "宠物",
    "连衣裙 dress",
    "bag 包",
    "cup",
    "insulated",
    "zzzz",
    "杯子 nothing",
    "(",
];

#[test]
fn the_index_finds_what_filtering_and_sorting_every_product_finds() {
    let mut categories: Vec<Option<CategoryId>> = vec![None];
    categories.extend(all_categories().iter().map(|c| Some(c.id)));
    let prices = [
        (None, None),
        (Some(dec("10")), None),
        (None, Some(dec("9.99"))),
        (Some(dec("5")), Some(dec("50"))),
        (Some(dec("1000")), None),
    ];
    for sort in Sort::ALL {
        for &category in &categories {
            for &(min_price, max_price) in &prices {
                assert_index_agrees_with_reference(&SearchQuery {
                    category,
                    min_price,
                    max_price,
                    sort,
                    page_size: 10_000,
                    ..SearchQuery::default()
                });
            }
        }
        // Keywords with a category at each level of the tree, or none.
        let top = &catalog().categories[0];
        let levels = [
            None,
            Some(top.id),
            Some(top.children[0].id),
            Some(top.children[0].children[0].id),
        ];
        for keyword in INDEX_KEYWORDS {
            for category in levels {
                for &(min_price, max_price) in &prices {
                    assert_index_agrees_with_reference(&SearchQuery {
                        category,
                        min_price,
                        max_price,
                        sort,
                        page_size: 10_000,
                        ..query(keyword)
                    });
                }
            }
        }
    }
}

#[test]
fn index_pages_are_the_reference_cut_into_pages() {
    for sort in Sort::ALL {
        for keyword in [None, Some("phone"), Some("手机")] {
            let base = SearchQuery {
                keyword: keyword.map(str::to_owned),
                sort,
                ..SearchQuery::default()
            };
            let all = ids(&search::reference::search(&catalog().listings, &base));
            for page_size in [1, 7, 20, 40] {
                let mut paged = Vec::new();
                for page in 1..=(all.len() as u32 / page_size + 2) {
                    let result = catalog()
                        .find(&SearchQuery {
                            page,
                            page_size,
                            ..base.clone()
                        })
                        .unwrap();
                    assert_eq!(result.total, all.len() as u64);
                    paged.extend(ids(&result.items));
                }
                assert_eq!(paged, all, "{base:?}, {page_size} per page");
            }
        }
    }
}

/// Words and pieces of words of the catalog's own texts, so that random keywords mostly match.
fn catalog_vocabulary() -> Vec<String> {
    let mut words: Vec<String> = catalog()
        .listings
        .iter()
        .flat_map(|l| {
            let p = &l.product;
            let names = p
                .category_path
                .iter()
                .flat_map(|c| [Some(&c.name), c.name_en.as_ref()]);
            [Some(&p.title), p.title_en.as_ref()]
                .into_iter()
                .chain(names)
                .flatten()
                .flat_map(|text| text.split_whitespace())
        })
        .flat_map(|word| {
            // The whole word, its first half and its second half (by characters).
            let chars: Vec<char> = word.chars().collect();
            let half = chars.len() / 2;
            [
                word.to_owned(),
                chars[..half.max(1)].iter().collect(),
                chars[half..].iter().collect(),
            ]
        })
        .filter(|w: &String| !w.is_empty())
        .collect();
    words.sort();
    words.dedup();
    words
}

mod index_properties {
    use proptest::prelude::*;

    use super::*;

    fn vocabulary() -> &'static [String] {
        static WORDS: OnceLock<Vec<String>> = OnceLock::new();
        WORDS.get_or_init(catalog_vocabulary)
    }

    fn category_ids() -> &'static [CategoryId] {
        static IDS: OnceLock<Vec<CategoryId>> = OnceLock::new();
        IDS.get_or_init(|| all_categories().iter().map(|c| c.id).collect())
    }

    fn keyword() -> impl Strategy<Value = Option<String>> {
        let word = (0..vocabulary().len()).prop_map(|i| vocabulary()[i].clone());
        let upper = any::<bool>();
        prop_oneof![
            1 => Just(None),
            6 => prop::collection::vec((word, upper), 1..=3).prop_map(|words| {
                let words: Vec<String> = words
                    .into_iter()
                    .map(|(w, upper)| if upper { w.to_uppercase() } else { w })
                    .collect();
                Some(words.join(" "))
            }),
        ]
    }

    fn category() -> impl Strategy<Value = Option<CategoryId>> {
        prop_oneof![
            1 => Just(None),
            3 => (0..category_ids().len()).prop_map(|i| Some(category_ids()[i])),
        ]
    }

    fn price() -> impl Strategy<Value = Option<Decimal>> {
        prop::option::of((0u32..20_000).prop_map(|fen| Decimal::new(i64::from(fen), 2)))
    }

    fn sort() -> impl Strategy<Value = Sort> {
        prop::sample::select(Sort::ALL.to_vec())
    }

    /// ships_within, verified_factory, min_monthly_sales, max_moq.
    fn buyer_filters() -> impl Strategy<Value = (Option<ShipWithin>, bool, Option<u32>, Option<u32>)>
    {
        (
            prop::option::of(prop::sample::select(vec![
                ShipWithin::Hours24,
                ShipWithin::Hours48,
            ])),
            prop::bool::weighted(0.3),
            prop::option::of(0u32..3_000),
            prop::option::of(1u32..200),
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn the_index_agrees_with_the_reference_on_random_queries(
            keyword in keyword(),
            category in category(),
            (min_price, max_price) in (price(), price()),
            sort in sort(),
            page in 1u32..12,
            page_size in 1u32..=40,
            (ships_within, verified_factory, min_monthly_sales, max_moq) in buyer_filters(),
        ) {
            let query = SearchQuery {
                keyword, category, min_price, max_price, sort, page, page_size,
                ships_within, verified_factory, min_monthly_sales, max_moq,
            };
            let page = catalog().find(&query).unwrap();
            let (expected, total) = reference_page(&query);
            prop_assert_eq!(ids(&page.items), expected);
            prop_assert_eq!(page.total, total);
        }
    }
}
