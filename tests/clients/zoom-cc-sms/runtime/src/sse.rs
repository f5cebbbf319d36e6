//! Server-Sent Events read as the WHATWG HTML standard says an
//! `EventSource` reads them (section 9.2.6, "Interpreting an event
//! stream"): bytes in whatever chunks the network delivers, lines ended by
//! CRLF, LF or CR, `data` lines joined with `\n`, comments (`:`) and blank
//! keep-alives ignored, `id` remembered across events, `retry` kept as the
//! reconnection time, a leading byte order mark dropped.
//!
//! Written here rather than taken from a crate: the parser is small, and
//! the crates that do this (`eventsource-stream`) bring a parser-combinator
//! dependency into every generated client's build, and neither bound a line
//! nor tell a dropped connection from a finished stream, which reconnection
//! (`stream_source.rs`) needs.

use std::collections::VecDeque;
use std::time::Duration;

/// One event of a `text/event-stream` body, as the server sent it: the
/// item of an event stream whose spec gives no payload type, and what a
/// typed stream's items are decoded from (`data`, as JSON).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct SseEvent {
    /// The `event` field: the event's type, `message` when the server names none.
    pub event: String,
    /// The `data` lines, joined with `\n`.
    pub data: String,
    /// The last `id` the stream set, at or before this event (ids carry
    /// over to later events, as `EventSource`'s `lastEventId` does); `None`
    /// while there is none.
    pub id: Option<String>,
    /// The reconnection time a `retry` field in this event set, if it had one.
    pub retry: Option<Duration>,
}

impl SseEvent {
    /// An event of type `message` with this data.
    pub fn new(data: impl Into<String>) -> Self {
        Self {
            event: "message".to_owned(),
            data: data.into(),
            ..Self::default()
        }
    }

    /// Sets the event's type.
    pub fn event(mut self, event: impl Into<String>) -> Self {
        self.event = event.into();
        self
    }

    /// Sets the event's id.
    pub fn id(mut self, id: impl Into<String>) -> Self {
        self.id = Some(id.into());
        self
    }

    /// The event as the wire carries it (`event:`, `id:`, `retry:` and one
    /// `data:` line per line of data, then a blank line): what a mock server
    /// sends.
    pub fn to_wire(&self) -> String {
        let mut out = String::new();
        if !self.event.is_empty() && self.event != "message" {
            out.push_str(&format!("event: {}\n", self.event));
        }
        if let Some(id) = &self.id {
            out.push_str(&format!("id: {id}\n"));
        }
        if let Some(retry) = self.retry {
            out.push_str(&format!("retry: {}\n", retry.as_millis()));
        }
        for line in self.data.split('\n') {
            out.push_str(&format!("data: {line}\n"));
        }
        out.push('\n');
        out
    }
}

/// What parsing yields: an event, or the report of one that was too large
/// to keep (its bytes are dropped, the stream goes on after it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Parsed {
    /// A complete event (or, for line-framed bodies, one line as `data`).
    Event(SseEvent),
    /// A line or event longer than the limit, skipped.
    TooLarge {
        /// The limit it broke, in bytes.
        limit: usize,
    },
}

/// The incremental parser: `push` chunks, take events with `next`.
#[derive(Debug)]
pub(crate) struct SseParser {
    /// The current line's bytes, until its end arrives.
    line: Vec<u8>,
    /// The previous chunk ended a line with CR: an LF starting the next
    /// chunk is the rest of that line ending, not an empty line.
    after_cr: bool,
    /// No line of this connection read yet (a byte order mark may lead).
    at_start: bool,
    /// The current event broke the size limit: everything up to the next
    /// blank line is dropped.
    skipping: bool,
    /// The current line broke the limit: its bytes are dropped as they come.
    dropping_line: bool,
    event_type: String,
    data: String,
    /// The last event id, which outlives events and reconnections.
    last_id: String,
    /// The reconnection time the stream last set.
    retry: Option<Duration>,
    /// The `retry` of the event being read.
    event_retry: Option<Duration>,
    ready: VecDeque<Parsed>,
    /// The most bytes one line, or one event's data, may take.
    limit: usize,
}

impl SseParser {
    pub(crate) fn new(limit: usize) -> Self {
        Self {
            line: Vec::new(),
            after_cr: false,
            at_start: true,
            skipping: false,
            dropping_line: false,
            event_type: String::new(),
            data: String::new(),
            last_id: String::new(),
            retry: None,
            event_retry: None,
            ready: VecDeque::new(),
            limit,
        }
    }

    pub(crate) fn set_limit(&mut self, limit: usize) {
        self.limit = limit;
    }

