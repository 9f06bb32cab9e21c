//! The decoding checked end to end: hand-written messages, then every combination of
//! charset, transfer encoding and shape, against mail-parser's own decoding.

use super::*;

/// Checks every promise of the map: each offset (and past the end) lands on a char
/// boundary of `display`, both ends are monotonic, spans are never inverted, and the
/// end of the body is the end of its part.
fn check_map(d: &DecodedEmail) {
    let len = d.body.len();
    let (mut last_start, mut last_end) = (0, 0);
    for k in 0..=len + 2 {
        let start = d.to_display(k);
        let end = d.to_display_span(0..k).end;
        assert!(d.display.is_char_boundary(start), "start of {k} -> {start}");
        assert!(d.display.is_char_boundary(end), "end of {k} -> {end}");
        assert!(
            start >= last_start && end >= last_end,
            "not monotonic at {k}"
        );
        (last_start, last_end) = (start, end);
        for j in k..(k + 8).min(len + 1) {
            let span = d.to_display_span(k..j);
            assert!(span.start <= span.end && span.end <= d.display.len());
        }
    }
    assert_eq!(d.to_display(len), d.to_display(usize::MAX));
}

/// Where the first `phrase` of the body is shown, as text and as a display offset.
fn shown<'a>(d: &'a DecodedEmail, phrase: &str) -> (&'a str, usize) {
    let at = d
        .body
        .find(phrase)
        .unwrap_or_else(|| panic!("{phrase:?} not in {:?}", d.body));
    let span = d.to_display_span(at..at + phrase.len());
    (&d.display[span.clone()], span.start)
}

fn decoded(raw: &[u8]) -> DecodedEmail {
    let d = decode(raw).expect("decodes");
    check_map(&d);
    d
}

const QP: &str = "From: Alex <alex@example.com>\n\
To: Sam <sam@example.com>\n\
Subject: Sorry\n\
MIME-Version: 1.0\n\
Content-Type: text/plain; charset=\"utf-8\"\n\
Content-Transfer-Encoding: quoted-printable\n\
\n\
Dear Sam,\n\
\n\
I=E2=80=99m sorry I missed your birthday. It was thoughtless of me and I kn=\n\
ow it hurt you.   \n\
Caf=C3=A9 at eight?\n\
\n\
> Where were you?\n";

#[test]
fn quoted_printable_maps_to_the_exact_encoded_characters() {
    let d = decoded(QP.as_bytes());
    assert_eq!(d.display, QP);
    assert!(
        d.body
            .starts_with("Dear Sam,\n\nI\u{2019}m sorry I missed your birthday.")
    );
    assert!(
        d.body
            .contains("and I know it hurt you.\nCaf\u{e9} at eight?\n")
    );
    // The phrase after the escape sits exactly where it is in the file.
    let (text, at) = shown(&d, "sorry I missed");
    assert_eq!(
        (text, at),
        ("sorry I missed", QP.find("sorry I missed").unwrap())
    );
    // The apostrophe covers its three escapes; `é` its two.
    assert_eq!(shown(&d, "\u{2019}").0, "=E2=80=99");
    assert_eq!(shown(&d, "I\u{2019}m").0, "I=E2=80=99m");
    assert_eq!(shown(&d, "\u{e9}").0, "=C3=A9");
    // Across a soft line break the span covers the break; before it, it stops at the
    // word; after it, it starts on the next line's word.
    assert_eq!(shown(&d, "I know").0, "I kn=\now");
    assert_eq!(shown(&d, "me and I kn").0, "me and I kn");
    assert_eq!(shown(&d, "ow it hurt").1, QP.find("ow it hurt").unwrap());
    // Blanks before a hard line end are dropped, as RFC 2045 says.
    assert!(d.body.contains("hurt you.\n"));
    // The end of the body is the end of the file; the start of the body is its start.
    assert_eq!(d.to_display(d.body.len()), QP.len());
    assert_eq!(d.to_display(0), QP.find("Dear").unwrap());
}

const BASE64: &str = "Subject: Friday\n\
Content-Type: text/plain; charset=utf-8\n\
Content-Transfer-Encoding: base64\n\
\n\
RGVhciBTYW0sCgpJIGFtIHNvIHNvcnJ5IGFib3V0IEZyaWRheSBuaWdodC4gSSBzaG91bGQgaGF2\n\
ZSBjYWxsZWQgeW91IHdoZW4gSSBrbmV3IEkgd291bGQgYmUgbGF0ZS4KTWF5YmUgeW91IG92ZXJy\n\
ZWFjdGVkIGEgbGl0dGxlLCBidXQgSSB3YXMgd3JvbmcgdG8gbGVhdmUgeW91IHdhaXRpbmcuCgpM\n\
b3ZlLApBbGV4Cg==\n";

