//! Expanding the paths a user names into the article files to read.

use super::ArticleError;
use std::path::{Path, PathBuf};

/// File extensions read when walking a folder.
pub const ARTICLE_EXTENSIONS: [&str; 6] = ["txt", "md", "text", "html", "htm", "xhtml"];

/// Extensions of HTML pages, read through the page extractor.
pub const HTML_EXTENSIONS: [&str; 3] = ["html", "htm", "xhtml"];

/// Expands files and folders into article files: folders are walked recursively in
/// name order, keeping `.txt`, `.md`, `.text` and `.html`/`.htm` files that are not hidden and not
/// sidecars; files named directly are kept whatever their extension.
///
/// Problems (a missing path, a folder with no articles) are returned beside the files.
pub fn expand(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<ArticleError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for p in paths {
        if p.is_dir() {
            let before = files.len();
            let walker = walkdir::WalkDir::new(p)
                .sort_by_file_name()
                .into_iter()
                .filter_entry(|e| {
                    e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.')
                });
            for entry in walker {
                match entry {
                    Ok(e) if e.file_type().is_file() && is_article_name(e.path()) => {
                        files.push(e.into_path())
                    }
                    Ok(_) => {}
                    Err(e) => errors.push(ArticleError::Input {
                        path: e.path().unwrap_or(p).to_path_buf(),
                        message: e.to_string(),
                    }),
                }
            }
            if files.len() == before {
                errors.push(ArticleError::Input {
                    path: p.clone(),
                    message: "folder holds no .txt, .md, .text or .html articles".into(),
                });
            }
        } else if p.is_file() {
            files.push(p.clone());
        } else {
            errors.push(ArticleError::Input {
                path: p.clone(),
                message: "no such file or folder".into(),
            });
        }
    }
    (files, errors)
}

fn is_article_name(p: &Path) -> bool {
    let name = p
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if name.contains(".meta.") || name.eq_ignore_ascii_case("readme.md") {
        return false;
    }
    p.extension()
        .map(|e| ARTICLE_EXTENSIONS.contains(&e.to_string_lossy().to_lowercase().as_str()))
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_folders_in_order_and_reports_missing() {
        let d = tempfile::tempdir().unwrap();
        for n in [
            "b.txt",
            "a.md",
            "a.meta.yaml",
            "README.md",
            ".hidden.txt",
            "c.html",
            "d.pdf",
        ] {
            std::fs::write(d.path().join(n), "x").unwrap();
        }
        let (files, errs) = expand(&[d.path().to_path_buf(), d.path().join("nope.txt")]);
        let names: Vec<String> = files
            .iter()
            .map(|f| f.file_name().unwrap().to_string_lossy().into())
            .collect();
        assert_eq!(names, ["a.md", "b.txt", "c.html"]);
        assert_eq!(errs.len(), 1);
        assert!(errs[0]
            .to_string()
            .ends_with("nope.txt: no such file or folder"));
    }
}
