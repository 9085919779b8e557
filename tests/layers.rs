//! The modules depend one way: every `crate::` path in `src/` names a module of the same layer
//! or of a layer below, as declared in the crate docs (the "Architecture" table of
//! `README.md`, which is the crate docs), and the modules do not form a cycle.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

/// `module → layer`, read from the crate docs' table: rows `| N | `a`, `b` | … |` up to the
/// next section.
fn declared_layers(lib: &str) -> BTreeMap<String, usize> {
    let mut layers = BTreeMap::new();
    let table = lib
        .split("# Architecture")
        .nth(1)
        .and_then(|s| s.split("\n## ").next())
        .expect("README.md has an Architecture section");
    for line in table.lines().map(str::trim) {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        let (Some(level), Some(modules)) = (cells.get(1), cells.get(2)) else {
            continue;
        };
        let Ok(level) = level.parse::<usize>() else {
            continue;
        };
        for m in modules.split(',') {
            layers.insert(m.trim().trim_matches('`').to_string(), level);
        }
    }
    assert!(
        layers.len() > 5,
        "the Architecture table lists the modules: {layers:?}"
    );
    layers
}

/// Root names re-exported by `src/lib.rs` (`pub use module::{A, B}`): `A → module`.
fn reexports(lib: &str) -> BTreeMap<String, String> {
    let mut names = BTreeMap::new();
    for stmt in lib.split(';') {
        let Some(rest) = stmt.trim().strip_prefix("pub use ") else {
            continue;
        };
        let Some((module, items)) = rest.split_once("::") else {
            continue;
        };
        for item in items.trim_matches(|c| c == '{' || c == '}').split(',') {
            let item = item.trim();
            let name = item.rsplit("::").next().unwrap_or(item);
            names.insert(name.to_string(), module.to_string());
        }
    }
    names
}

/// The code of a file without its comments (line comments and doc comments).
fn code(text: &str) -> String {
    text.lines()
        .map(|l| match l.find("//") {
            Some(i) => &l[..i],
            None => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The first segment of every `crate::` path in `code`, with `use crate::{a, b::c}` groups
/// expanded.
fn crate_paths(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(i) = rest.find("crate::") {
        let before = rest[..i].chars().last();
        rest = &rest[i + "crate::".len()..];
        if matches!(before, Some(c) if c == '$' || c.is_alphanumeric() || c == '_') {
            continue;
        }
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            let mut depth = 0;
            let mut start = 0;
            let inner = &group[..end];
            for (k, c) in inner.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        out.push(first_segment(&inner[start..k]));
                        start = k + 1;
                    }
                    _ => {}
                }
            }
            out.push(first_segment(&inner[start..]));
        } else {
            out.push(first_segment(rest));
        }
    }
    out.retain(|s| !s.is_empty());
    out
}

fn first_segment(path: &str) -> String {
    path.trim()
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect()
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn modules_depend_only_on_their_own_layer_and_the_layers_below() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let lib = fs::read_to_string(src.join("lib.rs")).unwrap();
    let readme = fs::read_to_string(src.join("../README.md")).unwrap();
    let layers = declared_layers(&readme);
    let reexports = reexports(&code(&lib));
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut edges: BTreeSet<(String, String)> = BTreeSet::new();
    let mut wrong = Vec::new();
    for file in &files {
        let rel = file.strip_prefix(&src).unwrap();
        let module = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy()
            .trim_end_matches(".rs")
            .to_string();
        if module == "lib" {
            continue;
        }
        let level = *layers
            .get(&module)
            .unwrap_or_else(|| panic!("module `{module}` is missing from the Architecture table"));
        for name in crate_paths(&code(&fs::read_to_string(file).unwrap())) {
            let target = reexports.get(&name).cloned().unwrap_or(name);
            if target == module {
                continue;
            }
            let Some(&target_level) = layers.get(&target) else {
                panic!(
                    "{}: `crate::{target}` is not a module of the table",
                    rel.display()
                );
            };
            if target_level > level {
                wrong.push(format!(
                    "{}: layer {level} `{module}` uses layer {target_level} `{target}`",
                    rel.display()
                ));
            }
            edges.insert((module.clone(), target));
        }
    }
    assert!(
        wrong.is_empty(),
        "upward dependencies:\n{}",
        wrong.join("\n")
    );
    // No cycle among the modules (within a layer; across layers the order forbids it).
    let mut state: BTreeMap<&str, u8> = BTreeMap::new();
    fn visit<'a>(
        m: &'a str,
        edges: &'a BTreeSet<(String, String)>,
        state: &mut BTreeMap<&'a str, u8>,
        path: &mut Vec<&'a str>,
    ) {
        match state.get(m) {
            Some(2) => return,
            Some(1) => panic!("import cycle: {} -> {m}", path.join(" -> ")),
            _ => {}
        }
        state.insert(m, 1);
        path.push(m);
        for (_, to) in edges.iter().filter(|(from, _)| from == m) {
            visit(to, edges, state, path);
        }
        path.pop();
        state.insert(m, 2);
    }
    for m in layers.keys() {
        visit(m, &edges, &mut state, &mut Vec::new());
    }
}

#[test]
fn the_check_sees_upward_paths_and_groups() {
    assert_eq!(
        crate_paths("use crate::{a::b, c, d::{e, f}};\nlet x = crate::g::h(); $crate::i"),
        ["a", "c", "d", "g"]
    );
    assert_eq!(
        code("let a = 1; // crate::x\n/// crate::y"),
        "let a = 1; \n"
    );
}
