//! Text written into the HTML page (`html`, `pacing`): escaped, or drawn as grey bars
//! under redaction.

use std::fmt::Write as _;

/// Letter text, escaped; under redaction every run of non-space characters becomes a
/// grey bar of the same length (spaces and line breaks kept, so the shape stays).
pub(super) fn words(out: &mut String, text: &str, redact: bool) {
    if !redact {
        out.push_str(&esc(text));
        return;
    }
    let mut run = 0usize;
    let flush = |out: &mut String, run: &mut usize| {
        if *run > 0 {
            let _ = write!(out, "<span class=\"r\">{}</span>", "x".repeat(*run));
            *run = 0;
        }
    };
    for c in text.chars() {
        if c.is_whitespace() {
            flush(out, &mut run);
            out.push(if c == '\n' || c == ' ' { c } else { ' ' });
        } else {
            run += 1;
        }
    }
    flush(out, &mut run);
}

/// Text made safe for HTML content and attribute values.
pub(super) fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters other than line breaks and tabs are not allowed in XML.
            c if c.is_control() && c != '\n' && c != '\t' && c != '\r' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}
