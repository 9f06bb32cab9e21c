//! Transfer encodings undone with the map kept: 7bit/8bit/binary as they are,
//! quoted-printable and base64 (RFC 2045), each decoded byte mapped to the encoded
//! characters that produced it.

use std::ops::Range;

use super::map::MappedBytes;

/// 7bit, 8bit and binary bodies: the bytes as they are.
pub(super) fn identity(raw: &[u8], range: Range<usize>) -> MappedBytes {
    let mut out = MappedBytes::default();
    for at in range {
        out.push(raw[at], (at, at + 1));
    }
    out
}

/// Quoted-printable (RFC 2045 §6.7), decoded the way mail-parser decodes it: `=XX` is one
/// byte mapped to its three characters, `=` before a line end (after optional blanks) is
/// a soft break and yields nothing, blanks before a hard line end are dropped, a hard
/// line end (LF or CRLF) is `\n`, a stray `=` is kept as it is, a lone CR is dropped.
pub(super) fn quoted_printable(raw: &[u8], range: Range<usize>) -> MappedBytes {
    let mut out = MappedBytes::default();
    let end = range.end;
    let mut at = range.start;
    // Literal blanks at the end of the output, dropped if a hard line end follows.
    let mut trailing_blanks = 0;
    while at < end {
        match raw[at] {
            b'=' => {
                let mut next = at + 1;
                while next < end && matches!(raw[next], b' ' | b'\t') {
                    next += 1;
                }
                if next == end || raw[next] == b'\n' {
                    at = (next + 1).min(end);
                    trailing_blanks = 0;
                    continue;
                }
                if raw[next] == b'\r' && next + 1 < end && raw[next + 1] == b'\n' {
                    at = next + 2;
                    trailing_blanks = 0;
                    continue;
                }
                match (raw.get(at + 1), raw.get(at + 2)) {
                    (Some(&hi), Some(&lo)) if at + 2 < end => {
                        if let (Some(hi), Some(lo)) = (hex(hi), hex(lo)) {
                            out.push((hi << 4) | lo, (at, at + 3));
                            trailing_blanks = 0;
                            at += 3;
                            continue;
                        }
                    }
                    _ => {}
                }
                out.push(b'=', (at, at + 1));
                trailing_blanks = 0;
                at += 1;
            }
            b'\n' => {
                out.text.truncate(out.text.len() - trailing_blanks);
                out.units.truncate(out.units.len() - trailing_blanks);
                trailing_blanks = 0;
                // A CRLF line end maps to both bytes, starting at the CR.
                let from = if at > range.start && raw[at - 1] == b'\r' {
                    at - 1
                } else {
                    at
                };
                out.push(b'\n', (from, at + 1));
                at += 1;
            }
            b'\r' => at += 1,
            byte => {
                if byte.is_ascii_whitespace() {
                    trailing_blanks += 1;
                } else {
                    trailing_blanks = 0;
                }
                out.push(byte, (at, at + 1));
                at += 1;
            }
        }
    }
    out
}

fn hex(digit: u8) -> Option<u8> {
    (digit as char).to_digit(16).map(|d| d as u8)
}

/// Base64 (RFC 2045 §6.8). Every four characters give three bytes; decoded byte `p` of a
/// group maps to the group's character `p` (the last byte to the rest of the group), so a
/// span in the body lands on the encoded characters, and so the encoded line, that hold
/// it. Characters outside the alphabet (line ends, blanks) are skipped; `=` ends a group.
pub(super) fn base64(raw: &[u8], range: Range<usize>) -> MappedBytes {
    let mut out = MappedBytes::default();
    let mut values = [0u8; 4];
    let mut positions = [0usize; 4];
    let mut count = 0;
    for at in range {
        let value = match raw[at] {
            b @ b'A'..=b'Z' => b - b'A',
            b @ b'a'..=b'z' => b - b'a' + 26,
            b @ b'0'..=b'9' => b - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' => {
                if count > 0 {
                    base64_group(&mut out, &values, &positions[..count], at);
                    count = 0;
                }
                continue;
            }
            _ => continue,
        };
        values[count] = value;
        positions[count] = at;
        count += 1;
        if count == 4 {
            base64_group(&mut out, &values, &positions, at);
            count = 0;
        }
    }
    // A final group cut short without padding yields nothing, as in mail-parser.
    out
}

/// Emits the bytes of one group of base64 characters at `positions` (1 to 4 of them);
/// `last` is the position of the group's last character, padding included.
fn base64_group(out: &mut MappedBytes, values: &[u8; 4], positions: &[usize], last: usize) {
    let chunk = values
        .iter()
        .take(positions.len())
        .enumerate()
        .fold(0u32, |acc, (i, &v)| acc | (u32::from(v) << (18 - 6 * i)));
    let bytes = chunk.to_be_bytes();
    // Two characters make one byte, three make two, four make three; mail-parser also
    // keeps one byte from a lone character before padding.
    let count = positions.len().saturating_sub(1).max(1);
    for (p, &byte) in bytes[1..=count].iter().enumerate() {
        let end = if p + 1 == count {
            last + 1
        } else {
            positions[p] + 1
        };
        out.push(byte, (positions[p], end));
    }
}
