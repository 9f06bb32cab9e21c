//! `amends timeline DIR`: the dated drafts of a folder in date order, with the gap since
//! the previous message and what was found in each, as a compact table.

use std::path::Path;

use std::sync::Arc;

use super::check;
use super::{ConfigArgs, EXIT_OK, EXIT_TROUBLE, report_problem};
use crate::config::discover;
use crate::draft::{Draft, LETTER_EXTENSIONS, Place};
use crate::report::timeline::{Row, render};
use crate::series::{self, Series};

pub fn run(dir: &Path, args: &ConfigArgs) -> u8 {
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
    let (_, linter, errors) = discover::load(dir, &args.options());
    for e in &errors {
        report_problem(e);
    }
    let folder = match series::discover::folder(dir, &LETTER_EXTENSIONS, &[], &|_| None) {
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
    let rows: Vec<Row<'_>> = series
        .entries()
        .iter()
        .zip(&findings)
        .map(|(entry, findings)| Row { entry, findings })
        .collect();
    let undated: Vec<String> = series
        .undated()
        .iter()
        .map(|&i| folder.drafts[i].name.clone())
        .collect();
    print!("{}", render(&rows, &undated));
    if errors.is_empty() {
        EXIT_OK
    } else {
        EXIT_TROUBLE
    }
}
