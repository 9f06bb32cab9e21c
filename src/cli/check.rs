//! `amends check`: find the drafts, read them, lint them, print the report.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use super::{CheckArgs, EXIT_FINDINGS, EXIT_OK, EXIT_TROUBLE, OutputFormat, report_problem};
use crate::config::discover;
use crate::report::{self, CheckedFile, Outcome};
use crate::{Document, Format, Linter};

/// File extensions searched for inside folders. Files named directly are always checked.
pub const LETTER_EXTENSIONS: [&str; 5] = ["txt", "md", "markdown", "eml", "letter"];

enum Source {
    Stdin,
    File(PathBuf),
    /// A path that could not be used, with the reason.
    Missing(String),
}

struct Input {
    display: String,
    source: Source,
}

pub fn run(args: CheckArgs) -> u8 {
    let opts = args.config.options();
    let mut trouble = false;
    let inputs = collect_inputs(&args.paths, &mut trouble);
    tracing::debug!(files = inputs.len(), "checking");

    // Files under the same `.amends.toml` share one linter; each broken configuration
    // or rule file is reported once.
    let mut linters: HashMap<Option<PathBuf>, Linter> = HashMap::new();
    let mut reported: HashSet<String> = HashSet::new();
    let mut stdin_used = false;
    let mut checked = Vec::with_capacity(inputs.len());
    for input in inputs {
        let target = match &input.source {
            Source::File(p) => p.clone(),
            _ => PathBuf::from("."),
        };
        let linter = linters
            .entry(discover::project_config_path(&target))
            .or_insert_with(|| {
                let (_, linter, errors) = discover::load(&target, &opts);
                for e in errors {
                    if reported.insert(e.to_string()) {
                        report_problem(e);
                        trouble = true;
                    }
                }
                linter
            });
        let outcome = match read(&input.source, &mut stdin_used) {
            Ok(text) => {
                let format = args.input_format.unwrap_or(match &input.source {
                    Source::File(p) => Format::from_path(p),
                    _ => Format::Plain,
                });
                let doc = Document::new(text, format);
                let findings = linter.check(&doc);
                tracing::debug!(path = %input.display, findings = findings.len(), "checked");
                let roles = if args.roles {
                    linter.roles(&doc)
                } else {
                    Vec::new()
                };
                Outcome::Checked {
                    doc,
                    findings,
                    roles,
                }
            }
            Err(message) => {
                report_problem(format!("{}: {message}", input.display));
                trouble = true;
                Outcome::Unreadable(message)
            }
        };
        checked.push(CheckedFile {
            path: input.display,
            outcome,
        });
    }

    let text = match args.format {
        OutputFormat::Human => report::human::render(&checked, args.color.enabled()),
        OutputFormat::Json => report::json::render(&checked),
    };
    let mut stdout = io::stdout().lock();
    // A closed pipe (`amends check … | head`) is the reader's choice, not an error.
    let _ = stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush());

    let failing = args.fail_on.threshold().is_some_and(|threshold| {
        checked
            .iter()
            .flat_map(CheckedFile::findings)
            .any(|f| f.level >= threshold)
    });
    if trouble {
        EXIT_TROUBLE
    } else if failing {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}

/// Expands folders into the letter files inside them, in a stable order.
fn collect_inputs(paths: &[PathBuf], trouble: &mut bool) -> Vec<Input> {
    let mut inputs = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input {
                display: "-".into(),
                source: Source::Stdin,
            });
        } else if path.is_dir() {
            walk(path, &mut inputs, trouble);
        } else if path.exists() {
            inputs.push(Input {
                display: path.display().to_string(),
                source: Source::File(path.clone()),
            });
        } else {
            inputs.push(Input {
                display: path.display().to_string(),
                source: Source::Missing("no such file or folder".into()),
            });
        }
    }
    inputs
}

fn walk(dir: &Path, inputs: &mut Vec<Input>, trouble: &mut bool) {
    let walker = ignore::WalkBuilder::new(dir)
        .sort_by_file_name(|a, b| a.cmp(b))
        .build();
    for entry in walker {
        match entry {
            Ok(entry) => {
                let path = entry.path();
                let is_letter = entry.file_type().is_some_and(|t| t.is_file())
                    && path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
                        LETTER_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str())
                    });
                if is_letter {
                    inputs.push(Input {
                        display: path.display().to_string(),
                        source: Source::File(path.to_path_buf()),
                    });
                }
            }
            Err(e) => {
                report_problem(format!("{}: {e}", dir.display()));
                *trouble = true;
            }
        }
    }
}

fn read(source: &Source, stdin_used: &mut bool) -> Result<String, String> {
    let bytes = match source {
        Source::Missing(why) => return Err(why.clone()),
        Source::File(path) => fs::read(path).map_err(|e| format!("cannot read: {e}"))?,
        Source::Stdin => {
            if std::mem::replace(stdin_used, true) {
                return Err("standard input can only be read once".into());
            }
            let mut bytes = Vec::new();
            io::stdin()
                .read_to_end(&mut bytes)
                .map_err(|e| format!("cannot read standard input: {e}"))?;
            bytes
        }
    };
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "is not UTF-8 text (invalid byte at offset {}); save it as UTF-8 and try again",
            e.utf8_error().valid_up_to()
        )
    })
}
