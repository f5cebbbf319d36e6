//! A sketch of what the server sent at one place: the JSON types seen, the
//! string format recognised, and (for objects and arrays) the same of their
//! members. Records carry one as `observed`; the sketches of several records
//! merge into one, and a sketch becomes the schema an overlay adds.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde_json::{json, Map, Value};

use crate::load::Version;

/// A JSON type, as a sketch and JSON Schema name them; ordered as schemas
/// list alternatives (scalars first, `null` last).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum JsonType {
    String,
    Integer,
    Number,
    Boolean,
    Object,
    Array,
    Null,
}

impl JsonType {
    const ALL: [JsonType; 7] = [
        JsonType::String,
        JsonType::Integer,
        JsonType::Number,
        JsonType::Boolean,
        JsonType::Object,
        JsonType::Array,
        JsonType::Null,
    ];

    pub(crate) fn name(self) -> &'static str {
        match self {
            JsonType::String => "string",
            JsonType::Integer => "integer",
            JsonType::Number => "number",
            JsonType::Boolean => "boolean",
            JsonType::Object => "object",
            JsonType::Array => "array",
            JsonType::Null => "null",
        }
    }

    pub(crate) fn from_name(name: &str) -> Option<JsonType> {
        JsonType::ALL.into_iter().find(|t| t.name() == name)
    }

    /// Whether a format (`date-time`, `int64`) can describe values of this type.
    fn takes_format(self) -> bool {
        matches!(
            self,
            JsonType::String | JsonType::Integer | JsonType::Number
        )
    }
}

/// What was seen at one place, merged over every record of it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Sketch {
    pub types: BTreeSet<JsonType>,
    /// The formats seen on scalar values; `""` stands for a scalar seen
    /// with no recognised format, so that a merge of "date" and "no format"
    /// is not mistaken for "always date".
    pub formats: BTreeSet<String>,
    pub properties: BTreeMap<String, Sketch>,
    pub items: Option<Box<Sketch>>,
}

impl Sketch {
    /// A sketch of `null` alone.
    pub(crate) fn null() -> Sketch {
        Sketch {
            types: BTreeSet::from([JsonType::Null]),
            ..Sketch::default()
        }
    }

    /// Reads a sketch (`{"type": "string", "format": "date", "properties":
    /// {...}, "items": {...}}`); `at` names it in errors (`observed.items`).
    pub(crate) fn parse(value: &Value, at: &str) -> Result<Sketch, String> {
        let Value::Object(fields) = value else {
            return Err(format!("`{at}` is not an object"));
        };
        let mut sketch = Sketch::default();
        let names: Vec<&Value> = match fields.get("type") {
            Some(Value::Array(names)) => names.iter().collect(),
            Some(name) => vec![name],
            None => return Err(format!("`{at}` has no `type`")),
        };
        for name in names {
            let parsed = name.as_str().and_then(JsonType::from_name).ok_or_else(|| {
                format!("`{at}.type`: {name} is not a JSON type (string, integer, number, boolean, object, array, null)")
            })?;
            sketch.types.insert(parsed);
        }
        if sketch.types.is_empty() {
            return Err(format!("`{at}.type` names no type"));
        }
        match fields.get("format") {
            None | Some(Value::Null) => {}
            Some(Value::String(format)) if !format.is_empty() => {
                sketch.formats.insert(format.clone());
            }
            Some(other) => return Err(format!("`{at}.format`: {other} is not a format name")),
        }
        if sketch.formats.is_empty() && sketch.types.iter().any(|t| t.takes_format()) {
            sketch.formats.insert(String::new());
        }
        match fields.get("properties") {
            None | Some(Value::Null) => {}
            Some(Value::Object(properties)) => {
                for (name, member) in properties {
                    let member = Sketch::parse(member, &format!("{at}.properties.{name}"))?;
                    sketch.properties.insert(name.clone(), member);
                }
            }
            Some(_) => return Err(format!("`{at}.properties` is not an object")),
        }
        match fields.get("items") {
            None | Some(Value::Null) => {}
            Some(items) => {
                sketch.items = Some(Box::new(Sketch::parse(items, &format!("{at}.items"))?));
            }
        }
        Ok(sketch)
    }

    /// Everything `other` saw, added to this: the union of types, formats,
    /// properties and items (the same whatever order sketches merge in).
    pub(crate) fn merge(&mut self, other: &Sketch) {
        self.types.extend(other.types.iter().copied());
        self.formats.extend(other.formats.iter().cloned());
        for (name, member) in &other.properties {
            match self.properties.get_mut(name) {
                Some(mine) => mine.merge(member),
                None => {
                    self.properties.insert(name.clone(), member.clone());
                }
            }
        }
        match (&mut self.items, &other.items) {
            (Some(mine), Some(theirs)) => mine.merge(theirs),
            (None, Some(theirs)) => self.items = Some(theirs.clone()),
            _ => {}
        }
    }

