//! `guidegen schema` writes JSON Schemas derived from the loader's own
//! types: the bundled guide's every file validates against them, a
//! misspelt key does not, and references may only name the site's slugs.

mod util;
use serde_json::Value;
use std::path::Path;
use util::TestSite;

/// TOML as the JSON a schema validator reads (dates as strings, as Taplo
/// treats them).
fn json_of(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => Value::from(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.into_iter().map(json_of).collect()),
        toml::Value::Table(t) => {
            Value::Object(t.into_iter().map(|(k, v)| (k, json_of(v))).collect())
        }
    }
}

/// The TOML of a content file: its front matter for Markdown.
fn toml_of(path: &Path) -> toml::Value {
    let text = std::fs::read_to_string(path).unwrap();
    let text = match text.strip_prefix("+++\n") {
        Some(rest) => rest[..rest.find("\n+++").unwrap()].to_string(),
        None => text,
    };
    toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn validator(dir: &Path, name: &str) -> jsonschema::Validator {
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join(name)).unwrap()).unwrap();
    jsonschema::validator_for(&schema).unwrap()
}

/// Which schema a content file follows.
fn schema_of(rel: &str) -> Option<&'static str> {
    let top = rel.split('/').next()?;
    Some(match top {
        "playbooks" => "playbook.schema.json",
        "pillars" => "pillar.schema.json",
        "pages" => "page.schema.json",
        "regions" => "region.schema.json",
        "case-studies" => "case-study.schema.json",
        _ if rel.starts_with("glossary") => "glossary.schema.json",
        _ => return None,
    })
}

#[test]
fn the_bundled_guide_validates_and_a_misspelt_key_does_not() {
    let site = TestSite::bundled_guide();
    let out = site.root.join("schemas");
    site.run(&["schema", "--root", site.root.to_str().unwrap()])
        .success();
    let config = validator(&out, "guidegen.schema.json");
    let errors: Vec<String> = config
        .iter_errors(&json_of(toml_of(&site.path("guidegen.toml"))))
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "guidegen.toml: {errors:?}");
    let content = site.path("content");
    let mut checked = 0;
    for entry in walkdir::WalkDir::new(&content) {
        let entry = entry.unwrap();
        let rel = entry
            .path()
            .strip_prefix(&content)
            .unwrap()
            .to_string_lossy()
            .to_string();
        let is_doc = rel.ends_with(".md") || rel.ends_with(".toml");
        let Some(name) = schema_of(&rel).filter(|_| is_doc && entry.file_type().is_file()) else {
            continue;
        };
        let value = json_of(toml_of(entry.path()));
        let errors: Vec<String> = validator(&out, name)
            .iter_errors(&value)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{rel}: {errors:?}");
        checked += 1;
    }
    assert!(checked > 120, "only {checked} files checked");

    // A misspelt key and a pillar the site does not have both fail.
    let playbook = validator(&out, "playbook.schema.json");
    let mut value = json_of(toml_of(
        &site.path("content/playbooks/technical-readiness/karpenter-autoscaling.md"),
    ));
    assert!(playbook.is_valid(&value));
    value["sumary"] = Value::from("misspelt");
    assert!(!playbook.is_valid(&value), "an unknown key is refused");
    value.as_object_mut().unwrap().remove("sumary");
    value["pillar"] = Value::from("strategi");
    assert!(
        !playbook.is_valid(&value),
        "only the site's pillars are allowed"
    );
    let config_value =
        serde_json::json!({"title": "T", "base_url": "https://x.org/", "serach": {}});
    assert!(!config.is_valid(&config_value));
}

#[test]
fn schema_out_into_a_file_is_refused() {
    let site = TestSite::new("minimal");
    site.write("schemas.json", "{}");
    let run = site.run(&[
        "schema",
        "--out",
        site.path("schemas.json").to_str().unwrap(),
        "--root",
        site.root.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr.trim(),
        format!(
            "error: {} is a file; --out names the folder the schemas go in",
            site.path("schemas.json").display()
        )
    );
    assert_eq!(site.read("schemas.json"), "{}");
}

#[test]
fn a_new_guide_names_its_schemas_and_its_files_validate_against_them() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("guide");
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_guidegen"));
    cmd.arg("init").arg(&root);
    let run = util::output_within(cmd, util::RUN_LIMIT);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let config = std::fs::read_to_string(root.join("guidegen.toml")).unwrap();
    assert_eq!(
        config.lines().next(),
        Some("#:schema ./schemas/guidegen.schema.json")
    );
    let schemas = root.join("schemas");
    let value = json_of(toml_of(&root.join("guidegen.toml")));
    assert!(validator(&schemas, "guidegen.schema.json").is_valid(&value));
    for entry in std::fs::read_dir(root.join("content/regions")).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(
            text.lines().next(),
            Some("#:schema ../../schemas/region.schema.json")
        );
        assert!(validator(&schemas, "region.schema.json").is_valid(&json_of(toml_of(&path))));
    }
}
