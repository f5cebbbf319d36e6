//! Changes to where the client sends requests: the default server, the
//! servers that can be overridden one by one (`Server` variants) and the
//! server variables' setters.

use super::{push, Change, Kind};
use crate::model::servers::Servers;
use crate::model::Api;

const SUBJECT: &str = "Client::builder()";

/// Reports the default server moving, and server variants and variable
/// setters added or removed. A new variable without a default breaks
/// code that built a client without it: `build()` now fails.
pub fn compare(old: &Api, new: &Api, out: &mut Vec<Change>) {
    let url = |s: &Servers| s.default_server().map(|s| s.url.clone());
    if url(&old.servers) != url(&new.servers) {
        let show = |s: Option<String>| s.map_or("none".to_owned(), |s| format!("`{s}`"));
        let what = format!(
            "default base URL {} (was {})",
            show(url(&new.servers)),
            show(url(&old.servers))
        );
        push(out, Kind::Additive, SUBJECT, what);
    }
    let variants = |s: &Servers| -> Vec<String> {
        let many = s.several();
        s.list
            .iter()
            .filter(|s| many && s.called())
            .map(|s| s.variant.clone())
            .collect()
    };
    let (before, after) = (variants(&old.servers), variants(&new.servers));
    for v in before.iter().filter(|v| !after.contains(v)) {
        let what = format!("server `Server::{v}` removed");
        push(out, Kind::Breaking, SUBJECT, what);
    }
    for v in after.iter().filter(|v| !before.contains(v)) {
        let what = format!("server `Server::{v}` added");
        push(out, Kind::Additive, SUBJECT, what);
    }
    let setters =
        |s: &Servers| -> Vec<String> { s.variables.iter().map(|v| v.setter.clone()).collect() };
    let (before, after) = (setters(&old.servers), setters(&new.servers));
    for m in before.iter().filter(|m| !after.contains(m)) {
        let what = format!("server variable method `{m}` removed");
        push(out, Kind::Breaking, SUBJECT, what);
    }
    let required: Vec<String> = new
        .servers
        .required_variables()
        .iter()
        .map(|v| v.setter.clone())
        .collect();
    for m in after.iter().filter(|m| !before.contains(m)) {
        if required.contains(m) {
            let what =
                format!("server variable method `{m}` added, required: `build()` fails without it");
            push(out, Kind::Breaking, SUBJECT, what);
        } else {
            let what = format!("server variable method `{m}` added");
            push(out, Kind::Additive, SUBJECT, what);
        }
    }
}
