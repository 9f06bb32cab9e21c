//! The properties themselves, one definition for both the `proptest` suite
//! (`tests/properties.rs`) and the `cargo fuzz` targets (`fuzz/fuzz_targets/*.rs`, which
//! include this file by path). Each check panics with a message naming what broke; both
//! harnesses report a panic as a failure and shrink or save the input.
//!
//! Nothing here generates input: the harnesses do, each in its own way.

#![allow(
    dead_code,
    reason = "each harness uses a different subset of the checks"
)]

use std::path::PathBuf;
use std::sync::OnceLock;

use amends::config::{Config, Layer, Origin};
use amends::lsp::text::{Encoding, Pos, Resolved, Text};
use amends::{Document, DraftKind, FileError, Finding, Format, Linter, Pack};

/// The built-in rules, built once per process.
pub fn builtin() -> &'static Linter {
    static LINTER: OnceLock<Linter> = OnceLock::new();
    LINTER.get_or_init(|| {
        let (linter, errors) = Config::default().build(&[]);
        assert!(errors.is_empty(), "the built-in rules load: {errors:?}");
        linter
    })
}

// ---------------------------------------------------------------------------------------
// (a) Linting any text in every format.
// ---------------------------------------------------------------------------------------

/// Lints `text` as each format and checks every finding against the text.
pub fn lint_every_format(linter: &Linter, text: &str) {
    for format in Format::ALL {
        // A follow-up in a series is judged by other rules: both kinds.
        let follow_up = Document::new(text, format).with_kind(DraftKind::FollowUp);
        check_findings(
            text,
            &linter.check(&follow_up),
            &format!("{format} follow-up"),
        );
        let doc = Document::new(text, format);
        let findings = linter.check(&doc);
        check_findings(text, &findings, &format!("{format}"));
        for s in doc.sentences() {
            assert!(
                valid_span(text, &s.span),
                "{format}: sentence span {:?} is not a range of {text:?}",
                s.span
            );
        }
        // The editor's outline and roles are computed on the same document.
        for section in linter.outline(&doc) {
            assert!(
                valid_span(text, &section.span),
                "{format}: outline span {:?} is not a range of {text:?}",
                section.span
            );
        }
        assert_eq!(linter.roles(&doc).len(), doc.sentences().len());
    }
}

/// Reads `raw` as an `.eml` file the way `amends check` does: when it decodes, the body is
/// linted and every span mapped back must be a range of the file as shown.
pub fn lint_email_bytes(linter: &Linter, raw: &[u8]) {
    let Ok(email) = amends::email::decode(raw) else {
        return;
    };
    let doc = Document::new(email.body.clone(), Format::Plain);
    let findings = linter.check(&doc);
    check_findings(&email.body, &findings, "decoded email body");
    let mut last = 0;
    for k in 0..=email.body.len() {
        let at = email.to_display(k);
        assert!(
            email.display.is_char_boundary(at),
            "body offset {k} maps to {at}, inside a character of the display text"
        );
        assert!(
            at >= last,
            "the body map goes backwards at {k}: {at} < {last}"
        );
        last = at;
    }
    for f in &findings {
        let shown = email.to_display_span(f.span.clone());
        assert!(
            valid_span(&email.display, &shown),
            "{}: body span {:?} maps to {shown:?}, not a range of the {}-byte display text",
            f.rule,
            f.span,
            email.display.len()
        );
    }
}

/// Drafts `(file name, text)` in one folder, judged as a series the way `amends check`
/// and the server do: every dated draft linted as its kind, with the series findings
/// merged in, every span a range of that draft; every `date:` line found is a range too.
pub fn lint_series(linter: &Linter, drafts: &[(String, String)]) {
    use amends::series::{Draft, Meta, Series, merge};
    let drafts: Vec<Draft> = drafts
        .iter()
        .map(|(name, text)| Draft {
            name: name.clone(),
            format: Format::from_path(std::path::Path::new(name)),
            text: text.clone(),
        })
        .collect();
    for draft in &drafts {
        let meta = Meta::read(&draft.text, &draft.name);
        if let Some(line) = &meta.date_line {
            assert!(
                valid_span(&draft.text, line),
                "{}: date line {line:?} is not a range of {:?}",
                draft.name,
                draft.text
            );
        }
    }
    let series = Series::new(&drafts, linter.pack());
    for (i, entry) in series.entries().iter().enumerate() {
        let draft = &drafts[entry.draft];
        let doc = draft.document(entry.kind);
        let mut findings = linter.check(&doc);
        merge(&mut findings, series.findings_for(linter.pack(), i, &doc));
        check_findings(
            &draft.text,
            &findings,
            &format!("series draft {}", draft.name),
        );
    }
    for &i in series.undated() {
        assert!(i < drafts.len());
    }
}

