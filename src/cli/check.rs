//! `amends check`: find the drafts, read them, lint them on every core, fix them when
//! asked, print the report.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::inputs::{Input, Source, collect_inputs, series_places};
use super::{
    CheckArgs, EXIT_FINDINGS, EXIT_OK, EXIT_TROUBLE, InputArgs, OutputFormat, report_problem,
};
use crate::config::discover;
use crate::draft::{Draft, NotRead, Place};
use crate::finding::apply_safe_fixes;
use crate::fsutil::{Existing, write_atomically};
use crate::par;
use crate::report::{self, Checked, CheckedFile, Outcome, Style};
use crate::{FileError, Format, Linter};

/// Below this many files a run is over before a progress bar could help.
const PROGRESS_MIN_FILES: usize = 200;

enum FixOutcome {
    /// `--diff`: the unified diff, empty when nothing would change.
    Diff(String, usize),
    /// `--fix`: how many rewrites were written.
    Written(usize),
    /// `--fix` left the file alone, and why.
    Refused(String),
}

/// What a run over the inputs needs besides the inputs themselves.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Want {
    /// Label every sentence with its role.
    pub roles: bool,
    /// Apply safe fixes in place.
    pub fix: bool,
    /// Compute safe fixes as a diff.
    pub diff: bool,
    /// The report printed on standard output names each file that could not be read on a
    /// line of its own (`short`, `github`), so standard error does not repeat it.
    pub unreadable_in_report: bool,
}

/// Every input found, read and checked, before anything is reported.
pub(super) struct Batch {
    /// One per `.amends.toml` in play; each result's `linter` indexes this.
    pub linters: Vec<Linter>,
    /// In path order; skipped files are left out (their note is already printed) and
    /// unreadable ones are in, with their problem already reported on standard error
    /// unless the report itself names it (see [`Want::unreadable_in_report`]).
    pub results: Vec<FileResult>,
    /// Something could not be read or a configuration was broken: exit status 2.
    pub trouble: bool,
}

/// What checking one input produced.
pub(super) struct FileResult {
    pub file: CheckedFile,
    pub linter: usize,
    /// (rule, allow-list index) pairs that silenced something.
    allowed: Vec<(Arc<str>, usize)>,
    fix: Option<FixOutcome>,
    /// Dates written in the draft that could not be read, located (`path:line:col: …`).
    date_warnings: Vec<String>,
}

/// Finds, reads and checks every input on `-j` threads. `Err` is the exit status when
/// the inputs themselves make no sense (the problem is already reported).
pub(super) fn check_inputs(args: &InputArgs, want: Want) -> Result<Batch, u8> {
    let opts = args.config.options();
    let mut trouble = false;
    let mut inputs = match collect_inputs(args, &mut trouble) {
        Ok(inputs) => inputs,
        Err(message) => {
            report_problem(message);
            return Err(EXIT_TROUBLE);
        }
    };
    if (want.fix || want.diff) && inputs.iter().any(|i| matches!(i.source, Source::Stdin(_))) {
        report_problem("--fix and --diff work on files, not standard input");
        return Err(EXIT_TROUBLE);
    }
    tracing::debug!(files = inputs.len(), "checking");

    // Files under the same `.amends.toml` share one linter; each problem in a
    // configuration or rule file is reported once, all of them sorted by file and place.
    let mut linters: Vec<Linter> = Vec::new();
    let mut by_config: HashMap<Option<PathBuf>, usize> = HashMap::new();
    let mut config_of_dir: HashMap<PathBuf, Option<PathBuf>> = HashMap::new();
    let mut problems = Vec::new();
    for input in &mut inputs {
        let dir = input.name.parent().unwrap_or(Path::new("")).to_path_buf();
        let key = config_of_dir
            .entry(dir)
            .or_insert_with(|| discover::project_config_path(&input.name))
            .clone();
        input.linter = *by_config.entry(key).or_insert_with(|| {
            let (_, linter, errors) = discover::load(&input.name, &opts);
            problems.extend(errors);
            linters.push(linter);
            linters.len() - 1
        });
    }
    let mut seen = HashSet::new();
    problems.retain(|p| seen.insert(p.to_string()));
    FileError::sort(&mut problems);
    for problem in &problems {
        report_problem(problem);
    }
    trouble |= !problems.is_empty();

    let places = series_places(&inputs, &linters, args);

    let jobs = match args.jobs {
        0 => par::cores(),
        n => n,
    };
    let progress = progress_bar(inputs.len());
    let indexed: Vec<(&Input, Option<&Place>)> = inputs
        .iter()
        .zip(places.iter().map(Option::as_ref))
        .collect();
    let checked = par::map(&indexed, jobs, |&(input, place)| {
        let result = check_one(input, &linters[input.linter], place, args, want);
        progress.inc(1);
        result
    });
    progress.finish_and_clear();

    let mut results = Vec::with_capacity(checked.len());
    for (input, result) in inputs.iter().zip(checked) {
        match result {
            Ok(result) => {
                for warning in &result.date_warnings {
                    eprintln!("warning: {warning}");
                }
                if let Outcome::Unreadable(message) = &result.file.outcome {
                    if !want.unreadable_in_report {
                        report_problem(format!("{}: {message}", input.display));
                    }
                    trouble = true;
                }
                results.push(result);
            }
            Err(Skipped(why)) => eprintln!("note: {}: skipped: {why}", input.display),
        }
    }
    Ok(Batch {
        linters,
        results,
        trouble,
    })
}

