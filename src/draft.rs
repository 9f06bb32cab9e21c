//! One path from a draft to its findings, for every edge: `amends check`, `amends report`,
//! `amends timeline` and the language server all go through it.
//!
//! A draft is read from its bytes ([`Draft::read`]) or from an editor's text
//! ([`Draft::from_text`]): plain text, Markdown, or a MIME email whose body is decoded
//! with a map back to the file. It is then placed in the series of dated drafts its
//! folder holds ([`Place`]), which, else its own front matter, says what kind of draft it
//! is. [`Draft::lint`] runs the check on the text that is read and merges the series
//! findings; spans come back in the file as it is on disk (or in the editor's buffer).
//!
//! Pure but for [`series_in`], which reads a folder through `series::discover`.

use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use crate::document::email::{self, DecodedEmail};
use crate::engine::Incremental;
use crate::series::{self, DateWarning, Entry, Meta, Series};
use crate::{Document, DraftKind, Finding, Format, Linter, Pack};

/// File extensions of letters: searched for inside folders (files named directly are
/// always checked), read as a folder's series, refused as the output of `amends report`.
pub const LETTER_EXTENSIONS: [&str; 5] = ["txt", "md", "markdown", "eml", "letter"];

/// Whether `path` has one of the [`LETTER_EXTENSIONS`] (in any case).
pub fn is_letter(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| LETTER_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// Which files found in a folder are letters: those with a [`LETTER_EXTENSIONS`]
/// extension, or as `--include` and `--exclude` globs say. The same choice decides which
/// files `amends check` finds in a folder and which drafts make a folder's series.
#[derive(Debug, Clone, Default)]
pub struct Letters {
    /// The globs, relative to the folder they were given for; `None` without any.
    globs: Option<ignore::overrides::Override>,
    /// `--include` replaces the extensions: only the files it names are letters.
    include: bool,
}

impl Letters {
    /// Letters by their extension.
    pub fn by_extension() -> Letters {
        Letters::default()
    }

    /// Letters found under `root` as `include` globs name them (else by extension),
    /// less those `exclude` globs name. `Err` names a glob that cannot be read.
    pub fn with_globs(
        root: &Path,
        include: &[String],
        exclude: &[String],
    ) -> Result<Letters, String> {
        if include.is_empty() && exclude.is_empty() {
            return Ok(Letters::by_extension());
        }
        let mut globs = ignore::overrides::OverrideBuilder::new(root);
        for glob in include {
            globs
                .add(glob)
                .map_err(|e| format!("--include {glob}: {e}"))?;
        }
        for glob in exclude {
            globs
                .add(&format!("!{glob}"))
                .map_err(|e| format!("--exclude {glob}: {e}"))?;
        }
        let globs = globs
            .build()
            .map_err(|e| format!("--include/--exclude: {e}"))?;
        Ok(Letters {
            globs: Some(globs),
            include: !include.is_empty(),
        })
    }

    /// The globs, for a folder walk that prunes what they leave out.
    pub fn globs(&self) -> Option<&ignore::overrides::Override> {
        self.globs.as_ref()
    }

    /// Whether the file at `path` (under the globs' root) is a letter.
    pub fn wanted(&self, path: &Path) -> bool {
        let matched = self.globs.as_ref().map(|g| g.matched(path, false));
        match matched {
            Some(ignore::Match::Ignore(_)) => false,
            Some(ignore::Match::Whitelist(_)) => true,
            // An `--include` names every letter; a file it does not name is none.
            Some(ignore::Match::None) | None => !self.include && is_letter(path),
        }
    }
}

/// How many leading bytes are looked at to tell a binary file: as many as git looks at.
const BINARY_SNIFF: usize = 8000;

/// Why bytes were not read as a draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotRead {
    /// NUL bytes near the start: a binary file, not a letter (a note, not an error).
    Binary,
    /// Text that cannot be read; the message says why, after the file's name.
    Unreadable(String),
}

/// A draft's place in the series of dated drafts its folder holds.
#[derive(Debug, Clone)]
pub struct Place {
    series: Arc<Series>,
    index: usize,
}

impl Place {
    /// The place of the draft with file name `name` in `series`, when `series` is one (at
    /// least [`series::MIN_DRAFTS`] dated drafts) and the draft is dated in it.
    pub fn find(series: Arc<Series>, name: &str) -> Option<Place> {
        let index = series.position(name)?;
        series.is_series().then_some(Place { series, index })
    }

