//! The generated VoiceTel client against Prism, the OpenAPI mock server,
//! serving `spec/voicetel.yaml` on loopback: every operation of the spec is
//! called once through the typed client with valid arguments (every optional
//! parameter set), twice over: against Prism answering with the spec's
//! examples (static mode), then with bodies generated from the schemas
//! (dynamic mode, seeded).
//!
//! The client talks to Prism through a small recording relay, so each check
//! sees what really went over the wire. Per call:
//! - Prism accepted the request (`--errors` turns a request that breaks the
//!   spec into an error response, 400 or 422) and its `sl-violations` header
//!   lists no error, for the request or for Prism's own response;
//! - the response decoded into the typed value (the call returned `Ok`), and
//!   that value, serialized again, holds exactly the data Prism sent: nothing
//!   the schema declares was lost or changed in decoding;
//! - exactly one request went out, with the method and path of the labelled
//!   operation, every query and header parameter the operation declares
//!   (all are set) and no other query parameter, the bearer token exactly
//!   when the operation is secured, and a JSON body whose field names the
//!   spec declares. Prism lets unknown query parameters and body fields
//!   through, so a misnamed optional one would otherwise go unseen.
//!
//! Prism is pinned in `tests/prism/package.json` and installed with
//! `npm ci --prefix tests/prism`; `PRISM_BIN` overrides its location.
//! Every failure is collected, so one run lists them all.

use std::collections::BTreeSet;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Write};
use std::net::{Ipv4Addr, Shutdown, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Map, Value};
use voicetel::apis::lookups::LrnLookupRequired;
use voicetel::apis::numbers::{
    NumbersMessagingCampaignBulkUnassignRequired, NumbersMessagingCampaignUnassignRequired,
};
use voicetel::types::{
    AccountAddRequest, AccountAddRequestRequired, AccountApiKeyRequest,
    AccountApiKeyRequestRequired, AccountCreditsStatus, AccountPutRequest, AccountRecoverRequest,
    AccountSignupRequest, AccountSignupRequestRequired, AclModifyRequest, AuthPutRequest,
    AuthPutRequestAuthType, CidrEntry, E911AddressRequest, E911AddressRequestRequired,
    E911CreateRequest, E911CreateRequestRequired, E911ProvisionByIdRequest, GatewayAddRequest,
    GatewayUpdateRequest, InventoryCoverageCountBy, MessageHistoryType, MessageSendRequest,
    MessageSendRequestRequired, MessagingBrandCreateRequest, MessagingBrandCreateRequestRequired,
    MessagingCampaignCreateRequest, MessagingCampaignCreateRequestRequired, NumberAddRequest,
    NumberCampaignAssignRequest, NumberCnamRequest, NumberFaxRequest, NumberForwardRequest,
    NumberLidbRequest, NumberMessagingPatchRequest, NumberMoveRequest, NumberMoveRequestRequired,
    NumberRouteRequest, NumberSmsRequest, NumberSmsRequestType, NumberTranslationRequest,
    OrderCreateRequest, OrderCreateRequestNumbersItem, OrderCreateRequestNumbersItemObject,
    PortFeature, PortFeatureLidb, PortFeatureRouting, PortFeatureSms, PortOutPinUpdateRequest,
    PortSubmitRequest, PortSubmitRequestNameType, PortSubmitRequestRequired,
    PortSubmitRequestStreetPrefix, PortSubmitRequestStreetSuffix, TicketCreateRequest,
    TicketCreateRequestRequired, TicketReplyRequest, TicketUpdateRequest,
    TicketUpdateRequestStatus,
};
use voicetel::{Client, Error, RetryPolicy};

/// How many operations the spec defines; the test calls each once per mode.
const OPERATION_COUNT: usize = 74;
/// How long Prism may take to start listening.
const STARTUP_TIMEOUT: Duration = Duration::from_secs(30);
/// Prism's seed for generated responses, so every run sees the same bodies.
const SEED: &str = "voicetel";

const TOKEN: &str = "0123456789abcdef0123456789abcdef";
/// Ten-digit numbers matching `^[2-9][0-9]{2}[2-9][0-9]{2}[0-9]{4}$`.
const NUMBER: &str = "2015551234";
const OTHER_NUMBER: &str = "2015559876";
const THIRD_NUMBER: &str = "9735550100";
/// A campaign id matching `^C[A-Z0-9]{6}$`.
const CAMPAIGN: &str = "CABC123";
/// A brand id matching `^B[A-Za-z0-9]+$`.
const BRAND: &str = "BXYZ789";
/// A port id of five alphanumerics.
const PORT_ID: &str = "AB12C";
const GATEWAY_ID: i64 = 17;
const TICKET_ID: i64 = 321;

// ---------------------------------------------------------------------------
// Prism

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ has a parent")
        .to_path_buf()
}

/// Prism at `$PRISM_BIN` or where `npm ci --prefix tests/prism` puts it.
fn prism_bin(root: &Path) -> PathBuf {
    let (bin, from) = match std::env::var_os("PRISM_BIN") {
        Some(bin) if !bin.is_empty() => (PathBuf::from(bin), "PRISM_BIN"),
        _ => (
            root.join("tests/prism/node_modules/.bin/prism"),
            "the default location",
        ),
    };
    assert!(
        bin.is_file(),
        "Prism not found at {} ({from}): install it with `npm ci --prefix tests/prism` \
         from the workspace root, or set PRISM_BIN to a prism executable",
        bin.display()
    );
    bin
}

/// A free TCP port on 127.0.0.1 (free when asked; Prism binds it right after).
fn free_port() -> u16 {
    TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .and_then(|l| l.local_addr())
        .expect("bind an ephemeral port on 127.0.0.1")
        .port()
}

/// How Prism makes its responses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// The spec's examples (a response without one gets Prism's static
    /// placeholder values).
    Static,
    /// Generated from the schemas by json-schema-faker, seeded so every run
    /// sees the same bodies: optional fields, nulls and extra properties that
    /// the examples may not show.
    Dynamic,
}

impl Mode {
    fn args(self) -> &'static [&'static str] {
        match self {
            Mode::Static => &[],
            Mode::Dynamic => &["--dynamic", "--seed", SEED],
        }
    }
}

/// A running Prism, killed and reaped on drop (also when the test panics).
struct Prism {
    child: Child,
    addr: SocketAddr,
    log: PathBuf,
}

