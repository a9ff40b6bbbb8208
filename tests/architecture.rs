//! The architecture holds: `src/lib.rs` lists the modules in the order of the pipeline, and
//! each module uses only modules listed above it, so there are no import cycles and the module
//! list reads top to bottom.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

/// The modules `src/lib.rs` declares, in order.
fn modules_in_order() -> Vec<String> {
    let lib = fs::read_to_string(source().join("lib.rs")).expect("src/lib.rs reads");
    lib.lines()
        .filter_map(|line| {
            ["pub mod ", "pub(crate) mod ", "mod "].iter().find_map(|p| line.strip_prefix(p))
        })
        .map(|name| name.trim_end_matches(';').to_string())
        .collect()
}

fn source() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file of a module: `src/NAME.rs` and everything under `src/NAME/`.
fn files_of(module: &str) -> Vec<PathBuf> {
    let mut files = vec![source().join(format!("{module}.rs"))];
    let mut dirs = vec![source().join(module)];
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = fs::read_dir(&dir) else { continue };
        for path in entries.map(|e| e.expect("directory entry").path()) {
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    files.into_iter().filter(|f| f.exists()).collect()
}

/// The top-level modules a file names with `crate::…`, in paths and in `use crate::{…}` groups
/// (comments left out, since docs may point anywhere).
fn used_by(file: &Path, modules: &[String]) -> BTreeSet<String> {
    let text = fs::read_to_string(file).expect("source reads");
    let code: String = text
        .lines()
        .map(|l| l.split("//").next().unwrap_or_default())
        .collect::<Vec<_>>()
        .join("\n");
    let mut used = BTreeSet::new();
    for (at, _) in code.match_indices("crate::") {
        let rest = &code[at + "crate::".len()..];
        let names: Vec<&str> = match rest.strip_prefix('{') {
            // A group: its first-level names (nested groups belong to the name before them).
            Some(group) => {
                let mut depth = 0;
                let end = group
                    .char_indices()
                    .find(|&(_, c)| {
                        depth += i32::from(c == '{') - i32::from(c == '}');
                        depth < 0
                    })
                    .map_or(group.len(), |(i, _)| i);
                let mut names = Vec::new();
                let mut depth = 0;
                let mut start = 0;
                for (i, c) in group[..end].char_indices() {
                    match c {
                        '{' => depth += 1,
                        '}' => depth -= 1,
                        ',' if depth == 0 => {
                            names.push(group[start..i].trim());
                            start = i + 1;
                        }
                        _ => {}
                    }
                }
                names.push(group[start..end].trim());
                names
            }
            None => vec![rest],
        };
        for name in names {
            let name: String =
                name.chars().take_while(|c| c.is_ascii_lowercase() || *c == '_').collect();
            if modules.contains(&name) {
                used.insert(name);
            }
        }
    }
    used
}

#[test]
fn every_module_uses_only_modules_listed_above_it() {
    let modules = modules_in_order();
    assert!(modules.len() > 20, "src/lib.rs lists the modules: {modules:?}");
    let mut wrong = Vec::new();
    for (place, module) in modules.iter().enumerate() {
        for file in files_of(module) {
            for used in used_by(&file, &modules) {
                let above = modules[..place].contains(&used);
                if used != *module && !above {
                    let file = file.strip_prefix(source()).unwrap_or(&file).display().to_string();
                    wrong.push(format!("{module} ({file}) uses {used}, listed below it"));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "the pipeline order is broken:\n{}", wrong.join("\n"));
}