    pub fn series(&self) -> &Series {
        &self.series
    }

    /// The draft's entry: its date, kind, gaps.
    pub fn entry(&self) -> &Entry {
        &self.series.entries()[self.index]
    }

    /// Index of the entry in [`Series::entries`].
    pub fn index(&self) -> usize {
        self.index
    }
}

/// The series of dated drafts in `dir`, when it holds one: its `letters` (see
/// [`series::discover::folder`], with `open` and `unsaved` for an editor's files), judged
/// with `pack`'s series rules. The one place the edges read a folder for its series.
pub fn series_in(
    dir: &Path,
    letters: &Letters,
    open: &[&Path],
    unsaved: series::discover::Unsaved,
    pack: &Pack,
) -> Option<Arc<Series>> {
    let folder = series::discover::folder(dir, &|p| letters.wanted(p), open, unsaved)
        .map_err(|e| tracing::debug!("{}: not read as a series: {e}", dir.display()))
        .ok()?;
    let series = Series::new(&folder.drafts, pack);
    series.is_series().then(|| Arc::new(series))
}

/// One draft, read: the text that is linted, the file it came from, and its place.
#[derive(Debug, Clone)]
pub struct Draft {
    /// The file name, which dates a draft whose front matter does not.
    name: String,
    /// What is linted: the file's text, or a MIME email's decoded body.
    text: String,
    /// How `text` is read: plain text for a decoded email body.
    format: Format,
    /// For a MIME email, the decoding: the file as text and the map back to it.
    email: Option<DecodedEmail>,
    /// The file was UTF-16 (with a byte-order mark), which `--fix` does not write.
    utf16: bool,
    place: Option<Place>,
    kind: DraftKind,
}

impl Draft {
    /// A draft from the bytes of a file called `name`, read in `format`: a MIME email is
    /// decoded (a file that is no MIME message is read as text, its header block masked);
    /// anything else is UTF-8, or UTF-16 with a byte-order mark.
    pub fn read(name: &Path, bytes: Vec<u8>, format: Format) -> Result<Draft, NotRead> {
        if format == Format::Email {
            match email::decode(&bytes) {
                Ok(email) => return Ok(Draft::decoded(name, email)),
                Err(e) => tracing::debug!("not read as MIME: {e}"),
            }
        }
        let (text, utf16) = decode_text(bytes)?;
        let mut draft = Draft::new(name, text, format);
        draft.utf16 = utf16;
        Ok(draft)
    }

    /// A draft from an editor's text for the file `name`. A MIME email is decoded when
    /// the buffer is the message as text (so spans map back onto the buffer).
    pub fn from_text(name: &Path, text: String, format: Format) -> Draft {
        if format == Format::Email {
            if let Ok(email) = email::decode(text.as_bytes()) {
                if email.display == text {
                    return Draft::decoded(name, email);
                }
            }
        }
        Draft::new(name, text, format)
    }

    /// A draft of a folder as `series::discover` read it (an email already decoded), in
    /// its place.
    pub fn in_series(draft: &series::Draft, place: Option<Place>) -> Draft {
        Draft::new(Path::new(&draft.name), draft.text.clone(), draft.format).placed(place)
    }

    fn new(name: &Path, text: String, format: Format) -> Draft {
        let name = file_name(name);
        let kind = Meta::read(&text, &name).kind.unwrap_or_default();
        Draft {
            name,
            text,
            format,
            email: None,
            utf16: false,
            place: None,
            kind,
        }
    }

    fn decoded(name: &Path, email: DecodedEmail) -> Draft {
        let mut draft = Draft::new(name, email.body.clone(), Format::Plain);
        draft.email = Some(email);
        draft
    }

    /// The draft in its place in a series, which says what kind of draft it is; without
    /// one its own front matter says (`kind:`), else it is a letter.
    pub fn placed(mut self, place: Option<Place>) -> Draft {
        self.kind = match &place {
            Some(place) => place.entry().kind,
            None => self.meta().kind.unwrap_or_default(),
        };
        self.place = place;
        self
    }

    /// The same draft with new text (after `--fix` rewrote it), in the same place. Not
    /// for an email, which is never rewritten.
    pub fn with_text(&self, text: String) -> Draft {
        let mut draft = Draft::new(Path::new(&self.name), text, self.format);
        draft.utf16 = self.utf16;
        draft.placed(self.place.clone())
    }