impl Prism {
    fn start(bin: &Path, spec: &Path, mode: Mode) -> Prism {
        let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, free_port()));
        let log = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("prism-{}.log", addr.port()));
        let out = File::create(&log).expect("create Prism's log file");
        let err = out.try_clone().expect("clone Prism's log file handle");
        let child = Command::new(bin)
            .arg("mock")
            .arg(spec)
            .args(["--host", "127.0.0.1", "--port", &addr.port().to_string()])
            // A request that breaks the spec gets an error response (the
            // operation's 400 or 422 if it declares one, else 422), and so
            // does a response of Prism's own that breaks it (500).
            .arg("--errors")
            .args(mode.args())
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err)
            .spawn()
            .unwrap_or_else(|e| panic!("could not start Prism ({}): {e}", bin.display()));
        let mut prism = Prism { child, addr, log };
        prism.wait_until_listening();
        prism
    }

    fn wait_until_listening(&mut self) {
        let deadline = Instant::now() + STARTUP_TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().expect("poll Prism") {
                panic!(
                    "Prism exited during startup ({status}); its output:\n{}",
                    self.log_tail()
                );
            }
            if TcpStream::connect_timeout(&self.addr, Duration::from_millis(200)).is_ok() {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "Prism did not listen on {} within {STARTUP_TIMEOUT:?}; its output:\n{}",
                self.addr,
                self.log_tail()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// The end of Prism's output, for failure messages.
    fn log_tail(&self) -> String {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(40)..].join("\n")
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        // Prism (`mock` without `--multiprocess`) is one node process.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

// ---------------------------------------------------------------------------
// A recording relay between the client and Prism

/// One request and its response, as they went over the wire.
struct Exchange {
    method: String,
    /// The request target: path and query.
    target: String,
    /// Request headers, names lowercased.
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    status: u16,
    response_body: Vec<u8>,
}

impl Exchange {
    fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or_default()
    }

    /// The names of the query parameters, in order.
    fn query_names(&self) -> Vec<&str> {
        let query = self.target.split_once('?').map_or("", |(_, q)| q);
        query
            .split('&')
            .filter(|pair| !pair.is_empty())
            .map(|pair| pair.split('=').next().unwrap_or_default())
            .collect()
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// An HTTP/1.1 relay on 127.0.0.1 that forwards each connection to Prism and
/// records every exchange. Stops accepting on drop.
struct Relay {
    addr: SocketAddr,
    exchanges: Arc<Mutex<Vec<Exchange>>>,
    errors: Arc<Mutex<Vec<String>>>,
    stop: Arc<AtomicBool>,
}

impl Relay {
    fn start(upstream: SocketAddr) -> Relay {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("bind the relay");
        let relay = Relay {
            addr: listener.local_addr().expect("the relay's address"),
            exchanges: Arc::default(),
            errors: Arc::default(),
            stop: Arc::default(),
        };
        let (exchanges, errors, stop) = (
            relay.exchanges.clone(),
            relay.errors.clone(),
            relay.stop.clone(),
        );
        std::thread::spawn(move || {
            for client in listener.incoming() {
                if stop.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(client) = client else { continue };
                let (exchanges, errors) = (exchanges.clone(), errors.clone());
                std::thread::spawn(move || {
                    if let Err(e) = relay_connection(client, upstream, &exchanges) {
                        errors.lock().unwrap().push(format!("relay: {e}"));
                    }
                });
            }
        });
        relay
    }

    /// The exchanges completed since the last call.
    fn take(&self) -> Vec<Exchange> {
        std::mem::take(&mut *self.exchanges.lock().unwrap())
    }

    fn errors(&self) -> Vec<String> {
        self.errors.lock().unwrap().clone()
    }
}

impl Drop for Relay {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wakes the accept loop so it sees the flag.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
    }
}

/// A connection to Prism: its read and write halves.
type Upstream = (BufReader<TcpStream>, TcpStream);

/// A response as read from Prism.
struct Answered {
    head: Vec<u8>,
    status: u16,
    raw_body: Vec<u8>,
    body: Vec<u8>,
}

/// Relays the requests of one client connection to Prism, in turn.
fn relay_connection(
    client: TcpStream,
    upstream: SocketAddr,
    exchanges: &Mutex<Vec<Exchange>>,
) -> io::Result<()> {
    client.set_nodelay(true)?;
    let mut from_client = BufReader::new(client.try_clone()?);
    let mut to_client = client;
    let mut prism: Option<Upstream> = None;
    while let Some((head, lines)) = read_head(&mut from_client)? {
        let mut request_line = lines[0].split_whitespace();
        let method = request_line.next().unwrap_or_default().to_owned();
        let target = request_line.next().unwrap_or_default().to_owned();
        let headers = parse_headers(&lines[1..]);
        let (raw_body, body) = read_body(&mut from_client, &headers, false)?;
        let request = [head, raw_body].concat();

        // A kept-alive connection Prism has closed meanwhile gets one retry
        // on a fresh one.
        let reused = prism.is_some();
        let answered = match forward(&mut prism, upstream, &request, &method) {
            Err(_) if reused => {
                prism = None;
                forward(&mut prism, upstream, &request, &method)
            }
            other => other,
        }
        .map_err(|e| io::Error::new(e.kind(), format!("{method} {target}: {e}")))?;

        // Recorded before the client sees the response, so a finished call
        // always finds its exchange.
        exchanges.lock().unwrap().push(Exchange {
            method,
            target,
            headers,
            body,
            status: answered.status,
            response_body: answered.body,
        });
        to_client.write_all(&[answered.head, answered.raw_body].concat())?;
        to_client.flush()?;
    }
    if let Some((_, to_prism)) = prism {
        let _ = to_prism.shutdown(Shutdown::Both);
    }
    Ok(())
}

/// Sends one request to Prism (connecting if need be) and reads its answer.
fn forward(
    prism: &mut Option<Upstream>,
    upstream: SocketAddr,
    request: &[u8],
    method: &str,
) -> io::Result<Answered> {
    let (from_prism, to_prism) = match prism {
        Some(conn) => conn,
        None => {
            let stream = TcpStream::connect(upstream)?;
            stream.set_nodelay(true)?;
            prism.insert((BufReader::new(stream.try_clone()?), stream))
        }
    };
    to_prism.write_all(request)?;
    to_prism.flush()?;
    let Some((head, lines)) = read_head(from_prism)? else {
        return Err(io::Error::new(
            io::ErrorKind::UnexpectedEof,
            "Prism closed the connection without answering",
        ));
    };
    let status: u16 = lines[0]
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let no_body = method == "HEAD" || status < 200 || status == 204 || status == 304;
    let (raw_body, body) = read_body(from_prism, &parse_headers(&lines[1..]), !no_body)?;
    Ok(Answered {
        head,
        status,
        raw_body,
        body,
    })
}

/// Reads a request or response head: the raw bytes and its lines without
/// line ends. `None` at the end of the stream.
fn read_head(reader: &mut impl BufRead) -> io::Result<Option<(Vec<u8>, Vec<String>)>> {
    let mut raw = Vec::new();
    let mut lines = Vec::new();
    loop {
        let mut line = Vec::new();
        if reader.read_until(b'\n', &mut line)? == 0 {
            return if raw.is_empty() {
                Ok(None)
            } else {
                Err(io::ErrorKind::UnexpectedEof.into())
            };
        }
        raw.extend_from_slice(&line);
        let text = String::from_utf8_lossy(&line).trim_end().to_owned();
        if text.is_empty() {
            if lines.is_empty() {
                continue; // stray line end between messages
            }
            return Ok(Some((raw, lines)));
        }
        lines.push(text);
    }
}

fn parse_headers(lines: &[String]) -> Vec<(String, String)> {
    lines
        .iter()
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
        .collect()
}

/// Reads a message body per its headers: the raw bytes (to forward) and the
/// content. Without a length, a response runs to the end of the stream when
/// `until_close` and a request has none.
fn read_body(
    reader: &mut impl BufRead,
    headers: &[(String, String)],
    until_close: bool,
) -> io::Result<(Vec<u8>, Vec<u8>)> {
    let header = |name: &str| {
        headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    };
    if header("transfer-encoding").is_some_and(|v| v.to_ascii_lowercase().contains("chunked")) {
        let (mut raw, mut content) = (Vec::new(), Vec::new());
        loop {
            let mut size_line = Vec::new();
            reader.read_until(b'\n', &mut size_line)?;
            raw.extend_from_slice(&size_line);
            let size_text = String::from_utf8_lossy(&size_line);
            let size_text = size_text.trim().split(';').next().unwrap_or_default();
            let size = usize::from_str_radix(size_text, 16)
                .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
            if size == 0 {
                // Trailers, up to an empty line.
                loop {
                    let mut line = Vec::new();
                    reader.read_until(b'\n', &mut line)?;
                    raw.extend_from_slice(&line);
                    if line.is_empty() || line == b"\r\n" || line == b"\n" {
                        return Ok((raw, content));
                    }
                }
            }
            let mut chunk = vec![0; size];
            reader.read_exact(&mut chunk)?;
            let mut line_end = Vec::new();
            reader.read_until(b'\n', &mut line_end)?;
            raw.extend_from_slice(&chunk);
            raw.extend_from_slice(&line_end);
            content.extend_from_slice(&chunk);
        }
    }
    let mut content = Vec::new();
    if let Some(length) = header("content-length") {
        let length: usize = length
            .parse()
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
        content.resize(length, 0);
        reader.read_exact(&mut content)?;
    } else if until_close {
        reader.read_to_end(&mut content)?;
    }
    Ok((content.clone(), content))
}

// ---------------------------------------------------------------------------
// The spec

/// The `operationId:` values of the spec, by a plain scan of its text.
fn spec_operation_ids(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|line| line.trim_start().strip_prefix("operationId:"))
        .map(|id| id.trim().trim_matches(|c| c == '\'' || c == '"').to_owned())
        .collect()
}

/// An operation of the spec.
struct Operation<'s> {
    id: &'s str,
    method: String,
    path: &'s str,
    item: &'s Value,
    def: &'s Value,
}