#[test]
fn base64_maps_to_the_encoded_line_holding_the_phrase() {
    let d = decoded(BASE64.as_bytes());
    assert!(
        d.body
            .starts_with("Dear Sam,\n\nI am so sorry about Friday night.")
    );
    assert!(d.body.ends_with("Love,\nAlex\n"));
    let lines: Vec<&str> = BASE64.lines().skip(4).collect();
    let line_of = |offset: usize| BASE64[..offset].matches('\n').count() - 4;
    let body_start = BASE64.find("RGVh").unwrap();
    for phrase in ["sorry", "overreacted", "wrong", "Alex", "Dear", "waiting"] {
        let at = d.body.find(phrase).unwrap();
        // Decoded byte k is in group k / 3, whose characters start at 4 * (k / 3).
        let encoded = 4 * (at / 3) + at % 3;
        let expected_line = encoded / 76;
        let span = d.to_display_span(at..at + phrase.len());
        assert_eq!(line_of(span.start), expected_line, "{phrase}");
        assert!(span.start >= body_start && span.end <= BASE64.len());
        assert!(!d.display[span.clone()].is_empty());
        if !phrase.starts_with("over") {
            // Within one encoded line: no line break in the shown span.
            assert!(!d.display[span].contains('\n'), "{phrase}");
        }
    }
    // "overreacted" starts on the second encoded line and ends on the third.
    assert_eq!(shown(&d, "overreacted").0, "G92ZXJy\nZWFjdGVk");
    assert_eq!(lines.len(), 4);
    assert_eq!(d.to_display(d.body.len()), BASE64.len());
}

const ALTERNATIVE: &str = "From: alex@example.com\r\n\
Subject: I'm sorry\r\n\
MIME-Version: 1.0\r\n\
Content-Type: multipart/alternative; boundary=\"b1\"\r\n\
\r\n\
This is a multi-part message in MIME format.\r\n\
--b1\r\n\
Content-Type: text/plain; charset=UTF-8\r\n\
Content-Transfer-Encoding: quoted-printable\r\n\
\r\n\
Dear Sam,\r\n\
\r\n\
I=E2=80=99m sorry. You always overreact, but I was late.\r\n\
--b1\r\n\
Content-Type: text/html; charset=UTF-8\r\n\
Content-Transfer-Encoding: quoted-printable\r\n\
\r\n\
<p>Dear Sam,</p><p>HTML only words.</p>\r\n\
--b1--\r\n";

#[test]
fn multipart_alternative_reads_the_plain_part() {
    let d = decoded(ALTERNATIVE.as_bytes());
    assert_eq!(
        d.body,
        "Dear Sam,\n\nI\u{2019}m sorry. You always overreact, but I was late."
    );
    let html_at = ALTERNATIVE.find("<p>").unwrap();
    let (text, at) = shown(&d, "always overreact");
    assert_eq!(text, "always overreact");
    assert!(at < html_at);
    // The end of the body is the end of the plain part, before the boundary's line.
    let end = d.to_display(d.body.len());
    assert_eq!(&ALTERNATIVE[end..end + 6], "\r\n--b1");
    // A span ending at a line end stops before the CRLF.
    assert_eq!(shown(&d, "Dear Sam,\n").0, "Dear Sam,\r\n");
    assert_eq!(shown(&d, "Dear Sam,").0, "Dear Sam,");
}

#[test]
fn iso_8859_1_body_is_decoded_and_shown_as_written() {
    let mut raw = b"Subject: Pardon\n\
Content-Type: text/plain; charset=ISO-8859-1\n\
Content-Transfer-Encoding: 8bit\n\
\n\
Ren\xe9e, I apologise for what I said at dinner.\n"
        .to_vec();
    let d = decoded(&raw);
    assert_eq!(
        d.body,
        "Ren\u{e9}e, I apologise for what I said at dinner.\n"
    );
    // The file is not UTF-8: its é byte is shown as é, one character for one byte.
    assert!(d.display.contains("Ren\u{e9}e, I apologise"));
    assert_eq!(shown(&d, "\u{e9}").0, "\u{e9}");
    let (text, at) = shown(&d, "apologise for");
    assert_eq!(text, "apologise for");
    // One byte became two in `display`: the phrase is one byte further on.
    let raw_at = raw.windows(9).position(|w| w == b"apologise").unwrap();
    assert_eq!(at, raw_at + 1);

    // The same letter quoted-printable, and in windows-1252 with a curly apostrophe.
    raw = b"Content-Type: text/plain; charset=windows-1252\n\
Content-Transfer-Encoding: quoted-printable\n\
\n\
Ren=E9e, I didn=92t mean it.\n"
        .to_vec();
    let d = decoded(&raw);
    assert_eq!(d.body, "Ren\u{e9}e, I didn\u{2019}t mean it.\n");
    assert_eq!(shown(&d, "didn\u{2019}t mean").0, "didn=92t mean");
}

