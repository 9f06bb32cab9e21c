//! GitHub Actions workflow commands: each finding becomes an annotation on the pull
//! request's diff (`::error file=…,line=…::message`). Holds no letter text.

use super::{CheckedFile, Outcome};
use crate::Level;

pub fn render(files: &[CheckedFile]) -> String {
    let mut out = String::new();
    for file in files {
        match &file.outcome {
            Outcome::Checked(checked) => {
                for f in &checked.findings {
                    let (start, end) =
                        (checked.position(f.span.start), checked.position(f.span.end));
                    out.push_str(&format!(
                        "::{} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
                        command(f.level),
                        property(&file.path),
                        start.line,
                        start.column,
                        end.line,
                        end.column,
                        property(&f.rule),
                        data(&f.message),
                    ));
                }
            }
            Outcome::Unreadable(why) => {
                out.push_str(&format!(
                    "::error file={},title=unreadable::{}\n",
                    property(&file.path),
                    data(why)
                ));
            }
        }
    }
    out
}

/// GitHub has three annotation levels; info and hint are both notices.
fn command(level: Level) -> &'static str {
    match level {
        Level::Error => "error",
        Level::Warning => "warning",
        Level::Info | Level::Hint => "notice",
    }
}

/// A message: `%`, CR and LF must be escaped or the command ends early.
fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A property value: like a message, plus the separators `:` and `,`.
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators_in_paths_and_newlines_in_messages_are_escaped() {
        assert_eq!(property("a,b:c%d.txt"), "a%2Cb%3Ac%25d.txt");
        assert_eq!(data("one\ntwo: 100%"), "one%0Atwo: 100%25");
    }
}
