//! Framing checked on broken input: every message a client could get wrong is
//! answered, and reading resumes at the next header.

use super::*;

fn framed(body: &str) -> Vec<u8> {
    format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
}

const HOVER: &str = r#"{"jsonrpc":"2.0","id":7,"method":"textDocument/hover","params":{}}"#;

/// Everything that comes out of `input`, fed in pieces of `step` bytes.
fn frames(input: &[u8], step: usize) -> Vec<Frame> {
    let mut f = Frames::default();
    let mut out = Vec::new();
    for piece in input.chunks(step.max(1)) {
        f.push(piece);
        while let Some(frame) = f.next_frame() {
            out.push(frame);
        }
    }
    out
}

fn hover() -> Frame {
    Frame::Message(HOVER.as_bytes().to_vec())
}

fn unreadable(code: i64) -> impl Fn(&Frame) -> bool {
    move |f| matches!(f, Frame::Unreadable { code: c, .. } if *c == code)
}

#[test]
fn good_messages_pass_in_any_split() {
    let mut input = framed(HOVER);
    input.extend(b"Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n");
    input.extend(framed(HOVER));
    for step in [1, 2, 7, 64, 4096] {
        assert_eq!(frames(&input, step), [hover(), hover()], "step {step}");
    }
}

#[test]
fn bad_bodies_are_reported_and_reading_goes_on() {
    for (body, code) in [
        ("{\"jsonrpc\": ", PARSE_ERROR),
        ("you made me", PARSE_ERROR),
        ("[1, 2]", INVALID_REQUEST),
        (
            "{\"jsonrpc\": \"1.0\", \"id\": 1, \"method\": \"x\"}",
            INVALID_REQUEST,
        ),
    ] {
        let mut input = framed(body);
        input.extend(framed(HOVER));
        let got = frames(&input, 4096);
        assert_eq!(got.len(), 2, "{body}: {got:?}");
        assert!(unreadable(code)(&got[0]), "{body}: {got:?}");
        assert_eq!(got[1], hover());
    }
    let mut input = b"Content-Length: 3\r\n\r\n\xff\xfe\xfd".to_vec();
    input.extend(framed(HOVER));
    let got = frames(&input, 4096);
    assert!(unreadable(PARSE_ERROR)(&got[0]));
    assert_eq!(got[1], hover());
}

#[test]
fn wrong_lengths_lose_at_most_the_wrong_message() {
    // Too short: the cut message is unreadable, its tail skipped quietly.
    let mut input = format!("Content-Length: {}\r\n\r\n{HOVER}", HOVER.len() - 10).into_bytes();
    input.extend(framed(HOVER));
    for step in [1, 5, 4096] {
        let got = frames(&input, step);
        assert_eq!(got.len(), 2, "step {step}: {got:?}");
        assert!(unreadable(PARSE_ERROR)(&got[0]));
        assert_eq!(got[1], hover());
    }
    // Too long, with the next message arriving later or at once: both are read.
    for extra in [5, 40, 100_000] {
        let mut input =
            format!("Content-Length: {}\r\n\r\n{HOVER}", HOVER.len() + extra).into_bytes();
        input.extend(framed(HOVER));
        for step in [1, 3, 4096] {
            assert_eq!(
                frames(&input, step),
                [hover(), hover()],
                "+{extra} step {step}"
            );
        }
    }
}

#[test]
fn broken_headers_are_skipped_up_to_the_next_message() {
    for bad in [
        &b"Content-Length: twelve\r\n\r\n{}"[..],
        b"Content-Length 2\r\n\r\n{}",
        b"Content-Type: x\r\n\r\n{}",
        b"GET / HTTP/1.1\r\nHost: x\r\n\r\n",
        b"garbage",
        b"{\"jsonrpc\":\"2.0\"}",
    ] {
        let mut input = bad.to_vec();
        input.extend(framed(HOVER));
        for step in [1, 4096] {
            let got = frames(&input, step);
            assert_eq!(
                got.last(),
                Some(&hover()),
                "{:?} step {step}: {got:?}",
                String::from_utf8_lossy(bad)
            );
            assert!(
                got[..got.len() - 1].iter().all(unreadable(PARSE_ERROR)) && got.len() == 2,
                "one error for one mess: {:?} step {step}: {got:?}",
                String::from_utf8_lossy(bad)
            );
        }
    }
}

#[test]
fn an_empty_body_does_not_hold_up_the_next_message() {
    let mut input = b"Content-Length: 0\r\n\r\n".to_vec();
    input.extend(framed(HOVER));
    assert_eq!(frames(&input, 4096), [hover()]);
    assert_eq!(frames(b"\r\n\n  \r\n", 4096), []);
}

#[test]
fn any_bytes_then_a_message_end_with_that_message() {
    // A cheap fuzz: whatever came before, a message that follows a fresh header is read.
    let pieces: [&[u8]; 9] = [
        b"Content-Length: ",
        b"12",
        b"\r\n",
        b"\r\n\r\n",
        b"{",
        b"}",
        b"\xff",
        b"x:",
        b" ",
    ];
    let mut seed = 0x2545_f491_u64;
    for _ in 0..3000 {
        let mut input = Vec::new();
        for _ in 0..(seed % 9) {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            input.extend(pieces[(seed % pieces.len() as u64) as usize]);
        }
        input.extend(b"\r\n\r\n");
        input.extend(framed(HOVER));
        let got = frames(&input, 1 + (seed % 50) as usize);
        assert_eq!(
            got.last(),
            Some(&hover()),
            "{:?}: {got:?}",
            String::from_utf8_lossy(&input)
        );
    }
}
