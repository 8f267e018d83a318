//! structured: a page's schema.org data as JSON-LD — `BreadcrumbList` on
//! every page with breadcrumbs, `Article` for playbooks and case studies,
//! `WebSite` (with a `SearchAction` when search is on) on the home page.
//! Serialized by serde_json, so it is always valid JSON, with `<`, `>` and
//! `&` written as `\u003c`… so no text can close its `<script>` element.

use crate::base::date::Date;
use serde_json::{json, Value};

/// What an article's data says.
pub(super) struct Article<'a> {
    pub(super) headline: &'a str,
    pub(super) description: &'a str,
    pub(super) published: Option<Date>,
    pub(super) modified: Option<Date>,
    /// The site's title and home page (absolute).
    pub(super) site: (&'a str, &'a str),
    /// The page's own author, if its file names one.
    pub(super) author: Option<&'a str>,
    /// The site's author (`[site] author`, else its title).
    pub(super) site_author: &'a str,
}

/// The `<script type="application/ld+json">` text of `ctx`'s page: its
/// breadcrumbs (from `breadcrumbs` and `permalink`, already in `ctx`) and
/// `nodes`, as `json_ld` (empty when there is nothing to say).
pub(super) fn insert(ctx: &mut tera::Context, origin: &str, nodes: Vec<Value>) {
    let crumbs = ctx.get("breadcrumbs").and_then(Value::as_array).cloned();
    let mut graph = Vec::new();
    if let Some(crumbs) = crumbs.filter(|c| !c.is_empty()) {
        let items: Vec<Value> = crumbs
            .iter()
            .enumerate()
            .map(|(i, c)| {
                json!({
                    "@type": "ListItem",
                    "position": i + 1,
                    "name": c["title"],
                    "item": format!("{origin}{}", c["url"].as_str().unwrap_or_default()),
                })
            })
            .collect();
        graph.push(json!({"@type": "BreadcrumbList", "itemListElement": items}));
    }
    graph.extend(nodes);
    let text = if graph.is_empty() {
        String::new()
    } else {
        script_text(&json!({"@context": "https://schema.org", "@graph": graph}))
    };
    ctx.insert("json_ld", &text);
}

/// `value` as JSON that is safe inside a `<script>` element.
fn script_text(value: &Value) -> String {
    serde_json::to_string(value)
        .unwrap_or_default()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// An `Article` node for the page whose `permalink` and `content_lang`
/// are in `ctx`.
pub(super) fn article(ctx: &tera::Context, a: &Article) -> Value {
    let text = |key: &str| ctx.get(key).cloned().unwrap_or(Value::Null);
    let (site_name, home) = a.site;
    let mut node = json!({
        "@type": "Article",
        "headline": a.headline,
        "url": text("permalink"),
        "mainEntityOfPage": text("permalink"),
        "inLanguage": text("content_lang"),
        "publisher": {"@type": "Organization", "name": site_name, "url": home},
        // A page's own author is a person; without one, the site's
        // author (an organisation) wrote it.
        "author": match a.author {
            Some(name) => json!({"@type": "Person", "name": name}),
            None => json!({"@type": "Organization", "name": a.site_author}),
        },
    });
    if !a.description.is_empty() {
        node["description"] = a.description.into();
    }
    if let Some(d) = a.published {
        node["datePublished"] = d.iso().into();
    }
    if let Some(d) = a.modified.or(a.published) {
        node["dateModified"] = d.iso().into();
    }
    node
}

/// The home page's `WebSite` node; with `search`, the URL of the search
/// page, whose `?q=` runs a query.
pub(super) fn website(name: &str, home: &str, language: &str, search: Option<&str>) -> Value {
    let mut node = json!({
        "@type": "WebSite",
        "name": name,
        "url": home,
        "inLanguage": language,
    });
    if let Some(search) = search {
        node["potentialAction"] = json!({
            "@type": "SearchAction",
            "target": {"@type": "EntryPoint", "urlTemplate": format!("{search}?q={{search_term_string}}")},
            "query-input": "required name=search_term_string",
        });
    }
    node
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_cannot_close_the_script_element() {
        let text = script_text(&json!({"headline": "</script><b>&"}));
        assert!(!text.contains('<') && !text.contains('&'), "{text}");
        let back: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back["headline"], "</script><b>&");
    }

    #[test]
    fn breadcrumbs_are_listed_with_absolute_urls() {
        let mut ctx = tera::Context::new();
        ctx.insert(
            "breadcrumbs",
            &json!([{"title": "Home", "url": "/"}, {"title": "A \"b\"", "url": "/a/"}]),
        );
        insert(&mut ctx, "https://x.org", vec![]);
        let text = ctx
            .get("json_ld")
            .and_then(Value::as_str)
            .unwrap()
            .to_string();
        let v: Value = serde_json::from_str(&text).unwrap();
        let list = &v["@graph"][0];
        assert_eq!(list["@type"], "BreadcrumbList");
        assert_eq!(list["itemListElement"][1]["item"], "https://x.org/a/");
        assert_eq!(list["itemListElement"][1]["position"], 2);
        assert_eq!(list["itemListElement"][1]["name"], "A \"b\"");
    }
}