    /// The file name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The text that is linted: an email's decoded body, else the file's text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The format [`Draft::text`] is read in.
    pub fn format(&self) -> Format {
        self.format
    }

    /// The file as text, which findings point into.
    pub fn on_disk(&self) -> &str {
        self.email.as_ref().map_or(&self.text, |e| &e.display)
    }

    /// The decoding of a MIME email.
    pub fn email(&self) -> Option<&DecodedEmail> {
        self.email.as_ref()
    }

    /// The decoding of a MIME email, taken.
    pub fn into_email(self) -> Option<DecodedEmail> {
        self.email
    }

    pub fn is_utf16(&self) -> bool {
        self.utf16
    }

    pub fn kind(&self) -> DraftKind {
        self.kind
    }

    pub fn place(&self) -> Option<&Place> {
        self.place.as_ref()
    }

    /// The draft's entry in its series.
    pub fn entry(&self) -> Option<&Entry> {
        self.place.as_ref().map(Place::entry)
    }

    /// What the draft says about itself: front matter (of an email's body), else its
    /// file name.
    pub fn meta(&self) -> Meta {
        Meta::read(&self.text, &self.name)
    }

    /// The dates written in the draft that could not be read, each with where it is in
    /// [`Draft::on_disk`] (`None` when it is the file name's).
    pub fn date_warnings(&self) -> Vec<(Option<Range<usize>>, DateWarning)> {
        self.meta()
            .date_warnings
            .into_iter()
            .map(|w| (w.span.clone().map(|s| self.to_disk(s)), w))
            .collect()
    }

    /// A document of the text that is linted, of the draft's kind.
    pub fn document(&self) -> Document {
        Document::new(self.text.as_str(), self.format).with_kind(self.kind)
    }

    /// Every finding of `linter` in the draft, the series rules' with them, in the
    /// engine's order, spans in [`Draft::on_disk`]; with the document that was linted.
    /// `allowed` notes each (rule, allow-list index) that silenced a finding. An email's
    /// rewrites are kept even where the file holds their words encoded: they are shown,
    /// never applied (`--fix` leaves emails alone).
    pub fn lint(
        &self,
        linter: &Linter,
        allowed: &mut Vec<(Arc<str>, usize)>,
    ) -> (Document, Vec<Finding>) {
        let doc = self.document();
        let mut findings = linter.check_noting_allowed(&doc, allowed);
        self.add_series(linter, &doc, &mut findings);
        self.findings_to_disk(&mut findings, false);
        (doc, findings)
    }

    /// [`Draft::lint`] for an editor that keeps `engine` for this document between
    /// versions: only what an edit touched is checked again. An email's decoded body is
    /// checked whole, and a rewrite is kept only where the buffer holds the decoded words
    /// themselves (applying it over quoted-printable or base64 would corrupt the message).
    pub fn lint_in_editor(&self, linter: &Linter, engine: &mut Incremental) -> Vec<Finding> {
        if self.email.is_some() {
            let doc = self.document();
            let mut findings = linter.check(&doc);
            self.add_series(linter, &doc, &mut findings);
            self.findings_to_disk(&mut findings, true);
            return findings;
        }
        let mut findings = engine.check(linter, &self.text, self.format, self.kind);
        if self.place.is_some() {
            self.add_series(linter, &self.document(), &mut findings);
        }
        findings
    }

    /// Merges the series rules' findings for `doc` (this draft's text) into `findings`.
    fn add_series(&self, linter: &Linter, doc: &Document, findings: &mut Vec<Finding>) {
        if let Some(place) = &self.place {
            series::merge(
                findings,
                place
                    .series()
                    .findings_for(linter.pack(), place.index(), doc),
            );
        }
    }

    /// Maps findings of [`Draft::text`] onto [`Draft::on_disk`]; with `applicable_only`,
    /// drops the rewrites whose words the file does not hold as decoded.
    fn findings_to_disk(&self, findings: &mut [Finding], applicable_only: bool) {
        let Some(email) = &self.email else { return };
        for f in findings {
            let body = f.span.clone();
            f.span = email.to_display_span(body.clone());
            if applicable_only && email.display.get(f.span.clone()) != email.body.get(body) {
                f.fixes.clear();
            }
        }
    }