#[test]
fn plain_7bit_message_maps_one_to_one() {
    let raw = "From: alex@example.com\nSubject: Sorry\n\nDear Sam,\n\nI am sorry.\n\n-- \nAlex\n";
    let d = decoded(raw.as_bytes());
    assert_eq!(d.display, raw);
    assert_eq!(d.body, "Dear Sam,\n\nI am sorry.\n\n-- \nAlex\n");
    let body_at = raw.find("Dear").unwrap();
    for k in 0..=d.body.len() {
        assert_eq!(d.to_display(k), body_at + k);
    }
    // UTF-8 8bit text without a charset parameter is read as UTF-8.
    let raw = "Subject: x\n\nI\u{2019}m sorry \u{1f614}\n";
    let d = decoded(raw.as_bytes());
    assert_eq!(d.body, "I\u{2019}m sorry \u{1f614}\n");
    assert_eq!(shown(&d, "\u{1f614}").0, "\u{1f614}");
}

#[test]
fn html_only_message_is_read_as_its_text() {
    let raw = "Subject: Sorry\n\
Content-Type: text/html; charset=utf-8\n\
\n\
<html><head><style>p { color: red }</style><title>t</title></head><body>\n\
<p>Dear Sam,</p>\n\
<p>I&rsquo;m sorry &amp; I\n   know it hurt.<br>I&#39;ll call.</p>\n\
<div>On Monday, Sam wrote:</div><blockquote><p>Where were you?</p></blockquote>\n\
<p>Alex</p></body></html>\n";
    let d = decoded(raw.as_bytes());
    assert_eq!(
        d.body,
        "Dear Sam,\n\nI\u{2019}m sorry & I know it hurt.\nI'll call.\n\nOn Monday, Sam wrote:\n\nAlex"
    );
    assert_eq!(shown(&d, "\u{2019}").0, "&rsquo;");
    assert_eq!(shown(&d, "sorry & I know").0, "sorry &amp; I\n   know");
    assert_eq!(shown(&d, "I'll call").0, "I&#39;ll call");
}

#[test]
fn no_body_or_no_email_is_an_error_or_empty_never_a_panic() {
    assert_eq!(decode(b"").unwrap_err(), EmailError::NotEmail);
    for raw in [
        &b"Subject: hi\n"[..],
        b"Subject: hi\n\n",
        b"Subject: hi\r\n\r\n",
    ] {
        let d = decoded(raw);
        assert_eq!(d.body, "", "{raw:?}");
    }
    let image_only = "Subject: photo\n\
Content-Type: multipart/mixed; boundary=x\n\
\n\
--x\n\
Content-Type: image/png\n\
Content-Disposition: attachment; filename=a.png\n\
Content-Transfer-Encoding: base64\n\
\n\
iVBORw0KGgo=\n\
--x--\n";
    assert_eq!(
        decode(image_only.as_bytes()).unwrap_err(),
        EmailError::NoTextPart
    );
    assert_eq!(
        EmailError::NoTextPart.to_string(),
        "the message has no text part to check (no text/plain or text/html body)"
    );
    // Text without a header block is no email, though mail-parser would read its
    // first line as a header field.
    for raw in [
        &b"\x00\xff\xfe\x80garbage\n\n\xc3"[..],
        b"\n\n\n",
        b"Dear Sam, I am sorry.",
        b"Dear Sam,\n\nI am sorry.\n",
        b"Sam: I am sorry.\nReally.\n",
        b":\n\n=",
    ] {
        assert_eq!(decode(raw).unwrap_err(), EmailError::NotEmail, "{raw:?}");
    }
    let mbox = decoded(
        b"From alex@example.com Mon Jan  1 00:00:00 2024\nSubject: x\n  folded\n\nSorry.\n",
    );
    assert_eq!(mbox.body, "Sorry.\n");
    for raw in [
        &b"Subject : obsolete\n\n=\n"[..],
        b"Content-Transfer-Encoding: base64\n\n====\n",
        b"Content-Transfer-Encoding: quoted-printable\n\n=",
        b"Content-Type: multipart/mixed; boundary=a\n\n--a\n--a\n--a--",
        b"Content-Type: multipart/alternative; boundary=\n\n--\n",
        b"Content-Type: text/plain; charset=utf-16\nContent-Transfer-Encoding: base64\n\n//5h\n",
        b"Content-Type: text/html\n\n<a href=\"x>y",
        b"Content-Type: text/html\n\n&#xFFFFFFFF; &#; &",
    ] {
        if let Ok(d) = decode(raw) {
            check_map(&d);
        }
    }
}