fn valid_span(text: &str, span: &std::ops::Range<usize>) -> bool {
    span.start <= span.end && text.get(span.clone()).is_some()
}

/// Every span is a range of `text` on character boundaries, and every fix can be
/// applied: replacing the span gives valid text with the replacement in place.
pub fn check_findings(text: &str, findings: &[Finding], what: &str) {
    for f in findings {
        assert!(
            valid_span(text, &f.span),
            "{what}: {} span {:?} is not a range of the {}-byte text {text:?}",
            f.rule,
            f.span,
            text.len()
        );
        assert!(!f.message.is_empty(), "{what}: {} has no message", f.rule);
        for fix in &f.fixes {
            let mut fixed = String::with_capacity(text.len() + fix.replacement.len());
            fixed.push_str(&text[..f.span.start]);
            fixed.push_str(&fix.replacement);
            fixed.push_str(&text[f.span.end..]);
            assert_eq!(
                fixed.len(),
                text.len() - f.span.len() + fix.replacement.len(),
                "{what}: {} fix",
                f.rule
            );
            // The same edit made in place, as `--fix` and the editor do.
            let mut in_place = text.to_string();
            in_place.replace_range(f.span.clone(), &fix.replacement);
            assert_eq!(in_place, fixed);
        }
    }
}

// ---------------------------------------------------------------------------------------
// (b) The server's document model against a plain string.
// ---------------------------------------------------------------------------------------

/// One change a client can send.
#[derive(Debug, Clone)]
pub enum Op {
    /// An incremental change: replace `start..end`, positions counted in `enc`.
    Edit {
        start: Pos,
        end: Pos,
        text: String,
        enc: Encoding,
    },
    /// A change without a range: the whole text.
    ReplaceAll(String),
}

/// The protocol's lines of `text`: for each, where it starts and where its content ends
/// (before `\n`, `\r\n` or `\r`; nothing else breaks a line).
pub fn lines(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let (mut start, mut i) = (0, 0);
    while i < bytes.len() {
        match bytes[i] {
            b'\r' if bytes.get(i + 1) == Some(&b'\n') => {
                out.push((start, i));
                i += 2;
                start = i;
            }
            b'\r' | b'\n' => {
                out.push((start, i));
                i += 1;
                start = i;
            }
            _ => i += 1,
        }
    }
    out.push((start, bytes.len()));
    out
}

fn width(c: char, enc: Encoding) -> usize {
    match enc {
        Encoding::Utf8 => c.len_utf8(),
        Encoding::Utf16 => c.len_utf16(),
    }
}

/// What a position means in `text`, worked out on the string: a line past the end is the
/// end of the text, a character past the line's content is the end of the content, and a
/// character inside a multi-unit character is the start of that character. Anything but
/// an exact position is `clamped`.
pub fn resolve_in(text: &str, pos: Pos, enc: Encoding) -> Resolved {
    let lines = lines(text);
    let Some(&(start, end)) = lines.get(pos.line as usize) else {
        return Resolved {
            byte: text.len(),
            clamped: true,
        };
    };
    let want = pos.character as usize;
    let mut units = 0;
    for (i, c) in text[start..end].char_indices() {
        if units == want {
            return Resolved {
                byte: start + i,
                clamped: false,
            };
        }
        let next = units + width(c, enc);
        if next > want {
            return Resolved {
                byte: start + i,
                clamped: true,
            };
        }
        units = next;
    }
    Resolved {
        byte: end,
        clamped: units != want,
    }
}

/// The client position of a character boundary `byte` of `text` that is not between the
/// `\r` and `\n` of a line break.
pub fn position_in(text: &str, byte: usize, enc: Encoding) -> Pos {
    let lines = lines(text);
    let line = lines
        .iter()
        .rposition(|&(start, _)| start <= byte)
        .unwrap_or(0);
    let start = lines[line].0;
    let character: usize = text[start..byte].chars().map(|c| width(c, enc)).sum();
    Pos::new(line as u32, character as u32)
}