/// The spec as JSON, parsed by the generator's own loader.
struct Spec {
    doc: Value,
}

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

impl Spec {
    fn parse(text: &str, origin: &str) -> Spec {
        let (doc, _) = codegen::load::parse_text(text, origin)
            .unwrap_or_else(|e| panic!("{origin} does not parse: {e}"));
        Spec { doc }
    }

    fn operations(&self) -> Vec<Operation<'_>> {
        let mut ops = Vec::new();
        for (path, item) in self.doc["paths"].as_object().into_iter().flatten() {
            for method in METHODS {
                let def = &item[method];
                if let Some(id) = def["operationId"].as_str() {
                    ops.push(Operation {
                        id,
                        method: method.to_ascii_uppercase(),
                        path,
                        item,
                        def,
                    });
                }
            }
        }
        ops
    }

    fn operation(&self, id: &str) -> Option<Operation<'_>> {
        self.operations().into_iter().find(|op| op.id == id)
    }

    /// Follows local `$ref`s.
    fn resolve<'s>(&'s self, mut value: &'s Value) -> &'s Value {
        for _ in 0..64 {
            let target = value["$ref"]
                .as_str()
                .and_then(|r| r.strip_prefix('#'))
                .and_then(|pointer| self.doc.pointer(pointer));
            match target {
                Some(target) => value = target,
                None => break,
            }
        }
        value
    }

    /// The names of an operation's parameters in `location` (`query`,
    /// `header`, …), the path item's included.
    fn parameters(&self, op: &Operation<'_>, location: &str) -> Vec<String> {
        let all = op.item["parameters"]
            .as_array()
            .into_iter()
            .chain(op.def["parameters"].as_array())
            .flatten();
        let mut names: Vec<String> = all
            .map(|p| self.resolve(p))
            .filter(|p| p["in"] == location)
            .filter_map(|p| p["name"].as_str().map(str::to_owned))
            .collect();
        names.sort();
        names.dedup();
        names
    }

    /// Whether an operation requires credentials: its `security` (else the
    /// document's) lists alternatives, none of them empty.
    fn secured(&self, op: &Operation<'_>) -> bool {
        let security = op.def.get("security").unwrap_or(&self.doc["security"]);
        security.as_array().is_some_and(|alternatives| {
            !alternatives.is_empty()
                && alternatives
                    .iter()
                    .all(|a| a.as_object().is_some_and(|o| !o.is_empty()))
        })
    }

    /// The JSON schema of an operation's request body.
    fn request_schema<'s>(&'s self, op: &Operation<'s>) -> Option<&'s Value> {
        let body = self.resolve(&op.def["requestBody"]);
        body["content"]["application/json"]
            .get("schema")
            .map(|s| self.resolve(s))
    }

    /// The JSON schema of an operation's response with `status`.
    fn response_schema<'s>(&'s self, op: &Operation<'s>, status: u16) -> Option<&'s Value> {
        let responses = &op.def["responses"];
        let status = status.to_string();
        let wildcard = format!("{}XX", &status[..1]);
        let response = [status.as_str(), wildcard.as_str(), "default"]
            .into_iter()
            .find_map(|key| responses.get(key))?;
        self.resolve(response)["content"]["application/json"]
            .get("schema")
            .map(|s| self.resolve(s))
    }

    /// The schema of property `key` of an object schema: declared in
    /// `properties` (or an `allOf` branch's), else `additionalProperties`
    /// when that allows it, else `None`. A free-form object allows anything.
    fn property<'s>(&'s self, schema: &'s Value, key: &str) -> Option<&'s Value> {
        let schema = self.resolve(schema);
        if let Some(found) = schema["properties"].get(key) {
            return Some(self.resolve(found));
        }
        for branch in schema["allOf"].as_array().into_iter().flatten() {
            if let Some(found) = self.property(branch, key) {
                return Some(found);
            }
        }
        let declares_any = schema.get("properties").is_some() || schema.get("allOf").is_some();
        match schema.get("additionalProperties") {
            Some(Value::Bool(false)) => None,
            Some(Value::Bool(true)) => Some(&Value::Null),
            Some(extra) => Some(self.resolve(extra)),
            None if declares_any => None,
            None => Some(&Value::Null),
        }
    }

    /// The branches of a `oneOf`/`anyOf` schema, if it is one.
    fn branches<'s>(&'s self, schema: &'s Value) -> Option<&'s Vec<Value>> {
        let schema = self.resolve(schema);
        schema["oneOf"]
            .as_array()
            .or_else(|| schema["anyOf"].as_array())
    }

    /// Object keys in `value` that `schema` does not declare, as paths.
    fn undeclared_keys(&self, value: &Value, schema: &Value, at: &str, out: &mut Vec<String>) {
        let schema = self.resolve(schema);
        if let Some(branches) = self.branches(schema) {
            let best = branches
                .iter()
                .map(|branch| {
                    let mut found = Vec::new();
                    self.undeclared_keys(value, branch, at, &mut found);
                    found
                })
                .min_by_key(Vec::len);
            out.extend(best.unwrap_or_default());
            return;
        }
        match value {
            Value::Object(map) => {
                for (key, item) in map {
                    let at = format!("{at}.{key}");
                    match self.property(schema, key) {
                        Some(sub) => self.undeclared_keys(item, sub, &at, out),
                        None => out.push(at),
                    }
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.undeclared_keys(item, &schema["items"], &format!("{at}[{i}]"), out);
                }
            }
            _ => {}
        }
    }

    /// Where `decoded` (the client's value serialized again) differs from
    /// `sent` (what the server sent), for the fields `schema` declares: the
    /// client drops undeclared fields and serializes absent optionals as
    /// nothing, so those do not count.
    fn differences(
        &self,
        sent: &Value,
        decoded: &Value,
        schema: &Value,
        at: &str,
        out: &mut Vec<String>,
    ) {
        let schema = self.resolve(schema);
        if let Some(branches) = self.branches(schema) {
            let best = branches
                .iter()
                .map(|branch| {
                    let mut found = Vec::new();
                    self.differences(sent, decoded, branch, at, &mut found);
                    found
                })
                .min_by_key(Vec::len);
            out.extend(best.unwrap_or_default());
            return;
        }
        match (sent, decoded) {
            (Value::Object(sent), Value::Object(decoded)) => {
                self.object_differences(sent, decoded, schema, at, out);
            }
            (Value::Array(sent), Value::Array(decoded)) if sent.len() == decoded.len() => {
                for (i, (s, d)) in sent.iter().zip(decoded).enumerate() {
                    self.differences(s, d, &schema["items"], &format!("{at}[{i}]"), out);
                }
            }
            (Value::Number(s), Value::Number(d)) if s.as_f64() == d.as_f64() => {}
            (s, d) if s == d => {}
            (s, d) => out.push(format!("{at}: sent {s}, decoded as {d}")),
        }
    }

    fn object_differences(
        &self,
        sent: &Map<String, Value>,
        decoded: &Map<String, Value>,
        schema: &Value,
        at: &str,
        out: &mut Vec<String>,
    ) {
        for (key, s) in sent {
            let at = format!("{at}.{key}");
            let Some(sub) = self.property(schema, key) else {
                continue;
            };
            match decoded.get(key) {
                Some(d) => self.differences(s, d, sub, &at, out),
                None if s.is_null() => {}
                None => out.push(format!("{at}: sent {s}, lost in decoding")),
            }
        }
        for (key, d) in decoded {
            if !sent.contains_key(key) && !d.is_null() {
                out.push(format!("{at}.{key}: not sent, decoded as {d}"));
            }
        }
    }
}

