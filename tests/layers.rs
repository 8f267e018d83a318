//! The layering of `src/` (README, "Code map"): every module imports only
//! from its own layer or the layers below it, no two files import each
//! other in a circle, and no source file grows past 800 lines. Read from the
//! source text, as `use crate::…`, `crate::…` paths and `super::…` paths.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Each top-level module of the crate and its layer, bottom up.
const LAYERS: &[(&str, u8)] = &[
    ("base", 1),
    ("config", 2),
    ("routes", 2),
    ("theme", 2),
    ("content", 3),
    ("markdown", 3),
    ("raster", 3),
    ("cards", 3),
    ("search", 3),
    ("library", 4),
    ("render", 5),
    ("write", 6),
    ("pipeline", 6),
    ("serve", 7),
    ("cli", 8),
    ("bench", 9),
    ("fuzz_replay", 9),
    ("lib", 9),
    ("main", 10),
];

const MAX_LINES: usize = 800;

/// A module path (`["render", "pages"]`) for every file under `src/`.
fn modules(src: &Path) -> BTreeMap<Vec<String>, PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let mut files = Vec::new();
    walk(src, &mut files);
    files
        .into_iter()
        .map(|path| {
            let rel = path.strip_prefix(src).unwrap().with_extension("");
            let mut parts: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if parts.len() > 1 && parts.last().is_some_and(|p| p == "mod") {
                parts.pop();
            }
            (parts, path)
        })
        .collect()
}

/// The text without comments and string literals, so that neither can
/// pass for an import.
fn code_only(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'/') => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        out.push('\n');
                        break;
                    }
                }
            }
            '"' => {
                let mut escaped = false;
                for c in chars.by_ref() {
                    match (escaped, c) {
                        (false, '\\') => escaped = true,
                        (false, '"') => break,
                        _ => escaped = false,
                    }
                }
                out.push_str("\"\"");
            }
            // '"' and '\"' would otherwise open a string.
            '\'' => {
                let ahead: String = chars.clone().take(3).collect();
                if ahead.starts_with("\"'") {
                    chars.nth(1);
                } else if ahead.starts_with("\\\"'") {
                    chars.nth(2);
                }
                out.push(c);
            }
            // A raw string, r"…" or r#"…"#.
            'r' if matches!(chars.peek(), Some('#' | '"'))
                && !out.ends_with(|p: char| p.is_alphanumeric() || p == '_') =>
            {
                let mut hashes = 0;
                while chars.peek() == Some(&'#') {
                    chars.next();
                    hashes += 1;
                }
                if chars.next() != Some('"') {
                    out.push(c);
                    continue;
                }
                let close: String = std::iter::once('"')
                    .chain((0..hashes).map(|_| '#'))
                    .collect();
                let mut seen = String::new();
                for c in chars.by_ref() {
                    seen.push(c);
                    if seen.ends_with(&close) {
                        break;
                    }
                }
                out.push_str("\"\"");
            }
            _ => out.push(c),
        }
    }
    out
}

/// `a::{b, c::{d}}` → `a::b`, `a::c::d`.
fn expand(tree: &str) -> Vec<String> {
    let tree: String = tree.chars().filter(|c| !c.is_whitespace()).collect();
    let Some(open) = tree.find('{') else {
        return vec![tree];
    };
    let head = &tree[..open];
    let inner = &tree[open + 1..tree.len().saturating_sub(1)];
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&inner[start..]);
    parts
        .into_iter()
        .filter(|p| !p.is_empty())
        .flat_map(|p| expand(p).into_iter().map(move |x| format!("{head}{x}")))
        .collect()
}

/// The module paths a file names, relative to the crate root.
fn references(module: &[String], code: &str) -> Vec<Vec<String>> {
    let mut refs = Vec::new();
    let split = |path: &str| -> Vec<String> {
        path.split("::")
            .map(|s| s.split(" as ").next().unwrap_or(s).to_string())
            .filter(|s| !s.is_empty() && s != "self" && s != "*")
            .collect()
    };
    let parent: Vec<String> = module[..module.len().saturating_sub(1)].to_vec();
    for statement in code.split(';') {
        let statement = statement.trim();
        let Some(rest) = statement
            .strip_prefix("pub(crate) use ")
            .or_else(|| statement.strip_prefix("pub use "))
            .or_else(|| statement.strip_prefix("use "))
        else {
            continue;
        };
        for path in expand(rest) {
            if let Some(p) = path.strip_prefix("crate::") {
                refs.push(split(p));
            } else if let Some(p) = path.strip_prefix("super::") {
                let mut full = parent.clone();
                full.extend(split(p));
                refs.push(full);
            }
        }
    }
    for (at, _) in code.match_indices("crate::") {
        let before = code[..at].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
            continue;
        }
        let path: String = code[at + 7..]
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
            .collect();
        refs.push(split(&path));
    }
    refs
}