/// Applies `op` to the string the way the protocol says; returns whether a position had
/// to be adjusted.
pub fn apply_to_string(text: &mut String, op: &Op) -> bool {
    match op {
        Op::Edit {
            start,
            end,
            text: new,
            enc,
        } => {
            let a = resolve_in(text, *start, *enc);
            let b = resolve_in(text, *end, *enc);
            let (from, to) = (a.byte.min(b.byte), a.byte.max(b.byte));
            text.replace_range(from..to, new);
            a.clamped || b.clamped || a.byte > b.byte
        }
        Op::ReplaceAll(new) => {
            text.clone_from(new);
            false
        }
    }
}

/// Applies every op to the server's [`Text`] and to a `String`; after each they must hold
/// the same text, agree on whether the edit was clamped, and every position in the text
/// must convert both ways.
pub fn edits_match_a_string(initial: &str, ops: &[Op]) {
    let mut model = Text::new(initial);
    let mut string = initial.to_string();
    positions_round_trip(&model, &string);
    for (n, op) in ops.iter().enumerate() {
        let before = string.clone();
        let want_clamped = apply_to_string(&mut string, op);
        let clamped = match op {
            Op::Edit {
                start,
                end,
                text,
                enc,
            } => model.edit(*start, *end, text, *enc),
            Op::ReplaceAll(text) => {
                model.replace_all(text);
                false
            }
        };
        assert_eq!(
            model.to_string(),
            string,
            "op {n} {op:?} on {before:?}: the document differs from the string"
        );
        assert_eq!(
            clamped, want_clamped,
            "op {n} {op:?} on {before:?}: clamped is {clamped}, expected {want_clamped}"
        );
        assert_eq!(model.len_bytes(), string.len());
        positions_round_trip(&model, &string);
    }
}

/// Every position the text has converts to its byte and back, in both encodings; bytes
/// that are no position (inside a character, between `\r` and `\n`, past the end) and
/// positions past a line's end still give an answer inside the text, not a panic.
pub fn positions_round_trip(model: &Text, text: &str) {
    let crlf_middle = |b: usize| {
        b > 0 && text.as_bytes()[b - 1] == b'\r' && text.as_bytes().get(b) == Some(&b'\n')
    };
    for enc in [Encoding::Utf8, Encoding::Utf16] {
        for byte in 0..=text.len() + 2 {
            let pos = model.position(byte, enc);
            if byte <= text.len() && text.is_char_boundary(byte) && !crlf_middle(byte) {
                assert_eq!(
                    pos,
                    position_in(text, byte, enc),
                    "{enc:?}: position of byte {byte} in {text:?}"
                );
                assert_eq!(
                    model.resolve(pos, enc),
                    Resolved {
                        byte,
                        clamped: false
                    },
                    "{enc:?}: byte {byte} -> {pos:?} -> back, in {text:?}"
                );
            } else {
                let back = model.resolve(pos, enc);
                assert!(
                    back.byte <= text.len() && text.is_char_boundary(back.byte),
                    "{enc:?}: byte {byte} -> {pos:?} -> {back:?} in {text:?}"
                );
            }
        }
        assert_eq!(model.end(enc), position_in(text, text.len(), enc));
        // Positions, valid or not, resolve as on the string.
        let lines = lines(text);
        for line in 0..=lines.len() as u32 {
            let longest = lines
                .get(line as usize)
                .map_or(0, |&(s, e)| text[s..e].chars().map(|c| width(c, enc)).sum());
            for character in (0..=longest as u32 + 2).chain([u32::MAX]) {
                let pos = Pos::new(line, character);
                let got = model.resolve(pos, enc);
                assert_eq!(
                    got,
                    resolve_in(text, pos, enc),
                    "{enc:?}: resolve {pos:?} in {text:?}"
                );
                if !got.clamped {
                    assert_eq!(
                        model.position(got.byte, enc),
                        pos,
                        "{enc:?}: {pos:?} round trip"
                    );
                }
            }
        }
        assert_eq!(
            model.resolve(Pos::new(u32::MAX, u32::MAX), enc).byte,
            text.len()
        );
    }
    // Slices are the string's, clamped.
    for from in (0..=text.len()).filter(|&b| text.is_char_boundary(b)) {
        assert_eq!(model.slice(from, usize::MAX), text[from..]);
    }
}

