//! Client-side checks of the spec's constraints, run before a request is sent.
//!
//! `pattern`s are checked with the `patterns` feature (on by default), which
//! compiles the `regress` engine; without it a `pattern` accepts every value,
//! as validation is off unless asked for and most applications never pay for it.

#[cfg(feature = "patterns")]
use std::sync::OnceLock;

#[cfg(feature = "patterns")]
use regress::{Flags, Regex};

use super::error::ValidationError;

/// A `pattern` from the spec, compiled on first use.
#[derive(Debug)]
pub struct Pattern {
    source: &'static str,
    #[cfg(feature = "patterns")]
    compiled: OnceLock<Option<Regex>>,
}

/// Compiles an ECMA-262 pattern the way JSON Schema validators read one: in
/// Unicode mode (`u`), so `\p{L}` is a letter class. A pattern valid only
/// without it (identity escapes such as `\_`) is read in legacy mode, unless
/// it uses `\p{..}`/`\P{..}`, whose legacy meaning (a literal `p`) is never
/// what was meant. The generator decides the same way, so a pattern it keeps
/// compiles here.
#[cfg(feature = "patterns")]
pub fn compile_pattern(source: &str) -> Option<Regex> {
    let unicode = Flags {
        unicode: true,
        ..Flags::default()
    };
    Regex::with_flags(source, unicode).ok().or_else(|| {
        let property_class = source.contains("\\p{") || source.contains("\\P{");
        if property_class {
            None
        } else {
            Regex::new(source).ok()
        }
    })
}

impl Pattern {
    /// A pattern from its source text (ECMA-262 syntax as the spec writes it).
    pub const fn new(source: &'static str) -> Self {
        Self {
            source,
            #[cfg(feature = "patterns")]
            compiled: OnceLock::new(),
        }
    }

    /// Whether `value` matches (anywhere, as JSON Schema's `pattern` is not
    /// anchored). A pattern that does not compile (the generator leaves such
    /// checks out, so only a hand edit gets here) accepts every value rather
    /// than blocking calls the server may accept; so does every pattern
    /// without the `patterns` feature.
    #[cfg(not(feature = "patterns"))]
    pub fn is_match(&self, _value: &str) -> bool {
        true
    }

    /// Whether `value` matches (anywhere, as JSON Schema's `pattern` is not
    /// anchored). A pattern that does not compile (the generator leaves such
    /// checks out, so only a hand edit gets here) accepts every value rather
    /// than blocking calls the server may accept; so does every pattern
    /// without the `patterns` feature.
    #[cfg(feature = "patterns")]
    pub fn is_match(&self, value: &str) -> bool {
        // A `match` rather than `is_none_or`, which is newer than the oldest
        // Rust this file is built with.
        match self.compiled.get_or_init(|| compile_pattern(self.source)) {
            Some(re) => re.find(value).is_some(),
            None => true,
        }
    }

    /// The pattern's source text.
    pub fn source(&self) -> &'static str {
        self.source
    }
}

/// A type whose values can be checked against the spec's constraints.
pub trait Validate {
    /// Reports the first broken constraint to `v`.
    fn validate(&self, v: &mut Validator);
}

// Containers validate what they hold, so a named alias of an array or map of
// validating types (`pub type Actions = Vec<Action>;`) validates like its items.
impl<T: Validate> Validate for Vec<T> {
    fn validate(&self, v: &mut Validator) {
        for (i, item) in self.iter().enumerate() {
            v.enter_index(i);
            item.validate(v);
            v.leave();
        }
    }
}

impl<T: Validate> Validate for Option<T> {
    fn validate(&self, v: &mut Validator) {
        if let Some(value) = self {
            value.validate(v);
        }
    }
}

impl<T: Validate + ?Sized> Validate for Box<T> {
    fn validate(&self, v: &mut Validator) {
        (**self).validate(v);
    }
}

impl<T: Validate> Validate for std::collections::BTreeMap<String, T> {
    fn validate(&self, v: &mut Validator) {
        for (key, value) in self {
            v.enter(key);
            value.validate(v);
            v.leave();
        }
    }
}