/// Whether a template path like `/v2.2/numbers/{number}` matches `path`;
/// if so, how many of its segments are literal (more is more specific).
fn template_match(template: &str, path: &str) -> Option<usize> {
    let (t, p): (Vec<&str>, Vec<&str>) = (template.split('/').collect(), path.split('/').collect());
    if t.len() != p.len() {
        return None;
    }
    let mut literal = 0;
    for (t, p) in t.iter().zip(&p) {
        if t.starts_with('{') && t.ends_with('}') {
            if p.is_empty() {
                return None;
            }
        } else if t == p {
            literal += 1;
        } else {
            return None;
        }
    }
    Some(literal)
}

// ---------------------------------------------------------------------------
// Calls and their outcomes

/// What a successful call returned.
struct Answer {
    status: u16,
    /// Prism's `sl-violations` header, if it sent one.
    violations: Option<String>,
    /// The decoded value, serialized again.
    value: Result<Value, String>,
}

/// Keeps at most `max` characters of `text`.
fn clip(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((i, _)) => format!("{}… ({} bytes in all)", &text[..i], text.len()),
        None => text.to_owned(),
    }
}

/// The error-severity entries of Prism's `sl-violations` header, if any.
fn violation_errors(header: &str) -> Option<String> {
    let Ok(Value::Array(entries)) = serde_json::from_str::<Value>(header) else {
        return Some(format!("unparseable sl-violations header: {header}"));
    };
    let errors: Vec<&Value> = entries
        .iter()
        .filter(|v| {
            v["severity"]
                .as_str()
                .is_some_and(|s| s.eq_ignore_ascii_case("error"))
        })
        .collect();
    (!errors.is_empty()).then(|| Value::from_iter(errors.into_iter().cloned()).to_string())
}

