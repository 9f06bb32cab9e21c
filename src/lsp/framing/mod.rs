//! The bytes from the editor, made safe for the protocol library to read.
//!
//! `tower-lsp-server` stops reading for good at the first message it cannot decode
//! (broken JSON, a bad header, bytes that are not UTF-8): its reader is a `FramedRead`,
//! which ends after any decoding error, and the server then exits. It also waits for more
//! input after a `Content-Length: 0` header even when the next message is already there.
//! So standard input goes through [`guard`] first: it splits the stream into messages
//! itself, passes on each one the library can read, framed afresh, and in place of each
//! one it cannot read passes a request for [`UNREADABLE`], which the server answers with
//! the JSON-RPC error the message deserved (`id: null`, as the specification asks when
//! the id could not be read). After a broken header or a wrong `Content-Length` it finds
//! the next `Content-Length` header and reads on from there.
//!
//! Nothing here logs a message's contents: only that one was unreadable, and why.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use serde::Deserialize;
use tokio::io::{AsyncRead, ReadBuf};

use super::protocol::jsonrpc;

/// The method of the stand-in request for a message that could not be read.
pub const UNREADABLE: &str = "amends/unreadableMessage";

const PARSE_ERROR: i64 = -32700;
const INVALID_REQUEST: i64 = -32600;

/// A header block longer than this without its blank line is not a header.
const MAX_HEADER: usize = 8 * 1024;
const HEADER_NAME: &[u8] = b"Content-Length";

/// `input` as the protocol library should read it: only well-formed messages, and
/// stand-ins for the rest. It ends when `input` ends.
pub fn guard<R: AsyncRead + Unpin>(input: R) -> Guarded<R> {
    Guarded {
        input,
        frames: Frames::default(),
        out: Vec::new(),
        sent: 0,
        chunk: vec![0; 64 * 1024].into_boxed_slice(),
    }
}

pub struct Guarded<R> {
    input: R,
    frames: Frames,
    /// The message being handed on, framed, and how much of it has been.
    out: Vec<u8>,
    sent: usize,
    chunk: Box<[u8]>,
}

impl<R: AsyncRead + Unpin> AsyncRead for Guarded<R> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        // As much as fits, so that a burst of messages is read in one go as from the
        // editor directly; waiting for the editor only when nothing is ready.
        let mut handed = false;
        while buf.remaining() > 0 {
            if this.sent < this.out.len() {
                let n = (this.out.len() - this.sent).min(buf.remaining());
                buf.put_slice(&this.out[this.sent..this.sent + n]);
                this.sent += n;
                handed = true;
                continue;
            }
            if let Some(frame) = this.frames.next_frame() {
                let body = match frame {
                    Frame::Message(body) => body,
                    Frame::Unreadable { code, reason } => {
                        tracing::warn!("a message from the editor could not be read: {reason}");
                        stand_in(code, reason)
                    }
                };
                this.out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
                this.out.extend_from_slice(&body);
                this.sent = 0;
                continue;
            }
            if handed {
                break;
            }
            let mut read = ReadBuf::new(&mut this.chunk);
            ready!(Pin::new(&mut this.input).poll_read(cx, &mut read))?;
            if read.filled().is_empty() {
                if this.frames.pending() {
                    tracing::debug!("the editor's input ended inside a message");
                }
                break;
            }
            this.frames.push(read.filled());
        }
        Poll::Ready(Ok(()))
    }
}

/// The request that stands in for an unreadable message.
fn stand_in(code: i64, reason: &str) -> Vec<u8> {
    serde_json::json!({
        "jsonrpc": "2.0",
        "id": null,
        "method": UNREADABLE,
        "params": {"code": code, "reason": reason},
    })
    .to_string()
    .into_bytes()
}

/// The parameters of [`UNREADABLE`].
#[derive(Debug, Deserialize)]
pub struct Unreadable {
    code: i64,
    reason: String,
}

impl super::server::Backend {
    /// Answers the stand-in for an unreadable message with the error it deserved.
    pub async fn unreadable(&self, params: Unreadable) -> jsonrpc::Result<()> {
        let code = match params.code {
            INVALID_REQUEST => jsonrpc::ErrorCode::InvalidRequest,
            _ => jsonrpc::ErrorCode::ParseError,
        };
        Err(jsonrpc::Error {
            code,
            message: format!("{}: {}", code.description(), params.reason).into(),
            data: None,
        })
    }
}

/// What the protocol library can decode, exactly as it decodes it.
#[derive(Deserialize)]
#[serde(untagged)]
#[allow(dead_code, reason = "only whether it deserializes matters")]
enum Message {
    Response(jsonrpc::Response),
    Request(jsonrpc::Request),
}

