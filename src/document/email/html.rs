//! An HTML-only body reduced to the text a reader sees, with the map kept.

use super::map::MappedText;

/// HTML reduced to the text a reader sees, enough for a letter: tags dropped, `<br>` a
/// line break, block elements a line or paragraph break, runs of white space one space,
/// entities decoded, and what is not the writer's prose left out (`<head>`, `<style>`,
/// `<script>`, `<title>`, comments, and quoted replies in `<blockquote>`). Inserted breaks
/// map to the empty range at their tag; text maps to its source characters.
pub(super) fn html_to_text(html: &MappedText) -> MappedText {
    let chars: Vec<(char, (usize, usize))> = html.chars().collect();
    let mut out = MappedText::default();
    // Inside an element whose content is skipped up to its end tag.
    let mut skip_until: Option<String> = None;
    let mut quote_depth = 0usize;
    let mut i = 0;
    while i < chars.len() {
        let (c, unit) = chars[i];
        let here = (unit.0, unit.0);
        if c == '<' {
            if let Some(tag) = parse_tag(&chars, i) {
                i = tag.end;
                if let Some(name) = &skip_until {
                    if tag.closing && tag.name == *name {
                        skip_until = None;
                    }
                    continue;
                }
                match tag.name.as_str() {
                    "head" | "style" | "script" | "title" if !tag.closing && !tag.self_closing => {
                        skip_until = Some(tag.name);
                    }
                    "blockquote" => {
                        if tag.closing {
                            quote_depth = quote_depth.saturating_sub(1);
                        } else if !tag.self_closing {
                            quote_depth += 1;
                        }
                        paragraph_break(&mut out, here);
                    }
                    _ if quote_depth > 0 => {}
                    "br" => {
                        trim_end_blank(&mut out);
                        out.push('\n', here);
                    }
                    "p" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "ul" | "ol" | "table"
                    | "hr" | "pre" | "body" => paragraph_break(&mut out, here),
                    "div" | "li" | "tr" | "dt" | "dd" | "section" | "article" | "header"
                    | "footer" => line_break(&mut out, here),
                    _ => {}
                }
                continue;
            }
        }
        if skip_until.is_some() || quote_depth > 0 {
            i += 1;
            continue;
        }
        if c == '&'
            && let Some((text, end)) = parse_entity(&chars, i)
        {
            out.push_str(&text, (unit.0, chars[end - 1].1.1));
            i = end;
            continue;
        }
        if matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{c}') {
            if !(out.text.is_empty() || out.text.ends_with([' ', '\n'])) {
                out.push(' ', unit);
            }
            i += 1;
            continue;
        }
        out.push(c, unit);
        i += 1;
    }
    while out.text.ends_with([' ', '\n']) {
        out.pop();
    }
    out
}

fn trim_end_blank(out: &mut MappedText) {
    while out.text.ends_with(' ') {
        out.pop();
    }
}

fn line_break(out: &mut MappedText, here: (usize, usize)) {
    trim_end_blank(out);
    if !out.text.is_empty() && !out.text.ends_with('\n') {
        out.push('\n', here);
    }
}

fn paragraph_break(out: &mut MappedText, here: (usize, usize)) {
    trim_end_blank(out);
    if out.text.is_empty() {
        return;
    }
    while !out.text.ends_with("\n\n") {
        out.push('\n', here);
    }
}

struct Tag {
    /// Lower-cased element name; `!` for comments and declarations.
    name: String,
    closing: bool,
    self_closing: bool,
    /// Index of the character after the tag.
    end: usize,
}

/// The tag starting at `chars[at] == '<'`, or `None` when the `<` is text (`a < b`).
fn parse_tag(chars: &[(char, (usize, usize))], at: usize) -> Option<Tag> {
    let rest = |from: usize| chars[from.min(chars.len())..].iter().map(|&(c, _)| c);
    if rest(at).take(4).eq("<!--".chars()) {
        let mut end = at + 4;
        while end < chars.len() && !rest(end).take(3).eq("-->".chars()) {
            end += 1;
        }
        return Some(Tag {
            name: "!".into(),
            closing: false,
            self_closing: true,
            end: (end + 3).min(chars.len()),
        });
    }
    let mut i = at + 1;
    let closing = chars.get(i).is_some_and(|&(c, _)| c == '/');
    if closing {
        i += 1;
    }
    let first = chars.get(i)?.0;
    if !(first.is_ascii_alphabetic() || (!closing && matches!(first, '!' | '?'))) {
        return None;
    }
    let mut name = String::new();
    while let Some(&(c, _)) = chars.get(i) {
        if c.is_ascii_alphanumeric() || (name.is_empty() && matches!(c, '!' | '?')) {
            name.push(c.to_ascii_lowercase());
            i += 1;
        } else {
            break;
        }
    }
    // Up to the `>`, skipping quoted attribute values, which may hold one.
    let mut quote = None;
    let mut last = ' ';
    while let Some(&(c, _)) = chars.get(i) {
        i += 1;
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c == '>' => {
                return Some(Tag {
                    name,
                    closing,
                    self_closing: last == '/',
                    end: i,
                });
            }
            None => {}
        }
        if !c.is_whitespace() {
            last = c;
        }
    }
    // An unclosed tag runs to the end of the part, as browsers read it.
    Some(Tag {
        name,
        closing,
        self_closing: true,
        end: chars.len(),
    })
}

/// The entity starting at `chars[at] == '&'`: its text and the index after its `;`.
/// Unknown or unterminated entities are left as text.
fn parse_entity(chars: &[(char, (usize, usize))], at: usize) -> Option<(String, usize)> {
    let name: String = chars[at + 1..]
        .iter()
        .take(12)
        .map(|&(c, _)| c)
        .take_while(|&c| c != ';')
        .collect();
    let semicolon = at + 1 + name.chars().count();
    if chars.get(semicolon).map(|&(c, _)| c) != Some(';') {
        return None;
    }
    let end = semicolon + 1;
    let numeric = |digits: &str, radix| {
        u32::from_str_radix(digits, radix)
            .ok()
            .and_then(char::from_u32)
    };
    let decoded = match name.as_str() {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        "rsquo" => '\u{2019}',
        "lsquo" => '\u{2018}',
        "rdquo" => '\u{201d}',
        "ldquo" => '\u{201c}',
        "mdash" => '\u{2014}',
        "ndash" => '\u{2013}',
        "hellip" => '\u{2026}',
        "copy" => '\u{a9}',
        _ => match name.strip_prefix('#') {
            Some(hex) if hex.starts_with(['x', 'X']) => numeric(&hex[1..], 16)?,
            Some(dec) => numeric(dec, 10)?,
            None => return None,
        },
    };
    Some((decoded.to_string(), end))
}
