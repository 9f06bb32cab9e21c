//! `amends timeline DIR`: the dated drafts of a folder in date order, with the gap since
//! the previous message and what was found in each, as a compact table.

use std::sync::Arc;

use super::check;
use super::{EXIT_OK, EXIT_TROUBLE, TimelineArgs, TimelineFormat, report_problem};
use crate::config::discover;
use crate::draft::{Draft, Letters, Place};
use crate::report::timeline::{self, Row};
use crate::series::{self, Series};

pub fn run(args: &TimelineArgs) -> u8 {
    let dir = args.dir.as_path();
    if !dir.is_dir() {
        let what = if dir.exists() {
            "this is a file, not a folder"
        } else {
            "there is no such folder"
        };
        report_problem(format!(
            "{}: {what}; give the folder that holds the dated drafts",
            dir.display()
        ));
        return EXIT_TROUBLE;
    }
    let letters = match Letters::with_globs(dir, &args.include, &args.exclude) {
        Ok(letters) => letters,
        Err(message) => {
            report_problem(message);
            return EXIT_TROUBLE;
        }
    };
    let (_, linter, errors) = discover::load(dir, &args.config.options());
    for e in &errors {
        report_problem(e);
    }
    let wanted = |p: &std::path::Path| letters.wanted(p);
    let folder = match series::discover::folder(dir, &wanted, &[], &|_| None) {
        Ok(folder) => folder,
        Err(e) => {
            report_problem(format!("{}: cannot read this folder: {e}", dir.display()));
            return EXIT_TROUBLE;
        }
    };
    // Dates that could not be read: those drafts are listed as undated below.
    for (draft, path) in folder.drafts.iter().zip(&folder.paths) {
        let draft = Draft::from_text(path, draft.text.clone(), draft.format);
        for warning in check::located_date_warnings(&path.display().to_string(), &draft) {
            eprintln!("warning: {warning}");
        }
    }
    let series = Arc::new(Series::new(&folder.drafts, linter.pack()));
    if series.entries().is_empty() {
        report_problem(format!(
            "{}: no dated drafts here. Start file names with the date (`2026-11-20-coffee.md`) or put `date: 2026-11-20` in their front matter",
            dir.display()
        ));
        return EXIT_TROUBLE;
    }
    let findings: Vec<_> = series
        .entries()
        .iter()
        .map(|entry| {
            // One dated draft is no series: it is still listed, judged without series rules.
            let place = Place::find(series.clone(), &entry.name);
            let draft = Draft::in_series(&folder.drafts[entry.draft], place);
            draft.lint(&linter, &mut Vec::new()).1
        })
        .collect();
    let paths: Vec<String> = folder
        .paths
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    let rows: Vec<Row<'_>> = series
        .entries()
        .iter()
        .zip(&findings)
        .map(|(entry, findings)| Row {
            entry,
            findings,
            path: &paths[entry.draft],
        })
        .collect();
    let undated: Vec<String> = series
        .undated()
        .iter()
        .map(|&i| folder.drafts[i].name.clone())
        .collect();
    let text = match args.format {
        TimelineFormat::Human => timeline::render(&rows, &undated),
        TimelineFormat::Json => timeline::render_json(&dir.display().to_string(), &rows, &undated),
    };
    print!("{text}");
    if errors.is_empty() {
        EXIT_OK
    } else {
        EXIT_TROUBLE
    }
}
