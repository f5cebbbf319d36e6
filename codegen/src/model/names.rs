//! Rust names for spec names: case conversion, characters Rust identifiers
//! cannot hold, keywords, and collisions. Names are resolved once, here, so
//! emit never has to think about them.
//!
//! A public name never depends on the order of the spec, nor on parts of it
//! unrelated to the named thing, so editing one schema or operation renames
//! nothing else:
//! - a component schema is named after its key; keys that read the same in
//!   Rust are suffixed in sorted key order;
//! - an inline schema (object, enum, union) is named after its context: the
//!   parent's name plus the property path (`AccountCredits` › `status` is
//!   `AccountCreditsStatus`; array items add `Item`, map values `Value`,
//!   operation parts `Body`, `Response`, `Error404` or the parameter's name);
//! - identical inline schemas are not merged into one type, since the merged
//!   type's name would then depend on the other sites (a new identical enum
//!   elsewhere could rename it): each site keeps its own type;
//! - when two inline contexts want the same name, they claim it in the order
//!   of their JSON pointers, after every component has claimed its own.

use std::collections::BTreeSet;

use heck::{ToPascalCase, ToSnakeCase};

/// Words that cannot be identifiers at all, not even raw (`r#self` is invalid).
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Strict and reserved keywords of Rust 2021, usable as raw identifiers.
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "dyn", "else", "enum", "extern", "false",
    "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref",
    "return", "static", "struct", "trait", "true", "type", "unsafe", "use", "where", "while",
    "abstract", "become", "box", "do", "final", "gen", "macro", "override", "priv", "try",
    "typeof", "unsized", "virtual", "yield",
];

/// Names of the prelude and of the generated crate's own items and imports
/// (`serde`'s traits in `types.rs`, the runtime's types in the API modules),
/// which a type or request builder must not shadow.
const RESERVED_TYPES: &[&str] = &[
    // The Rust 2021 prelude.
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "String",
    "ToString",
    "Vec",
    "Box",
    "ToOwned",
    "Self",
    "Copy",
    "Send",
    "Sized",
    "Sync",
    "Unpin",
    "Drop",
    "Fn",
    "FnMut",
    "FnOnce",
    "Clone",
    "PartialEq",
    "PartialOrd",
    "Eq",
    "Ord",
    "AsRef",
    "AsMut",
    "Into",
    "From",
    "Default",
    "Iterator",
    "Extend",
    "IntoIterator",
    "DoubleEndedIterator",
    "ExactSizeIterator",
    "TryFrom",
    "TryInto",
    "FromIterator",
    // Imported or defined by the generated crate.
    "Serialize",
    "Deserialize",
    "CallOptions",
    "Client",
    "ClientBuilder",
    "Error",
    "Response",
    "Nullable",
    "Envelope",
    "Value",
    "Map",
    "BTreeMap",
    "HashMap",
];

/// Keeps ASCII letters and digits, splitting words at everything else;
/// non-ASCII letters are spelled out by code point so distinct names stay distinct.
/// A plural acronym (`CDRs`, `IDs`) stays one word rather than `cd_rs`.
fn ascii_words(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let chars: Vec<char> = raw.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let plural_acronym = c == 's'
            && i >= 2
            && chars[i - 1].is_ascii_uppercase()
            && chars[i - 2].is_ascii_uppercase()
            && chars.get(i + 1).is_none_or(|n| !n.is_ascii_lowercase());
        if plural_acronym {
            out.push('S');
            continue;
        }
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if c.is_alphanumeric() {
            out.push_str(&format!(" u{:x} ", c as u32));
        } else {
            out.push(' ');
        }
    }
    out
}

/// A `PascalCase` type or variant name; `fallback` when nothing usable is left.
pub fn type_name(raw: &str, fallback: &str) -> String {
    let mut name = ascii_words(raw).to_pascal_case();
    if name.is_empty() {
        name = fallback.to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'V');
    }
    if RESERVED_TYPES.contains(&name.as_str()) {
        name.push_str("Value");
    }
    name
}

