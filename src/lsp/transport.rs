//! The wire: JSON-RPC messages framed by a `Content-Length` header, read
//! from the client and written back. The reader never gives up on a bad
//! message: a header it cannot read, a body that is not JSON or not a
//! JSON-RPC message, or one larger than [`MAX_MESSAGE_BYTES`] is reported
//! as [`Incoming::Malformed`] (the server answers with a parse error and
//! goes on) and reading resumes at the next header. Only the end of the
//! input ends it.

use lsp_server::Message;
use std::io::{self, BufRead, Read, Write};

/// Largest message body read: a model file may hold 16 MiB, and JSON
/// escaping can make its text up to six times longer in the worst case.
pub const MAX_MESSAGE_BYTES: usize = 128 * 1024 * 1024;

/// Longest header line kept; a longer one is malformed.
const MAX_HEADER_LINE: u64 = 4096;

/// What the client sent next.
pub enum Incoming {
    Message(Message),
    /// Not a message the server can read, and why (for the log).
    Malformed(String),
}

/// Reads the next message; `None` at the end of the input.
pub fn read(input: &mut impl BufRead) -> io::Result<Option<Incoming>> {
    let mut length: Option<usize> = None;
    let mut bad_header: Option<String> = None;
    let mut saw_header = false;
    loop {
        let mut line = Vec::new();
        let n = input
            .by_ref()
            .take(MAX_HEADER_LINE)
            .read_until(b'\n', &mut line)?;
        if n == 0 {
            return Ok(None);
        }
        if !line.ends_with(b"\n") {
            // Over the limit: skip the rest of the line.
            skip_line(input)?;
            bad_header = Some("a header line is too long".into());
            saw_header = true;
            continue;
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            if !saw_header {
                // Blank lines between messages are tolerated.
                continue;
            }
            break;
        }
        saw_header = true;
        match text.split_once(':') {
            Some((name, value)) if name.trim().eq_ignore_ascii_case("content-length") => {
                match value.trim().parse::<usize>() {
                    Ok(n) => length = Some(n),
                    Err(_) => bad_header = Some(format!("bad Content-Length `{}`", value.trim())),
                }
            }
            Some(_) => {}
            None => bad_header = Some("a header line without `:`".into()),
        }
    }
    let Some(length) = length else {
        return Ok(Some(Incoming::Malformed(
            bad_header.unwrap_or_else(|| "no Content-Length header".into()),
        )));
    };
    if length > MAX_MESSAGE_BYTES {
        let skipped = io::copy(&mut input.by_ref().take(length as u64), &mut io::sink())?;
        if (skipped as usize) < length {
            return Ok(None);
        }
        return Ok(Some(Incoming::Malformed(format!(
            "a message of {length} bytes, over the limit of {MAX_MESSAGE_BYTES}"
        ))));
    }
    let mut body = Vec::new();
    input.by_ref().take(length as u64).read_to_end(&mut body)?;
    if body.len() < length {
        return Ok(None);
    }
    if let Some(why) = bad_header {
        return Ok(Some(Incoming::Malformed(why)));
    }
    let value: serde_json::Value = match serde_json::from_slice(&body) {
        Ok(v) => v,
        Err(e) => return Ok(Some(Incoming::Malformed(format!("not JSON: {e}")))),
    };
    // A request whose ID is neither a number nor a string would otherwise
    // read as a notification and go unanswered.
    let has_id = value.get("id").is_some_and(|id| !id.is_null());
    Ok(Some(match serde_json::from_value::<Message>(value) {
        Ok(Message::Notification(_)) if has_id => {
            Incoming::Malformed("a request ID must be a number or a string".into())
        }
        Ok(m) => Incoming::Message(m),
        Err(e) => Incoming::Malformed(format!("not a JSON-RPC message: {e}")),
    }))
}

fn skip_line(input: &mut impl BufRead) -> io::Result<()> {
    loop {
        let buf = input.fill_buf()?;
        if buf.is_empty() {
            return Ok(());
        }
        if let Some(i) = buf.iter().position(|&b| b == b'\n') {
            input.consume(i + 1);
            return Ok(());
        }
        let n = buf.len();
        input.consume(n);
    }
}

/// Writes one message with its header.
pub fn write(out: &mut impl Write, message: &Message) -> io::Result<()> {
    message.write(out)
}

/// Writes the answer to a message that could not be read: a JSON-RPC parse
/// error with a null ID (the request's ID is unknown).
pub fn write_parse_error(out: &mut impl Write, why: &str) -> io::Result<()> {
    let body = serde_json::json!({
        "jsonrpc": "2.0",
        "id": null,
        "error": { "code": -32700, "message": why },
    })
    .to_string();
    write!(out, "Content-Length: {}\r\n\r\n", body.len())?;
    out.write_all(body.as_bytes())?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(input: &str) -> Vec<String> {
        let mut r = io::Cursor::new(input.as_bytes().to_vec());
        let mut out = Vec::new();
        while let Ok(Some(m)) = read(&mut r) {
            out.push(match m {
                Incoming::Message(Message::Notification(n)) => n.method,
                Incoming::Message(_) => "other".into(),
                Incoming::Malformed(why) => format!("bad: {why}"),
            });
        }
        out
    }

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    #[test]
    fn reads_on_after_bad_messages() {
        let good = frame(r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#);
        let input = [
            frame("{not json"),
            "X-Nonsense\r\n\r\n".to_string(),
            "Content-Length: abc\r\n\r\n".to_string(),
            frame(r#"{"jsonrpc":"2.0","id":{"x":1},"method":"m"}"#),
            good.clone(),
        ]
        .concat();
        let got = all(&input);
        assert_eq!(got.len(), 5, "{got:?}");
        assert!(got[..4].iter().all(|g| g.starts_with("bad: ")), "{got:?}");
        assert_eq!(got[4], "initialized");
        // A message cut short ends the input.
        assert!(all("Content-Length: 99\r\n\r\n{}").is_empty());
        // A huge length is skipped, not allocated.
        let huge = format!("Content-Length: {}\r\n\r\n", MAX_MESSAGE_BYTES + 1);
        assert!(all(&huge).is_empty());
    }
}
