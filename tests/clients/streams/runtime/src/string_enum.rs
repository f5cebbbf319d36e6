//! The methods of a generated string enum, from its table of variants and
//! wire values: [`string_enum!`].
//!
//! Every string enum of a spec is open (an `Unknown(String)` variant keeps
//! values a newer server sends), and its conversions are the same code for
//! every enum but the table, so the table is all the generated crate writes.

/// `as_str`, `From<String>`, `Display` and [`ParamValue`](crate::ParamValue)
/// for a generated enum with an `Unknown(String)` variant, from its variants'
/// wire values.
///
/// ```ignore
/// runtime::string_enum!(NumberStatus { Active => "active", Ported => "ported" });
/// ```
///
/// Generated code's, not the API a client's users call.
#[doc(hidden)]
#[macro_export]
macro_rules! string_enum {
    ($(#[$attr:meta])* $ty:ident { $($variant:ident => $wire:literal),* $(,)? }) => {
        $(#[$attr])*
        impl $ty {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)*
                    Self::Unknown(other) => other,
                }
            }
        }

        $(#[$attr])*
        impl From<String> for $ty {
            fn from(value: String) -> Self {
                match value.as_str() {
                    $($wire => Self::$variant,)*
                    _ => Self::Unknown(value),
                }
            }
        }

        $(#[$attr])*
        impl std::fmt::Display for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        $(#[$attr])*
        impl $crate::ParamValue for $ty {
            fn to_param(&self) -> std::borrow::Cow<'_, str> {
                std::borrow::Cow::Borrowed(self.as_str())
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use crate::ParamValue;

    #[derive(Debug, PartialEq)]
    enum Status {
        Active,
        InUse,
        Unknown(String),
    }

    crate::string_enum!(Status { Active => "active", InUse => "in-use" });

    #[test]
    fn wire_values_round_trip_and_unknown_ones_are_kept() {
        assert_eq!(Status::from("in-use".to_owned()), Status::InUse);
        assert_eq!(Status::InUse.as_str(), "in-use");
        assert_eq!(Status::Active.to_string(), "active");
        let later = Status::from("suspended".to_owned());
        assert_eq!(later, Status::Unknown("suspended".to_owned()));
        assert_eq!(later.to_param(), "suspended");
    }
}
