//! The Acme SMS API client, generated at build time: `build.rs` runs the
//! generator on `spec/acme-sms.yaml` into `OUT_DIR`, and this crate compiles
//! that code as its own, so the spec is the only source to edit.
//!
//! ```no_run
//! # async fn run() -> Result<(), acme_sms::Error> {
//! use acme_sms::types::{NewMessage, NewMessageRequired};
//! use acme_sms::Client;
//!
//! let client = Client::builder().bearer_token("key").build()?;
//! let message = client
//!     .messages()
//!     .send_message(NewMessage::new(NewMessageRequired {
//!         from: "+15550100".into(),
//!         to: "+15550199".into(),
//!         text: "Hello".into(),
//!     }))
//!     .await?;
//! println!("{}: {:?}", message.id, message.status);
//! # Ok(())
//! # }
//! ```

#![forbid(unsafe_code)]
#![warn(missing_docs)]

include!(concat!(env!("OUT_DIR"), "/acme_sms/lib.rs"));