    /// The one format every scalar seen had, if they agree on one.
    pub(crate) fn agreed_format(&self) -> Option<&str> {
        match self.formats.iter().collect::<Vec<_>>()[..] {
            [only] if !only.is_empty() => Some(only),
            _ => None,
        }
    }

    pub(crate) fn nullable(&self) -> bool {
        self.types.contains(&JsonType::Null)
    }

    /// The types seen other than `null`; `integer` goes where `number` is
    /// also seen, as a number accepts both.
    pub(crate) fn value_types(&self) -> Vec<JsonType> {
        let has_number = self.types.contains(&JsonType::Number);
        self.types
            .iter()
            .copied()
            .filter(|t| *t != JsonType::Null && !(has_number && *t == JsonType::Integer))
            .collect()
    }

    /// The sketch without `null`.
    pub(crate) fn without_null(&self) -> Sketch {
        let mut sketch = self.clone();
        sketch.types.remove(&JsonType::Null);
        sketch
    }

    /// The schema saying what the sketch saw, in the forms of `version`:
    /// `nullable` (3.0), `"null"` in `type` (3.1) or `x-nullable` (2.0) for
    /// a sketch that saw `null`; several types as an `anyOf` (3.0), a type
    /// array (3.1), or any value (2.0, which has no way to say either-or).
    pub(crate) fn schema(&self, version: Version) -> Value {
        let types = self.value_types();
        let mut schema = match (types.as_slice(), version) {
            ([], _) => Map::new(),
            ([only], _) => self.single(*only, version),
            (_, Version::V31 | Version::V32) => {
                let mut schema = Map::new();
                for t in &types {
                    for (key, value) in self.single(*t, version) {
                        if key != "type" {
                            schema.insert(key, value);
                        }
                    }
                }
                let names: Vec<Value> = types.iter().map(|t| json!(t.name())).collect();
                schema.insert("type".into(), Value::Array(names));
                schema
            }
            (_, Version::V30) => {
                let branches: Vec<Value> = types
                    .iter()
                    .map(|t| Value::Object(self.single(*t, version)))
                    .collect();
                Map::from_iter([("anyOf".to_owned(), Value::Array(branches))])
            }
            (_, Version::V20) => Map::new(),
        };
        if self.nullable() {
            match version {
                Version::V30 => {
                    schema.insert("nullable".into(), Value::Bool(true));
                }
                Version::V20 => {
                    schema.insert("x-nullable".into(), Value::Bool(true));
                }
                Version::V31 | Version::V32 => match schema.get_mut("type") {
                    Some(Value::Array(names)) => names.push(json!("null")),
                    Some(name) => *name = json!([name.clone(), "null"]),
                    None => {
                        schema.insert("type".into(), json!("null"));
                    }
                },
            }
        }
        Value::Object(schema)
    }

    /// The schema of one of the sketch's types.
    fn single(&self, t: JsonType, version: Version) -> Map<String, Value> {
        let mut schema = Map::from_iter([("type".to_owned(), json!(t.name()))]);
        match t {
            JsonType::Object if !self.properties.is_empty() => {
                let properties = self
                    .properties
                    .iter()
                    .map(|(name, member)| (name.clone(), member.schema(version)))
                    .collect();
                schema.insert("properties".into(), Value::Object(properties));
            }
            JsonType::Array => {
                let items = self
                    .items
                    .as_ref()
                    .map_or_else(|| json!({}), |items| items.schema(version));
                schema.insert("items".into(), items);
            }
            _ if t.takes_format() => {
                if let Some(format) = self.agreed_format() {
                    schema.insert("format".into(), json!(format));
                }
            }
            _ => {}
        }
        schema
    }
}

/// In words, for descriptions: `string in format date-time`, `integer or string`,
/// `array of object`, `string or null`.
impl fmt::Display for Sketch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut words = Vec::new();
        for t in &self.types {
            let word = match t {
                JsonType::Array => match &self.items {
                    Some(items) => format!("array of {items}"),
                    None => "array".to_owned(),
                },
                t if t.takes_format() => match self.agreed_format() {
                    Some(format) => format!("{} in format {format}", t.name()),
                    None => t.name().to_owned(),
                },
                t => t.name().to_owned(),
            };
            words.push(word);
        }
        f.write_str(&words.join(" or "))
    }
}
