//! `amends config` (what applies here, and from where) and `amends init` (a starter file).

use std::path::Path;

use super::{ConfigArgs, EXIT_OK, EXIT_TROUBLE, report_problem};
use crate::config::discover::{self, PROJECT_FILE};
use crate::fsutil::{Existing, write_atomically};

pub fn show(path: Option<&Path>, args: &ConfigArgs) -> u8 {
    let target = path.unwrap_or(Path::new("."));
    let (config, linter, errors) = discover::load(target, &args.options());
    for e in &errors {
        report_problem(e);
    }
    println!(
        "# The configuration for {}, lowest layer first:",
        target.display()
    );
    println!("#   built-in rules");
    for layer in &config.layers {
        println!("#   {}", layer.origin);
    }
    if config.layers.is_empty() {
        println!("# (no configuration files: every rule is as its rule file says)");
    }
    if let Some((partner, origin)) = config.partner() {
        println!("\npartner = {partner:?}  # {origin}");
    }
    let packs = config.pack_dirs();
    if !packs.is_empty() {
        println!("packs:");
        for p in packs {
            println!("  {}", p.display());
        }
    }
    for rule in linter
        .pack()
        .rules()
        .iter()
        .filter(|r| !r.changes().is_empty())
    {
        println!(
            "\n[rules.{}]  # now {}",
            rule.id(),
            if rule.enabled() {
                rule.level().name()
            } else {
                "off"
            }
        );
        for change in rule.changes() {
            println!("{}  # {}", change.setting, change.origin);
        }
    }
    if errors.is_empty() {
        EXIT_OK
    } else {
        EXIT_TROUBLE
    }
}

/// The starter `.amends.toml`: every key, commented out, with a word on what it does.
const STARTER: &str = r#"# amends settings for the drafts in this folder and the folders below it.
# Every line is optional; remove the leading '#' to use one.
# `amends rules` lists the rules, `amends explain RULE` says what one catches,
# `amends config` shows what applies and where each setting comes from.

# The name you call your partner: rules that look for "you" look for it too.
# partner = "Sam"

# Folders of your own rule files, relative to this file (see docs/writing-rules.md).
# packs = ["./my-rules"]

# Settings for every rule of a level at once.
[levels]
# hint = "off"

# One rule at a time: a level (error, warning, info, hint), "on" or "off".
[rules]
# pathos = "off"
# pressure = "error"

# Or a table, with the rule's parameters and patterns of your own.
# [rules.dwelling-on-details]
# level = "warning"
# max-share = 0.3

# Exact phrases a rule should never flag in your letters.
[allow]
# blame-shifting = ["you made me promise"]
"#;

pub fn init(dir: Option<&Path>) -> u8 {
    let dir = dir.unwrap_or(Path::new("."));
    if !dir.is_dir() {
        let shown = dir.display();
        report_problem(if dir.exists() {
            format!(
                "{shown}: this is a file, not a folder; give the folder to write {PROJECT_FILE} in"
            )
        } else {
            format!(
                "{shown}: there is no such folder; create it first (mkdir -p {shown}), or run amends init in a folder that exists"
            )
        });
        return EXIT_TROUBLE;
    }
    let target = dir.join(PROJECT_FILE);
    if target.exists() {
        report_problem(format!(
            "{} already exists; amends init never overwrites it (edit it, or remove it first)",
            target.display()
        ));
        return EXIT_TROUBLE;
    }
    // Written to a temporary file beside the target, then moved into place only if no
    // file has appeared there meanwhile: never a half-written or clobbered file.
    let written = write_atomically(&target, STARTER.as_bytes(), Existing::Keep);
    match written {
        Ok(_) => {
            println!(
                "Wrote {}. Open it to turn rules off, change levels or name your partner.",
                target.display()
            );
            EXIT_OK
        }
        Err(e) => {
            // The error's own text names the temporary file, which means nothing to the
            // writer; its kind says what went wrong.
            let why = std::io::Error::from(e.kind());
            report_problem(format!("cannot write {}: {why}", target.display()));
            EXIT_TROUBLE
        }
    }
}
