//! One line per finding, `path:line:col: level[rule] message`: the shape editors'
//! quickfix lists and `grep` understand. Holds no letter text, so it is the same with
//! `--redact`.

use super::{Checked, CheckedFile, Outcome};
use crate::Finding;

pub fn render(files: &[CheckedFile]) -> String {
    let mut out = String::new();
    for file in files {
        match &file.outcome {
            Outcome::Checked(checked) => {
                for finding in &checked.findings {
                    out.push_str(&line(&file.path, checked, finding));
                    out.push('\n');
                }
            }
            Outcome::Unreadable(why) => {
                out.push_str(&format!("{}:1:1: error[unreadable] {why}\n", file.path));
            }
        }
    }
    out
}

/// The finding as one line.
pub fn line(path: &str, checked: &Checked, finding: &Finding) -> String {
    let at = checked.position(finding.span.start);
    format!(
        "{path}:{}:{}: {}[{}] {}",
        at.line, at.column, finding.level, finding.rule, finding.message
    )
}