#[derive(Debug, PartialEq, Eq)]
enum Frame {
    /// A body the library can read.
    Message(Vec<u8>),
    /// Something that was meant as a message and is not one.
    Unreadable { code: i64, reason: &'static str },
}

/// The input not yet passed on, and where reading it has got to.
#[derive(Default)]
struct Frames {
    buf: Vec<u8>,
    /// How far the body of the message being waited for has been searched for the next
    /// header (see [`Frames::cut_before_next_header`]).
    scanned: usize,
    /// Set after an unreadable message until a header reads well: skipping the rest of
    /// the same mess is not reported again.
    resyncing: bool,
}

enum Header {
    /// The header block is complete: its length, and the body's declared length.
    Complete {
        len: usize,
        body: usize,
    },
    Incomplete,
    Broken,
}

impl Frames {
    fn push(&mut self, bytes: &[u8]) {
        self.buf.extend_from_slice(bytes);
    }

    /// Whether bytes are waiting for the rest of their message.
    fn pending(&self) -> bool {
        !self.buf.iter().all(u8::is_ascii_whitespace)
    }

    fn consume(&mut self, n: usize) {
        if n > 0 {
            self.buf.drain(..n.min(self.buf.len()));
            // A new message starts: its body has not been searched yet.
            self.scanned = 0;
        }
    }

    /// The next message (or unreadable message) in the input, if it has all arrived.
    fn next_frame(&mut self) -> Option<Frame> {
        loop {
            // Line breaks between messages are harmless.
            let blank = self
                .buf
                .iter()
                .take_while(|b| b.is_ascii_whitespace())
                .count();
            self.consume(blank);
            if self.buf.is_empty() {
                return None;
            }
            let (header, body_len) = match parse_header(&self.buf) {
                Header::Complete { len, body } => (len, body),
                Header::Incomplete => return None,
                Header::Broken => {
                    if let Some(frame) = self.skip_garbage("a broken message header") {
                        return Some(frame);
                    }
                    continue;
                }
            };
            self.resyncing = false;
            let available = self.buf.len() - header;
            if available < body_len {
                // A Content-Length longer than the message would swallow the next one:
                // cut where the next header starts, if the message ends right there.
                let cut = self.cut_before_next_header(header)?;
                let body = self.buf[header..header + cut].to_vec();
                self.consume(header + cut);
                return Some(check_body(body));
            }
            let body = &self.buf[header..header + body_len];
            if body.is_empty() {
                tracing::debug!("an empty message from the editor was skipped");
                self.consume(header);
                continue;
            }
            let frame = check_body(body.to_vec());
            if let Frame::Unreadable { .. } = frame {
                // A wrong Content-Length can reach into the next message: end this one
                // where the next header starts. When the declared length ends inside
                // that header's name, wait for the rest of it to be sure.
                if let Some((end, gap)) = json_then_name_start(body) {
                    let next = header + end + gap;
                    if self.buf.len() < next + HEADER_NAME.len() {
                        return None;
                    }
                    if self.buf[next..].starts_with(HEADER_NAME) {
                        let body = self.buf[header..header + end].to_vec();
                        self.consume(header + end);
                        return Some(check_body(body));
                    }
                }
                let reach = (header + body_len + HEADER_NAME.len() - 1).min(self.buf.len());
                if let Some(k) = find(&self.buf[header..reach], HEADER_NAME) {
                    let end = match before_header(&self.buf[header..header + k]) {
                        Before::Message(end) => end,
                        Before::Broken | Before::Unknown => k,
                    };
                    let body = self.buf[header..header + end].to_vec();
                    self.consume(header + end);
                    return Some(check_body(body));
                }
                self.resyncing = true;
            }
            self.consume(header + body_len);
            return Some(frame);
        }
    }

    /// Skips input that cannot start a message, up to the next `Content-Length` (or all of
    /// it but a possible start of one); reports it once per mess.
    fn skip_garbage(&mut self, reason: &'static str) -> Option<Frame> {
        let next = find(&self.buf[1..], HEADER_NAME).map(|i| i + 1);
        let skip = next.unwrap_or_else(|| {
            // Keep what could be the start of a header cut off by the read.
            let header_end = find(&self.buf, b"\r\n\r\n").map(|i| i + 4);
            header_end.unwrap_or(self.buf.len().saturating_sub(HEADER_NAME.len()))
        });
        self.consume(skip.max(1));
        if self.resyncing {
            return None;
        }
        self.resyncing = true;
        Some(Frame::Unreadable {
            code: PARSE_ERROR,
            reason,
        })
    }

