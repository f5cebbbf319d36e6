//! Integer enums are numbers on the wire, with a fallback for unlisted values.

use integer_enum::runtime::ParamValue;
use integer_enum::types::{Account, AccountLevel, AuthType};
use serde_json::json;

#[test]
fn listed_and_unlisted_values_decode() {
    assert_eq!(serde_json::from_value::<AuthType>(json!(2)).unwrap(), AuthType::V2);
    assert_eq!(serde_json::from_value::<AuthType>(json!(7)).unwrap(), AuthType::Unknown(7));
    assert!(serde_json::from_value::<AuthType>(json!("2")).is_err());
    let account: Account = serde_json::from_value(json!({"authType": 1, "level": -1})).unwrap();
    assert_eq!(account.auth_type, AuthType::V1);
    assert_eq!(account.level, Some(AccountLevel::Minus1));
    let account: Account = serde_json::from_value(json!({"authType": 0, "level": null})).unwrap();
    assert_eq!(account.level, None);
}

#[test]
fn values_serialize_as_numbers() {
    assert_eq!(serde_json::to_value(AuthType::V3).unwrap(), json!(3));
    assert_eq!(serde_json::to_value(AuthType::Unknown(9)).unwrap(), json!(9));
    assert_eq!(AuthType::from(3), AuthType::V3);
    assert_eq!(AuthType::V2.value(), 2);
    assert_eq!(AuthType::V2.to_string(), "2");
    assert_eq!(AuthType::V2.to_param(), "2");
}
