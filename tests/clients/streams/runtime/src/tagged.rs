//! Unions with a discriminator: the helpers their generated `Serialize` and
//! `Deserialize` impls share, so each union's own code is one match arm per
//! alternative.

use serde::de::DeserializeOwned;
use serde::ser::Error as _;
use serde::{Serialize, Serializer};
use serde_json::Value;

/// The discriminator value of a decoded JSON value: `value[property]` when it
/// is a string.
pub fn tag_of(value: &Value, property: &str) -> Option<String> {
    value.get(property)?.as_str().map(str::to_owned)
}

/// Decodes the alternative a discriminator value selected.
///
/// # Errors
/// When the value does not have the shape of that alternative.
pub fn decode_variant<T: DeserializeOwned, E: serde::de::Error>(value: Value) -> Result<T, E> {
    serde_json::from_value(value).map_err(E::custom)
}

/// Decodes `value` as `T` if it fits, for alternatives no discriminator value selects.
pub fn try_variant<T: DeserializeOwned>(value: &Value) -> Option<T> {
    T::deserialize(value).ok()
}

/// Serializes `value` with `property: tag` added when it has no such
/// property (or a `null` one): the alternative's own type need not declare it.
///
/// # Errors
/// When the value does not serialize.
pub fn serialize_tagged<T: Serialize + ?Sized, S: Serializer>(
    value: &T,
    property: &str,
    tag: &str,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let mut json = serde_json::to_value(value).map_err(S::Error::custom)?;
    if let Some(object) = json.as_object_mut() {
        let has_tag = matches!(object.get(property), Some(tag) if !tag.is_null());
        if !has_tag {
            object.insert(property.to_owned(), Value::String(tag.to_owned()));
        }
    }
    json.serialize(serializer)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use serde_json::json;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Dog {
        name: String,
    }

    #[test]
    fn the_tag_is_read_only_when_it_is_a_string() {
        assert_eq!(
            tag_of(&json!({"kind": "dog"}), "kind").as_deref(),
            Some("dog")
        );
        assert_eq!(tag_of(&json!({"kind": 1}), "kind"), None);
        assert_eq!(tag_of(&json!({}), "kind"), None);
        assert_eq!(tag_of(&json!("dog"), "kind"), None);
    }

    #[test]
    fn a_missing_tag_is_added_and_a_present_one_kept() {
        let written = serialize_tagged(
            &Dog { name: "Rex".into() },
            "kind",
            "dog",
            serde_json::value::Serializer,
        )
        .unwrap();
        assert_eq!(written, json!({"name": "Rex", "kind": "dog"}));
        let own = json!({"kind": "puppy", "name": "Rex"});
        let written = serialize_tagged(&own, "kind", "dog", serde_json::value::Serializer).unwrap();
        assert_eq!(written, own);
        let null = json!({"kind": null});
        let written =
            serialize_tagged(&null, "kind", "dog", serde_json::value::Serializer).unwrap();
        assert_eq!(written, json!({"kind": "dog"}));
    }

    #[test]
    fn a_selected_alternative_that_does_not_fit_is_an_error() {
        let ok: Result<Dog, serde_json::Error> = decode_variant(json!({"name": "Rex"}));
        assert_eq!(ok.unwrap(), Dog { name: "Rex".into() });
        let bad: Result<Dog, serde_json::Error> = decode_variant(json!({"kind": "dog"}));
        assert!(bad.unwrap_err().to_string().contains("name"));
        assert_eq!(try_variant::<Dog>(&json!({"x": 1})), None);
    }
}
