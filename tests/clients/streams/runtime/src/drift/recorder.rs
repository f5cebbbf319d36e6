//! The recorder a client is built with: it keeps one entry per place where
//! responses departed from the spec, counts repeats, holds a bounded number of
//! places, and hands records to the sink the application chose.
//!
//! A place seen for the first time goes to the sink at once, with a count of
//! one (or of its repeats in that response); later sightings are only counted
//! and go out, as the count since the last delivery, when the recorder is
//! flushed: by [`DriftRecorder::flush`], and when the last handle is dropped.
//! Summing the counts of every line of a log therefore gives the total.

use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use super::record::DriftRecord;

/// Where drift records go.
pub trait DriftSink: Send + Sync + 'static {
    /// Receives records: places seen for the first time, or, on a flush, the
    /// places seen again since, each with its count since.
    fn deliver(&self, records: &[DriftRecord]);
}

/// Records where responses depart from the spec; given to a client with
/// `ClientBuilder::record_drift` (the `drift` feature). Cheap to clone: clones
/// share one set of places, so the application keeps a handle to flush.
///
// Not run: this file is compiled into every generated crate, where paths differ.
/// ```ignore
/// let recorder = DriftRecorder::json_lines("drift.jsonl")?;
/// let client = Client::builder().record_drift(recorder.clone()).build()?;
/// // ... calls ...
/// recorder.flush();
/// ```
#[derive(Clone)]
pub struct DriftRecorder {
    shared: Arc<Shared>,
}

struct Shared {
    sink: Box<dyn DriftSink>,
    max_places: AtomicUsize,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    /// By [`DriftRecord::key`]: the record as first seen, and its count since delivered.
    places: HashMap<String, (DriftRecord, u64)>,
    /// Sightings of places beyond the bound, not kept.
    dropped: u64,
}

impl std::fmt::Debug for DriftRecorder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DriftRecorder")
            .field("places", &self.places())
            .field("dropped", &self.dropped())
            .finish()
    }
}

/// How many places a recorder keeps unless told otherwise.
const DEFAULT_MAX_PLACES: usize = 1000;

impl DriftRecorder {
    /// A recorder delivering to `sink`.
    pub fn new(sink: impl DriftSink) -> Self {
        Self {
            shared: Arc::new(Shared {
                sink: Box::new(sink),
                max_places: AtomicUsize::new(DEFAULT_MAX_PLACES),
                state: Mutex::new(State::default()),
            }),
        }
    }

    /// A recorder appending records as JSON Lines to the file at `path`
    /// (created if missing): what `cargo xtask drift` reads.
    ///
    /// # Errors
    /// When the file cannot be opened for appending.
    pub fn json_lines(path: impl AsRef<Path>) -> io::Result<Self> {
        let file = OpenOptions::new().create(true).append(true).open(path)?;
        Ok(Self::new(JsonLines {
            file: Mutex::new(file),
        }))
    }

    /// A recorder calling `f` with each record.
    pub fn callback(f: impl Fn(&DriftRecord) + Send + Sync + 'static) -> Self {
        Self::new(Callback(f))
    }

    /// A recorder emitting each record as a `tracing` event (level `INFO`,
    /// target `drift`).
    pub fn tracing() -> Self {
        Self::new(Tracing)
    }

    /// Keeps at most `n` places (1000 unless set); sightings of further
    /// places are counted in [`dropped`](Self::dropped), and the first of them
    /// is a `tracing` warning.
    pub fn max_places(self, n: usize) -> Self {
        self.shared.max_places.store(n, Ordering::Relaxed);
        self
    }

    /// Delivers the places seen again since they were last delivered, with
    /// their counts since.
    pub fn flush(&self) {
        self.shared.flush();
    }

    /// How many places are kept.
    pub fn places(&self) -> usize {
        self.shared.state().places.len()
    }

    /// Sightings not kept because the bound was reached.
    pub fn dropped(&self) -> u64 {
        self.shared.state().dropped
    }

    /// Whether a place is kept already (see [`DriftRecord::key`]).
    pub(crate) fn holds(&self, key: &str) -> bool {
        self.shared.state().places.contains_key(key)
    }

    /// Takes the records of one response, each with its key.
    pub(crate) fn record(&self, found: Vec<(String, DriftRecord)>) {
        if found.is_empty() {
            return;
        }
        let max = self.shared.max_places.load(Ordering::Relaxed);
        let mut fresh = Vec::new();
        {
            let mut state = self.shared.state();
            for (key, record) in found {
                if let Some((_, pending)) = state.places.get_mut(&key) {
                    *pending += record.count;
                } else if state.places.len() < max {
                    state.places.insert(key, (record.clone(), 0));
                    fresh.push(record);
                } else {
                    if state.dropped == 0 {
                        tracing::warn!(
                            target: "drift",
                            max,
                            "drift recorder is full: further places are counted, not kept"
                        );
                    }
                    state.dropped += record.count;
                }
            }
        }
        // Outside the lock: a sink may be slow, or record drift of its own.
        if !fresh.is_empty() {
            self.shared.sink.deliver(&fresh);
        }
    }
}

impl Shared {
    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        // A sink that panicked left whole entries behind: still usable.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn flush(&self) {
        let mut due: Vec<DriftRecord> = {
            let mut state = self.state();
            state
                .places
                .values_mut()
                .filter(|(_, pending)| *pending > 0)
                .map(|(record, pending)| {
                    let mut record = record.clone();
                    record.count = std::mem::take(pending);
                    record
                })
                .collect()
        };
        if !due.is_empty() {
            // Deterministic order for a log read by people too.
            due.sort_by_key(DriftRecord::key);
            self.sink.deliver(&due);
        }
    }
}

impl Drop for Shared {
    fn drop(&mut self) {
        self.flush();
    }
}

/// [`DriftRecorder::json_lines`]'s sink.
struct JsonLines {
    file: Mutex<File>,
}

impl DriftSink for JsonLines {
    fn deliver(&self, records: &[DriftRecord]) {
        let mut text = String::new();
        for record in records {
            if let Ok(line) = serde_json::to_string(record) {
                text.push_str(&line);
                text.push('\n');
            }
        }
        let mut file = self.file.lock().unwrap_or_else(PoisonError::into_inner);
        // One write per delivery, so lines of two clients sharing a file never interleave.
        if let Err(e) = file.write_all(text.as_bytes()) {
            tracing::warn!(target: "drift", error = %e, "cannot write the drift log");
        }
    }
}

/// [`DriftRecorder::callback`]'s sink.
struct Callback<F>(F);

impl<F: Fn(&DriftRecord) + Send + Sync + 'static> DriftSink for Callback<F> {
    fn deliver(&self, records: &[DriftRecord]) {
        records.iter().for_each(&self.0);
    }
}

/// [`DriftRecorder::tracing`]'s sink.
struct Tracing;

impl DriftSink for Tracing {
    fn deliver(&self, records: &[DriftRecord]) {
        for r in records {
            tracing::info!(
                target: "drift",
                operation = r.operation,
                status = r.status,
                kind = ?r.kind,
                schema = %r.schema,
                at = r.at.as_deref().unwrap_or(""),
                property = r.property.as_deref().unwrap_or(""),
                count = r.count,
                "response departs from the spec"
            );
        }
    }
}