/// Collects the first broken constraint, with the path of the field that broke it.
#[derive(Debug)]
pub struct Validator {
    operation: &'static str,
    path: String,
    marks: Vec<usize>,
    error: Option<ValidationError>,
}

impl Validator {
    /// A validator for a request of `operation`.
    pub fn new(operation: &'static str) -> Self {
        Self {
            operation,
            path: String::new(),
            marks: Vec::new(),
            error: None,
        }
    }

    /// Descends into field `name`.
    pub fn enter(&mut self, name: &str) {
        self.marks.push(self.path.len());
        // An empty name checks the current value itself (an array item, a union's inner value).
        if name.is_empty() {
            return;
        }
        if !self.path.is_empty() {
            self.path.push('.');
        }
        self.path.push_str(name);
    }

    /// Descends into item `index` of the current array.
    pub fn enter_index(&mut self, index: usize) {
        self.marks.push(self.path.len());
        self.path.push_str(&format!("[{index}]"));
    }

    /// Goes back up one level.
    pub fn leave(&mut self) {
        if let Some(len) = self.marks.pop() {
            self.path.truncate(len);
        }
    }

    /// Validates every item of an array field.
    pub fn items<T: Validate>(&mut self, name: &str, items: &[T]) {
        self.enter(name);
        for (i, item) in items.iter().enumerate() {
            self.enter_index(i);
            item.validate(self);
            self.leave();
        }
        self.leave();
    }

    /// Validates a nested object field.
    pub fn nested<T: Validate>(&mut self, name: &str, value: &T) {
        self.enter(name);
        value.validate(self);
        self.leave();
    }

    /// Records a failure of field `name` unless one is recorded already.
    pub fn fail(&mut self, name: &str, reason: String) {
        if self.error.is_none() {
            self.enter(name);
            self.error = Some(ValidationError {
                operation: self.operation,
                field: self.path.clone(),
                reason,
            });
            self.leave();
        }
    }

    /// Checks a string against a `pattern`.
    pub fn pattern(&mut self, name: &str, value: &str, pattern: &Pattern) {
        if self.error.is_none() && !pattern.is_match(value) {
            self.fail(
                name,
                format!("{value:?} does not match the pattern {}", pattern.source()),
            );
        }
    }

    /// Checks `minLength`/`maxLength`, counted in characters as JSON Schema does.
    pub fn length(&mut self, name: &str, value: &str, min: Option<u64>, max: Option<u64>) {
        if self.error.is_some() {
            return;
        }
        let len = value.chars().count() as u64;
        if let Some(min) = min.filter(|&m| len < m) {
            self.fail(
                name,
                format!("is {len} characters long, shorter than the minimum {min}"),
            );
        } else if let Some(max) = max.filter(|&m| len > m) {
            self.fail(
                name,
                format!("is {len} characters long, longer than the maximum {max}"),
            );
        }
    }

    /// Checks `minItems`/`maxItems`.
    pub fn count(&mut self, name: &str, len: usize, min: Option<u64>, max: Option<u64>) {
        if self.error.is_some() {
            return;
        }
        let len = len as u64;
        if let Some(min) = min.filter(|&m| len < m) {
            self.fail(
                name,
                format!("has {len} items, fewer than the minimum {min}"),
            );
        } else if let Some(max) = max.filter(|&m| len > m) {
            self.fail(
                name,
                format!("has {len} items, more than the maximum {max}"),
            );
        }
    }

    /// Checks `minimum`/`maximum` (`exclusive` flags for the 3.1 numeric forms).
    pub fn range(
        &mut self,
        name: &str,
        value: f64,
        min: Option<(f64, bool)>,
        max: Option<(f64, bool)>,
    ) {
        if self.error.is_some() {
            return;
        }
        if let Some((m, exclusive)) = min {
            if value < m || (exclusive && value == m) {
                let op = if exclusive {
                    "greater than"
                } else {
                    "at least"
                };
                return self.fail(name, format!("is {value}, must be {op} {m}"));
            }
        }
        if let Some((m, exclusive)) = max {
            if value > m || (exclusive && value == m) {
                let op = if exclusive { "less than" } else { "at most" };
                self.fail(name, format!("is {value}, must be {op} {m}"));
            }
        }
    }

