//! The `webhooks` module: the API's webhooks and callbacks as one enum of
//! typed events, with a decoder for received bodies and, behind the crate's
//! `webhooks` feature, signature verification before decoding.

use proc_macro2::TokenStream;
use quote::quote;

use super::doc;
use super::rust::{ident, Emitter};
use crate::model::events::EventSource;

/// The module's tokens; only called when the API has events.
pub fn module(e: &Emitter<'_>) -> TokenStream {
    let events = &e.api.events.events;
    let variants = events.iter().map(|ev| {
        let name = ident(&ev.variant);
        let origin = match &ev.source {
            EventSource::Webhook => format!("The `{}` webhook ({} delivery).", ev.key, ev.method),
            EventSource::Callback {
                operation,
                expression,
            } => format!(
                "The `{}` callback of `{operation}`, sent to `{expression}` ({}).",
                ev.key.rsplit('.').next().unwrap_or(&ev.key),
                ev.method
            ),
        };
        let text = match &ev.doc {
            Some(d) => format!("{}\n\n{}", doc::sanitize(d), doc::sanitize(&origin)),
            None => doc::sanitize(&origin),
        };
        let attrs = doc::attrs(&text);
        match &ev.payload {
            // Boxed: payloads differ widely in size, and an enum is as large as its largest variant.
            Some(ty) => {
                let ty = e.ty(ty, true);
                quote! { #attrs #name(Box<#ty>), }
            }
            None => quote! { #attrs #name, },
        }
    });
    let keys: Vec<&str> = events.iter().map(|ev| ev.key.as_str()).collect();
    let name_arms = events.iter().map(|ev| {
        let name = ident(&ev.variant);
        let key = &ev.key;
        match ev.payload {
            Some(_) => quote! { Self::#name(_) => Some(#key), },
            None => quote! { Self::#name => Some(#key), },
        }
    });
    let named_arms = events.iter().map(|ev| {
        let name = ident(&ev.variant);
        let key = &ev.key;
        match ev.payload {
            Some(_) => {
                quote! { #key => serde_json::from_value(value).map(|v| Self::#name(Box::new(v))), }
            }
            None => quote! { #key => Ok(Self::#name), },
        }
    });
    let tagged = e.api.events.tag.as_ref().map(|tag| tagged_decoder(e, tag));
    let verify = e
        .api
        .events
        .signature
        .map(|_| verify_and_decode(e.api.events.tag.is_some()));
    let uses_types = events.iter().any(|ev| ev.payload.is_some());
    let types_import = uses_types.then(|| quote! { use crate::types; });
    quote! {
        //! The requests this API sends to your application (webhooks and
        //! callbacks), as typed events. See the crate's README.
        #types_import

        /// A request the API sends to your application, decoded.
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum WebhookEvent {
            #( #variants )*
            /// An event this version of the crate does not know (or a body
            /// without the field that names it), kept whole.
            Unknown(serde_json::Value),
        }

        impl WebhookEvent {
            /// The names of the events this crate knows, as the spec gives them.
            pub const NAMES: &'static [&'static str] = &[#( #keys ),*];

            /// The event's name as the spec gives it; `None` for [`WebhookEvent::Unknown`].
            pub fn name(&self) -> Option<&'static str> {
                match self {
                    #( #name_arms )*
                    Self::Unknown(_) => None,
                }
            }

            /// Decodes a body known to be the event `name` (one of [`Self::NAMES`]),
            /// for example from the URL it was delivered to. Another name gives
            /// [`WebhookEvent::Unknown`].
            ///
            /// # Errors
            /// When the body is not JSON, or not the shape the event's schema gives.
            pub fn decode_as(name: &str, body: &[u8]) -> Result<Self, serde_json::Error> {
                Self::from_value(name, serde_json::from_slice(body)?)
            }

            fn from_value(name: &str, value: serde_json::Value) -> Result<Self, serde_json::Error> {
                match name {
                    #( #named_arms )*
                    _ => Ok(Self::Unknown(value)),
                }
            }

            #tagged
            #verify
        }
    }
}

/// `decode`: by the tag property every payload carries.
fn tagged_decoder(e: &Emitter<'_>, tag: &str) -> TokenStream {
    let arms = e.api.events.events.iter().filter_map(|ev| {
        let value = ev.tag_value.as_deref()?;
        let key = &ev.key;
        Some(quote! { Some(#value) => #key, })
    });
    let text = format!(
        " Decodes a received body by its `{tag}` field; a value this crate does not\n know gives [`WebhookEvent::Unknown`]."
    );
    quote! {
        #[doc = #text]
        ///
        /// # Errors
        /// When the body is not JSON, or not the shape its event's schema gives.
        pub fn decode(body: &[u8]) -> Result<Self, serde_json::Error> {
            let value: serde_json::Value = serde_json::from_slice(body)?;
            let name = match value.get(#tag).and_then(serde_json::Value::as_str) {
                #( #arms )*
                _ => return Ok(Self::Unknown(value)),
            };
            Self::from_value(name, value)
        }
    }
}

/// Verification before decoding, with the `webhooks` feature.
fn verify_and_decode(tagged: bool) -> TokenStream {
    let (signature, call, doc) = if tagged {
        (
            quote! { verifier: &crate::runtime::WebhookVerifier, headers: &reqwest::header::HeaderMap, body: &[u8] },
            quote! { Self::decode(body) },
            " Verifies a delivery's signature (Standard Webhooks: `webhook-id`,\n `webhook-timestamp`, `webhook-signature`), then decodes it with [`Self::decode`].",
        )
    } else {
        (
            quote! { verifier: &crate::runtime::WebhookVerifier, name: &str, headers: &reqwest::header::HeaderMap, body: &[u8] },
            quote! { Self::decode_as(name, body) },
            " Verifies a delivery's signature (Standard Webhooks: `webhook-id`,\n `webhook-timestamp`, `webhook-signature`), then decodes it with [`Self::decode_as`].",
        )
    };
    quote! {
        #[doc = #doc]
        ///
        /// # Errors
        /// [`WebhookError`](crate::runtime::WebhookError) when the signature or
        /// timestamp does not hold (nothing is decoded then), or the body does not decode.
        #[cfg(feature = "webhooks")]
        pub fn verify_and_decode(#signature) -> Result<Self, crate::runtime::WebhookError> {
            verifier.verify(headers, body)?;
            #call.map_err(|e| crate::runtime::WebhookError::Decode(e.to_string()))
        }
    }
}

/// The README's section on receiving events; empty when the API sends none.
pub fn readme_section(e: &Emitter<'_>, krate: &str) -> String {
    let events = &e.api.events;
    let Some(first) = events.events.first() else {
        return String::new();
    };
    let arm = match first.payload {
        Some(_) => format!(
            "WebhookEvent::{}(event) => println!(\"{{event:?}}\"),",
            first.variant
        ),
        None => format!(
            "WebhookEvent::{} => println!(\"{}\"),",
            first.variant, first.key
        ),
    };
    let how = match &events.tag {
        Some(tag) => format!(
            "`WebhookEvent::decode(body)` tells events apart by their `{tag}` field"
        ),
        None => "the payloads carry no common field that names the event, so \
                 `WebhookEvent::decode_as(name, body)` takes the event's name (from the URL you registered for it)"
            .to_owned(),
    };
    let (decode, verify) = match &events.tag {
        Some(_) => (
            "WebhookEvent::decode(body)?",
            "WebhookEvent::verify_and_decode(&verifier, headers, body)?",
        ),
        None => (
            "WebhookEvent::decode_as(name, body)?",
            "WebhookEvent::verify_and_decode(&verifier, name, headers, body)?",
        ),
    };
    let name_param = if events.tag.is_some() {
        ""
    } else {
        ", name: &str"
    };
    let mut out = format!(
        "\n## Webhooks and callbacks\n\nThe {} event(s) this API sends to your application are one enum, `webhooks::WebhookEvent`; {how}. An event this version of the crate does not know decodes as `WebhookEvent::Unknown` with its JSON, never as an error.\n\n```rust,no_run\n# fn handle(body: &[u8]{name_param}) -> Result<(), serde_json::Error> {{\nuse {krate}::webhooks::WebhookEvent;\n\nmatch {decode} {{\n    {arm}\n    WebhookEvent::Unknown(value) => println!(\"not known to this version: {{value}}\"),\n    other => println!(\"{{:?}}\", other.name()),\n}}\n# Ok(())\n# }}\n```\n",
        events.events.len()
    );
    if events.signature.is_some() {
        out.push_str(&format!(
            "\nDeliveries are signed (Standard Webhooks). With the crate's `webhooks` feature, verify the signature and the timestamp (within five minutes, by default) before trusting a body; nothing is decoded when either fails:\n\n```rust,no_run\n# #[cfg(feature = \"webhooks\")]\n# fn handle(headers: &reqwest::header::HeaderMap, body: &[u8]{name_param}) -> Result<(), Box<dyn std::error::Error>> {{\nuse {krate}::runtime::WebhookVerifier;\nuse {krate}::webhooks::WebhookEvent;\n\nlet verifier = WebhookVerifier::new(&std::env::var(\"WEBHOOK_SECRET\")?)?;\nlet event = {verify};\nprintln!(\"{{:?}}\", event.name());\n# Ok(())\n# }}\n```\n"
        ));
    } else {
        out.push_str("\nThe spec does not say how deliveries are signed. If they follow Standard Webhooks, say so in the generator's config (`webhooks: {signature: standard-webhooks}`) to get `WebhookEvent::verify_and_decode`.\n");
    }
    out
}