/// Agreement with mail-parser's own decoding of the same part, line ends aside.
fn agrees_with_mail_parser(raw: &[u8], body: &str) {
    let message = MessageParser::new().with_mime_headers().parse(raw).unwrap();
    let theirs = message.body_text(0).unwrap().replace("\r\n", "\n");
    assert_eq!(body, theirs);
}

// Encoders for the generated messages.

fn qp_encode(bytes: &[u8]) -> String {
    let mut out = String::new();
    let mut line = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let next_is_break = bytes.get(i + 1).is_none_or(|&n| n == b'\n');
        let piece = match b {
            b'\n' => {
                out.push('\n');
                line = 0;
                continue;
            }
            b' ' | b'\t' if !next_is_break => (b as char).to_string(),
            b'!'..=b'<' | b'>'..=b'~' => (b as char).to_string(),
            _ => format!("={b:02X}"),
        };
        if line + piece.len() > 75 {
            out.push_str("=\n");
            line = 0;
        }
        line += piece.len();
        out.push_str(&piece);
    }
    out
}

fn b64_encode(bytes: &[u8]) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut flat = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, &b)| acc | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                flat.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                flat.push('=');
            }
        }
    }
    let lines: Vec<&str> = flat
        .as_bytes()
        .chunks(76)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect();
    lines.join("\n") + "\n"
}

fn encode_charset(text: &str, charset: &str) -> Option<Vec<u8>> {
    match charset {
        "utf-8" | "" => Some(text.as_bytes().to_vec()),
        "iso-8859-1" => text
            .chars()
            .map(|c| u8::try_from(u32::from(c)).ok())
            .collect(),
        "windows-1252" => text
            .chars()
            .map(|c| match c {
                '\u{2019}' => Some(0x92),
                '\u{2014}' => Some(0x97),
                c if (c as u32) < 0x80 || (0xa0..=0xff).contains(&(c as u32)) => Some(c as u8),
                _ => None,
            })
            .collect(),
        "utf-16le" => Some(text.encode_utf16().flat_map(u16::to_le_bytes).collect()),
        _ => None,
    }
}

const TEXTS: [&str; 5] = [
    "Dear Sam,\n\nI\u{2019}m sorry \u{2014} I was wrong. Ren\u{e9}e said you waited two hours.\nI won\u{2019}t do it again.\n\n> you never listen\n\n-- \nAlex\n",
    "Dear Ren\u{e9}e,\n\nI am sorry, truly. \u{c7}a ne va pas, I know.\n",
    "I am sorry that I did not call you back on Friday night, when I said I would call you right after work, and I know that this is not the first time this happened.\n",
    "Sorry   \nfor the   spaces\t\n\n\nand blank lines\n",
    "Sorry \u{1f614} it was me.",
];