/// A `snake_case` field, method or module name; keywords become raw identifiers
/// (`r#type`) and the few words that cannot be raw get a trailing underscore.
pub fn field_name(raw: &str, fallback: &str) -> String {
    let mut name = ascii_words(raw).to_snake_case();
    if name.is_empty() {
        name = fallback.to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, '_');
    }
    if NOT_RAW.contains(&name.as_str()) {
        name.push('_');
    } else if KEYWORDS.contains(&name.as_str()) {
        name.insert_str(0, "r#");
    }
    name
}

/// Comparison operators a name may end in (`StartTime<`, `price>=`), longest
/// first, with their word and their word for a date or date-time.
const SYMBOLS: &[(&str, &str, &str)] = &[
    ("<=", "lte", "on_or_before"),
    (">=", "gte", "on_or_after"),
    ("!=", "ne", "ne"),
    ("==", "eq", "eq"),
    ("<", "lt", "before"),
    (">", "gt", "after"),
];

/// Comparison operators written as a bracketed member (`date[gte]`,
/// `created[$lt]`) that read differently for a date or date-time.
const DATED_MEMBERS: &[(&str, &str)] = &[
    ("lt", "before"),
    ("lte", "on_or_before"),
    ("le", "on_or_before"),
    ("gt", "after"),
    ("gte", "on_or_after"),
    ("ge", "on_or_after"),
];

/// A parameter's or member's name with a comparison operator it ends in
/// spelled as a word, so `StartTime<` and `StartTime>` read as `start_time_lt`
/// and `start_time_gt` rather than as numbered copies of `start_time`; for a
/// `date` or `date-time` value (`dated`) the words are `before` and `after`
/// (`start_time_before`, `date[gte]` as `date_on_or_after`). Other names are
/// [`field_name`]s.
pub fn member_name(raw: &str, dated: bool, fallback: &str) -> String {
    field_name(
        &spelled_operator(raw, dated).unwrap_or_else(|| raw.to_owned()),
        fallback,
    )
}

fn spelled_operator(raw: &str, dated: bool) -> Option<String> {
    let raw = raw.trim_end();
    let has_word = |base: &str| base.bytes().any(|b| b.is_ascii_alphanumeric());
    for (symbol, word, date_word) in SYMBOLS {
        if let Some(base) = raw.strip_suffix(symbol).filter(|b| has_word(b)) {
            let word = if dated { date_word } else { word };
            return Some(format!("{base} {word}"));
        }
    }
    let (base, member) = raw.strip_suffix(']')?.rsplit_once('[')?;
    let member = member.trim_start_matches('$').to_ascii_lowercase();
    let (_, date_word) = DATED_MEMBERS.iter().find(|(m, _)| *m == member)?;
    (dated && has_word(base)).then(|| format!("{base} {date_word}"))
}

/// Whether a snake-case word is a keyword (so it cannot stand as a plain method name).
pub fn is_keyword(name: &str) -> bool {
    KEYWORDS.contains(&name) || NOT_RAW.contains(&name)
}

/// `SCREAMING_SNAKE_CASE` for statics.
pub fn const_name(raw: &str) -> String {
    let name = ascii_words(raw).to_snake_case().to_uppercase();
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("OP_{name}")
    } else {
        name
    }
}

/// A scope in which names must be unique; a taken name gets the smallest free numeric suffix.
#[derive(Debug, Default)]
pub struct Namespace {
    taken: BTreeSet<String>,
}

