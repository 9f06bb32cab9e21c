//! The text side of incremental checking: a text cut into runs of non-blank lines, what
//! an edit changed, and which runs are plain prose that reads the same alone.

/// A run of non-blank lines in a text, with the blank lines after it.
#[derive(Debug, Clone, Copy)]
pub(super) struct Piece {
    pub(super) start: usize,
    pub(super) body: usize,
    pub(super) len: usize,
}

/// The runs of non-blank lines of `region` (which starts at `base` in its text), and the
/// length of the blank lines before the first.
pub(super) fn pieces(region: &str, base: usize) -> (usize, Vec<Piece>) {
    let mut lead = 0;
    let mut out: Vec<Piece> = Vec::new();
    let mut in_body = false;
    let mut at = base;
    for raw in region.split_inclusive('\n') {
        if blank(raw) {
            match out.last_mut() {
                Some(p) => p.len += raw.len(),
                None => lead += raw.len(),
            }
            in_body = false;
        } else {
            match out.last_mut().filter(|_| in_body) {
                Some(p) => {
                    p.body += raw.len();
                    p.len += raw.len();
                }
                None => out.push(Piece {
                    start: at,
                    body: raw.len(),
                    len: raw.len(),
                }),
            }
            in_body = true;
        }
        at += raw.len();
    }
    (lead, out)
}

/// A blank line for every reader of the text (segmentation, masking, CommonMark):
/// spaces and tabs, then the line break.
fn blank(raw: &str) -> bool {
    let line = raw.strip_suffix('\n').unwrap_or(raw);
    let line = line.strip_suffix('\r').unwrap_or(line);
    line.bytes().all(|b| b == b' ' || b == b'\t')
}

/// Whether `region` ends inside a paragraph, so that the text after it would continue
/// that paragraph.
pub(super) fn ends_in_text(region: &str) -> bool {
    let Some(body) = region.strip_suffix('\n') else {
        return !region.is_empty() && !blank(region);
    };
    let last = body.rfind('\n').map_or(body, |k| &body[k + 1..]);
    !blank(last)
}

/// Whether `body` (a run of non-blank lines) is plain prose: nothing in it that masking
/// or Markdown could read as structure, so it reads the same alone as anywhere in a
/// letter, masks nothing, and changes how nothing around it reads. Deliberately strict:
/// a false "no" only costs a full check. Excluded: any line starting with whitespace, a
/// digit or one of ``> - + * # = ~ . _`` (quotes, lists, indented code, headings, rules,
/// front matter, signatures, fences); anywhere `<` `[` `` ` `` `|` (HTML, links and
/// reference definitions, code, tables), a byte-order mark, a carriage return that does
/// not end a line, and `wrote:` (a quoted reply's attribution).
pub(super) fn plain(body: &str) -> bool {
    if body.contains(['<', '[', '`', '|', '\u{feff}']) || contains_wrote(body) {
        return false;
    }
    body.split_inclusive('\n').all(|raw| {
        let line = raw.strip_suffix('\n').unwrap_or(raw);
        let line = line.strip_suffix('\r').unwrap_or(line);
        !line.contains('\r')
            && line.chars().next().is_none_or(|c| {
                !(c.is_whitespace()
                    || c.is_ascii_digit()
                    || matches!(c, '>' | '-' | '+' | '*' | '#' | '=' | '~' | '.' | '_'))
            })
    })
}

/// Whether `text` holds `wrote:` in any ASCII case.
pub(super) fn contains_wrote(text: &str) -> bool {
    text.as_bytes()
        .windows(6)
        .any(|w| w.eq_ignore_ascii_case(b"wrote:"))
}

pub(super) fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    a.iter().zip(b).take_while(|(x, y)| x == y).count()
}

/// The length of the common suffix, at most `max`.
pub(super) fn common_suffix(a: &[u8], b: &[u8], max: usize) -> usize {
    a.iter()
        .rev()
        .zip(b.iter().rev())
        .take(max)
        .take_while(|(x, y)| x == y)
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_tile_the_region() {
        let text = "\nDear Sam,\n\n\nI lied.\nSorry.\n  \n\nAlex";
        let (lead, ps) = pieces(text, 0);
        assert_eq!(lead, 1);
        let got: Vec<_> = ps
            .iter()
            .map(|p| {
                (
                    &text[p.start..p.start + p.body],
                    &text[p.start..p.start + p.len],
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("Dear Sam,\n", "Dear Sam,\n\n\n"),
                ("I lied.\nSorry.\n", "I lied.\nSorry.\n  \n\n"),
                ("Alex", "Alex")
            ]
        );
    }

    #[test]
    fn plain_prose_and_what_is_not() {
        assert!(plain("I lied. I'm sorry, Sam.\nIt was wrong.\n"));
        for structural in [
            "```\n",
            "> quote\n",
            "- item\n",
            "1. item\n",
            "# head\n",
            "    code\n",
            "text <b>\n",
            "[ref]: /x\n",
            "a | b\n",
            "---\n",
            "...\n",
            "On Tue Sam wrote:\n",
            "a\rb\n",
            "x\n===\n",
        ] {
            assert!(!plain(structural), "{structural:?}");
        }
    }

    #[test]
    fn region_ends() {
        assert!(ends_in_text("A\n"));
        assert!(ends_in_text("A"));
        assert!(!ends_in_text("A\n\n"));
        assert!(!ends_in_text(""));
        assert!(!ends_in_text("A\n \r\n"));
    }
}
