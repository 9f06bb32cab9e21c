//! Code actions and the commands they send back: a finding's rewrites as quick fixes,
//! allowing a phrase or turning a rule off in the nearest `.amends.toml`, and writing a new
//! one for clients that cannot create files.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use super::Result;
use super::state::{Shared, not_open, root_of};
use crate::config::{discover, edit};
use crate::fsutil::{Existing, write_atomically};
use crate::lsp::protocol::*;
use crate::lsp::text::Text;

/// Applies an edit to a configuration file the writer accepted in their editor; the
/// server reads the file through it until the file changes on disk.
pub(super) const CMD_CONFIG_EDITED: &str = "amends.configEdited";
/// Writes a new `.amends.toml`, for clients that cannot create files in a workspace edit.
pub(super) const CMD_CREATE_CONFIG: &str = "amends.createConfig";

impl Shared {
    /// The quick fixes for the diagnostics of a `textDocument/codeAction` request: each
    /// rewrite the finding carries, then the settings changes (allow the phrase, turn the
    /// rule off).
    pub(super) fn code_actions(
        &self,
        params: CodeActionParams,
    ) -> Result<Option<CodeActionResponse>> {
        let uri = params.text_document.uri;
        let path = {
            let st = self.state();
            st.docs
                .get(&uri)
                .ok_or_else(|| not_open(&uri))?
                .path
                .clone()
        };
        let wanted = |kind: &CodeActionKind| {
            params
                .context
                .only
                .as_ref()
                .is_none_or(|only| only.iter().any(|k| kind.as_str().starts_with(k.as_str())))
        };
        if !wanted(&CodeActionKind::QUICKFIX) {
            return Ok(None);
        }
        let mut fixes = Vec::new();
        let mut settings = Vec::new();
        let mut turned_off = HashSet::new();
        for diagnostic in &params.context.diagnostics {
            let Some(data) = finding_data(diagnostic) else {
                continue;
            };
            for (i, fix) in data.fixes.iter().enumerate() {
                fixes.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: fix.title.clone(),
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![diagnostic.clone()]),
                    edit: Some(WorkspaceEdit {
                        changes: Some(HashMap::from([(
                            uri.clone(),
                            vec![TextEdit::new(diagnostic.range, fix.replacement.clone())],
                        )])),
                        ..WorkspaceEdit::default()
                    }),
                    is_preferred: Some(i == 0),
                    ..CodeAction::default()
                }));
            }
            let rule = data.rule.clone();
            if let Some(phrase) = data.phrase.clone() {
                let title = format!("Allow \u{201c}{}\u{201d} for {rule}", title_words(&phrase));
                let r = rule.clone();
                settings.extend(self.config_action(
                    path.as_deref(),
                    title,
                    diagnostic,
                    move |src| edit::allow_phrase(src, &r, &phrase),
                ));
            }
            if turned_off.insert(rule.clone()) {
                let title = format!("Turn off {rule} in this workspace");
                settings.extend(self.config_action(
                    path.as_deref(),
                    title,
                    diagnostic,
                    move |src| edit::turn_off(src, &rule),
                ));
            }
        }
        fixes.extend(settings.into_iter().map(CodeActionOrCommand::CodeAction));
        Ok(Some(fixes))
    }

    /// Runs one of our commands: a settings file edited in the editor, or one to create.
    pub(super) async fn execute_command(
        &self,
        params: ExecuteCommandParams,
    ) -> Result<Option<Value>> {
        let arg = params.arguments.first();
        let path = arg
            .and_then(|a| a.get("path"))
            .and_then(Value::as_str)
            .map(PathBuf::from);
        let text = arg.and_then(|a| a.get("text")).and_then(Value::as_str);
        let (Some(path), Some(text)) = (path, text) else {
            return Err(jsonrpc::Error::invalid_params(
                "expected one argument: {\"path\": …, \"text\": …}",
            ));
        };
        // Only ever a configuration file: these commands must not write anything else.
        if path.file_name().is_none_or(|n| n != discover::PROJECT_FILE) || !path.is_absolute() {
            return Err(jsonrpc::Error::invalid_params(format!(
                "amends only edits absolute paths to {} files",
                discover::PROJECT_FILE
            )));
        }
        match params.command.as_str() {
            CMD_CONFIG_EDITED => {
                self.state().unsaved.insert(path, text.to_string());
            }
            CMD_CREATE_CONFIG => {
                if let Err(e) = write_atomically(&path, text.as_bytes(), Existing::Keep) {
                    let message = format!("amends could not create {}: {e}", path.display());
                    self.client.show_message(MessageType::ERROR, &message).await;
                    return Err(jsonrpc::Error::invalid_params(message));
                }
            }
            other => {
                return Err(jsonrpc::Error::invalid_params(format!(
                    "unknown command `{other}`"
                )));
            }
        }
        self.config_changed().await;
        Ok(None)
    }

    /// A code action that changes the configuration file nearest to `path` (or creates
    /// one at the workspace root) with `change`; `None` for documents that are not files.
    fn config_action(
        &self,
        path: Option<&Path>,
        title: String,
        diagnostic: &Diagnostic,
        change: impl FnOnce(&str) -> std::result::Result<String, edit::EditError>,
    ) -> Option<CodeAction> {
        let path = path?;
        let (enc, flags, file, current) = {
            let st = self.state();
            let file = discover::project_config_path(path).unwrap_or_else(|| {
                root_of(&st.roots, path)
                    .or(path.parent())
                    .unwrap_or(Path::new("."))
                    .join(discover::PROJECT_FILE)
            });
            let current = st.unsaved.get(&file).cloned();
            (st.enc, st.flags, file, current)
        };
        let exists = file.is_file();
        let current = match current {
            Some(text) => text,
            None if exists => std::fs::read_to_string(&file).ok()?,
            None => String::new(),
        };
        let mut action = CodeAction {
            title,
            kind: Some(CodeActionKind::QUICKFIX),
            diagnostics: Some(vec![diagnostic.clone()]),
            ..CodeAction::default()
        };
        let new_text = match change(&current) {
            Ok(text) => text,
            Err(e) => {
                action.disabled = Some(CodeActionDisabled {
                    reason: format!("{}: {e}", file.display()),
                });
                return Some(action);
            }
        };
        let uri = Uri::from_file_path(&file)?;
        let args = vec![json!({ "path": file, "text": new_text })];
        if exists {
            let whole = Range::new(
                Position::new(0, 0),
                to_position(Text::new(&current).end(enc)),
            );
            action.edit = Some(WorkspaceEdit {
                changes: Some(HashMap::from([(uri, vec![TextEdit::new(whole, new_text)])])),
                ..WorkspaceEdit::default()
            });
            action.command = Some(command(CMD_CONFIG_EDITED, args));
        } else if flags.create_files {
            action.edit = Some(WorkspaceEdit {
                document_changes: Some(DocumentChanges::Operations(vec![
                    DocumentChangeOperation::Op(ResourceOp::Create(CreateFile {
                        uri: uri.clone(),
                        options: Some(CreateFileOptions {
                            overwrite: Some(false),
                            ignore_if_exists: Some(true),
                        }),
                        annotation_id: None,
                    })),
                    DocumentChangeOperation::Edit(TextDocumentEdit {
                        text_document: OptionalVersionedTextDocumentIdentifier {
                            uri,
                            version: None,
                        },
                        edits: vec![OneOf::Left(TextEdit::new(Range::default(), new_text))],
                    }),
                ])),
                ..WorkspaceEdit::default()
            });
            action.command = Some(command(CMD_CONFIG_EDITED, args));
        } else {
            action.command = Some(command(CMD_CREATE_CONFIG, args));
        }
        Some(action)
    }
}

fn command(name: &str, arguments: Vec<Value>) -> Command {
    Command {
        title: "update amends settings".into(),
        command: name.into(),
        arguments: Some(arguments),
    }
}

/// Words shown in an "Allow" action's title. A finding of the learned weights covers a
/// whole sentence, too long for a menu: its first words stand for it, and the action
/// still allows exactly the words of the finding.
fn title_words(phrase: &str) -> String {
    const SHOWN: usize = 8;
    let words: Vec<&str> = phrase.split_whitespace().collect();
    if words.len() <= SHOWN {
        words.join(" ")
    } else {
        format!("{}\u{2026}", words[..SHOWN - 2].join(" "))
    }
}

#[cfg(test)]
mod tests {
    use super::title_words;

    #[test]
    fn a_long_finding_is_named_by_its_first_words() {
        assert_eq!(title_words("you made me"), "you made me");
        assert_eq!(
            title_words("I had the worst week of my whole life at work, honestly"),
            "I had the worst week of\u{2026}"
        );
    }
}
