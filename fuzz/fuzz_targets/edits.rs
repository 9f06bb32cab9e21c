//! (b) A document and a sequence of client changes (incremental ranges in UTF-8 or
//! UTF-16 positions, often outside the text, and whole-text replacements), applied to the
//! server's document model and to a plain string: the texts stay equal, the `clamped`
//! answers agree, and every position converts both ways. See `tests/properties/checks.rs`.

#![no_main]

#[path = "../../tests/properties/checks.rs"]
mod checks;

use amends::lsp::text::{Encoding, Pos};
use checks::Op;
use libfuzzer_sys::arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;

/// Texts are kept short: every check walks every position of the text after every op.
const MAX_TEXT: usize = 160;
const MAX_INSERT: usize = 24;
const MAX_OPS: usize = 24;

/// A string of at most `max` bytes, cut on a character boundary.
fn text(u: &mut Unstructured, max: usize) -> Result<String> {
    let mut s: String = u.arbitrary()?;
    let mut cut = s.len().min(max);
    while !s.is_char_boundary(cut) {
        cut -= 1;
    }
    s.truncate(cut);
    Ok(s)
}

/// Mostly small numbers (positions in or near the text), sometimes any `u32`.
fn number(u: &mut Unstructured, near: u32) -> Result<u32> {
    Ok(match u.int_in_range(0..=9u8)? {
        0 => u.arbitrary()?,
        1 => u32::MAX,
        _ => u.int_in_range(0..=near)?,
    })
}

fn op(u: &mut Unstructured) -> Result<Op> {
    if u.ratio(1, 16)? {
        return Ok(Op::ReplaceAll(text(u, MAX_TEXT)?));
    }
    let enc = if u.arbitrary()? {
        Encoding::Utf8
    } else {
        Encoding::Utf16
    };
    let start = Pos::new(number(u, 8)?, number(u, 24)?);
    let end = Pos::new(number(u, 8)?, number(u, 24)?);
    Ok(Op::Edit {
        start,
        end,
        text: text(u, MAX_INSERT)?,
        enc,
    })
}

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let Ok(initial) = text(&mut u, MAX_TEXT) else {
        return;
    };
    let mut ops = Vec::new();
    while ops.len() < MAX_OPS && !u.is_empty() {
        match op(&mut u) {
            Ok(op) => ops.push(op),
            Err(_) => break,
        }
    }
    checks::edits_match_a_string(&initial, &ops);
});
