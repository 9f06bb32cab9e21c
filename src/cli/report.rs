//! `amends report`: check the drafts like `amends check`, then write one HTML page.

use std::fs;
use std::io::{self, Write};
use std::path::Path;

use super::check::{self, Batch, Want};
use super::{EXIT_OK, EXIT_TROUBLE, ReportArgs, report_problem};
use crate::draft::LETTER_EXTENSIONS;
use crate::fsutil::{Existing, write_atomically};
use crate::report::html::{self, Page};
use crate::rules::Kind;

pub fn run(args: ReportArgs) -> u8 {
    // Check the output before the work: a typo should not cost a whole run.
    let to_stdout = args.output.as_os_str() == "-";
    if !to_stdout {
        if let Err(why) = usable_output(&args.output, args.force) {
            report_problem(format!("{}: {why}", args.output.display()));
            return EXIT_TROUBLE;
        }
    }
    let want = Want {
        roles: true,
        ..Want::default()
    };
    let Batch {
        linters,
        results,
        trouble,
    } = match check::check_inputs(&args.inputs, want) {
        Ok(batch) => batch,
        Err(status) => return status,
    };
    let files: Vec<_> = results.into_iter().map(|r| r.file).collect();
    if !to_stdout && is_one_of_the_letters(&args.output, &files) {
        report_problem(format!(
            "{}: this is one of the letters being checked; write the report to a new .html file",
            args.output.display()
        ));
        return EXIT_TROUBLE;
    }
    let rules = check::rules_in_force(&linters);
    let min_gap_days = rules
        .iter()
        .find(|r| r.kind() == Kind::Gap)
        .map_or(7, |r| r.params().min_gap_days);
    let page = html::render(&Page {
        title: &args.title,
        files: &files,
        rules: &rules,
        redact: args.redact,
        min_gap_days,
    });
    let written = if to_stdout {
        io::stdout()
            .lock()
            .write_all(page.as_bytes())
            .map_err(|e| format!("cannot print the report: {e}"))
    } else {
        write_atomically(&args.output, page.as_bytes(), Existing::Replace)
            .map_err(|e| format!("cannot write the report: {e}"))
    };
    match written {
        Ok(()) => {
            if !to_stdout {
                let findings: usize = files.iter().map(|f| f.findings().len()).sum();
                eprintln!(
                    "Wrote {} ({} {}, {} {}).",
                    args.output.display(),
                    files.len(),
                    if files.len() == 1 {
                        "letter"
                    } else {
                        "letters"
                    },
                    findings,
                    if findings == 1 { "finding" } else { "findings" }
                );
            }
            if trouble { EXIT_TROUBLE } else { EXIT_OK }
        }
        Err(why) => {
            report_problem(format!("{}: {why}", args.output.display()));
            EXIT_TROUBLE
        }
    }
}

/// Whether the report can go at `path`: its folder exists, it is not a folder or a
/// letter's file, and whatever is there already is a report amends wrote (or `force`).
/// A draft is the one thing amends must never lose.
fn usable_output(path: &Path, force: bool) -> Result<(), String> {
    if path.is_dir() {
        return Err("is a folder; name the file to write, e.g. -o report.html".into());
    }
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    if let Some(ext) = extension.filter(|e| LETTER_EXTENSIONS.contains(&e.as_str())) {
        return Err(format!(
            "a .{ext} file is where a letter lives, so the report will not be written there; name an .html file, e.g. -o report.html"
        ));
    }
    if path.exists() && !force && !written_by_amends(path) {
        return Err("already exists and is not a report amends wrote, so it was left as it is; choose a new name, or add --force to replace it".into());
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    if !dir.is_dir() {
        return Err(format!(
            "the folder {} does not exist; create it first",
            dir.display()
        ));
    }
    Ok(())
}

/// Whether the file at `path` starts like a page `amends report` wrote.
fn written_by_amends(path: &Path) -> bool {
    use std::io::Read;
    let mut start = Vec::with_capacity(4096);
    fs::File::open(path)
        .and_then(|f| f.take(4096).read_to_end(&mut start))
        .is_ok_and(|_| html::is_amends_report(&start))
}

fn is_one_of_the_letters(output: &Path, files: &[crate::report::CheckedFile]) -> bool {
    let Ok(out) = fs::canonicalize(output) else {
        return false; // does not exist yet, so it is not a letter
    };
    files
        .iter()
        .any(|f| fs::canonicalize(&f.path).is_ok_and(|p| p == out))
}