/// What went wrong in a call, with what Prism said.
fn describe(error: &Error) -> String {
    match error {
        Error::Api(api) | Error::RateLimited { error: api, .. } => {
            let violations = api
                .headers
                .get("sl-violations")
                .and_then(|v| v.to_str().ok());
            let verdict = if api.status.as_u16() == 422 || violations.is_some() {
                "Prism rejected the request"
            } else {
                "Prism answered an error status"
            };
            format!(
                "{verdict}: {error}\n      sl-violations: {}\n      body: {}",
                violations.unwrap_or("(none)"),
                clip(&api.body, 1500)
            )
        }
        Error::Decode(decode) => format!(
            "the response did not decode: {error}\n      body: {}",
            clip(&decode.body, 1500)
        ),
        other => format!("{other} ({other:?})"),
    }
}

/// The calls made against one Prism and what went wrong.
struct Run<'s> {
    spec: &'s Spec,
    relay: &'s Relay,
    called: Vec<&'static str>,
    /// The operations with a failure, and the failures.
    failed: BTreeSet<&'static str>,
    failures: Vec<String>,
    warnings: Vec<String>,
}

impl Run<'_> {
    fn fail(&mut self, op: &'static str, failure: String) {
        self.failed.insert(op);
        self.failures.push(format!("{op}: {failure}"));
    }

    /// Records one finished call of `op` and checks it.
    fn record(&mut self, op: &'static str, outcome: Result<Answer, Error>) {
        let spec = self.spec;
        self.called.push(op);
        let exchanges = self.relay.take();
        let Some(operation) = spec.operation(op) else {
            return; // reported as "called but not in the spec"
        };
        match exchanges.as_slice() {
            [exchange] => self.check_request(op, &operation, exchange),
            _ => self.fail(
                op,
                format!("expected one request on the wire, saw {}", exchanges.len()),
            ),
        }
        let answer = match outcome {
            Ok(answer) => answer,
            Err(error) => return self.fail(op, describe(&error)),
        };
        if let Some(header) = &answer.violations {
            match violation_errors(header) {
                Some(errors) => self.fail(
                    op,
                    format!(
                        "HTTP {} decoded, but Prism reported violations: {errors}",
                        answer.status
                    ),
                ),
                None => self.warnings.push(format!("{op}: sl-violations {header}")),
            }
        }
        let decoded = match answer.value {
            Ok(decoded) => decoded,
            Err(e) => return self.fail(op, format!("the decoded value does not serialize: {e}")),
        };
        if let [exchange] = exchanges.as_slice() {
            self.check_decoded(op, &operation, exchange, &decoded);
        }
    }

    /// The request that went out is the operation's, with every parameter
    /// under its declared name and only declared body fields.
    fn check_request(&mut self, id: &'static str, op: &Operation<'_>, exchange: &Exchange) {
        let spec = self.spec;
        let (method, path) = (&exchange.method, exchange.path());
        let best = spec
            .operations()
            .into_iter()
            .filter(|o| &o.method == method)
            .filter_map(|o| template_match(o.path, path).map(|literal| (literal, o.id)))
            .max();
        if best.map(|(_, found)| found) != Some(id) {
            self.fail(
                id,
                format!(
                    "the request {method} {path} is {}",
                    best.map_or("no operation of the spec", |(_, found)| found)
                ),
            );
        }

        let declared = spec.parameters(op, "query");
        let sent: Vec<&str> = exchange.query_names();
        let undeclared: Vec<&&str> = sent
            .iter()
            .filter(|name| !declared.iter().any(|d| d == *name))
            .collect();
        let missing: Vec<&String> = declared
            .iter()
            .filter(|d| !sent.contains(&d.as_str()))
            .collect();
        if !undeclared.is_empty() || !missing.is_empty() {
            self.fail(
                id,
                format!(
                    "query parameters: sent undeclared {undeclared:?}, left out declared \
                     (all are set) {missing:?}; target {}",
                    exchange.target
                ),
            );
        }
        for name in spec.parameters(op, "header") {
            if exchange.header(&name).is_none() {
                self.fail(
                    id,
                    format!("the header parameter {name} (set) was not sent"),
                );
            }
        }

        let authorization = exchange.header("authorization");
        let expected = format!("Bearer {TOKEN}");
        match (spec.secured(op), authorization) {
            (true, Some(value)) if value == expected => {}
            (true, other) => self.fail(
                id,
                format!("secured, but sent Authorization {other:?} instead of the bearer token"),
            ),
            (false, None) => {}
            (false, Some(_)) => self.fail(
                id,
                "sent an Authorization header to an operation with `security: []`".into(),
            ),
        }

        match (spec.request_schema(op), exchange.body.is_empty()) {
            (None, true) => {}
            (None, false) => self.fail(
                id,
                format!(
                    "sent a body, but the spec declares no JSON request body: {}",
                    String::from_utf8_lossy(&exchange.body)
                ),
            ),
            (Some(_), true) => self.fail(id, "sent no request body".into()),
            (Some(schema), false) => match serde_json::from_slice::<Value>(&exchange.body) {
                Err(e) => self.fail(id, format!("the request body is not JSON: {e}")),
                Ok(body) => {
                    let mut undeclared = Vec::new();
                    spec.undeclared_keys(&body, schema, "body", &mut undeclared);
                    if !undeclared.is_empty() {
                        self.fail(
                            id,
                            format!(
                                "the request body has fields the spec does not declare: \
                                 {undeclared:?}\n      body: {body}"
                            ),
                        );
                    }
                }
            },
        }
    }

    /// The decoded value holds the data of the response, as far as the
    /// response's schema declares it.
    fn check_decoded(
        &mut self,
        id: &'static str,
        op: &Operation<'_>,
        exchange: &Exchange,
        decoded: &Value,
    ) {
        let spec = self.spec;
        if exchange.response_body.is_empty() {
            if !decoded.is_null() {
                self.fail(id, format!("no response body, yet decoded {decoded}"));
            }
            return;
        }
        let Ok(sent) = serde_json::from_slice::<Value>(&exchange.response_body) else {
            return self.fail(
                id,
                format!(
                    "decoded a response that is not JSON: {}",
                    clip(&String::from_utf8_lossy(&exchange.response_body), 500)
                ),
            );
        };
        // The client unwraps the envelope: compare its `data`.
        let data_schema = spec
            .response_schema(op, exchange.status)
            .and_then(|schema| spec.property(schema, "data"));
        let (Some(sent_data), Some(data_schema)) = (sent.get("data"), data_schema) else {
            return self.fail(
                id,
                format!(
                    "HTTP {}: no `data` in the response or its schema: {}",
                    exchange.status,
                    clip(&sent.to_string(), 500)
                ),
            );
        };
        let mut differences = Vec::new();
        spec.differences(sent_data, decoded, data_schema, "data", &mut differences);
        if !differences.is_empty() {
            self.fail(
                id,
                format!(
                    "the decoded value differs from the response (HTTP {}): {}\n      \
                     response: {}",
                    exchange.status,
                    differences.join("; "),
                    clip(&sent.to_string(), 1500)
                ),
            );
        }
    }
}

