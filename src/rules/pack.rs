//! A pack: the rules that apply, with unique ids, in a stable order; and compiling many
//! rule files at once.

use super::{BUILTIN_RULES, Context, FileError, Rule};

/// A set of rules with unique ids, in a stable order (sorted by id).
#[derive(Debug, Clone, Default)]
pub struct Pack {
    rules: Vec<Rule>,
    /// What the rules were compiled against; sentence roles are compiled the same way.
    cx: Context,
}

impl Pack {
    /// The rules embedded in the binary. Their files are tested by `cargo test`, so an
    /// error here is a build defect; it is still returned, never a panic.
    pub fn builtin(cx: &Context) -> (Pack, Vec<FileError>) {
        Pack::from_files(
            BUILTIN_RULES
                .iter()
                .map(|(name, text)| (format!("built-in:{name}"), *name, *text)),
            cx,
        )
    }

    /// Compiles rule files given as `(origin, file name, contents)`. Good rules are kept;
    /// each bad file becomes an error, so one typo does not cost the whole pack.
    pub fn from_files<'a, O: AsRef<str> + Sync>(
        files: impl IntoIterator<Item = (O, &'a str, &'a str)>,
        cx: &Context,
    ) -> (Pack, Vec<FileError>) {
        let mut pack = Pack {
            rules: Vec::new(),
            cx: cx.clone(),
        };
        let mut errors = Vec::new();
        let files: Vec<(O, &str, &str)> = files.into_iter().collect();
        for ((origin, _, text), parsed) in files.iter().zip(parse_all(&files, cx)) {
            let origin = origin.as_ref();
            match parsed {
                Ok(rule) => {
                    if let Some(first) = pack.get(&rule.id) {
                        let message = format!(
                            "the rule `{}` is already defined in {}; give one of them another id (and file name), or remove one",
                            rule.id, first.origin
                        );
                        errors.push(match id_offset(text) {
                            Some(at) => FileError::at(origin, text, at, message),
                            None => FileError::whole_file(origin, message),
                        });
                    } else {
                        pack.insert(rule);
                    }
                }
                Err(problems) => errors.extend(problems),
            }
        }
        FileError::sort(&mut errors);
        (pack, errors)
    }

    /// Adds `rule`, replacing any rule with the same id.
    pub fn insert(&mut self, rule: Rule) {
        match self.rules.binary_search_by(|r| r.id.cmp(&rule.id)) {
            Ok(i) => self.rules[i] = rule,
            Err(i) => self.rules.insert(i, rule),
        }
    }

    /// Adds every rule of `other`, replacing rules of the same id.
    pub fn extend(&mut self, other: Pack) {
        for rule in other.rules {
            self.insert(rule);
        }
    }

    pub fn get(&self, id: &str) -> Option<&Rule> {
        self.rules
            .binary_search_by(|r| (*r.id).cmp(id))
            .ok()
            .map(|i| &self.rules[i])
    }

    pub fn get_mut(&mut self, id: &str) -> Option<&mut Rule> {
        self.rules
            .binary_search_by(|r| (*r.id).cmp(id))
            .ok()
            .map(|i| &mut self.rules[i])
    }

    pub fn rules_mut(&mut self) -> &mut [Rule] {
        &mut self.rules
    }

    /// Every rule id, sorted.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.rules.iter().map(|r| &*r.id)
    }

    pub fn context(&self) -> &Context {
        &self.cx
    }

    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }
}

/// Where a rule file's `id` value starts.
fn id_offset(source: &str) -> Option<usize> {
    let table = toml::de::DeTable::parse(source).ok()?;
    table
        .get_ref()
        .iter()
        .find(|(key, _)| key.get_ref() == "id")
        .map(|(_, value)| value.span().start)
}

/// Parses rule files on every core, results in the files' order: parsing each pattern's
/// syntax for the prefilter is most of building a pack, and every run builds one.
fn parse_all<O: AsRef<str> + Sync>(
    files: &[(O, &str, &str)],
    cx: &Context,
) -> Vec<Result<Rule, Vec<FileError>>> {
    let parse = |(origin, name, text): &(O, &str, &str)| {
        let stem = name.strip_suffix(".toml").unwrap_or(name);
        Rule::parse_all(origin.as_ref(), Some(stem), text, cx)
    };
    crate::par::map(files, crate::par::cores(), parse)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::tests::GOOD;

    #[test]
    fn later_rules_replace_earlier_ones_of_the_same_id() {
        let (mut pack, errors) = Pack::from_files([("a", "demo.toml", GOOD)], &Context::default());
        assert!(errors.is_empty());
        let (other, _) = Pack::from_files([("b", "demo.toml", GOOD)], &Context::default());
        pack.extend(other);
        assert_eq!(pack.rules().len(), 1);
        assert_eq!(pack.get("demo").unwrap().origin, "b");
    }

    #[test]
    fn the_builtin_pack_compiles() {
        let (pack, errors) = Pack::builtin(&Context::default());
        assert!(errors.is_empty(), "{errors:#?}");
        assert!(!pack.is_empty());
    }
}
