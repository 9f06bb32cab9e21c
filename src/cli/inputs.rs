//! The inputs of `amends check` and `amends report`: the paths given, folders walked for
//! their letter files (with `--include`/`--exclude` and the ignore files), standard input;
//! and each input's place in the series of its folder.

use std::collections::HashMap;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{InputArgs, report_problem};
use crate::Linter;
use crate::draft::{self, Letters, Place};
use crate::series::Series;

/// Where an input's bytes come from.
pub(super) enum Source {
    /// Standard input, read up front (it can be read once).
    Stdin(Vec<u8>),
    File(PathBuf),
    /// A path that could not be used, with the reason.
    Missing(String),
}

/// One draft to check, as found.
pub(super) struct Input {
    pub(super) display: String,
    pub(super) source: Source,
    /// Where the input's `.amends.toml` is looked for and its format guessed from.
    pub(super) name: PathBuf,
    /// Index into the run's linters.
    pub(super) linter: usize,
    /// Which files of its folder are letters: for a file found in a folder given, as
    /// `--include`/`--exclude` say; its series is made of the same files.
    pub(super) letters: Arc<Letters>,
}

/// For each input, its place in the series of its folder, if the folder holds one (two
/// or more dated drafts). Each folder is read once; standard input named with
/// `--stdin-filename` takes its text from standard input.
pub(super) fn series_places(
    inputs: &[Input],
    linters: &[Linter],
    args: &InputArgs,
) -> Vec<Option<Place>> {
    // By folder and by which files are letters there (the globs of the folder given).
    let mut by_dir: HashMap<(PathBuf, *const Letters), Option<Arc<Series>>> = HashMap::new();
    let mut out = Vec::with_capacity(inputs.len());
    for input in inputs {
        let dir = input.name.parent().unwrap_or(Path::new("")).to_path_buf();
        let name = input.name.file_name().and_then(|n| n.to_str());
        let pack = linters[input.linter].pack();
        let letters = &*input.letters;
        let series = match &input.source {
            Source::File(_) => by_dir
                .entry((dir.clone(), Arc::as_ptr(&input.letters)))
                .or_insert_with(|| draft::series_in(&dir, letters, &[], &|_: &Path| None, pack))
                .clone(),
            Source::Stdin(bytes) if args.stdin_filename.is_some() => {
                let text = String::from_utf8_lossy(bytes).into_owned();
                let named = input.name.clone();
                let unsaved = move |p: &Path| (p == named).then(|| text.clone());
                draft::series_in(&dir, letters, &[&input.name], &unsaved, pack)
            }
            _ => None,
        };
        out.push(series.and_then(|series| Place::find(series, name?)));
    }
    out
}

/// Expands folders into the letter files inside them, in path order across every
/// argument (a path given twice, or named and also found in a folder given in the same
/// words, is checked once).
pub(super) fn collect_inputs(args: &InputArgs, trouble: &mut bool) -> Result<Vec<Input>, String> {
    let mut inputs = Vec::new();
    // Files named (and standard input) are letters whatever their name; their folder's
    // series is its files with a letter extension.
    let by_extension = Arc::new(Letters::by_extension());
    let input = |display: String, source: Source, name: PathBuf| Input {
        display,
        source,
        name,
        linter: 0,
        letters: by_extension.clone(),
    };
    let mut stdin_used = false;
    for path in &args.paths {
        if path.as_os_str() == "-" {
            if std::mem::replace(&mut stdin_used, true) {
                return Err("standard input (`-`) can be given only once".into());
            }
            let mut bytes = Vec::new();
            io::stdin()
                .read_to_end(&mut bytes)
                .map_err(|e| format!("cannot read standard input: {e}"))?;
            let (display, name) = match &args.stdin_filename {
                Some(name) => (name.display().to_string(), name.clone()),
                None => ("-".to_string(), PathBuf::from("-")),
            };
            inputs.push(input(display, Source::Stdin(bytes), name));
        } else if path.is_dir() {
            walk(path, args, &mut inputs, trouble)?;
        } else if path.exists() {
            inputs.push(input(
                path.display().to_string(),
                Source::File(path.clone()),
                path.clone(),
            ));
        } else {
            inputs.push(input(
                path.display().to_string(),
                Source::Missing("no such file or folder".into()),
                path.clone(),
            ));
        }
    }
    // Path order compares folder by folder (`a/z.txt` before `a.txt`), as the walk inside
    // each folder does, so a folder's files stay together.
    inputs.sort_by(|a, b| a.name.cmp(&b.name));
    let is_stdin = |i: &Input| matches!(i.source, Source::Stdin(_));
    inputs.dedup_by(|a, b| a.name == b.name && !is_stdin(a) && !is_stdin(b));
    Ok(inputs)
}

fn walk(
    dir: &Path,
    args: &InputArgs,
    inputs: &mut Vec<Input>,
    trouble: &mut bool,
) -> Result<(), String> {
    let letters = Arc::new(Letters::with_globs(dir, &args.include, &args.exclude)?);
    // `.gitignore` counts in a plain folder too, not only in a git work tree (`.ignore`
    // files count everywhere), and series discovery skips the same files.
    let mut walker = ignore::WalkBuilder::new(dir);
    walker.require_git(false).sort_by_file_name(|a, b| a.cmp(b));
    if let Some(globs) = letters.globs() {
        walker.overrides(globs.clone());
    }
    for entry in walker.build() {
        match entry {
            Ok(entry) => {
                let path = entry.path();
                let is_file = entry.file_type().is_some_and(|t| t.is_file());
                if is_file && letters.wanted(path) {
                    inputs.push(Input {
                        display: path.display().to_string(),
                        source: Source::File(path.to_path_buf()),
                        name: path.to_path_buf(),
                        linter: 0,
                        letters: letters.clone(),
                    });
                }
            }
            Err(e) => {
                report_problem(format!("{}: {e}", dir.display()));
                *trouble = true;
            }
        }
    }
    Ok(())
}
