//! The page files of a run's inputs, in a stable order, each with the name
//! its output takes under an output directory.
//!
//! Files given on the command line are taken whatever their name;
//! directories are walked recursively in name order (hidden entries left
//! out, symbolic links followed, loops detected and not followed), taking
//! page files by extension. Output names keep the inputs apart
//! ([`output_prefixes`]), so `1801/page-001.txt` and `1802/page-001.txt`
//! never meet. The walk is lazy: memory holds one listing per directory level.

use super::output::resolve;
use crate::error::{Error, Result};
use crate::input::{strip_gz, Format};
use std::path::{Component, Path, PathBuf};

/// A page file to repair.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageFile {
    /// Where it is.
    pub path: PathBuf,
    /// Its output's path below an output directory: the input's path below
    /// its input's place ([`output_prefixes`]), with `.txt` added to a markup name.
    pub output_name: PathBuf,
}

/// What a walk finds: a page, a place it did not follow (worth a warning,
/// nothing is lost), or a place it could not read (an error for that place;
/// the walk goes on).
#[derive(Debug)]
pub enum Found {
    /// A page file.
    Page(PageFile),
    /// A symbolic link that leads back to a directory already being walked.
    Loop(String),
    /// An unreadable directory or entry.
    Error(Error),
}

/// Each input's place below an output directory. One input: a directory's
/// pages go straight into the output directory, a file keeps its name. Files
/// with distinct names keep their names too. Otherwise (two folders, or two
/// files of one name: `1801/page-001.txt` and `1802/page-001.txt`) every
/// input keeps its path below the deepest directory that holds them all.
pub fn output_prefixes(inputs: &[PathBuf]) -> Vec<PathBuf> {
    // Standard input (`-`), when it holds a page, comes out as `stdin.txt`.
    let name = |p: &Path| match p == Path::new("-") {
        true => PathBuf::from("stdin.txt"),
        false => p.file_name().map(PathBuf::from).unwrap_or_default(),
    };
    if let [only] = inputs {
        return vec![if only.is_dir() { PathBuf::new() } else { name(only) }];
    }
    let names: Vec<PathBuf> = inputs.iter().map(|p| name(p)).collect();
    let distinct = names.iter().collect::<std::collections::HashSet<_>>().len() == names.len();
    if distinct && inputs.iter().all(|p| !p.is_dir()) {
        return names;
    }
    let absolute: Vec<PathBuf> = inputs.iter().map(|p| lexical_absolute(p)).collect();
    let mut root = absolute
        .first()
        .and_then(|p| p.parent())
        .map(Path::to_path_buf)
        .unwrap_or_default();
    while !absolute.iter().all(|p| p.starts_with(&root) && p != &root) {
        if !root.pop() {
            break;
        }
    }
    absolute
        .iter()
        .map(|p| p.strip_prefix(&root).map(Path::to_path_buf).unwrap_or_default())
        .collect()
}

/// Refuses inputs that would be read twice into the same outputs: the same
/// path given twice, or one inside another.
pub fn check_distinct(inputs: &[PathBuf]) -> Result<()> {
    let resolved: Vec<PathBuf> = inputs.iter().map(|p| resolve(p)).collect();
    for (i, a) in resolved.iter().enumerate() {
        for (j, b) in resolved.iter().enumerate() {
            if i != j && b.starts_with(a) && (i < j || a != b) {
                return Err(Error::UnsafeOutput {
                    path: inputs[j].clone(),
                    reason: format!(
                        "this input is also read as part of {}: its outputs would collide",
                        inputs[i].display()
                    ),
                });
            }
        }
    }
    Ok(())
}

/// The page files of `inputs`, leaving out the directory `exclude` (the
/// output directory, when it lies inside an input).
pub fn walk<'a>(inputs: &'a [PathBuf], exclude: Option<&Path>) -> impl Iterator<Item = Found> + 'a {
    let exclude = exclude.map(resolve);
    let prefixes = output_prefixes(inputs);
    inputs
        .iter()
        .cloned()
        .zip(prefixes)
        .flat_map(move |(input, below)| walk_one(input, below, exclude.clone()))
}

fn walk_one(input: PathBuf, below: PathBuf, exclude: Option<PathBuf>) -> Box<dyn Iterator<Item = Found>> {
    if !input.is_dir() {
        let output_name = output_name(&below);
        return Box::new(std::iter::once(Found::Page(PageFile {
            path: input,
            output_name,
        })));
    }
    let walker = walkdir::WalkDir::new(&input)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(move |e| {
            let hidden = e.depth() > 0 && e.file_name().to_string_lossy().starts_with('.');
            let excluded =
                e.file_type().is_dir() && exclude.as_ref().is_some_and(|x| resolve(e.path()) == *x);
            !hidden && !excluded
        });
    Box::new(walker.filter_map(move |entry| match entry {
        Ok(e) if e.file_type().is_dir() || !is_page_file(e.path()) => None,
        Ok(e) => {
            let relative = e.path().strip_prefix(&input).unwrap_or(e.path());
            Some(Found::Page(PageFile {
                output_name: output_name(&below.join(relative)),
                path: e.into_path(),
            }))
        }
        Err(e) => {
            let path = e.path().unwrap_or(&input).to_path_buf();
            Some(match e.loop_ancestor() {
                Some(ancestor) => Found::Loop(format!(
                    "{}: symbolic link loop back to {}, not followed",
                    path.display(),
                    ancestor.display()
                )),
                None => Found::Error(Error::Walk {
                    message: format!(
                        "cannot read: {}",
                        e.io_error().map_or_else(|| e.to_string(), |io| io.to_string())
                    ),
                    path,
                }),
            })
        }
    }))
}

/// Files a directory walk takes: the page formats' endings (a file named on
/// the command line is read whatever its name).
pub fn is_page_file(path: &Path) -> bool {
    Format::of_page_file(path).is_some()
}

/// The repaired text is plain, uncompressed text: a gzip input's output
/// loses its `.gz`, and a markup input's output gets `.txt` added
/// (`page.xml.gz` → `page.xml.txt`).
pub fn output_name(relative: &Path) -> PathBuf {
    let plain = strip_gz(relative);
    if Format::of_page_file(&plain).is_some_and(Format::is_markup) {
        let mut name = plain.into_os_string();
        name.push(".txt");
        PathBuf::from(name)
    } else {
        plain
    }
}

/// `path` made absolute against the working directory, `.` and `..` folded
/// by name (symbolic links are not resolved: names stay as the user gave them).
fn lexical_absolute(path: &Path) -> PathBuf {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut out = PathBuf::new();
    for part in absolute.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_names_in_two_folders_mirror_under_their_parent() {
        let inputs = [
            PathBuf::from("/archive/1801/page-001.txt"),
            PathBuf::from("/archive/1802/page-001.txt"),
        ];
        assert_eq!(
            output_prefixes(&inputs),
            [
                PathBuf::from("1801/page-001.txt"),
                PathBuf::from("1802/page-001.txt")
            ]
        );
        let inputs = [PathBuf::from("/a/x.txt"), PathBuf::from("/b/y.txt")];
        assert_eq!(
            output_prefixes(&inputs),
            [PathBuf::from("x.txt"), PathBuf::from("y.txt")]
        );
    }

    #[test]
    fn markup_outputs_get_txt() {
        assert_eq!(output_name(Path::new("d/p.xml")), PathBuf::from("d/p.xml.txt"));
        assert_eq!(output_name(Path::new("d/p.txt")), PathBuf::from("d/p.txt"));
    }
}
