//! The shape of the tree, kept: no source file over 400 lines in any crate,
//! the HTTP core of the web crate importing no area, and no import circle
//! among the web crate's modules. The module graph is read from the source:
//! a module depends on another when it names it by a `crate::` or `super::`
//! path (groups in `use` included), or declares it with `mod` and names it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const MAX_LINES: usize = 400;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn no_source_file_is_over_400_lines() {
    let mut files = Vec::new();
    rust_files(&workspace().join("crates"), &mut files);
    assert!(
        files.len() > 200,
        "the scan found only {} files",
        files.len()
    );
    let mut long: Vec<String> = files
        .iter()
        .filter_map(|f| {
            let lines = std::fs::read_to_string(f).unwrap().lines().count();
            (lines > MAX_LINES).then(|| format!("{} ({lines})", f.display()))
        })
        .collect();
    long.sort();
    assert!(long.is_empty(), "over {MAX_LINES} lines: {long:?}");
}

/// A module by its path from the crate root: `["study", "api", "view"]`.
type Module = Vec<String>;

/// The modules of a crate's `src`, each with its source.
fn modules(src: &Path) -> BTreeMap<Module, String> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    files
        .into_iter()
        .map(|file| {
            let relative = file.strip_prefix(src).unwrap().with_extension("");
            let mut module: Module = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if module.last().is_some_and(|l| l == "mod" || l == "lib") {
                module.pop();
            }
            let source = std::fs::read_to_string(&file).unwrap();
            (module, source)
        })
        .collect()
}

/// The longest prefix of `path` that is a module.
fn resolve(path: &[String], known: &BTreeMap<Module, String>) -> Option<Module> {
    (0..=path.len())
        .rev()
        .map(|n| path[..n].to_vec())
        .find(|m| known.contains_key(m))
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The paths a source names from `crate::` or `super::`, as module paths
/// from the root; a `use` group names each of its members.
fn named_paths(module: &Module, source: &str) -> Vec<Module> {
    // Unit tests may reach anywhere; they are not part of the shape.
    let source = source.split("#[cfg(test)]\nmod tests {").next().unwrap();
    let parent: Module = module[..module.len().saturating_sub(1)].to_vec();
    let mut out = Vec::new();
    for (base, prefix) in [("crate::", Vec::new()), ("super::", parent)] {
        let mut rest = source;
        while let Some(at) = rest.find(base) {
            let before = rest[..at].chars().last();
            rest = &rest[at + base.len()..];
            if before.is_some_and(|c| is_ident(c) || c == ':') {
                continue;
            }
            let path_end = rest
                .find(|c: char| !(is_ident(c) || c == ':'))
                .unwrap_or(rest.len());
            let path: Vec<String> = rest[..path_end]
                .split("::")
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect();
            let mut full = prefix.clone();
            let mut path = path.as_slice();
            // `super::super::x`: one level up for each.
            while path.first().is_some_and(|s| s == "super") {
                full.pop();
                path = &path[1..];
            }
            full.extend(path.iter().cloned());
            // A bare group (`crate::{a, b}`) names only its members.
            if !path.is_empty() {
                out.push(full.clone());
            }
            // `path::{a, b::{c, d}}`: each member too.
            if rest[path_end..].starts_with('{') {
                expand_group(&full, &rest[path_end..], &mut out);
            }
        }
    }
    // `mod child;` and a use of `child::…` in the same file.
    for line in source.lines() {
        let declared = line
            .trim_start()
            .trim_start_matches("pub ")
            .trim_start_matches("pub(crate) ")
            .trim_start_matches("pub(super) ");
        if let Some(child) = declared
            .strip_prefix("mod ")
            .and_then(|c| c.strip_suffix(';'))
        {
            let named = source.match_indices(&format!("{child}::")).any(|(i, _)| {
                !source[..i]
                    .chars()
                    .last()
                    .is_some_and(|c| is_ident(c) || c == ':')
            });
            if named {
                let mut m = module.clone();
                m.push(child.to_string());
                out.push(m);
            }
        }
    }
    out
}

/// The members of a `use` group that starts at `group` (its `{`), each as a
/// path from `prefix`, nested groups included.
fn expand_group(prefix: &Module, group: &str, out: &mut Vec<Module>) {
    let mut depth = 0;
    let mut start = 1;
    for (i, c) in group.char_indices() {
        match c {
            '{' => depth += 1,
            '}' | ',' if depth == 1 => {
                member(prefix, &group[start..i], out);
                start = i + 1;
                if c == '}' {
                    return;
                }
            }
            '}' => depth -= 1,
            _ => {}
        }
    }
}

fn member(prefix: &Module, text: &str, out: &mut Vec<Module>) {
    let text = text.trim();
    let (path, nested) = match text.find('{') {
        Some(at) => (text[..at].trim_end_matches(':'), Some(&text[at..])),
        None => (text.split(" as ").next().unwrap().trim(), None),
    };
    let mut full = prefix.clone();
    full.extend(
        path.split("::")
            .map(str::trim)
            .filter(|s| !s.is_empty() && *s != "self")
            .map(str::to_string),
    );
    if full.len() > prefix.len() {
        out.push(full.clone());
    }
    if let Some(nested) = nested {
        expand_group(&full, nested, out);
    }
}

/// Each module's dependencies on the others.
fn graph(src: &Path) -> BTreeMap<Module, BTreeSet<Module>> {
    let known = modules(src);
    known
        .iter()
        .map(|(module, source)| {
            let deps = named_paths(module, source)
                .iter()
                .filter_map(|p| resolve(p, &known))
                .filter(|d| d != module)
                .collect();
            (module.clone(), deps)
        })
        .collect()
}

/// The strongly connected components of more than one module (Tarjan).
fn circles(graph: &BTreeMap<Module, BTreeSet<Module>>) -> Vec<Vec<Module>> {
    struct Walk<'a> {
        graph: &'a BTreeMap<Module, BTreeSet<Module>>,
        index: BTreeMap<&'a Module, usize>,
        low: BTreeMap<&'a Module, usize>,
        stack: Vec<&'a Module>,
        on_stack: BTreeSet<&'a Module>,
        found: Vec<Vec<Module>>,
    }
    impl<'a> Walk<'a> {
        fn visit(&mut self, v: &'a Module) {
            let n = self.index.len();
            self.index.insert(v, n);
            self.low.insert(v, n);
            self.stack.push(v);
            self.on_stack.insert(v);
            for w in &self.graph[v] {
                if !self.index.contains_key(w) {
                    self.visit(w);
                    let low = self.low[v].min(self.low[w]);
                    self.low.insert(v, low);
                } else if self.on_stack.contains(w) {
                    let low = self.low[v].min(self.index[w]);
                    self.low.insert(v, low);
                }
            }
            if self.low[v] == self.index[v] {
                let mut component = Vec::new();
                loop {
                    let w = self.stack.pop().unwrap();
                    self.on_stack.remove(w);
                    component.push(w.clone());
                    if w == v {
                        break;
                    }
                }
                if component.len() > 1 {
                    self.found.push(component);
                }
            }
        }
    }
    let mut walk = Walk {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        found: Vec::new(),
    };
    for v in graph.keys() {
        if !walk.index.contains_key(v) {
            walk.visit(v);
        }
    }
    walk.found
}

