//! A field that may be absent, explicitly `null`, or set: what a PATCH needs
//! to tell "leave unchanged" from "clear".

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An optional field that can also be sent as an explicit `null`.
///
/// Generated request types use it for properties that are both optional and
/// nullable. Such fields carry `#[serde(default, skip_serializing_if =
/// "Nullable::is_absent")]`, so [`Nullable::Absent`] leaves the key out of the
/// JSON, [`Nullable::Null`] sends `null` and [`Nullable::Value`] sends the value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Nullable<T> {
    /// Leave the field out of the request.
    #[default]
    Absent,
    /// Send an explicit `null`, which usually clears the field on the server.
    Null,
    /// Send this value.
    Value(T),
}

impl<T> Nullable<T> {
    /// Whether the field is left out of the request.
    pub fn is_absent(&self) -> bool {
        matches!(self, Nullable::Absent)
    }

    /// The value, if one is set.
    pub fn as_ref(&self) -> Option<&T> {
        match self {
            Nullable::Value(v) => Some(v),
            _ => None,
        }
    }

    /// Turns absent and null into `None`.
    pub fn into_option(self) -> Option<T> {
        match self {
            Nullable::Value(v) => Some(v),
            _ => None,
        }
    }
}

impl<T> From<T> for Nullable<T> {
    fn from(value: T) -> Self {
        Nullable::Value(value)
    }
}

impl<T> From<Option<T>> for Nullable<T> {
    /// `Some` sets the value; `None` sends an explicit `null`.
    fn from(value: Option<T>) -> Self {
        value.map_or(Nullable::Null, Nullable::Value)
    }
}

impl<T: Serialize> Serialize for Nullable<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Nullable::Value(v) => v.serialize(serializer),
            // Absent is skipped by the field attribute; if it reaches here, null is the honest encoding.
            Nullable::Null | Nullable::Absent => serializer.serialize_none(),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Nullable<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // A missing key never reaches here (serde uses `Default`), so `None` means `null`.
        Ok(Option::<T>::deserialize(deserializer)?.map_or(Nullable::Null, Nullable::Value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    struct Patch {
        #[serde(default, skip_serializing_if = "Nullable::is_absent")]
        gateway: Nullable<String>,
    }

    #[test]
    fn three_states_on_the_wire() {
        let absent = Patch {
            gateway: Nullable::Absent,
        };
        let null = Patch {
            gateway: Nullable::Null,
        };
        let set = Patch {
            gateway: "gw1".to_owned().into(),
        };
        assert_eq!(serde_json::to_string(&absent).unwrap(), "{}");
        assert_eq!(serde_json::to_string(&null).unwrap(), r#"{"gateway":null}"#);
        assert_eq!(serde_json::to_string(&set).unwrap(), r#"{"gateway":"gw1"}"#);
    }

    #[test]
    fn three_states_decoded() {
        let p: Patch = serde_json::from_str("{}").unwrap();
        assert_eq!(p.gateway, Nullable::Absent);
        let p: Patch = serde_json::from_str(r#"{"gateway":null}"#).unwrap();
        assert_eq!(p.gateway, Nullable::Null);
        let p: Patch = serde_json::from_str(r#"{"gateway":"x"}"#).unwrap();
        assert_eq!(p.gateway, Nullable::Value("x".to_owned()));
    }
}