/// Sends one call with `send_with_response` and records its outcome in `run`
/// (the decoded value is serialized again for comparison with the response).
macro_rules! call {
    ($run:ident, $op:literal, $builder:expr) => {{
        let outcome = $builder.send_with_response().await.map(|response| Answer {
            status: response.status().as_u16(),
            violations: response
                .headers()
                .get("sl-violations")
                .map(|v| v.to_str().unwrap_or("(not text)").to_owned()),
            value: serde_json::to_value(&*response).map_err(|e| e.to_string()),
        });
        $run.record($op, outcome);
    }};
}

fn client(base_url: &str) -> Client {
    Client::builder()
        .base_url(base_url)
        .bearer_token(TOKEN)
        .timeout(Duration::from_secs(10))
        .retry(RetryPolicy::none())
        .build()
        .expect("build the client")
}

/// Calls every operation once, in the spec's order, with every optional
/// parameter and body field set.
async fn call_every_operation(c: &Client, run: &mut Run<'_>) {
    // Account
    call!(run, "accountGet", c.account().get());
    call!(
        run,
        "accountSubaccountCreate",
        c.account().subaccount_create(
            AccountAddRequest::new(AccountAddRequestRequired {
                email: "sub@example.com".into(),
                name: "Sub Account".into(),
                username: "100201".into(),
            })
            .with_master_account("100200")
        )
    );
    call!(
        run,
        "accountPut",
        c.account().put(
            AccountPutRequest::new()
                .with_caller_id(NUMBER)
                .with_ccs(4)
                .with_e911(true)
                .with_intl(false)
                .with_mms(true)
                .with_notify(true)
                .with_notify_threshold(10)
                .with_sms(true)
                .with_timezone("America/New_York")
        )
    );
    call!(
        run,
        "accountApiKey",
        c.account()
            .api_key(AccountApiKeyRequest::new(AccountApiKeyRequestRequired {
                password: "correct horse battery staple".into(),
                username: "100200".into(),
            }))
    );
    call!(
        run,
        "accountCdr",
        c.account().cdr().start(1_700_000_000).end(1_700_086_400)
    );
    call!(
        run,
        "accountCredits",
        c.account().credits().status(AccountCreditsStatus::Unpaid)
    );
    call!(run, "accountPayments", c.account().payments());
    call!(
        run,
        "accountRecovery",
        c.account()
            .recovery(AccountRecoverRequest::new("owner@example.com"))
    );
    call!(
        run,
        "accountRecurringCharges",
        c.account().recurring_charges()
    );
    call!(run, "accountRegistration", c.account().registration());
    call!(
        run,
        "accountCreate",
        c.account().create(
            AccountSignupRequest::new(AccountSignupRequestRequired {
                email: "new@example.com".into(),
                name: "New Customer".into(),
            })
            .with_promo("WELCOME")
        )
    );

    // ACL
    call!(
        run,
        "aclDelete",
        c.acl().delete("192.0.2.0/24,198.51.100.7/32")
    );
    call!(run, "aclList", c.acl().list());
    call!(
        run,
        "aclCreate",
        c.acl().create(AclModifyRequest::new(vec![
            CidrEntry::new("192.0.2.0/24"),
            CidrEntry::new("198.51.100.7/32"),
        ]))
    );

    // Authentication
    call!(run, "authGet", c.authentication().get());
    call!(
        run,
        "authPut",
        c.authentication().put(
            AuthPutRequest::new()
                .with_auth_type(AuthPutRequestAuthType::DigestOrIpAllowlist)
                .with_password("s3cret-Passw0rd")
        )
    );

    // Lookups
    call!(run, "cnamLookup", c.lookups().cnam_lookup(NUMBER));

    // e911
    call!(run, "e911QueryAll", c.e911().query_all());
    call!(
        run,
        "e911Create",
        c.e911().create(
            E911CreateRequest::new(E911CreateRequestRequired {
                address1: "100 Main St".into(),
                callername: "ACME CORP".into(),
                city: "Newark".into(),
                dn: NUMBER.into(),
                state: "NJ".into(),
                zip: "07102".into(),
            })
            .with_address2("Suite 200")
        )
    );
    call!(
        run,
        "e911Validate",
        c.e911().validate(
            E911AddressRequest::new(E911AddressRequestRequired {
                address1: "100 Main St".into(),
                city: "Newark".into(),
                state: "NJ".into(),
                zip: "07102".into(),
            })
            .with_address2("Suite 200")
        )
    );
    call!(run, "e911RecordDelete", c.e911().record_delete(NUMBER));
    call!(run, "e911QueryRecord", c.e911().query_record(NUMBER));
    call!(
        run,
        "e911ProvisionAddress",
        c.e911()
            .provision_address(NUMBER, E911ProvisionByIdRequest::new(4242, "ACME CORP"))
    );

    // Gateways
    call!(run, "gatewaysList", c.gateways().list());
    call!(
        run,
        "gatewaysCreate",
        c.gateways().create(
            GatewayAddRequest::new("sip.example.com")
                .with_limit(10)
                .with_prefix("1")
        )
    );
    call!(run, "gatewaysDelete", c.gateways().delete(GATEWAY_ID));
    call!(run, "gatewaysGet", c.gateways().get(GATEWAY_ID));
    call!(
        run,
        "gatewaysPut",
        c.gateways().put(
            GATEWAY_ID,
            GatewayUpdateRequest::new()
                .with_gateway("sip2.example.com")
                .with_limit(1000)
                .with_prefix("9")
        )
    );
    call!(run, "gatewaysNumbers", c.gateways().numbers(GATEWAY_ID));

    // iNumbering: inventory
    call!(
        run,
        "inventorySearch",
        c.i_numbering()
            .inventory_search("201555XXXX")
            .quantity(5)
            .province("NJ")
            .rate_center("NEWARK")
            .lata(224)
    );
    call!(
        run,
        "inventoryCoverage",
        c.i_numbering()
            .inventory_coverage(InventoryCoverageCountBy::RateCenter)
            .loc_state("NJ")
            .city("Newark")
            .rc_abbre("NWRK")
            .npa("201")
            .lata(224)
    );

    // Lookups
    call!(
        run,
        "lrnLookup",
        c.lookups().lrn_lookup(LrnLookupRequired {
            number: NUMBER.into(),
            ani: OTHER_NUMBER.into(),
        })
    );

    // Messaging
    call!(
        run,
        "messageHistory",
        c.messaging()
            .message_history(NUMBER)
            .r#type(MessageHistoryType::Sms)
            .from(1_700_000_000)
            .to(1_700_086_400)
    );
    call!(
        run,
        "messageSend",
        c.messaging().message_send(
            MessageSendRequest::new(MessageSendRequestRequired {
                from_number: NUMBER.into(),
                text: "Hello from the Prism test".into(),
                to_number: OTHER_NUMBER.into(),
            })
            .with_media_urls(vec!["https://example.com/cat.png".into()])
            .with_subject("Hello")
        )
    );
    call!(
        run,
        "messagingBrandCreate",
        c.messaging().brand_create(
            MessagingBrandCreateRequest::new(MessagingBrandCreateRequestRequired {
                messaging_brand_id: BRAND.into(),
                messaging_brand_name: "Acme".into(),
            })
            .with_messaging_brand_description("Our brand")
        )
    );
    call!(
        run,
        "messagingCampaignStatus",
        c.messaging().campaign_status(format!("{CAMPAIGN},CDEF456"))
    );
    call!(
        run,
        "messagingCampaignCreate",
        c.messaging().campaign_create(
            MessagingCampaignCreateRequest::new(MessagingCampaignCreateRequestRequired {
                campaign_description: "Appointment reminders".into(),
                external_campaign_id: CAMPAIGN.into(),
                messaging_brand_id: BRAND.into(),
            })
            .with_campaign_class_name("STANDARD")
            .with_campaign_start_date("2026-12-01T00:00:00Z")
        )
    );

    // Numbers
    call!(run, "numbersList", c.numbers().list());
    call!(
        run,
        "numbersCreate",
        c.numbers()
            .create(NumberAddRequest::new(NUMBER).with_route(GATEWAY_ID))
    );
    call!(
        run,
        "numbersMessagingList",
        c.messaging()
            .numbers_messaging_list(format!("{NUMBER},{OTHER_NUMBER}"))
    );
    call!(
        run,
        "numbersMessagingCampaignBulkUnassign",
        c.numbers().messaging_campaign_bulk_unassign(
            NumbersMessagingCampaignBulkUnassignRequired {
                numbers: format!("{NUMBER},{OTHER_NUMBER}"),
                campaign_id: CAMPAIGN.into(),
            }
        )
    );
    call!(run, "numbersDelete", c.numbers().delete(NUMBER));
    call!(run, "numbersGet", c.numbers().get(NUMBER));
    call!(
        run,
        "numbersMove",
        c.numbers().numbers_move(
            NUMBER,
            NumberMoveRequest::new(NumberMoveRequestRequired {
                account_id: 100_201,
                route: GATEWAY_ID,
            })
        )
    );
    call!(
        run,
        "numbersCnam",
        c.numbers().cnam(NUMBER, NumberCnamRequest::new(true))
    );
    call!(run, "numbersFaxDelete", c.numbers().fax_delete(NUMBER));
    call!(run, "numbersFaxGet", c.numbers().fax_get(NUMBER));
    call!(
        run,
        "numbersFaxSet",
        c.numbers()
            .fax_set(NUMBER, NumberFaxRequest::new("fax@example.com"))
    );
    call!(
        run,
        "numbersForwardDelete",
        c.numbers().forward_delete(NUMBER)
    );
    call!(
        run,
        "numbersForwardSet",
        c.numbers()
            .forward_set(NUMBER, NumberForwardRequest::new(OTHER_NUMBER))
    );
    call!(
        run,
        "numbersLidb",
        c.numbers().lidb(
            NUMBER,
            NumberLidbRequest::new("ACME CORP").with_customer_order_reference("PO-1234")
        )
    );
    call!(
        run,
        "numbersMessagingGet",
        c.numbers().messaging_get(NUMBER)
    );
    call!(
        run,
        "numbersMessagingPatch",
        c.numbers().messaging_patch(
            NUMBER,
            NumberMessagingPatchRequest::new()
                .with_route_in(GATEWAY_ID)
                .with_route_out(18)
        )
    );
    call!(
        run,
        "numbersMessagingCampaignUnassign",
        c.numbers()
            .messaging_campaign_unassign(NumbersMessagingCampaignUnassignRequired {
                number: NUMBER.into(),
                campaign_id: CAMPAIGN.into(),
            })
    );
    call!(
        run,
        "numbersMessagingCampaignAssign",
        c.numbers()
            .messaging_campaign_assign(NUMBER, NumberCampaignAssignRequest::new(CAMPAIGN))
    );
    call!(
        run,
        "numbersPortOutPinUpdate",
        c.numbers()
            .port_out_pin_update(NUMBER, PortOutPinUpdateRequest::new("4821"))
    );
    call!(run, "numbersRelease", c.numbers().release(NUMBER));
    call!(
        run,
        "numbersRoute",
        c.numbers()
            .route(NUMBER, NumberRouteRequest::new(GATEWAY_ID))
    );
    call!(run, "numbersSmsDelete", c.numbers().sms_delete(NUMBER));
    call!(run, "numbersSmsGet", c.numbers().sms_get(NUMBER));
    call!(
        run,
        "numbersSmsSet",
        c.numbers().sms_set(
            NUMBER,
            NumberSmsRequest::new(NumberSmsRequestType::Webhook, "https://example.com/sms")
        )
    );
    call!(
        run,
        "numbersTranslation",
        c.numbers()
            .translation(NUMBER, NumberTranslationRequest::new(OTHER_NUMBER))
    );

    // iNumbering: orders and ports
    call!(
        run,
        "orderCreate",
        c.i_numbering()
            .order_create(OrderCreateRequest::new(vec![
                OrderCreateRequestNumbersItem::String(NUMBER.into()),
                OrderCreateRequestNumbersItem::Object(
                    OrderCreateRequestNumbersItemObject::new()
                        .with_number(OTHER_NUMBER)
                        .with_route(GATEWAY_ID)
                ),
            ]))
            .idempotency_key("order-0001_a")
    );
    call!(run, "portList", c.i_numbering().port_list());
    call!(
        run,
        "portSubmit",
        c.i_numbering().port_submit(port_submit_request())
    );
    call!(
        run,
        "portAvailability",
        c.i_numbering().port_availability(THIRD_NUMBER)
    );
    call!(run, "portGet", c.i_numbering().port_get(PORT_ID));

    // Support
    call!(run, "ticketsList", c.support().tickets_list());
    call!(
        run,
        "ticketsCreate",
        c.support().tickets_create(
            TicketCreateRequest::new(TicketCreateRequestRequired {
                message: "My number does not ring.".into(),
                subject: "Inbound calls".into(),
            })
            .with_email("owner@example.com")
        )
    );
    call!(run, "ticketsDelete", c.support().tickets_delete(TICKET_ID));
    call!(run, "ticketsGet", c.support().tickets_get(TICKET_ID));
    call!(
        run,
        "ticketsPut",
        c.support().tickets_put(
            TICKET_ID,
            TicketUpdateRequest::new(TicketUpdateRequestStatus::Closed)
        )
    );
    call!(
        run,
        "supportTicketMessages",
        c.support().ticket_messages(TICKET_ID)
    );
    call!(
        run,
        "supportTicketReplyCreate",
        c.support()
            .ticket_reply_create(TICKET_ID, TicketReplyRequest::new("Thanks, it works now."))
    );
}

