//! `guidegen schema`: JSON Schemas of `guidegen.toml` and of every content
//! kind, derived from the serde types the loader reads them with (so they
//! cannot drift), with the site's own pillar, region and case-study slugs
//! as the values references may take. Editors with Taplo (Even Better TOML)
//! complete and check TOML files that name them with `#:schema`.

use crate::base::files::SiteBoundary;
use crate::config::{self, Overrides};
use serde_json::{json, Value};
use std::path::Path;

/// Each schema's file name, and the schema.
pub fn schemas(root: &Path) -> Vec<(&'static str, Value)> {
    let mut out = vec![
        ("guidegen.schema.json", config::schema().to_value()),
        (
            "playbook.schema.json",
            crate::content::playbook::schema().to_value(),
        ),
        (
            "pillar.schema.json",
            crate::content::pillar::schema().to_value(),
        ),
        (
            "page.schema.json",
            crate::content::page::schema().to_value(),
        ),
        (
            "region.schema.json",
            crate::content::region::schema().to_value(),
        ),
        (
            "case-study.schema.json",
            crate::content::case_study::schema().to_value(),
        ),
        (
            "glossary.schema.json",
            crate::content::glossary::schema().to_value(),
        ),
    ];
    // The site's slugs, when it loads: references complete and are checked.
    if let Ok(config) = config::load(root, &Overrides::default()) {
        let boundary = SiteBoundary::new(root);
        let (content, _) = crate::content::load(&boundary, true, &config.translation_tags());
        let slugs = |items: Vec<&String>| -> Value { json!(items) };
        let pillars = slugs(content.pillars.iter().map(|p| &p.slug).collect());
        let regions = slugs(content.regions.iter().map(|r| &r.slug).collect());
        let mut regions_or_all = regions.clone();
        if let Value::Array(list) = &mut regions_or_all {
            list.push(json!("all"));
        }
        let cases = slugs(content.case_studies.iter().map(|c| &c.slug).collect());
        for (name, schema) in &mut out {
            let props = &mut schema["properties"];
            match *name {
                "playbook.schema.json" => {
                    props["pillar"]["enum"] = pillars.clone();
                    props["regions"]["items"]["enum"] = regions_or_all.clone();
                    props["case_studies"]["items"]["enum"] = cases.clone();
                }
                "case-study.schema.json" => {
                    props["regions"]["items"]["enum"] = regions.clone();
                    props["pillars"]["items"]["enum"] = pillars.clone();
                }
                _ => {}
            }
        }
    }
    out
}

/// Writes every schema into `out` (default `ROOT/schemas/`).
pub fn write(root: &Path, out: Option<&Path>) -> i32 {
    let dir = out.map_or_else(|| root.join("schemas"), Path::to_path_buf);
    if dir.exists() && !dir.is_dir() {
        eprintln!(
            "error: {} is a file; --out names the folder the schemas go in",
            dir.display()
        );
        return 1;
    }
    if let Err(e) = std::fs::create_dir_all(&dir) {
        eprintln!("error: cannot create {}: {e}", dir.display());
        return 1;
    }
    for (name, schema) in schemas(root) {
        let text = serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n";
        if let Err(e) = std::fs::write(dir.join(name), text) {
            eprintln!("error: cannot write {}: {e}", dir.join(name).display());
            return 1;
        }
    }
    eprintln!(
        "Wrote 7 schemas to {}; add `#:schema ./schemas/guidegen.schema.json` at the top of guidegen.toml (and the region, case-study and glossary schemas to those files) for completion in editors with Taplo",
        dir.display()
    );
    0
}
