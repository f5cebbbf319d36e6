//! Decoding JSON objects into generated structs: [`decode_object!`] writes a
//! struct's `Deserialize` impl as one `visit_map` loop over its fields.
//!
//! `#[derive(Deserialize)]` writes five times as much code per struct (a
//! field enum, its identifier visitor for strings, bytes and integers, and a
//! sequence visitor besides the map one), and that code is most of what a
//! generated crate costs to build. JSON objects only ever arrive as maps, so
//! the map loop is all a generated client needs. What the derive does for a
//! map, this does too: unknown keys are skipped (or kept, for a struct with
//! additional properties), a missing required key is a `missing field`
//! error and a missing `Option` is `None`; keys are not copied unless the
//! JSON escapes them.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;

/// `impl Deserialize` for a generated struct from its field list.
///
/// ```ignore
/// runtime::decode_object!(Account {
///     required { "id" => id }
///     optional { "name" => name, "type" => r#type }
///     additional additional_properties
/// });
/// ```
///
/// Attributes before the name go on the impl (`#[allow(deprecated)]` for a
/// struct with deprecated fields). Required fields take the value or fail
/// with `missing field` (an `Option` field becomes `None`); optional ones fall
/// back to `Default`. Generated code's, not the API a client's users call.
#[doc(hidden)]
#[macro_export]
macro_rules! decode_object {
    ($(#[$attr:meta])* $ty:ident {
        required { $($rw:literal => $r:ident),* $(,)? }
        optional { $($ow:literal => $o:ident),* $(,)? }
        $(additional $extra:ident)?
    }) => {
        $(#[$attr])*
        impl<'de> $crate::__private::serde::Deserialize<'de> for $ty {
            // `__`-names: a spec's own type names (`A`, `D`, `Visitor`) must not shadow them.
            fn deserialize<__D: $crate::__private::serde::Deserializer<'de>>(
                deserializer: __D,
            ) -> std::result::Result<Self, __D::Error> {
                struct __Visitor;
                impl<'de> $crate::__private::serde::de::Visitor<'de> for __Visitor {
                    type Value = $ty;
                    #[inline]
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str(concat!("struct ", stringify!($ty)))
                    }
                    fn visit_map<__A: $crate::__private::serde::de::MapAccess<'de>>(
                        self,
                        mut map: __A,
                    ) -> std::result::Result<$ty, __A::Error> {
                        $(let mut $r = None;)*
                        $(let mut $o = None;)*
                        $(let mut $extra = std::collections::BTreeMap::new();)?
                        // One `?` for the whole match: each arm is a call, not a branch of its own.
                        while let Some(key) = map.next_key::<$crate::FieldName<'de>>()? {
                            match key.as_str() {
                                $($rw => $crate::next_value(&mut map, &mut $r),)*
                                $($ow => $crate::next_value(&mut map, &mut $o),)*
                                _ => $crate::decode_object!(@other map key $($extra)?),
                            }?;
                        }
                        Ok($ty {
                            $($r: $crate::required($r, $rw)?,)*
                            $($o: $o.unwrap_or_default(),)*
                            $($extra,)?
                        })
                    }
                }
                deserializer.deserialize_map(__Visitor)
            }
        }
    };
    (@other $map:ident $key:ident) => {
        $map.next_value::<$crate::__private::serde::de::IgnoredAny>().map(drop)
    };
    (@other $map:ident $key:ident $extra:ident) => {
        $map.next_value().map(|value| {
            $extra.insert($key.into_string(), value);
        })
    };
}

/// An object key as the deserializer hands it over: borrowed from the input
/// when it can be, owned when the JSON escaped it.
pub struct FieldName<'de>(Cow<'de, str>);

impl<'de> FieldName<'de> {
    /// The key's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The key as an owned string, for a map of additional properties.
    pub fn into_string(self) -> String {
        self.0.into_owned()
    }

    /// The key, still borrowed from the input where it was.
    #[cfg(feature = "drift")]
    pub(crate) fn into_cow(self) -> Cow<'de, str> {
        self.0
    }
}

impl<'de> Deserialize<'de> for FieldName<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = FieldName<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a field name")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(FieldName(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(FieldName(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(FieldName(Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

/// Decodes the value of the key just read into `slot`.
///
/// # Errors
/// When the value does not decode as `T`.
#[inline]
pub fn next_value<'de, A: de::MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
) -> Result<(), A::Error> {
    *slot = Some(map.next_value()?);
    Ok(())
}

