//! Finding the parts of a letter that are not the writer's own prose: quoted replies,
//! signatures, code, front matter, markup. Rules never see them.

use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

use super::Format;

/// Byte ranges of `text` that are masked in `format`, sorted and merged. Every range lies
/// on character boundaries.
pub fn masked_regions(text: &str, format: Format) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut body = 0;
    if text.starts_with('\u{feff}') {
        out.push(0..3);
        body = 3;
    }
    if let Some(end) = front_matter_end(text, body) {
        out.push(body..end);
        body = end;
    }
    if format == Format::Email {
        let end = email_headers_end(text, body);
        if end > body {
            out.push(body..end);
            body = end;
        }
    }
    match format {
        Format::Markdown => markdown(text, body, &mut out),
        Format::Plain | Format::Email => quoted_replies(text, body, &mut out),
    }
    signature(text, body, &mut out);
    merge(out)
}

/// A copy of `text` with every masked byte replaced by a space, except line breaks, so
/// that offsets and line structure are unchanged.
pub fn blank(text: &str, masked: &[Range<usize>]) -> String {
    if masked.is_empty() {
        return text.to_string();
    }
    let mut bytes = text.as_bytes().to_vec();
    for r in masked {
        for b in &mut bytes[r.clone()] {
            if *b != b'\n' {
                *b = b' ';
            }
        }
    }
    // Masked ranges lie on character boundaries and are replaced whole by ASCII, so the
    // result is still UTF-8; the fallback only guards against a bug, never a panic.
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Lines of `text` from `from` on, with the byte offset each starts at (line ending excluded).
fn lines_from(text: &str, from: usize) -> impl Iterator<Item = (usize, &str)> {
    let mut at = from;
    text[from..].split_inclusive('\n').map(move |raw| {
        let start = at;
        at += raw.len();
        (start, raw.trim_end_matches(['\n', '\r']))
    })
}

/// The end of a `---` (YAML) or `+++` (TOML) front-matter block starting at `from`, if
/// there is one: the byte after its closing line.
pub(super) fn front_matter_end(text: &str, from: usize) -> Option<usize> {
    let mut lines = lines_from(text, from);
    let (_, first) = lines.next()?;
    let fence = match first.trim_end() {
        "---" => "---",
        "+++" => "+++",
        _ => return None,
    };
    for (start, line) in lines {
        let line = line.trim_end();
        if line == fence || (fence == "---" && line == "...") {
            let end = start + line.len();
            return Some(text[end..].find('\n').map_or(text.len(), |n| end + n + 1));
        }
    }
    None
}

/// The end of an email's header block (the blank line after it), or `from` when the text
/// does not start with a header.
fn email_headers_end(text: &str, from: usize) -> usize {
    let mut lines = lines_from(text, from).peekable();
    let looks_like_header = |l: &str| {
        l.split_once(':').is_some_and(|(name, _)| {
            !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
    };
    match lines.peek() {
        Some((_, first)) if looks_like_header(first) => {}
        _ => return from,
    }
    for (start, line) in lines {
        if line.trim().is_empty() {
            return start;
        }
    }
    text.len()
}

/// Quoted reply lines (`> …`) and the `On … wrote:` line that introduces them.
fn quoted_replies(text: &str, from: usize, out: &mut Vec<Range<usize>>) {
    let lines: Vec<(usize, &str)> = lines_from(text, from).collect();
    for (i, &(start, line)) in lines.iter().enumerate() {
        if line.trim_start().starts_with('>') {
            out.push(start..start + line.len());
            continue;
        }
        if !line.trim_end().to_ascii_lowercase().ends_with("wrote:") {
            continue;
        }
        let quote_follows = lines[i + 1..]
            .iter()
            .find(|(_, l)| !l.trim().is_empty())
            .is_some_and(|(_, l)| l.trim_start().starts_with('>'));
        if !quote_follows {
            continue;
        }
        let starts_attribution = |l: &str| {
            l.trim_start()
                .get(..3)
                .is_some_and(|p| p.eq_ignore_ascii_case("on "))
        };
        if starts_attribution(line) {
            out.push(start..start + line.len());
        } else if i > 0 && starts_attribution(lines[i - 1].1) {
            // Mail clients wrap long attributions: "On Tue, …, Sam <sam@…>\nwrote:".
            out.push(lines[i - 1].0..start + line.len());
        }
    }
}

/// A signature after a `-- ` line, and a forwarded or replied-to message after an
/// `-----Original Message-----` line: everything from there to the end.
fn signature(text: &str, from: usize, out: &mut Vec<Range<usize>>) {
    for (start, line) in lines_from(text, from) {
        let t = line.trim_end();
        if t == "--" || line == "-- " || t.eq_ignore_ascii_case("-----original message-----") {
            out.push(start..text.len());
            return;
        }
    }
}

fn markdown(text: &str, from: usize, out: &mut Vec<Range<usize>>) {
    let options = Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS
        | Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES;
    let body = &text[from..];
    // A link's target is masked, its visible text is not: collect the text inside each
    // open link and mask the rest of the link's range when it closes.
    let mut links: Vec<(Range<usize>, Vec<Range<usize>>)> = Vec::new();
    let shift = |r: Range<usize>| r.start + from..r.end + from;
    for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
        match event {
            Event::Start(
                Tag::CodeBlock(_)
                | Tag::BlockQuote(_)
                | Tag::Heading { .. }
                | Tag::MetadataBlock(_)
                | Tag::HtmlBlock
                | Tag::Image { .. },
            )
            | Event::Code(_)
            | Event::Html(_)
            | Event::InlineHtml(_)
            | Event::FootnoteReference(_) => out.push(shift(range)),
            Event::Start(Tag::Link { link_type, .. }) => {
                if matches!(link_type, LinkType::Autolink | LinkType::Email) {
                    out.push(shift(range.clone()));
                }
                links.push((range, Vec::new()));
            }
            Event::Text(_) => {
                if let Some((_, texts)) = links.last_mut() {
                    texts.push(range);
                }
            }
            Event::End(TagEnd::Link) => {
                if let Some((link, texts)) = links.pop() {
                    let mut at = link.start;
                    for t in texts {
                        if t.start > at {
                            out.push(shift(at..t.start));
                        }
                        at = at.max(t.end);
                    }
                    if link.end > at {
                        out.push(shift(at..link.end));
                    }
                }
            }
            _ => {}
        }
    }
}

fn merge(mut ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    ranges.retain(|r| r.start < r.end);
    ranges.sort_by_key(|r| (r.start, r.end));
    let mut out: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for r in ranges {
        match out.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text that survives masking, with runs of blanks squeezed for readability.
    fn visible(text: &str, format: Format) -> String {
        let blanked = blank(text, &masked_regions(text, format));
        blanked.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn plain_text_masks_quoted_replies_their_attribution_and_the_signature() {
        let text = "I'm sorry.\n\nOn Tue, 3 Nov 2026, Sam <sam@example.org>\nwrote:\n> you made me do it\n>> older\n\nStill here.\n-- \nAlex\nsent from my phone\n";
        assert_eq!(visible(text, Format::Plain), "I'm sorry. Still here.");
    }

    #[test]
    fn a_wrote_line_without_a_quote_after_it_is_prose() {
        let text = "On Sunday I wrote:\nthat I was sorry.";
        assert_eq!(
            visible(text, Format::Plain),
            "On Sunday I wrote: that I was sorry."
        );
    }

    #[test]
    fn email_headers_and_front_matter_are_masked() {
        let text = "From: Alex <a@example.org>\nSubject: you made me\n\nDear Sam, hello.\n";
        assert_eq!(visible(text, Format::Email), "Dear Sam, hello.");
        let text = "---\ndate: 2026-11-20\nnote: you made me\n---\nHello.\n";
        assert_eq!(visible(text, Format::Plain), "Hello.");
        assert_eq!(visible(text, Format::Markdown), "Hello.");
        let text = "+++\ndate = 2026-11-20\n+++\nHello.\n";
        assert_eq!(visible(text, Format::Markdown), "Hello.");
    }

    #[test]
    fn markdown_masks_code_quotes_headings_comments_and_link_targets() {
        let text = "# You made me\n\nSee [my note](https://example.org/you-made-me) and `you made me`.\n\n> you made me\n\n```\nyou made me\n```\n\n<!-- you made me -->\nEnd.\n";
        assert_eq!(visible(text, Format::Markdown), "See my note and . End.");
    }

    #[test]
    fn masks_never_split_a_character() {
        let text = "“Quoted” café\n> naïve “reply”\nend";
        for r in masked_regions(text, Format::Plain) {
            assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
        }
        assert_eq!(visible(text, Format::Plain), "“Quoted” café end");
    }
}