pub fn run(args: CheckArgs) -> u8 {
    let want = Want {
        roles: args.roles,
        fix: args.fix,
        diff: args.diff,
        unreadable_in_report: !args.diff
            && matches!(args.format, OutputFormat::Short | OutputFormat::Github),
    };
    let Batch {
        linters,
        results,
        mut trouble,
    } = match check_inputs(&args.inputs, want) {
        Ok(batch) => batch,
        Err(status) => return status,
    };
    // The process ends with this command: freeing the packs' hundreds of thousands of
    // small allocations one by one would cost about a tenth of a short check's time, and
    // the system takes the memory back at once anyway.
    let linters = std::mem::ManuallyDrop::new(linters);

    let mut checked = Vec::with_capacity(results.len());
    let mut used_allow: HashSet<(usize, Arc<str>, usize)> = HashSet::new();
    let mut diffs = String::new();
    let (mut rewrites, mut rewritten_files) = (0, 0);
    for result in results {
        let linter = result.linter;
        used_allow.extend(result.allowed.into_iter().map(|(r, i)| (linter, r, i)));
        match result.fix {
            Some(FixOutcome::Diff(diff, n)) if n > 0 => {
                diffs.push_str(&diff);
                rewrites += n;
                rewritten_files += 1;
            }
            Some(FixOutcome::Written(n)) if n > 0 => {
                rewrites += n;
                rewritten_files += 1;
            }
            Some(FixOutcome::Refused(why)) => {
                report_problem(format!("{}: not fixed: {why}", result.file.path));
                trouble = true;
            }
            _ => {}
        }
        checked.push(result.file);
    }

    if args.report_unused_allow {
        report_unused_allow(&linters, &used_allow);
    }
    if args.diff {
        print(&diffs);
        eprintln!(
            "{rewrites} safe {} in {rewritten_files} {} (run with --fix to apply)",
            plural(rewrites, "rewrite", "rewrites"),
            plural(rewritten_files, "file", "files")
        );
        return if trouble {
            EXIT_TROUBLE
        } else if rewrites > 0 {
            EXIT_FINDINGS
        } else {
            EXIT_OK
        };
    }
    if args.fix {
        eprintln!(
            "Applied {rewrites} safe {} in {rewritten_files} {}.",
            plural(rewrites, "rewrite", "rewrites"),
            plural(rewritten_files, "file", "files")
        );
    }

    let style = Style {
        color: args.color.enabled(),
        redact: args.redact,
    };
    let text = match args.format {
        OutputFormat::Human => report::human::render(&checked, style),
        OutputFormat::Json => report::json::render(&checked, style),
        OutputFormat::Sarif => report::sarif::render(&checked, &rules_in_force(&linters), style),
        OutputFormat::Github => report::github::render(&checked),
        OutputFormat::Short => report::short::render(&checked),
    };
    print(&text);

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

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}

