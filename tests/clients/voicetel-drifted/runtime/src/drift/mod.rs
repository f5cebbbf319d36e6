//! Drift: where the server's responses depart from the spec, recorded by the
//! client while it still decodes them (the `drift` feature).
//!
//! Every real API departs from its published spec somewhere: a property the
//! spec never declares, an enum value it does not list, `null` where it says
//! string, a status it does not mention. A client built with
//! `record_drift(recorder)` checks each response against what its operation
//! declares ([`shape`], written by the generator into the crate's `drift`
//! module) and gives a [`DriftRecorder`] one [`DriftRecord`] per place, with
//! counts, to a sink the application chooses. `cargo xtask drift` turns a log
//! of them into an overlay that makes the spec describe what the server does.
//!
//! Records carry types and string formats, never the data: the one value a
//! record holds is an enum value the spec does not list, and not when the
//! place is a secret or the value is one of the client's credentials.
//! Without the feature nothing of this is compiled; with it but without a
//! recorder, a call pays one branch.

mod json;
mod record;
mod recorder;
pub mod shape;
mod sketch;
mod walk;

#[cfg(test)]
mod tests;

use reqwest::header::HeaderMap;

pub use self::record::{DriftKind, DriftRecord};
pub use self::recorder::{DriftRecorder, DriftSink};

/// A client's recorder with the spec it checks against.
#[derive(Debug, Clone)]
pub(crate) struct Active {
    pub(crate) recorder: DriftRecorder,
    pub(crate) spec: &'static shape::Spec,
}

impl Active {
    /// Checks one response of operation `id` and records what departs.
    pub(crate) fn observe(
        &self,
        id: &str,
        status: u16,
        headers: &HeaderMap,
        body: &[u8],
        secrets: &[String],
    ) {
        let Some(op) = self.spec.operation(id) else {
            return;
        };
        let content_type = crate::response::media_type(headers);
        let known = |key: &str| self.recorder.holds(key);
        let found = walk::check(
            self.spec,
            op,
            status,
            content_type.as_deref(),
            body,
            secrets,
            &known,
        );
        self.recorder.record(found);
    }
}