// ---------------------------------------------------------------------------------------
// (c) Rule files and configuration files from any text.
// ---------------------------------------------------------------------------------------

/// A located error: it names the file it is about and, when it has a line, a line and
/// column that exist in `source` (a column may point just past a line's end).
pub fn check_error(e: &FileError, origin: &str, source: &str) {
    assert!(
        !e.message.trim().is_empty(),
        "an error with no message: {e:?}"
    );
    assert_eq!(e.origin, origin, "the error names another file: {e:?}");
    assert_eq!(
        e.line.is_some(),
        e.column.is_some(),
        "a line without a column or a column without a line: {e:?}"
    );
    if let (Some(line), Some(column)) = (e.line, e.column) {
        let lines = amends::document::LineIndex::new(source);
        let last = lines.position(source, source.len());
        assert!(
            line >= 1 && line <= last.line,
            "line {line} of a {}-line file: {e:?}",
            last.line
        );
        assert!(column >= 1, "column {column}: {e:?}");
    }
    assert!(!e.to_string().is_empty());
}

/// Compiles `source` as the rule file `name`: either the pack holds the rule (and it can
/// lint, and its examples run) or there are located errors for that file, in file order.
pub fn rule_file(name: &str, source: &str) {
    let origin = format!("fuzz/{name}");
    let (pack, errors) = Pack::from_files([(origin.as_str(), name, source)], &Default::default());
    match (pack.rules().len(), errors.as_slice()) {
        (1, []) => {
            let rule = &pack.rules()[0];
            let stem = name.strip_suffix(".toml").unwrap_or(name);
            assert_eq!(&**rule.id(), stem, "the rule id is the file's name");
            let _ = amends::examples::run_examples(rule);
            let linter = Linter::new(pack);
            lint_every_format(&linter, SAMPLE);
            lint_every_format(&linter, source);
        }
        (0, [_, ..]) => {
            for e in &errors {
                check_error(e, &origin, source);
            }
            let places: Vec<_> = errors.iter().map(|e| (e.line, e.column)).collect();
            assert!(
                places.windows(2).all(|w| w[0] <= w[1]),
                "errors out of file order: {errors:?}"
            );
        }
        (n, errors) => panic!("one file gave {n} rules and errors {errors:?}"),
    }
}

/// A file name that fits the rule file's own `id = "…"` line, so a mutated rule file is
/// not turned away for its name before its contents are compiled.
pub fn rule_file_name(source: &str) -> String {
    source
        .lines()
        .filter_map(|l| l.trim().strip_prefix("id"))
        .filter_map(|l| l.trim_start().strip_prefix('='))
        .filter_map(|l| l.trim().strip_prefix('"')?.split('"').next())
        .map(|id| format!("{id}.toml"))
        .next()
        .unwrap_or_else(|| "fuzzed.toml".to_string())
}

/// A letter with something for most rules to find.
pub const SAMPLE: &str = "Dear Sam,\n\nI'm sorry if you were hurt, but you made me do it.\n\
    I can't eat, I can't sleep. Answer me tonight or we're done.\n\nLove, Alex\n";

/// Parses `source` as a project's `.amends.toml`: either a located error, or a layer
/// that builds a linter (whose problems are all located in this file) that can lint.
pub fn config_file(source: &str) {
    let path = PathBuf::from("/letters/.amends.toml");
    let origin = path.display().to_string();
    match Layer::parse(Origin::Project(path), source) {
        Err(e) => check_error(&e, &origin, source),
        Ok(layer) => build_and_lint(layer, &origin, source),
    }
}

/// The editor's `amends` settings, as JSON: an error naming the settings, or a layer.
pub fn editor_settings(value: &serde_json::Value) {
    let origin = Origin::Editor.to_string();
    match Layer::from_editor_settings(value) {
        Err(e) => check_error(&e, &origin, ""),
        Ok(layer) => build_and_lint(layer, &origin, ""),
    }
}

fn build_and_lint(layer: Layer, origin: &str, source: &str) {
    let config = Config {
        layers: vec![layer],
    };
    let _ = config.partner();
    // Pack folders are never read here: this is the pure part.
    let (linter, errors) = config.build(&[]);
    for e in &errors {
        check_error(e, origin, source);
    }
    for format in Format::ALL {
        let doc = Document::new(SAMPLE, format);
        check_findings(SAMPLE, &linter.check(&doc), "sample letter");
    }
}