fn print(text: &str) {
    let mut stdout = io::stdout().lock();
    // A closed pipe (`amends check … | head`) is the reader's choice, not an error.
    let _ = stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush());
}

/// Every enabled rule of every linter used, each id once, in pack order.
pub(super) fn rules_in_force(linters: &[Linter]) -> Vec<&crate::Rule> {
    let mut seen = HashSet::new();
    linters
        .iter()
        .flat_map(|l| l.pack().rules())
        .filter(|r| r.enabled() && seen.insert(r.id().clone()))
        .collect()
}

fn report_unused_allow(linters: &[Linter], used: &HashSet<(usize, Arc<str>, usize)>) {
    let mut seen = HashSet::new();
    for (index, linter) in linters.iter().enumerate() {
        for rule in linter.pack().rules().iter().filter(|r| r.enabled()) {
            for (i, phrase) in rule.allow().iter().enumerate() {
                if used.contains(&(index, rule.id().clone(), i)) {
                    continue;
                }
                let origin = rule
                    .allow_origin(phrase)
                    .map_or_else(|| "configuration".to_string(), ToString::to_string);
                if seen.insert((origin.clone(), rule.id().clone(), phrase.clone())) {
                    eprintln!(
                        "warning: {origin}: the allowed phrase {phrase:?} for {} silenced nothing; remove it if it is no longer needed",
                        rule.id()
                    );
                }
            }
        }
    }
}

/// A progress bar on stderr for long runs in a terminal; hidden in pipes and CI logs.
fn progress_bar(files: usize) -> indicatif::ProgressBar {
    let in_ci = std::env::var_os("CI").is_some_and(|v| !v.is_empty());
    if files < PROGRESS_MIN_FILES || in_ci || !io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(files as u64);
    if let Ok(style) = indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} drafts") {
        bar.set_style(style);
    }
    bar
}

/// Why a file was not checked on purpose: not a letter (binary) or too large to be one.
/// A note, not an error: the run's exit status does not change.
struct Skipped(String);

fn check_one(
    input: &Input,
    linter: &Linter,
    place: Option<&Place>,
    args: &InputArgs,
    want: Want,
) -> Result<FileResult, Skipped> {
    let too_large = |size: u64| {
        Skipped(format!(
            "it is {size} bytes, more than --max-file-size ({} bytes)",
            args.max_file_size
        ))
    };
    if let Source::File(path) = &input.source {
        if let Ok(meta) = fs::metadata(path) {
            if meta.len() > args.max_file_size {
                return Err(too_large(meta.len()));
            }
        }
    }
    check_readable(input, linter, place, args, want)
}

