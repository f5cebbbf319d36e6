//! Application code over the VoiceTel client: what an application would write,
//! and what its tests check with the client's `mock` feature (see `tests/`).

use voicetel::{Client, Error};

/// One line about a number for a dashboard: where its calls go, or that it is
/// not on the account.
///
/// # Errors
/// Any failure other than "not found".
pub async fn describe_number(client: &Client, number: &str) -> Result<String, Error> {
    match client.numbers().get(number).await {
        Ok(detail) => {
            let target = match (detail.forward, detail.forward_to.as_deref()) {
                (Some(true), Some(to)) => format!("forwarded to {to}"),
                _ => format!(
                    "routed to {}",
                    detail.gateway.as_deref().unwrap_or("the default gateway")
                ),
            };
            Ok(format!("{number}: {target}"))
        }
        Err(Error::Api(e)) if e.status.as_u16() == 404 => {
            Ok(format!("{number}: not on this account"))
        }
        Err(e) => Err(e),
    }
}