    /// Checks that a string is one of the values an `enum` allows
    /// (for enum types whose fallback variant holds an unlisted value).
    pub fn one_of(&mut self, name: &str, value: &str, allowed: &[&str]) {
        if self.error.is_none() && !allowed.contains(&value) {
            self.fail(name, format!("{value:?} is not one of {allowed:?}"));
        }
    }

    /// The first failure, if any.
    pub fn finish(self) -> Result<(), ValidationError> {
        self.error.map_or(Ok(()), Err)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static TEN_DIGITS: Pattern = Pattern::new("^[2-9][0-9]{2}[2-9][0-9]{2}[0-9]{4}$");

    struct Number(String);

    impl Validate for Number {
        fn validate(&self, v: &mut Validator) {
            v.pattern("number", &self.0, &TEN_DIGITS);
        }
    }

    #[test]
    fn first_failure_with_its_path() {
        let mut v = Validator::new("orderCreate");
        v.items(
            "numbers",
            &[
                Number("2015551234".into()),
                Number("12".into()),
                Number("x".into()),
            ],
        );
        let err = v.finish().unwrap_err();
        assert_eq!(err.field, "numbers[1].number");
        assert!(err.reason.contains("does not match"), "{}", err.reason);
    }

    #[test]
    fn containers_validate_their_items_with_paths() {
        type Numbers = Vec<Number>;
        let list: Numbers = vec![Number("2015551234".into()), Number("1".into())];
        let mut v = Validator::new("op");
        v.nested("numbers", &list);
        assert_eq!(v.finish().unwrap_err().field, "numbers[1].number");

        let map: std::collections::BTreeMap<String, Option<Box<Number>>> =
            [("home".to_owned(), Some(Box::new(Number("x".into()))))].into();
        let mut v = Validator::new("op");
        v.nested("phones", &map);
        assert_eq!(v.finish().unwrap_err().field, "phones.home.number");

        let mut v = Validator::new("op");
        v.nested("none", &None::<Number>);
        assert!(v.finish().is_ok());
    }

    #[test]
    fn ecma_patterns() {
        // Look-ahead, back-reference, Unicode property class, legacy identity escape.
        static NO_TAGS: Pattern = Pattern::new(r#"^((?!(<|>|\/|\")).)*$"#);
        static DOUBLED: Pattern = Pattern::new(r"^(\w)\1$");
        static LETTERS: Pattern = Pattern::new(r"^\p{L}+$");
        static UNDERSCORE: Pattern = Pattern::new(r"^a\_b$");
        static UNANCHORED: Pattern = Pattern::new("[0-9]");
        assert!(NO_TAGS.is_match("plain text"));
        assert!(!NO_TAGS.is_match("<b>bold</b>"));
        assert!(DOUBLED.is_match("aa"));
        assert!(!DOUBLED.is_match("ab"));
        assert!(LETTERS.is_match("Zoë"));
        assert!(!LETTERS.is_match("Zoë1"));
        assert!(UNDERSCORE.is_match("a_b"));
        assert!(UNANCHORED.is_match("abc1def"));
        assert!(!UNANCHORED.is_match("abc"));
        // A Java class is no ECMA-262 property: not compiled (and so not checked).
        assert!(compile_pattern(r"^\p{Alnum}+$").is_none());
    }

    #[test]
    fn bounds() {
        let mut v = Validator::new("op");
        v.length("id", "abcd", Some(5), Some(5));
        assert_eq!(v.finish().unwrap_err().field, "id");
        let mut v = Validator::new("op");
        v.range("page", 0.0, Some((1.0, false)), None);
        assert!(v.finish().unwrap_err().reason.contains("at least 1"));
        let mut v = Validator::new("op");
        v.range("x", 1.0, Some((1.0, true)), None);
        assert!(v.finish().is_err());
        let mut v = Validator::new("op");
        v.count("ids", 3, None, Some(2));
        v.length("ok", "abc", Some(1), Some(5));
        v.range("ok", 3.0, Some((1.0, false)), Some((5.0, false)));
        assert_eq!(v.finish().unwrap_err().field, "ids");
    }
}
