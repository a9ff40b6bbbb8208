//! The file watcher: which changes to `content/`, `layouts/` and the organisation file are
//! saves of the project (not an editor's swap files or a metadata touch), reported to the
//! builder as one event each.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher as _};

use super::Hub;
use super::rounds::Event;
use crate::error::{Error, Result};

/// Watches `content/`, `layouts/` and the organisation file, waking the builder on every
/// change that a save makes. The watcher stops when the returned value is dropped.
pub fn watch(dir: &Path, org: Option<&Path>, hub: Arc<Hub>) -> Result<RecommendedWatcher> {
    // Absolute paths, so that the paths events name can be compared with them.
    let content = absolute(&dir.join("content"));
    let layouts = absolute(&dir.join("layouts"));
    let org = org.map(absolute);
    let org_dir = org.as_ref().and_then(|org| org.parent().map(Path::to_path_buf));
    let watched = (content.clone(), layouts.clone(), org.clone());
    let handler = move |event: notify::Result<notify::Event>| {
        let Ok(event) = event else { return };
        let (content, layouts, org) = &watched;
        let ours = |path: &&PathBuf| {
            is_project_file(path)
                && (path.starts_with(content)
                    || path.starts_with(layouts)
                    || org.as_ref().is_some_and(|org| path == &org || is_image(path)))
        };
        if is_save(&event.kind) && event.paths.iter().any(|p| ours(&p)) {
            let in_layouts = event.paths.iter().any(|p| p.starts_with(layouts));
            hub.send(Event::Changed { layouts: in_layouts });
        }
    };
    let failed = |source: notify::Error| Error::Usage {
        message: format!("cannot watch {} for changes: {source}", dir.display()),
        hint: "check that the directory exists and is readable; on Linux, raise \
               fs.inotify.max_user_watches if it is used up"
            .into(),
    };
    let mut watcher = notify::recommended_watcher(handler).map_err(failed)?;
    for path in [&content, &layouts] {
        watcher.watch(path, RecursiveMode::Recursive).map_err(failed)?;
    }
    if let Some(org_dir) = org_dir {
        watcher.watch(&org_dir, RecursiveMode::NonRecursive).map_err(failed)?;
    }
    Ok(watcher)
}

/// Whether a file beside the organisation file may be its logo.
fn is_image(path: &Path) -> bool {
    let extension = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    matches!(extension.as_deref(), Some("svg" | "png" | "jpg" | "jpeg" | "gif" | "webp"))
}

/// Whether an event is part of a save: a file written, created, renamed or removed.
fn is_save(kind: &EventKind) -> bool {
    use notify::event::{AccessKind, AccessMode, ModifyKind};
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) | EventKind::Other => false,
        EventKind::Modify(ModifyKind::Metadata(_) | ModifyKind::Other) => false,
        _ => true,
    }
}

/// Whether a path is a file of the project rather than an editor's swap or backup file.
fn is_project_file(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else { return false };
    let editor_file = name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name == "4913";
    !editor_file
}

/// `path` made absolute, as the watcher reports paths.
fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}