/// One message: `text` in `charset`, with `encoding`, in `shape`, with `crlf` line ends.
fn message(text: &str, charset: &str, encoding: &str, shape: &str, crlf: bool) -> Option<Vec<u8>> {
    let bytes = encode_charset(text, charset)?;
    let body = match encoding {
        "8bit" => bytes.clone(),
        "quoted-printable" => qp_encode(&bytes).into_bytes(),
        _ => b64_encode(&bytes).into_bytes(),
    };
    if charset == "utf-16le" && encoding != "base64" {
        return None;
    }
    let charset_param = if charset.is_empty() {
        String::new()
    } else {
        format!("; charset={charset}")
    };
    let part = |kind: &str| {
        let mut p = format!(
            "Content-Type: text/{kind}{charset_param}\nContent-Transfer-Encoding: {encoding}\n\n"
        )
        .into_bytes();
        p.extend_from_slice(&body);
        p
    };
    let mut out = b"From: alex@example.com\nSubject: sorry\nMIME-Version: 1.0\n".to_vec();
    match shape {
        "single" => out.extend(part("plain")),
        "html" => out.extend(part("html")),
        "alternative" | "mixed" => {
            let mut alt =
                b"Content-Type: multipart/alternative; boundary=\"alt\"\n\n--alt\n".to_vec();
            alt.extend(part("plain"));
            alt.extend_from_slice(b"\n--alt\n");
            alt.extend(part("html"));
            alt.extend_from_slice(b"\n--alt--\n");
            if shape == "alternative" {
                out.extend(alt);
            } else {
                out.extend_from_slice(
                    b"Content-Type: multipart/mixed; boundary=\"mix\"\n\n--mix\n",
                );
                out.extend(alt);
                out.extend_from_slice(
                    b"\n--mix\nContent-Type: image/png\nContent-Disposition: attachment; filename=a.png\n\
Content-Transfer-Encoding: base64\n\niVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk\n--mix--\n",
                );
            }
        }
        _ => unreachable!(),
    }
    if crlf {
        let mut with_cr = Vec::new();
        for &b in &out {
            if b == b'\n' {
                with_cr.push(b'\r');
            }
            with_cr.push(b);
        }
        out = with_cr;
    }
    Some(out)
}

fn all_messages() -> Vec<(String, Vec<u8>)> {
    let mut all = Vec::new();
    for (t, text) in TEXTS.iter().enumerate() {
        for charset in ["", "utf-8", "iso-8859-1", "windows-1252", "utf-16le"] {
            for encoding in ["8bit", "quoted-printable", "base64"] {
                for shape in ["single", "alternative", "mixed", "html"] {
                    for crlf in [false, true] {
                        if let Some(raw) = message(text, charset, encoding, shape, crlf) {
                            let name =
                                format!("text {t}, {charset:?}, {encoding}, {shape}, crlf {crlf}");
                            all.push((name, raw));
                        }
                    }
                }
            }
        }
    }
    all
}

#[test]
fn generated_messages_decode_and_map_back() {
    let all = all_messages();
    assert!(all.len() > 200, "{}", all.len());
    for (name, raw) in &all {
        let d = decode(raw).unwrap_or_else(|e| panic!("{name}: {e}"));
        check_map(&d);
        let is_html = name.contains("html");
        // 8-bit bodies with CRLF carry the CR inside the text; everything else is the
        // text as written.
        if !is_html {
            let text = TEXTS.iter().find(|t| d.body == **t);
            assert!(text.is_some(), "{name}: {:?}", d.body);
            agrees_with_mail_parser(raw, &d.body);
        } else {
            assert!(d.body.contains("orry"), "{name}: {:?}", d.body);
        }
        let exact = !name.contains("base64") && !name.contains("utf-16");
        for (k, c) in d.body.char_indices() {
            let span = d.to_display_span(k..k + c.len_utf8());
            let shown = &d.display[span.clone()];
            if is_html && c == '\n' {
                continue;
            }
            assert!(!shown.is_empty(), "{name}: {c:?} at {k}");
            if exact && c.is_ascii_alphanumeric() {
                assert_eq!(shown, c.to_string(), "{name}: {c:?} at {k}");
            }
            if name.contains("base64") && !name.contains("utf-16") && c != '\n' {
                assert!(
                    !shown.contains('\n'),
                    "{name}: {c:?} at {k} shown as {shown:?}"
                );
            }
        }
        if name.contains("single") {
            assert_eq!(d.to_display(d.body.len()), d.display.len(), "{name}");
        }
    }
}

#[test]
fn damaged_messages_never_panic() {
    let mut all = all_messages();
    all.retain(|(name, _)| name.starts_with("text 0") && name.contains("crlf false"));
    all.extend([QP, BASE64, ALTERNATIVE].map(|m| (String::new(), m.as_bytes().to_vec())));
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut random = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for (_, raw) in &all {
        for cut in (0..raw.len()).step_by(5) {
            if let Ok(d) = decode(&raw[..cut]) {
                check_map(&d);
            }
        }
        for _ in 0..20 {
            let mut bad = raw.clone();
            for _ in 0..4 {
                let at = random() as usize % bad.len();
                bad[at] = random() as u8;
            }
            if let Ok(d) = decode(&bad) {
                check_map(&d);
            }
        }
    }
    for len in [1, 7, 100, 1000] {
        let noise: Vec<u8> = (0..len).map(|_| random() as u8).collect();
        if let Ok(d) = decode(&noise) {
            check_map(&d);
        }
    }
}