    /// When the body being waited for already holds the next message's header, the
    /// declared length was wrong: how much of it to take as this message, if that can be
    /// told yet.
    fn cut_before_next_header(&mut self, header: usize) -> Option<usize> {
        let body = &self.buf[header..];
        // Search only what arrived since the last look (and a header's width before it).
        let mut from = self.scanned.saturating_sub(HEADER_NAME.len() - 1);
        self.scanned = body.len();
        while let Some(i) = find(&body[from..], HEADER_NAME) {
            let k = from + i;
            match before_header(&body[..k]) {
                Before::Message(end) => return Some(end),
                Before::Broken => return Some(k),
                // Perhaps inside a string of a message still arriving.
                Before::Unknown => from = k + 1,
            }
        }
        None
    }
}

/// If `body` is one JSON value, then whitespace, then the start of `Content-Length` cut
/// short: the value's length and the whitespace's.
fn json_then_name_start(body: &[u8]) -> Option<(usize, usize)> {
    let mut values =
        serde_json::Deserializer::from_slice(body).into_iter::<serde::de::IgnoredAny>();
    values.next()?.ok()?;
    let end = values.byte_offset();
    let gap = body[end..]
        .iter()
        .take_while(|b| b.is_ascii_whitespace())
        .count();
    let tail = &body[end + gap..];
    (!tail.is_empty() && tail.len() < HEADER_NAME.len() && HEADER_NAME.starts_with(tail))
        .then_some((end, gap))
}

/// What comes before a header found inside a message's body.
enum Before {
    /// One JSON value of this length, then only whitespace: a whole message.
    Message(usize),
    /// Not the start of any JSON value.
    Broken,
    /// The start of a JSON value that has not ended.
    Unknown,
}

fn before_header(bytes: &[u8]) -> Before {
    let mut values =
        serde_json::Deserializer::from_slice(bytes).into_iter::<serde::de::IgnoredAny>();
    match values.next() {
        Some(Ok(_)) => {
            let end = values.byte_offset();
            if bytes[end..].iter().all(u8::is_ascii_whitespace) {
                Before::Message(end)
            } else {
                Before::Broken
            }
        }
        Some(Err(e)) if e.is_eof() => Before::Unknown,
        Some(Err(_)) | None => Before::Broken,
    }
}

/// The body as the library will read it: a message, or why it is not one.
fn check_body(body: Vec<u8>) -> Frame {
    let Ok(text) = std::str::from_utf8(&body) else {
        return Frame::Unreadable {
            code: PARSE_ERROR,
            reason: "the message is not UTF-8",
        };
    };
    match serde_json::from_str::<Message>(text) {
        Ok(_) => Frame::Message(body),
        Err(e) if e.is_data() => Frame::Unreadable {
            code: INVALID_REQUEST,
            reason: "the message is JSON but not a JSON-RPC 2.0 request, notification or response",
        },
        Err(_) => Frame::Unreadable {
            code: PARSE_ERROR,
            reason: "the message is not valid JSON",
        },
    }
}

/// Reads the header block at the start of `buf`: `Name: value` lines up to a blank line,
/// one of them a `Content-Length` with a number. `Incomplete` while what has arrived can
/// still become one.
fn parse_header(buf: &[u8]) -> Header {
    // A header ends within its first few kilobytes: never search a body for its end
    // (a long message arrives in many reads, and each would search it all again).
    let head = &buf[..buf.len().min(MAX_HEADER + 4)];
    let terminator = [(&b"\r\n\r\n"[..], 4), (&b"\n\n"[..], 2)]
        .iter()
        .filter_map(|&(pat, n)| find(head, pat).map(|i| (i, i + n)))
        .min();
    let (block, complete) = match terminator {
        Some((end, len)) => (&buf[..end], Some(len)),
        None => (head, None),
    };
    if block.len() > MAX_HEADER {
        return Header::Broken;
    }
    let token = |b: &u8| b.is_ascii_alphanumeric() || b"-_".contains(b);
    let mut body = None;
    let mut lines = block.split(|&b| b == b'\n').peekable();
    while let Some(line) = lines.next() {
        let partial = complete.is_none() && lines.peek().is_none();
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let Some(colon) = line.iter().position(|&b| b == b':') else {
            if partial && line.iter().all(token) {
                continue;
            }
            return Header::Broken;
        };
        let (name, value) = (&line[..colon], &line[colon + 1..]);
        if name.is_empty() || !name.iter().all(token) {
            return Header::Broken;
        }
        if name.eq_ignore_ascii_case(HEADER_NAME) && !partial {
            match std::str::from_utf8(value).map(|v| v.trim().parse::<usize>()) {
                Ok(Ok(n)) => body = Some(n),
                _ => return Header::Broken,
            }
        }
    }
    match (complete, body) {
        (Some(len), Some(body)) => Header::Complete { len, body },
        (Some(_), None) => Header::Broken,
        (None, _) => Header::Incomplete,
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || haystack.len() < needle.len() {
        return None;
    }
    let first = needle[0];
    let mut from = 0;
    while let Some(i) = haystack[from..].iter().position(|&b| b == first) {
        let at = from + i;
        if haystack[at..].starts_with(needle) {
            return Some(at);
        }
        from = at + 1;
        if from + needle.len() > haystack.len() {
            return None;
        }
    }
    None
}

#[cfg(test)]
mod tests;