/// The longest prefix of `path` that is a module file.
fn resolve<'a>(
    path: &[String],
    modules: &'a BTreeMap<Vec<String>, PathBuf>,
) -> Option<&'a Vec<String>> {
    (1..=path.len())
        .rev()
        .find_map(|k| modules.get_key_value(&path[..k]).map(|(m, _)| m))
}

fn layer(module: &[String]) -> u8 {
    let top = module.first().map_or("lib", String::as_str);
    LAYERS
        .iter()
        .find(|(name, _)| *name == top)
        .map(|(_, l)| *l)
        .unwrap_or_else(|| {
            panic!("module `{top}` has no layer: add it to LAYERS and the README's code map")
        })
}

/// Files that import each other in a circle (Tarjan's strongly connected
/// components with more than one file).
fn cycles(edges: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>) -> Vec<Vec<Vec<String>>> {
    struct State<'a> {
        edges: &'a BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
        index: BTreeMap<&'a Vec<String>, usize>,
        low: BTreeMap<&'a Vec<String>, usize>,
        stack: Vec<&'a Vec<String>>,
        found: Vec<Vec<Vec<String>>>,
    }
    fn visit<'a>(s: &mut State<'a>, v: &'a Vec<String>) {
        let n = s.index.len();
        s.index.insert(v, n);
        s.low.insert(v, n);
        s.stack.push(v);
        for w in s.edges.get(v).into_iter().flatten() {
            if !s.index.contains_key(w) {
                visit(s, w);
                let low = s.low[w].min(s.low[v]);
                s.low.insert(v, low);
            } else if s.stack.contains(&w) {
                let low = s.index[w].min(s.low[v]);
                s.low.insert(v, low);
            }
        }
        if s.low[v] == s.index[v] {
            let mut component = Vec::new();
            while let Some(w) = s.stack.pop() {
                component.push(w.clone());
                if w == v {
                    break;
                }
            }
            if component.len() > 1 {
                s.found.push(component);
            }
        }
    }
    let mut state = State {
        edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        found: Vec::new(),
    };
    for v in edges.keys() {
        if !state.index.contains_key(v) {
            visit(&mut state, v);
        }
    }
    state.found
}

#[test]
fn every_module_imports_only_from_its_layer_or_below_without_cycles() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let modules = modules(&src);
    let mut edges: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    let mut upward = Vec::new();
    let mut big = Vec::new();
    for (module, path) in &modules {
        let text = std::fs::read_to_string(path).unwrap();
        let lines = text.lines().count();
        if lines > MAX_LINES {
            big.push(format!("{} has {lines} lines", path.display()));
        }
        let from = edges.entry(module.clone()).or_default();
        for r in references(module, &code_only(&text)) {
            let Some(target) = resolve(&r, &modules) else {
                continue;
            };
            // A module naming its own ancestor (a child using its parent's
            // types) is not a crossing.
            if target == module || module.starts_with(target) {
                continue;
            }
            from.insert(target.clone());
            if layer(target) > layer(module) {
                upward.push(format!(
                    "{} imports {}",
                    module.join("::"),
                    target.join("::")
                ));
            }
        }
    }
    let circles: Vec<String> = cycles(&edges)
        .into_iter()
        .map(|c| {
            c.iter()
                .map(|m| m.join("::"))
                .collect::<Vec<_>>()
                .join(", ")
        })
        .collect();
    assert!(
        upward.is_empty(),
        "imports up the layers:\n{}",
        upward.join("\n")
    );
    assert!(circles.is_empty(), "import cycles:\n{}", circles.join("\n"));
    assert!(
        big.is_empty(),
        "files over {MAX_LINES} lines:\n{}",
        big.join("\n")
    );
}

#[test]
fn the_check_sees_imports_in_every_form() {
    let module = vec!["render".to_string(), "pages".to_string()];
    let code = code_only(
        "use crate::base::{diagnostics::Diagnostic, site};\n\
         use super::contexts::Contexts;\n\
         // use crate::serve::Rebuilder;\n\
         let s = \"crate::cli::run\";\n\
         let x = crate::library::Library::new();\n",
    );
    let refs = references(&module, &code);
    let refs: Vec<String> = refs.iter().map(|r| r.join("::")).collect();
    assert!(
        refs.contains(&"base::diagnostics::Diagnostic".to_string()),
        "{refs:?}"
    );
    assert!(refs.contains(&"base::site".to_string()), "{refs:?}");
    assert!(
        refs.contains(&"render::contexts::Contexts".to_string()),
        "{refs:?}"
    );
    assert!(
        refs.contains(&"library::Library::new".to_string()),
        "{refs:?}"
    );
    assert!(
        !refs
            .iter()
            .any(|r| r.starts_with("serve") || r.starts_with("cli")),
        "{refs:?}"
    );

    // A cycle of two files is found; a chain is not a cycle.
    let m = |s: &str| vec![s.to_string()];
    let mut edges = BTreeMap::new();
    edges.insert(m("a"), BTreeSet::from([m("b")]));
    edges.insert(m("b"), BTreeSet::from([m("a"), m("c")]));
    edges.insert(m("c"), BTreeSet::new());
    let found = cycles(&edges);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].len(), 2);
}