/// A required field's value: the one decoded, else as [`missing_field`] decides.
///
/// # Errors
/// When the object lacked the field and `T` is not an `Option`.
#[inline]
pub fn required<'de, T: Deserialize<'de>, E: de::Error>(
    value: Option<T>,
    name: &'static str,
) -> Result<T, E> {
    match value {
        Some(value) => Ok(value),
        None => missing_field(name),
    }
}

/// The value of a required field the object lacks: `None` for an `Option`,
/// else a `missing field` error, as `#[derive(Deserialize)]` decides.
///
/// # Errors
/// When `T` is not an `Option`.
pub fn missing_field<'de, T: Deserialize<'de>, E: de::Error>(name: &'static str) -> Result<T, E> {
    T::deserialize(MissingField {
        name,
        error: PhantomData,
    })
}

/// A deserializer with no value: `None` to an `Option`, an error to anything else.
struct MissingField<E> {
    name: &'static str,
    error: PhantomData<E>,
}

impl<'de, E: de::Error> Deserializer<'de> for MissingField<E> {
    type Error = E;

    fn deserialize_any<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, E> {
        Err(E::missing_field(self.name))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        visitor.visit_none()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::super as runtime;
    use serde::Deserialize;
    use std::collections::BTreeMap;

    #[derive(Debug, PartialEq)]
    struct Account {
        id: String,
        r#type: Option<String>,
        note: Option<String>,
        parent: Option<u32>,
        tags: Vec<String>,
        state: runtime::Nullable<String>,
    }
    runtime::decode_object!(Account {
        required { "id" => id, "parentId" => parent }
        optional { "type" => r#type, "note" => note, "tags" => tags, "state" => state }
    });

    #[derive(Debug, PartialEq)]
    struct Labels {
        name: Option<String>,
        additional_properties: BTreeMap<String, u32>,
    }
    runtime::decode_object!(Labels {
        required {}
        optional { "name" => name }
        additional additional_properties
    });

    fn account(json: &str) -> Result<Account, String> {
        let mut de = serde_json::Deserializer::from_str(json);
        serde_path_to_error::deserialize(&mut de).map_err(|e| e.to_string())
    }

    #[test]
    fn decodes_fields_by_wire_name_and_skips_unknown_keys() {
        let decoded =
            account(r#"{"id":"a1","type":"x","extra":{"deep":[1,2]},"parentId":7,"tags":["t"]}"#)
                .unwrap();
        assert_eq!(
            decoded,
            Account {
                id: "a1".into(),
                r#type: Some("x".into()),
                note: None,
                parent: Some(7),
                tags: vec!["t".into()],
                state: runtime::Nullable::Absent,
            }
        );
    }

    #[test]
    fn a_missing_required_field_is_an_error_unless_it_is_an_option() {
        let err = account(r#"{"type":"x"}"#).unwrap_err();
        assert!(err.contains("missing field `id`"), "{err}");
        assert_eq!(account(r#"{"id":"a"}"#).unwrap().parent, None);
    }

    #[test]
    fn null_and_absent_stay_apart_for_nullable_fields() {
        assert_eq!(
            account(r#"{"id":"a","state":null}"#).unwrap().state,
            runtime::Nullable::Null
        );
        assert_eq!(
            account(r#"{"id":"a","state":"on"}"#).unwrap().state,
            runtime::Nullable::Value("on".into())
        );
    }

    #[test]
    fn errors_name_the_path_and_the_expected_shape() {
        let err = account(r#"{"id":"a","tags":[1]}"#).unwrap_err();
        assert!(err.starts_with("tags[0]"), "{err}");
        let err = account(r#""text""#).unwrap_err();
        assert!(err.contains("expected struct Account"), "{err}");
    }

    #[test]
    fn escaped_keys_match_and_values_decode_from_json_values() {
        let decoded = account(r#"{"\u0069d":"a"}"#).unwrap();
        assert_eq!(decoded.id, "a");
        let value = serde_json::json!({"id": "b", "note": "n"});
        assert_eq!(
            Account::deserialize(&value).unwrap().note.as_deref(),
            Some("n")
        );
    }

    #[test]
    fn additional_properties_keep_every_unlisted_key() {
        let labels: Labels = serde_json::from_str(r#"{"name":"n","a":1,"b":2}"#).unwrap();
        assert_eq!(labels.name.as_deref(), Some("n"));
        assert_eq!(
            labels.additional_properties,
            BTreeMap::from([("a".to_owned(), 1), ("b".to_owned(), 2)])
        );
        assert!(serde_json::from_str::<Labels>(r#"{"a":"not a number"}"#).is_err());
    }
}