    /// The last event id the stream set, sent as `Last-Event-ID` on reconnection.
    pub(crate) fn last_event_id(&self) -> Option<&str> {
        Some(self.last_id.as_str()).filter(|id| !id.is_empty())
    }

    /// The reconnection time the server asked for with `retry`.
    pub(crate) fn retry(&self) -> Option<Duration> {
        self.retry
    }

    /// A new connection: what the old one left half-read is dropped; the
    /// last event id and the reconnection time stay, as the standard says.
    pub(crate) fn reconnected(&mut self) {
        self.line.clear();
        self.after_cr = false;
        self.at_start = true;
        self.skipping = false;
        self.dropping_line = false;
        self.event_type.clear();
        self.data.clear();
        self.event_retry = None;
    }

    /// The next event parsed so far.
    pub(crate) fn next(&mut self) -> Option<Parsed> {
        self.ready.pop_front()
    }

    /// Reads a chunk; complete events become available to [`next`](Self::next).
    pub(crate) fn push(&mut self, mut chunk: &[u8]) {
        if self.after_cr && chunk.first() == Some(&b'\n') {
            chunk = &chunk[1..];
        }
        self.after_cr = false;
        while !chunk.is_empty() {
            match chunk.iter().position(|&b| b == b'\n' || b == b'\r') {
                Some(end) => {
                    self.extend_line(&chunk[..end]);
                    if std::mem::take(&mut self.dropping_line) {
                        // The end of a line too long to keep: not a blank line.
                    } else {
                        let line = std::mem::take(&mut self.line);
                        self.line_ended(&line);
                        // Reused: most lines of a stream are alike in length.
                        self.line = line;
                        self.line.clear();
                    }
                    let crlf = chunk[end] == b'\r' && chunk.get(end + 1) == Some(&b'\n');
                    if chunk[end] == b'\r' && end + 1 == chunk.len() {
                        self.after_cr = true;
                    }
                    chunk = &chunk[end + if crlf { 2 } else { 1 }..];
                }
                None => {
                    self.extend_line(chunk);
                    break;
                }
            }
        }
    }

    /// Adds bytes to the current line, unless that would break the limit:
    /// then the event is reported and skipped.
    fn extend_line(&mut self, bytes: &[u8]) {
        if self.dropping_line {
            return;
        }
        if self.line.len() + bytes.len() > self.limit {
            self.dropping_line = true;
            self.line.clear();
            if !self.skipping {
                self.too_large();
            }
            return;
        }
        self.line.extend_from_slice(bytes);
    }

    fn too_large(&mut self) {
        self.skipping = true;
        self.line.clear();
        self.data.clear();
        self.event_type.clear();
        self.event_retry = None;
        self.ready.push_back(Parsed::TooLarge { limit: self.limit });
    }

