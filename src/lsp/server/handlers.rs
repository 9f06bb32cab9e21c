//! The answer to each request and notification: the protocol's entry points, which keep
//! the order of edits (no await before a document is changed) and call on the state, the
//! linting and the actions.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::Ordering;

use serde_json::Value;

use super::actions::{CMD_CONFIG_EDITED, CMD_CREATE_CONFIG};
use super::lint::Linted;
use super::state::{ClientFlags, OpenDoc, uri_path};
use super::{Backend, Result};
use crate::Finding;
use crate::engine::Section;
use crate::lsp::protocol::*;
use crate::lsp::settings::EditorSettings;
use crate::lsp::text::{Encoding, Text};

fn hover_text(linted: &Linted, finding: &Finding) -> String {
    let mut out = format!(
        "**{}** ({})\n\n{}",
        finding.rule, finding.level, finding.message
    );
    if let Some(rule) = linted.linter.pack().get(&finding.rule) {
        let explanation = rule.explanation().trim();
        if !explanation.is_empty() {
            out.push_str("\n\n");
            out.push_str(explanation);
        }
    }
    for fix in &finding.fixes {
        out.push_str(&format!("\n\n**Try:** {}", fix.replacement));
    }
    out
}

fn symbol(linted: &Linted, section: &Section, enc: Encoding) -> DocumentSymbol {
    let range = to_range(&linted.text, &section.span, enc);
    #[allow(
        deprecated,
        reason = "the field is required by the type though deprecated"
    )]
    DocumentSymbol {
        name: section.part.title().to_string(),
        detail: None,
        kind: SymbolKind::STRING,
        tags: None,
        deprecated: None,
        range,
        selection_range: range,
        children: None,
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let caps = &params.capabilities;
        let enc = negotiate_encoding(caps);
        let workspace = caps.workspace.as_ref();
        let refresh = workspace
            .and_then(|w| w.diagnostics.as_ref())
            .and_then(|d| d.refresh_support)
            .unwrap_or(false);
        let flags = ClientFlags {
            pull: refresh
                && caps
                    .text_document
                    .as_ref()
                    .is_some_and(|t| t.diagnostic.is_some()),
            configuration: workspace.and_then(|w| w.configuration).unwrap_or(false),
            watch_dynamic: workspace
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|w| w.dynamic_registration)
                .unwrap_or(false),
            refresh,
            create_files: workspace
                .and_then(|w| w.workspace_edit.as_ref())
                .is_some_and(|e| {
                    e.document_changes == Some(true)
                        && e.resource_operations
                            .as_ref()
                            .is_some_and(|ops| ops.contains(&ResourceOperationKind::Create))
                }),
        };
        let mut roots: Vec<PathBuf> = params
            .workspace_folders
            .iter()
            .flatten()
            .filter_map(|f| uri_path(&f.uri))
            .collect();
        #[allow(deprecated, reason = "older clients send only root_uri")]
        if roots.is_empty() {
            roots.extend(params.root_uri.as_ref().and_then(uri_path));
        }
        tracing::info!(encoding = ?enc, roots = roots.len(), "initialize");
        {
            let mut st = self.shared.state();
            st.enc = enc;
            st.flags = flags;
            st.roots = roots;
            st.initial = EditorSettings::from_json(params.initialization_options.as_ref());
            st.awaiting_settings = flags.configuration;
        }
        Ok(InitializeResult {
            server_info: Some(ServerInfo {
                name: "amends".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
            capabilities: ServerCapabilities {
                position_encoding: Some(encoding_kind(enc)),
                text_document_sync: Some(TextDocumentSyncCapability::Options(
                    TextDocumentSyncOptions {
                        open_close: Some(true),
                        change: Some(TextDocumentSyncKind::INCREMENTAL),
                        save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                        ..TextDocumentSyncOptions::default()
                    },
                )),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                code_action_provider: Some(CodeActionProviderCapability::Options(
                    CodeActionOptions {
                        code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
                        ..CodeActionOptions::default()
                    },
                )),
                execute_command_provider: Some(ExecuteCommandOptions {
                    commands: vec![CMD_CONFIG_EDITED.into(), CMD_CREATE_CONFIG.into()],
                    ..ExecuteCommandOptions::default()
                }),
                document_symbol_provider: Some(OneOf::Left(true)),
                // Offered only to clients we let pull (see `ClientFlags::pull`); any
                // client that asks anyway is still answered.
                diagnostic_provider: flags.pull.then(|| {
                    DiagnosticServerCapabilities::Options(DiagnosticOptions {
                        identifier: Some("amends".into()),
                        inter_file_dependencies: false,
                        workspace_diagnostics: false,
                        ..DiagnosticOptions::default()
                    })
                }),
                workspace: Some(WorkspaceServerCapabilities {
                    workspace_folders: Some(WorkspaceFoldersServerCapabilities {
                        supported: Some(true),
                        change_notifications: Some(OneOf::Left(true)),
                    }),
                    file_operations: None,
                }),
                ..ServerCapabilities::default()
            },
            ..InitializeResult::default()
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        let watch = self.shared.state().flags.watch_dynamic;
        if watch {
            let watchers = ["**/.amends.toml", "**/*.toml"]
                .into_iter()
                .map(|glob| FileSystemWatcher {
                    glob_pattern: GlobPattern::String(glob.into()),
                    kind: None,
                })
                .collect();
            let registration = Registration {
                id: "amends-config-files".into(),
                method: "workspace/didChangeWatchedFiles".into(),
                register_options: serde_json::to_value(DidChangeWatchedFilesRegistrationOptions {
                    watchers,
                })
                .ok(),
            };
            if let Err(e) = self
                .shared
                .client
                .register_capability(vec![registration])
                .await
            {
                tracing::warn!("could not watch configuration files: {e}");
            }
        }
        self.shared.fetch_settings().await;
        self.shared.config_changed().await;
    }

    async fn shutdown(&self) -> Result<()> {
        self.shared.shutdown.store(true, Ordering::SeqCst);
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let doc = params.text_document;
        tracing::debug!(uri = doc.uri.as_str(), version = doc.version, "open");
        let open = OpenDoc {
            text: Text::new(&doc.text),
            version: doc.version,
            path: uri_path(&doc.uri),
            language: doc.language_id,
            linted: None,
            engine: Arc::default(),
        };
        self.shared.state().docs.insert(doc.uri.clone(), open);
        self.shared.mark_dirty(&doc.uri);
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        {
            let mut st = self.shared.state();
            let enc = st.enc;
            let Some(doc) = st.docs.get_mut(&uri) else {
                tracing::warn!(
                    uri = uri.as_str(),
                    "change to a document that is not open; ignored"
                );
                return;
            };
            for change in &params.content_changes {
                match change.range {
                    Some(range) => {
                        let clamped = doc.text.edit(
                            from_position(range.start),
                            from_position(range.end),
                            &change.text,
                            enc,
                        );
                        if clamped {
                            tracing::warn!(
                                uri = uri.as_str(),
                                version = params.text_document.version,
                                "an edit's range was outside the document; it was clamped to fit"
                            );
                        }
                    }
                    None => doc.text.replace_all(&change.text),
                }
            }
            doc.version = params.text_document.version;
        }
        self.shared.mark_dirty(&uri);
    }

    async fn did_save(&self, params: DidSaveTextDocumentParams) {
        self.shared.mark_dirty(&params.text_document.uri);
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        let (was_open, push) = {
            let mut st = self.shared.state();
            st.dirty.retain(|u| u != &uri);
            (st.docs.remove(&uri).is_some(), !st.flags.pull)
        };
        if was_open && push {
            self.shared
                .client
                .publish_diagnostics(uri, Vec::new(), None)
                .await;
        }
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        let pulled = self.shared.state().flags.configuration;
        if pulled {
            self.shared.fetch_settings().await;
        } else if params.settings.is_object() {
            self.shared.state().initial = EditorSettings::from_json(Some(&params.settings));
        }
        self.shared.config_changed().await;
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        {
            let mut st = self.shared.state();
            for change in &params.changes {
                if let Some(path) = uri_path(&change.uri) {
                    st.unsaved.remove(&path);
                }
            }
        }
        self.shared.config_changed().await;
    }

    async fn did_change_workspace_folders(&self, params: DidChangeWorkspaceFoldersParams) {
        {
            let mut st = self.shared.state();
            for removed in params.event.removed.iter().filter_map(|f| uri_path(&f.uri)) {
                st.roots.retain(|r| r != &removed);
            }
            let added: Vec<PathBuf> = params
                .event
                .added
                .iter()
                .filter_map(|f| uri_path(&f.uri))
                .collect();
            st.roots.extend(added);
        }
        self.shared.fetch_settings().await;
        self.shared.config_changed().await;
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let at = params.text_document_position_params;
        let Some(linted) = self.shared.current(&at.text_document.uri).await? else {
            return Ok(None);
        };
        // Every finding under the cursor, the most serious first: a sentence can be both
        // a rush back and the end of a letter that lacks an open door.
        let mut hits: Vec<(&Finding, &Diagnostic)> = linted
            .findings
            .iter()
            .zip(&linted.diagnostics)
            .filter(|(_, d)| contains(&d.range, at.position))
            .collect();
        hits.sort_by_key(|(f, _)| std::cmp::Reverse(f.level));
        let Some(narrowest) = hits
            .iter()
            .min_by_key(|(f, _)| f.span.len())
            .map(|(_, d)| d.range)
        else {
            return Ok(None);
        };
        let value = hits
            .iter()
            .map(|(f, _)| hover_text(&linted, f))
            .collect::<Vec<_>>()
            .join("\n\n---\n\n");
        Ok(Some(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value,
            }),
            range: Some(narrowest),
        }))
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        self.shared.code_actions(params)
    }

    async fn execute_command(&self, params: ExecuteCommandParams) -> Result<Option<Value>> {
        self.shared.execute_command(params).await
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        let Some(linted) = self.shared.current(&params.text_document.uri).await? else {
            return Ok(None);
        };
        let enc = self.shared.state().enc;
        let symbols = tokio::task::spawn_blocking(move || {
            linted
                .outline()
                .iter()
                .map(|s| symbol(&linted, s, enc))
                .collect()
        })
        .await
        .map_err(|_| jsonrpc::Error::internal_error())?;
        Ok(Some(DocumentSymbolResponse::Nested(symbols)))
    }

    async fn diagnostic(
        &self,
        params: DocumentDiagnosticParams,
    ) -> Result<DocumentDiagnosticReportResult> {
        let linted = self.shared.current(&params.text_document.uri).await?;
        let (items, result_id) = match linted {
            Some(l) => (
                l.diagnostics.clone(),
                Some(format!("{}:{}", l.generation, l.version)),
            ),
            None => (Vec::new(), None),
        };
        Ok(DocumentDiagnosticReportResult::Report(
            DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport {
                related_documents: None,
                full_document_diagnostic_report: FullDocumentDiagnosticReport { result_id, items },
            }),
        ))
    }
}