fn port_submit_request() -> PortSubmitRequest {
    PortSubmitRequest::new(PortSubmitRequestRequired {
        auth_person: "Jane Doe".into(),
        city: "Newark".into(),
        country: "US".into(),
        did: vec![THIRD_NUMBER.into()],
        lc_account_number: "ACCT-998877".into(),
        lc_btn: THIRD_NUMBER.into(),
        name: "Acme Corp".into(),
        name_type: PortSubmitRequestNameType::Business,
        state: "NJ".into(),
        street: "Main".into(),
        street_number: "100".into(),
        street_type: "St".into(),
        zip: "07102".into(),
    })
    .with_building("B")
    .with_desired_due_date("2026-12-15T12:00:00Z")
    .with_features(vec![PortFeature::new()
        .with_lidb(PortFeatureLidb::new().with_name("ACME CORP"))
        .with_number(THIRD_NUMBER)
        .with_routing(PortFeatureRouting::new().with_gateway_id(GATEWAY_ID))
        .with_sms(PortFeatureSms::new().with_campaign_id(CAMPAIGN))])
    .with_floor("2")
    .with_pin("1234")
    .with_room("210")
    .with_street_prefix(PortSubmitRequestStreetPrefix::N)
    .with_street_suffix(PortSubmitRequestStreetSuffix::Sw)
    .with_unit_value("200")
}

