//! A rule's parameters: one table says which kind takes which, so rule files and
//! configuration layers are checked by the same code and give the same messages.

use super::{Kind, Scope};
use crate::suggest::{did_you_mean, quoted};

/// `(name, the kinds that take it)`.
pub(super) const PARAMETERS: [(&str, &[Kind]); 9] = [
    ("max", &[Kind::Limit]),
    ("max-share", &[Kind::Share]),
    ("min-sentences", &[Kind::Share]),
    ("window", &[Kind::Share]),
    ("min-words", &[Kind::Share, Kind::Require]),
    ("scope", &[Kind::Require]),
    ("min-gap-days", &[Kind::Gap]),
    ("revisit-after-days", &[Kind::Revisit]),
    ("learned", &[Kind::Pattern, Kind::Swap, Kind::Require]),
];

/// Every parameter with its value; a kind reads only its own.
#[derive(Debug, Clone, PartialEq)]
pub struct Params {
    /// `limit`: matches allowed before the document is flagged.
    pub max: u32,
    /// `share`: the largest share of sentences (0 to 1) that may match.
    pub max_share: f64,
    /// `share`: documents with fewer sentences are not judged.
    pub min_sentences: u32,
    /// `share`: sentences in the passage that is reported.
    pub window: u32,
    /// `share`, `require`: documents with fewer words are not judged.
    pub min_words: u32,
    /// `require`: where one of the patterns must appear.
    pub scope: Scope,
    /// `gap`: the fewest whole days between a sent message and the next one.
    pub min_gap_days: u32,
    /// `revisit`: days after the first letter by which a follow-up should have come back
    /// to the mistake.
    pub revisit_after_days: u32,
    /// `pattern`, `swap`, `require`: whether a built-in rule's learned weights judge its
    /// sentences beside its phrases (see `rules::learned`).
    pub learned: bool,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            max: 3,
            max_share: 0.3,
            min_sentences: 5,
            window: 3,
            min_words: 0,
            scope: Scope::Document,
            min_gap_days: 7,
            revisit_after_days: 30,
            learned: true,
        }
    }
}

impl Params {
    /// The parameter names a kind takes.
    pub fn names(kind: Kind) -> impl Iterator<Item = &'static str> {
        PARAMETERS
            .iter()
            .filter(move |(_, kinds)| kinds.contains(&kind))
            .map(|(n, _)| *n)
    }

    /// Sets one parameter of a `kind` rule from a TOML value. The error says what is
    /// wrong in words a writer can act on.
    pub fn set(&mut self, kind: Kind, name: &str, value: &toml::Value) -> Result<(), String> {
        let Some((_, kinds)) = PARAMETERS.iter().find(|(n, _)| *n == name) else {
            let known: Vec<_> = Params::names(kind).collect();
            let hint = did_you_mean(
                name,
                known.iter().copied().chain(["level", "patterns", "unless"]),
            );
            let list = if known.is_empty() {
                format!("`{}` rules take none", kind.name())
            } else {
                format!("`{}` rules take {}", kind.name(), quoted(&known))
            };
            return Err(format!("unknown parameter `{name}`{hint}; {list}"));
        };
        if !kinds.contains(&kind) {
            let owners: Vec<_> = kinds.iter().map(|k| k.name()).collect();
            return Err(format!(
                "`{name}` is not a parameter of `{}` rules (it belongs to {} rules)",
                kind.name(),
                quoted(&owners)
            ));
        }
        match name {
            "max" => self.max = count(name, value)?,
            "min-sentences" => self.min_sentences = count(name, value)?,
            "min-words" => self.min_words = count(name, value)?,
            "window" => self.window = count(name, value)?.max(1),
            "min-gap-days" => self.min_gap_days = count(name, value)?,
            "revisit-after-days" => self.revisit_after_days = count(name, value)?,
            "learned" => {
                self.learned = value
                    .as_bool()
                    .ok_or("`learned` is true or false (false: the rule's phrases alone)")?;
            }
            "max-share" => {
                let share = match value {
                    toml::Value::Float(f) => *f,
                    toml::Value::Integer(i) => *i as f64,
                    _ => f64::NAN,
                };
                if !(0.0..=1.0).contains(&share) {
                    return Err(
                        "`max-share` is a share of sentences: a number from 0 to 1, such as 0.3"
                            .into(),
                    );
                }
                self.max_share = share;
            }
            _ => {
                self.scope = match value.as_str() {
                    Some("document") => Scope::Document,
                    Some("last-paragraph") => Scope::LastParagraph,
                    _ => return Err("`scope` is \"document\" or \"last-paragraph\"".into()),
                }
            }
        }
        Ok(())
    }
}

fn count(name: &str, value: &toml::Value) -> Result<u32, String> {
    value
        .as_integer()
        .and_then(|i| u32::try_from(i).ok())
        .ok_or_else(|| format!("`{name}` is a whole number, 0 or more"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_are_checked_against_the_kind() {
        let mut p = Params::default();
        p.set(Kind::Share, "max-share", &toml::Value::Float(0.5))
            .unwrap();
        assert_eq!(p.max_share, 0.5);
        assert_eq!(
            p.set(Kind::Share, "max-shares", &toml::Value::Float(0.5))
                .unwrap_err(),
            "unknown parameter `max-shares` (did you mean `max-share`?); `share` rules take `max-share`, `min-sentences`, `window`, `min-words`"
        );
        assert!(
            p.set(Kind::Pattern, "max", &toml::Value::Integer(2))
                .unwrap_err()
                .contains("belongs to `limit` rules")
        );
        assert!(
            p.set(Kind::Share, "max-share", &toml::Value::Float(1.5))
                .is_err()
        );
        assert!(
            p.set(Kind::Limit, "max", &toml::Value::Integer(-1))
                .is_err()
        );
        assert!(
            p.set(Kind::Require, "scope", &toml::Value::String("end".into()))
                .is_err()
        );
    }
}