    /// Interprets one complete line (without its ending).
    fn line_ended(&mut self, line: &[u8]) {
        let mut line = line;
        if std::mem::take(&mut self.at_start) {
            line = line
                .strip_prefix(b"\xEF\xBB\xBF".as_slice())
                .unwrap_or(line);
        }
        if line.is_empty() {
            self.skipping = false;
            self.dispatch();
            return;
        }
        if self.skipping || line[0] == b':' {
            return;
        }
        let (field, value) = match line.iter().position(|&b| b == b':') {
            Some(colon) => {
                let value = &line[colon + 1..];
                (&line[..colon], value.strip_prefix(b" ").unwrap_or(value))
            }
            None => (line, &b""[..]),
        };
        let value = String::from_utf8_lossy(value);
        match field {
            b"event" => self.event_type = value.into_owned(),
            b"data" => {
                if self.data.len() + value.len() + 1 > self.limit {
                    self.too_large();
                    return;
                }
                self.data.push_str(&value);
                self.data.push('\n');
            }
            b"id" if !value.contains('\0') => self.last_id = value.into_owned(),
            b"retry" if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) => {
                // Digits beyond what a u64 of milliseconds holds are forever.
                let ms = value.parse::<u64>().unwrap_or(u64::MAX);
                let retry = Duration::from_millis(ms);
                self.retry = Some(retry);
                self.event_retry = Some(retry);
            }
            _ => {}
        }
    }

    /// A blank line: the event read so far is complete (none without data).
    fn dispatch(&mut self) {
        let event_type = std::mem::take(&mut self.event_type);
        let retry = self.event_retry.take();
        if self.data.is_empty() {
            return;
        }
        let mut data = std::mem::take(&mut self.data);
        data.pop();
        self.ready.push_back(Parsed::Event(SseEvent {
            event: if event_type.is_empty() {
                "message".to_owned()
            } else {
                event_type
            },
            data,
            id: self.last_event_id().map(str::to_owned),
            retry,
        }));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn events(chunks: &[&[u8]]) -> Vec<Parsed> {
        let mut p = SseParser::new(1024);
        let mut out = Vec::new();
        for chunk in chunks {
            p.push(chunk);
            while let Some(e) = p.next() {
                out.push(e);
            }
        }
        out
    }

    fn data(parsed: &[Parsed]) -> Vec<&str> {
        parsed
            .iter()
            .map(|p| match p {
                Parsed::Event(e) => e.data.as_str(),
                Parsed::TooLarge { .. } => "<too large>",
            })
            .collect()
    }

    #[test]
    fn every_split_of_a_stream_reads_the_same() {
        let wire: &[u8] = b"\xEF\xBB\xBFevent: delta\r\nid: 7\r\ndata: {\"a\":\r\ndata: 1}\r\n\r\n: keep-alive\n\ndata:x\rdata: y\r\rdata: last\n\n";
        let whole = events(&[wire]);
        assert_eq!(data(&whole), ["{\"a\":\n1}", "x\ny", "last"]);
        let Parsed::Event(first) = &whole[0] else {
            panic!()
        };
        assert_eq!(first.event, "delta");
        assert_eq!(first.id.as_deref(), Some("7"));
        for cut in 0..wire.len() {
            assert_eq!(events(&[&wire[..cut], &wire[cut..]]), whole, "cut at {cut}");
        }
        let bytes: Vec<&[u8]> = wire.chunks(1).collect();
        assert_eq!(events(&bytes), whole);
    }

    #[test]
    fn fields_follow_the_standard() {
        let parsed = events(&[
            b"data\n\ndata:  two spaces\n\nevent: ping\n\nid: 1\ndata: a\n\ndata: b\n\nid\ndata: c\n\nretry: 2500\ndata: d\n\nretry: soon\nid: bad\0id\nfoo: bar\ndata: e\n\n",
        ]);
        assert_eq!(data(&parsed), ["", " two spaces", "a", "b", "c", "d", "e"]);
        let ids: Vec<Option<&str>> = parsed
            .iter()
            .map(|p| match p {
                Parsed::Event(e) => e.id.as_deref(),
                Parsed::TooLarge { .. } => None,
            })
            .collect();
        // An id carries over; an empty `id` clears it; one with NUL is ignored.
        assert_eq!(ids, [None, None, Some("1"), Some("1"), None, None, None]);
        let Parsed::Event(d) = &parsed[5] else {
            panic!()
        };
        assert_eq!(d.retry, Some(Duration::from_millis(2500)));
        assert_eq!(d.event, "message");
    }

    #[test]
    fn an_unfinished_event_is_not_dispatched() {
        let mut p = SseParser::new(1024);
        p.push(b"id: 3\ndata: complete\n\ndata: half");
        assert!(matches!(p.next(), Some(Parsed::Event(e)) if e.data == "complete"));
        assert_eq!(p.next(), None);
        p.reconnected();
        p.push(b"data: fresh\n\n");
        let Some(Parsed::Event(e)) = p.next() else {
            panic!()
        };
        assert_eq!((e.data.as_str(), e.id.as_deref()), ("fresh", Some("3")));
        assert_eq!(p.last_event_id(), Some("3"));
    }

    #[test]
    fn a_line_over_the_limit_is_reported_and_skipped() {
        let mut p = SseParser::new(16);
        p.push(b"data: ok\n\ndata: ");
        for _ in 0..1000 {
            p.push(&[b'x'; 64]);
        }
        assert!(p.line.len() <= 16, "the line is not held");
        p.push(b"\ndata: more of it\n\ndata: next\n\n");
        let all: Vec<Parsed> = std::iter::from_fn(|| p.next()).collect();
        assert_eq!(data(&all), ["ok", "<too large>", "next"]);
        // Many data lines that add up past the limit are one event too large.
        let mut p = SseParser::new(16);
        p.push(b"data: 0123456\ndata: 0123456\ndata: 0123456\n\ndata: fine\n\n");
        let all: Vec<Parsed> = std::iter::from_fn(|| p.next()).collect();
        assert_eq!(data(&all), ["<too large>", "fine"]);
    }

    #[test]
    fn huge_retry_values_do_not_overflow() {
        let parsed = events(&[b"retry: 99999999999999999999999\ndata: x\n\n"]);
        let Parsed::Event(e) = &parsed[0] else {
            panic!()
        };
        assert_eq!(e.retry, Some(Duration::from_millis(u64::MAX)));
    }

    #[test]
    fn events_write_what_they_read() {
        let event = SseEvent::new("line one\nline two").event("delta").id("9");
        let parsed = events(&[event.to_wire().as_bytes()]);
        assert_eq!(parsed, [Parsed::Event(event)]);
    }
}
