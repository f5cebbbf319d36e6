//! YAML text straight into JSON values, in one pass. Mapping keys that are
//! not strings (`200:` response codes, `true:`) become their text; integers
//! beyond `i64`/`u64` (`18446744073709552000`, written by serializers that
//! hold every number as a double) become the nearest `f64`, which is what
//! the spec's author meant. The pointer of the node being read is kept, so
//! an error says where it happened.

use std::fmt;

use serde::de::{
    self, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor,
};
use serde_json::{Map, Number, Value};

use crate::error::pointer_token;

/// Parses YAML text into a JSON value; an error comes with the JSON pointer
/// of the node being read.
pub(super) fn to_json(text: &str) -> Result<Value, (String, serde_yaml::Error)> {
    let mut at = String::from("#");
    let result = Node { at: &mut at }.deserialize(serde_yaml::Deserializer::from_str(text));
    // On failure the pointer still names the node that was being read.
    result.map_err(|e| (at, e))
}

/// One node to read, at the pointer held in `at` (appended to and restored
/// around children, so the whole walk shares one buffer).
struct Node<'a> {
    at: &'a mut String,
}

impl<'de> DeserializeSeed<'de> for Node<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

fn float<E: de::Error>(f: f64, at: &str) -> Result<Value, E> {
    Number::from_f64(f)
        .map(Value::Number)
        .ok_or_else(|| E::custom(format!("number {f} at {at} has no JSON form")))
}

impl<'de> Visitor<'de> for Node<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_bool<E>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }

    fn visit_i64<E>(self, i: i64) -> Result<Value, E> {
        Ok(Value::from(i))
    }

    fn visit_u64<E>(self, u: u64) -> Result<Value, E> {
        Ok(Value::from(u))
    }

    #[allow(clippy::cast_precision_loss)] // Beyond 64 bits, a double is the intended value.
    fn visit_i128<E: de::Error>(self, i: i128) -> Result<Value, E> {
        float(i as f64, self.at)
    }

    #[allow(clippy::cast_precision_loss)]
    fn visit_u128<E: de::Error>(self, u: u128) -> Result<Value, E> {
        float(u as f64, self.at)
    }

    fn visit_f64<E: de::Error>(self, f: f64) -> Result<Value, E> {
        float(f, self.at)
    }

    fn visit_str<E>(self, s: &str) -> Result<Value, E> {
        Ok(Value::String(s.to_owned()))
    }

    fn visit_string<E>(self, s: String) -> Result<Value, E> {
        Ok(Value::String(s))
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        let len = self.at.len();
        loop {
            self.at.truncate(len);
            self.at.push('/');
            self.at.push_str(&items.len().to_string());
            match seq.next_element_seed(Node { at: &mut *self.at })? {
                Some(item) => items.push(item),
                None => break,
            }
        }
        self.at.truncate(len);
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        let len = self.at.len();
        while let Some(key) = map.next_key_seed(Key { at: self.at })? {
            self.at.push('/');
            self.at.push_str(&pointer_token(&key));
            let value = map.next_value_seed(Node { at: &mut *self.at })?;
            self.at.truncate(len);
            out.insert(key, value);
        }
        Ok(Value::Object(out))
    }

    /// A tagged node (`!tag value`): the tag carries nothing JSON can hold.
    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        let (_tag, variant) = data.variant::<de::IgnoredAny>()?;
        variant.newtype_variant_seed(self)
    }
}

/// A mapping key: scalars as their text; anything else is an error.
struct Key<'a> {
    at: &'a str,
}

impl<'de> DeserializeSeed<'de> for Key<'_> {
    type Value = String;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<String, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Key<'_> {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a string, number or boolean mapping key in {}", self.at)
    }

    fn visit_str<E>(self, s: &str) -> Result<String, E> {
        Ok(s.to_owned())
    }

    fn visit_string<E>(self, s: String) -> Result<String, E> {
        Ok(s)
    }

    fn visit_bool<E>(self, b: bool) -> Result<String, E> {
        Ok(b.to_string())
    }

    fn visit_i64<E>(self, i: i64) -> Result<String, E> {
        Ok(i.to_string())
    }

    fn visit_u64<E>(self, u: u64) -> Result<String, E> {
        Ok(u.to_string())
    }

    fn visit_i128<E>(self, i: i128) -> Result<String, E> {
        Ok(i.to_string())
    }

    fn visit_u128<E>(self, u: u128) -> Result<String, E> {
        Ok(u.to_string())
    }

    fn visit_f64<E>(self, f: f64) -> Result<String, E> {
        Ok(f.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn integers_beyond_64_bits_become_doubles_and_64_bit_bounds_stay_exact() {
        let v = to_json(
            "a: {minimum: -9223372036854776000, maximum: 18446744073709552000}\n\
             b: {minimum: -9223372036854775808, maximum: 18446744073709551615}\n",
        )
        .unwrap();
        assert_eq!(v["a"]["minimum"].as_f64(), Some(-9.223_372_036_854_776e18));
        assert_eq!(v["a"]["maximum"].as_f64(), Some(1.844_674_407_370_955_2e19));
        assert_eq!(v["b"]["minimum"], json!(i64::MIN));
        assert_eq!(v["b"]["maximum"], json!(u64::MAX));
    }

    #[test]
    fn keys_become_text_and_tags_are_dropped() {
        let v = to_json("200: {x: !custom 3}\ntrue: [1, 2.5, ~]\n").unwrap();
        assert_eq!(v, json!({"200": {"x": 3}, "true": [1, 2.5, null]}));
    }

    #[test]
    fn errors_name_the_node_being_read() {
        let (at, _) = to_json("paths:\n  /a~b:\n    get: [1, .nan]\n").unwrap_err();
        assert_eq!(at, "#/paths/~1a~0b/get/1");
        let (at, e) = to_json("a:\n  ? [1]\n  : 2\n").unwrap_err();
        assert_eq!(at, "#/a", "{e}");
    }
}
