//! Changes to a configuration file's text that the writer asked for from their editor
//! ("allow this phrase", "turn this rule off"). Pure: text in, text out. The file keeps
//! its comments, order and layout; only the one setting changes.

use toml_edit::{Array, DocumentMut, Item, Table, Value};

/// Why a configuration file could not be changed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    #[error("the file is not valid TOML ({0}); fix it first, then try again")]
    Unparsable(String),
    #[error(
        "`{0}` in this file is not a table, so amends cannot add to it; make it a table or edit it by hand"
    )]
    NotATable(String),
    #[error("`allow.{0}` in this file is not a list of phrases; make it one or edit it by hand")]
    NotAList(String),
}

/// `source` with `phrase` added to the allow list of `rule` (nothing changes when it is
/// already there).
pub fn allow_phrase(source: &str, rule: &str, phrase: &str) -> Result<String, EditError> {
    let mut doc = parse(source)?;
    let allow = table(&mut doc, "allow")?;
    let list = allow
        .entry(rule)
        .or_insert_with(|| Item::Value(Value::Array(Array::new())));
    let Some(list) = list.as_array_mut() else {
        return Err(EditError::NotAList(rule.to_string()));
    };
    if !list.iter().any(|v| v.as_str() == Some(phrase)) {
        list.push(phrase);
    }
    Ok(doc.to_string())
}

/// `source` with `rule` turned off: `[rules] RULE = "off"`, or `level = "off"` inside a
/// rule's own table so its other settings are kept for when it is turned back on.
pub fn turn_off(source: &str, rule: &str) -> Result<String, EditError> {
    let mut doc = parse(source)?;
    let rules = table(&mut doc, "rules")?;
    match rules.get_mut(rule).and_then(Item::as_table_like_mut) {
        Some(setting) => {
            setting.insert("level", toml_edit::value("off"));
        }
        None => {
            rules.insert(rule, toml_edit::value("off"));
        }
    }
    Ok(doc.to_string())
}

fn parse(source: &str) -> Result<DocumentMut, EditError> {
    source
        .parse::<DocumentMut>()
        .map_err(|e| EditError::Unparsable(e.message().trim().to_string()))
}

/// The top-level table `name`, created at the end of the file when missing.
fn table<'a>(doc: &'a mut DocumentMut, name: &str) -> Result<&'a mut Table, EditError> {
    let item = doc
        .as_table_mut()
        .entry(name)
        .or_insert_with(|| Item::Table(Table::new()));
    item.as_table_mut()
        .ok_or_else(|| EditError::NotATable(name.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Layer, Origin};

    fn parses(text: &str) {
        Layer::parse(Origin::Editor, text).expect("edited file is a valid layer");
    }

    #[test]
    fn allowing_keeps_comments_and_adds_to_an_existing_list() {
        let source = "# my settings\npartner = \"Sam\"\n\n[allow]\n# kind words\npathos = [\"I miss you\"]\n";
        let out = allow_phrase(source, "pathos", "I feel lost").expect("edit");
        assert!(out.starts_with("# my settings\npartner = \"Sam\""));
        assert!(out.contains("# kind words"));
        assert!(
            out.contains(r#"pathos = ["I miss you", "I feel lost"]"#),
            "{out}"
        );
        parses(&out);
        // Adding the same phrase twice changes nothing.
        assert_eq!(allow_phrase(&out, "pathos", "I feel lost"), Ok(out.clone()));
    }

    #[test]
    fn allowing_in_an_empty_file_creates_the_table() {
        let out = allow_phrase("", "pressure", "say \"yes\"").expect("edit");
        assert_eq!(out, "[allow]\npressure = ['say \"yes\"']\n");
        parses(&out);
    }

    #[test]
    fn turning_off_keeps_a_rules_table_settings() {
        let out = turn_off("[rules]\npathos = \"hint\"\n", "pathos").expect("edit");
        assert_eq!(out, "[rules]\npathos = \"off\"\n");
        let table = "[rules.dwelling-on-details]\nmax-share = 0.3\n";
        let out = turn_off(table, "dwelling-on-details").expect("edit");
        assert!(out.contains("max-share = 0.3"));
        assert!(out.contains("level = \"off\""));
        parses(&out);
        let out = turn_off("partner = \"Sam\"\n", "pressure").expect("edit");
        assert!(out.contains("[rules]\npressure = \"off\""), "{out}");
        parses(&out);
    }

    #[test]
    fn broken_files_are_refused_not_mangled() {
        assert!(matches!(
            allow_phrase("[allow\n", "pathos", "x"),
            Err(EditError::Unparsable(_))
        ));
        assert_eq!(
            allow_phrase("allow = 3\n", "pathos", "x"),
            Err(EditError::NotATable("allow".into()))
        );
        assert_eq!(
            allow_phrase("[allow]\npathos = \"x\"\n", "pathos", "y"),
            Err(EditError::NotAList("pathos".into()))
        );
    }
}