impl Namespace {
    /// A namespace with some names already taken.
    pub fn with_taken<'a>(names: impl IntoIterator<Item = &'a str>) -> Self {
        Self {
            taken: names
                .into_iter()
                .map(|n| n.trim_start_matches("r#").to_owned())
                .collect(),
        }
    }

    /// Claims `name`; when it is taken, `name` with `suffix` (reads better
    /// than a number: `basic_auth` beside a builtin `basic`), then numbers.
    pub fn claim_readable(&mut self, name: String, suffix: &str) -> String {
        let bare = name.trim_start_matches("r#");
        if self.taken.contains(bare) {
            let with_suffix = format!("{bare}{suffix}");
            if !self.taken.contains(&with_suffix) {
                return self.claim(with_suffix);
            }
        }
        self.claim(name)
    }

    /// Claims `name`, or `name2`, `name3`, ... when it is taken.
    pub fn claim(&mut self, name: String) -> String {
        let bare = name.trim_start_matches("r#").to_owned();
        if self.taken.insert(bare.clone()) {
            return name;
        }
        let sep = if bare.ends_with(|c: char| c.is_ascii_digit()) {
            "_"
        } else {
            ""
        };
        (2..)
            .map(|n| format!("{bare}{sep}{n}"))
            .find(|candidate| self.taken.insert(candidate.clone()))
            .unwrap_or(bare)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_keywords_digits_and_symbols() {
        assert_eq!(type_name("accountGetResponse", "T"), "AccountGetResponse");
        assert_eq!(type_name("lrnData2", "T"), "LrnData2");
        assert_eq!(type_name("2fa-settings", "T"), "V2faSettings");
        assert_eq!(type_name("$$$", "Inline"), "Inline");
        assert_eq!(type_name("Self", "T"), "SelfValue");
        assert_eq!(field_name("type", "f"), "r#type");
        assert_eq!(field_name("self", "f"), "self_");
        assert_eq!(field_name("Idempotency-Key", "f"), "idempotency_key");
        assert_eq!(field_name("page[number]", "f"), "page_number");
        assert_eq!(field_name("1st", "f"), "_1st");
        assert_eq!(field_name("+", "field"), "field");
        assert_ne!(field_name("größe", "f"), field_name("grösse", "f"));
        assert_eq!(const_name("numbersGet"), "NUMBERS_GET");
        assert_eq!(field_name("CDRs", "f"), "cdrs");
        assert_eq!(type_name("listCDRsByIDs", "T"), "ListCdrsByIds");
        assert_eq!(field_name("DNSserver", "f"), "dn_sserver");
    }

    #[test]
    fn comparison_operators_read_as_words() {
        assert_eq!(member_name("StartTime<", false, "p"), "start_time_lt");
        assert_eq!(member_name("StartTime>", false, "p"), "start_time_gt");
        assert_eq!(member_name("price>=", false, "p"), "price_gte");
        assert_eq!(member_name("price <=", false, "p"), "price_lte");
        assert_eq!(member_name("status!=", false, "p"), "status_ne");
        assert_eq!(member_name("status==", false, "p"), "status_eq");
        assert_eq!(member_name("created[lt]", false, "p"), "created_lt");
        assert_eq!(member_name("amount[$gte]", false, "p"), "amount_gte");
        assert_eq!(member_name("id[in]", false, "p"), "id_in");
        // Dates are before or after.
        assert_eq!(member_name("StartTime<", true, "p"), "start_time_before");
        assert_eq!(member_name("StartTime>", true, "p"), "start_time_after");
        assert_eq!(member_name("date[gte]", true, "p"), "date_on_or_after");
        assert_eq!(member_name("date[lte]", true, "p"), "date_on_or_before");
        assert_eq!(
            member_name("filter[created][lt]", true, "p"),
            "filter_created_before"
        );
        // Nothing else changes: no operator, or nothing before it.
        assert_eq!(member_name("StartTime", true, "p"), "start_time");
        assert_eq!(member_name("fields[account]", true, "p"), "fields_account");
        assert_eq!(member_name("<", false, "p"), "p");
        assert_eq!(member_name("[gt]", true, "p"), "gt");
    }

    #[test]
    fn collisions_get_suffixes() {
        let mut ns = Namespace::with_taken(["Client"]);
        assert_eq!(ns.claim("Client".into()), "Client2");
        assert_eq!(ns.claim("Foo".into()), "Foo");
        assert_eq!(ns.claim("Foo".into()), "Foo2");
        assert_eq!(ns.claim("Foo".into()), "Foo3");
        assert_eq!(ns.claim("Lrn2".into()), "Lrn2");
        assert_eq!(ns.claim("Lrn2".into()), "Lrn2_2");
        let mut fields = Namespace::default();
        assert_eq!(fields.claim("r#type".into()), "r#type");
        assert_eq!(fields.claim("r#type".into()), "type2");
    }
}