    /// A span of [`Draft::text`] in [`Draft::on_disk`].
    pub fn to_disk(&self, span: Range<usize>) -> Range<usize> {
        match &self.email {
            Some(email) => email.to_display_span(span),
            None => span,
        }
    }
}

/// The file name of `path`, or nothing (standard input, a bare folder).
fn file_name(path: &Path) -> String {
    path.file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("")
        .to_string()
}

/// The text of a draft's bytes: UTF-8, or UTF-16 with its byte-order mark (then `true`).
fn decode_text(bytes: Vec<u8>) -> Result<(String, bool), NotRead> {
    let utf16 = |units: Vec<u16>| {
        char::decode_utf16(units)
            .collect::<Result<String, _>>()
            .map(|text| (text, true))
            .map_err(|_| {
                NotRead::Unreadable(
                    "is UTF-16 with a broken character; save it as UTF-8 and try again".into(),
                )
            })
    };
    let units = |rest: &[u8], from: fn([u8; 2]) -> u16| -> Vec<u16> {
        rest.chunks(2)
            .map(|c| from([c[0], *c.get(1).unwrap_or(&0)]))
            .collect()
    };
    match bytes.as_slice() {
        [0xFF, 0xFE, rest @ ..] => return utf16(units(rest, u16::from_le_bytes)),
        [0xFE, 0xFF, rest @ ..] => return utf16(units(rest, u16::from_be_bytes)),
        _ => {}
    }
    if bytes[..bytes.len().min(BINARY_SNIFF)].contains(&0) {
        return Err(NotRead::Binary);
    }
    String::from_utf8(bytes)
        .map(|text| (text, false))
        .map_err(|e| {
            NotRead::Unreadable(format!(
                "is not UTF-8 text (invalid byte at offset {}); save it as UTF-8 and try again",
                e.utf8_error().valid_up_to()
            ))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    const QP: &str = "From: a@example.org\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n---\nkind: follow-up\n---\nI=E2=80=99m sorry. You made =\nme do it.\n";

    #[test]
    fn bytes_are_read_as_utf8_utf16_or_not_at_all() {
        let read = |bytes: &[u8]| Draft::read(Path::new("a.txt"), bytes.to_vec(), Format::Plain);
        assert_eq!(read(b"Hi.").map(|d| d.text).as_deref(), Ok("Hi."));
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("Hi.".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let draft = read(&le).expect("utf-16");
        assert!(draft.is_utf16());
        assert_eq!(draft.text(), "Hi.");
        assert_eq!(
            read(b"PK\x03\x04\0\0").map(|d| d.text),
            Err(NotRead::Binary)
        );
        assert!(matches!(read(b"Caf\xe9"), Err(NotRead::Unreadable(_))));
    }

    #[test]
    fn an_email_is_decoded_and_its_front_matter_read() {
        let draft =
            Draft::read(Path::new("x.eml"), QP.as_bytes().to_vec(), Format::Email).expect("email");
        assert!(draft.email().is_some());
        assert_eq!(draft.format(), Format::Plain);
        assert_eq!(draft.on_disk(), QP);
        assert_eq!(draft.kind(), DraftKind::FollowUp);
        let same = Draft::from_text(Path::new("x.eml"), QP.to_string(), Format::Email);
        assert_eq!(same.text(), draft.text());
        // Not a MIME message: read as text, the header block masked by the format.
        let plain = Draft::from_text(Path::new("x.eml"), "Dear Sam,\n".into(), Format::Email);
        assert!(plain.email().is_none());
        assert_eq!(plain.format(), Format::Email);
    }

    #[test]
    fn both_ways_of_linting_an_email_put_findings_on_the_file() {
        let linter = Linter::new(Pack::builtin(&Default::default()).0);
        let draft = Draft::from_text(Path::new("x.eml"), QP.to_string(), Format::Email);
        let (_, whole) = draft.lint(&linter, &mut Vec::new());
        let editor = draft.lint_in_editor(&linter, &mut Incremental::new());
        let spans = |f: &[Finding]| f.iter().map(|f| f.span.clone()).collect::<Vec<_>>();
        assert_eq!(spans(&whole), spans(&editor));
        let blame = whole
            .iter()
            .find(|f| &*f.rule == "blame-shifting")
            .expect("blame across the soft line break");
        assert!(QP[blame.span.clone()].starts_with("You made ="));
    }
}