// ---------------------------------------------------------------------------
// The test

/// Runs every operation against a fresh Prism in `mode`; returns the problems found.
async fn run_against_prism(bin: &Path, spec_path: &Path, spec: &Spec, mode: Mode) -> Vec<String> {
    let started = Instant::now();
    let prism = Prism::start(bin, spec_path, mode);
    let relay = Relay::start(prism.addr);
    println!(
        "{mode:?}: Prism listening on {} after {:.1} s (relay on {})",
        prism.addr,
        started.elapsed().as_secs_f64(),
        relay.addr,
    );

    let mut run = Run {
        spec,
        relay: &relay,
        called: Vec::new(),
        failed: BTreeSet::new(),
        failures: Vec::new(),
        warnings: Vec::new(),
    };
    call_every_operation(&client(&format!("http://{}", relay.addr)), &mut run).await;

    let mut problems = Vec::new();
    // Every operation of the spec, each once.
    let called: BTreeSet<&str> = run.called.iter().copied().collect();
    if run.called.len() != OPERATION_COUNT || called.len() != OPERATION_COUNT {
        problems.push(format!(
            "expected {OPERATION_COUNT} distinct operations, called {} ({} distinct)",
            run.called.len(),
            called.len()
        ));
    }
    let in_spec: BTreeSet<&str> = spec.operations().iter().map(|op| op.id).collect();
    let not_called: Vec<&str> = in_spec.difference(&called).copied().collect();
    let not_in_spec: Vec<&str> = called.difference(&in_spec).copied().collect();
    if !not_called.is_empty() {
        problems.push(format!("in the spec but not called: {not_called:?}"));
    }
    if !not_in_spec.is_empty() {
        problems.push(format!("called but not in the spec: {not_in_spec:?}"));
    }
    problems.extend(relay.errors());

    for warning in &run.warnings {
        println!("{mode:?}: warning: {warning}");
    }
    println!(
        "{mode:?}: {}/{} operations passed every check ({:.1} s)",
        run.called.len() - run.failed.len(),
        run.called.len(),
        started.elapsed().as_secs_f64()
    );
    problems.extend(run.failures);
    drop(relay);
    let log = prism.log.clone();
    drop(prism);
    if problems.is_empty() {
        let _ = std::fs::remove_file(&log);
    } else {
        problems.push(format!("(Prism's log: {})", log.display()));
    }
    problems
        .into_iter()
        .map(|p| format!("[{mode:?}] {p}"))
        .collect()
}

#[tokio::test]
async fn every_operation_is_accepted_by_prism_and_decodes() {
    let root = workspace_root();
    let spec_path = root.join("spec/voicetel.yaml");
    let text = std::fs::read_to_string(&spec_path).expect("read spec/voicetel.yaml");

    // The spec's operationIds, by a plain scan of the text and as parsed.
    let scanned = spec_operation_ids(&text);
    let distinct: BTreeSet<&str> = scanned.iter().map(String::as_str).collect();
    assert!(
        scanned.len() == OPERATION_COUNT && distinct.len() == OPERATION_COUNT,
        "expected {OPERATION_COUNT} distinct operationIds in {}, found {} ({} distinct)",
        spec_path.display(),
        scanned.len(),
        distinct.len()
    );
    let spec = Spec::parse(&text, &spec_path.display().to_string());
    let parsed: BTreeSet<&str> = spec.operations().iter().map(|op| op.id).collect();
    assert_eq!(
        parsed, distinct,
        "the operations of the parsed spec are not the operationId lines of its text"
    );

    let bin = prism_bin(&root);
    let mut problems = Vec::new();
    for mode in [Mode::Static, Mode::Dynamic] {
        problems.extend(run_against_prism(&bin, &spec_path, &spec, mode).await);
    }
    assert!(
        problems.is_empty(),
        "{} problem(s) against Prism:\n  {}",
        problems
            .iter()
            .filter(|p| !p.contains("(Prism's log"))
            .count(),
        problems.join("\n  ")
    );
}