fn web_src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

#[test]
fn the_web_crate_has_no_import_circle() {
    let graph = graph(&web_src());
    assert!(
        graph.len() > 100,
        "the scan found only {} modules",
        graph.len()
    );
    let edges: usize = graph.values().map(BTreeSet::len).sum();
    assert!(edges > 300, "the scan found only {edges} dependencies");
    let circles: Vec<Vec<String>> = circles(&graph)
        .into_iter()
        .map(|c| c.iter().map(|m| m.join("/")).collect())
        .collect();
    assert!(circles.is_empty(), "import circles: {circles:?}");
}

#[test]
fn the_http_core_imports_no_area() {
    let graph = graph(&web_src());
    let http = |m: &Module| m.first().is_some_and(|f| f == "http");
    let outside: Vec<String> = graph
        .iter()
        .filter(|(m, _)| http(m))
        .flat_map(|(m, deps)| {
            deps.iter()
                .filter(|d| !http(d))
                .map(move |d| format!("{} -> {}", m.join("/"), d.join("/")))
        })
        .collect();
    assert!(outside.is_empty(), "the HTTP core imports {outside:?}");
    // The check reads something: the core's modules depend on one another.
    assert!(graph.iter().filter(|(m, _)| http(m)).count() > 15);
}

#[test]
fn the_circle_finder_finds_a_circle_and_an_escape_from_the_core() {
    // Two files that name each other, and a core file that names an area.
    let dir = std::env::temp_dir().join(format!("cx-architecture-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("http")).unwrap();
    std::fs::create_dir_all(dir.join("study")).unwrap();
    std::fs::write(dir.join("lib.rs"), "pub mod http;\npub mod study;\n").unwrap();
    std::fs::write(dir.join("http/mod.rs"), "pub mod page;\n").unwrap();
    std::fs::write(
        dir.join("http/page.rs"),
        "use crate::{\n    other,\n    study::{books, rules::allowed},\n};\n",
    )
    .unwrap();
    std::fs::write(dir.join("study/mod.rs"), "pub mod books;\npub mod rules;\n").unwrap();
    std::fs::write(dir.join("study/books.rs"), "use super::rules::allowed;\n").unwrap();
    std::fs::write(
        dir.join("study/rules.rs"),
        "use crate::study::books::Book;\n",
    )
    .unwrap();
    let graph = graph(&dir);
    let _ = std::fs::remove_dir_all(&dir);
    let page: Module = vec!["http".into(), "page".into()];
    assert!(graph[&page].contains(&vec!["study".to_string(), "rules".to_string()]));
    assert!(graph[&page].contains(&vec!["study".to_string(), "books".to_string()]));
    let found: Vec<BTreeSet<String>> = circles(&graph)
        .into_iter()
        .map(|c| c.iter().map(|m| m.join("/")).collect())
        .collect();
    assert_eq!(
        found,
        vec![BTreeSet::from(["study/books".into(), "study/rules".into()])]
    );
}