fn check_readable(
    input: &Input,
    linter: &Linter,
    place: Option<&Place>,
    args: &InputArgs,
    want: Want,
) -> Result<FileResult, Skipped> {
    let unreadable = |message: String| {
        Ok(FileResult {
            file: CheckedFile {
                path: input.display.clone(),
                outcome: Outcome::Unreadable(message),
            },
            linter: input.linter,
            allowed: Vec::new(),
            fix: None,
            date_warnings: Vec::new(),
        })
    };
    let bytes = match &input.source {
        Source::Missing(why) => return unreadable(why.clone()),
        Source::Stdin(bytes) if bytes.len() as u64 > args.max_file_size => {
            return Err(Skipped(format!(
                "standard input is {} bytes, more than --max-file-size ({} bytes)",
                bytes.len(),
                args.max_file_size
            )));
        }
        Source::Stdin(bytes) => bytes.clone(),
        Source::File(path) => match fs::read(path) {
            Ok(bytes) => bytes,
            Err(e) => return unreadable(format!("cannot read: {e}")),
        },
    };
    let format = args
        .input_format
        .unwrap_or_else(|| Format::from_path(&input.name));
    let mut draft = match Draft::read(&input.name, bytes, format) {
        Ok(draft) => draft.placed(place.cloned()),
        Err(NotRead::Binary) => {
            return Err(Skipped(
                "it looks like a binary file (it holds NUL bytes), not a letter".into(),
            ));
        }
        Err(NotRead::Unreadable(why)) => return unreadable(why),
    };
    let date_warnings = located_date_warnings(&input.display, &draft);
    let mut allowed = Vec::new();
    let (mut doc, mut findings) = draft.lint(linter, &mut allowed);
    let mut fix = None;
    // Rewriting an encoded body in place is not safe: emails are never fixed.
    let fixing = (want.fix || want.diff) && draft.email().is_none();
    if fixing && draft.is_utf16() {
        fix = Some(FixOutcome::Refused(
            "it is UTF-16; amends fixes only UTF-8 files (save it as UTF-8 first)".into(),
        ));
    } else if fixing {
        let (fixed, count) = apply_safe_fixes(doc.text(), &findings);
        if want.diff {
            fix = Some(FixOutcome::Diff(
                unified_diff(&input.display, doc.text(), &fixed),
                count,
            ));
        } else if count > 0 {
            let Source::File(path) = &input.source else {
                unreachable!("stdin is refused with --fix before checking")
            };
            match write_fixed(path, doc.text(), &fixed) {
                Ok(()) => {
                    fix = Some(FixOutcome::Written(count));
                    // Report what is left in the file as it now is.
                    draft = draft.with_text(fixed);
                    allowed.clear();
                    (doc, findings) = draft.lint(linter, &mut allowed);
                }
                Err(why) => fix = Some(FixOutcome::Refused(why)),
            }
        }
    }
    let roles = if want.roles {
        linter.roles(&doc)
    } else {
        Vec::new()
    };
    Ok(FileResult {
        file: CheckedFile {
            path: input.display.clone(),
            outcome: Outcome::Checked(Checked::of_draft(draft, doc, findings, roles)),
        },
        linter: input.linter,
        allowed,
        fix,
        date_warnings,
    })
}

/// The dates written in a draft that could not be read (see [`crate::series::Meta::read`]),
/// as `path:line:col: message` for standard error: on the date in the file as it is on
/// disk, or at 1:1 when the file name starts with it. The messages quote no text of the
/// draft: standard error may end up in a CI log.
pub(super) fn located_date_warnings(path: &str, draft: &Draft) -> Vec<String> {
    let warnings = draft.date_warnings();
    if warnings.is_empty() {
        return Vec::new();
    }
    let on_disk = draft.on_disk();
    let lines = crate::document::LineIndex::new(on_disk);
    warnings
        .iter()
        .map(|(span, w)| {
            let (line, column) = match span {
                Some(span) => {
                    let at = lines.position(on_disk, span.start);
                    (at.line, at.column)
                }
                None => (1, 1),
            };
            format!("{path}:{line}:{column}: {}", w.message(false))
        })
        .collect()
}

fn unified_diff(path: &str, old: &str, new: &str) -> String {
    if old == new {
        return String::new();
    }
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(2)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string()
}

/// Replaces the file at `path` (which held `old` when it was read) with `new`: through a
/// temporary file in the same folder and a rename, keeping its permissions, and only if
/// nothing else changed it meanwhile.
fn write_fixed(path: &Path, old: &str, new: &str) -> Result<(), String> {
    let target = fs::canonicalize(path).map_err(|e| format!("cannot resolve the path: {e}"))?;
    let now = fs::read(&target).map_err(|e| format!("cannot read it again: {e}"))?;
    if now != old.as_bytes() {
        return Err("it changed on disk since it was read; run amends again".into());
    }
    write_atomically(&target, new.as_bytes(), Existing::Replace)
        .map_err(|e| format!("cannot write it: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_changed_since_it_was_read_is_not_overwritten() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("letter.txt");
        fs::write(&path, "edited meanwhile").expect("write");
        let refused = write_fixed(&path, "as read", "fixed");
        assert!(refused.is_err_and(|e| e.contains("changed on disk")));
        assert_eq!(fs::read_to_string(&path).expect("read"), "edited meanwhile");
        write_fixed(&path, "edited meanwhile", "fixed").expect("unchanged file is fixed");
        assert_eq!(fs::read_to_string(&path).expect("read"), "fixed");
        let leftovers = fs::read_dir(dir.path()).expect("list").count();
        assert_eq!(leftovers, 1, "no temporary file is left behind");
    }
}
