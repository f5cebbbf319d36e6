//! What an operation answering with a stream of events or lines adds to its
//! builder: the `StreamSpec` static the runtime reads it with, the item
//! type, the `events()` method where the stream is an alternative to one
//! body, and the builder's `runtime::mock::StreamEndpoint` impl. Operations
//! without a stream get none of it.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::rust::{ident, Emitter};
use crate::config::ParamPlace;
use crate::model::streams::{Framing, Stream};
use crate::model::{Content, Operation};

/// The name of the operation's `StreamSpec` static.
fn spec_name(op: &Operation) -> proc_macro2::Ident {
    format_ident!("{}_STREAM", op.const_name)
}

/// The Rust type of one item.
pub fn item(e: &Emitter<'_>, stream: &Stream) -> TokenStream {
    match (&stream.item, stream.framing) {
        (Some(ty), _) => e.ty(ty, true),
        (None, Framing::ServerSentEvents) => quote! { runtime::SseEvent },
        (None, Framing::Lines) => quote! { String },
    }
}

/// `runtime::call_methods!`'s arguments for a builder whose `send()`
/// returns the stream.
pub fn call_methods(e: &Emitter<'_>, op: &Operation, stream: &Stream) -> TokenStream {
    let builder = ident(&op.builder_name);
    // A list written `[T]`, which the generated source prints without spaced `< >`.
    let item = match &stream.item {
        Some(crate::model::TypeRef::Vec(inner)) => {
            let inner = e.ty(inner, true);
            quote! { [#inner] }
        }
        _ => item(e, stream),
    };
    let spec = spec_name(op);
    let decoding = decoding(stream);
    quote! { #builder => stream #item, #spec, #decoding }
}

/// What the operation's method docs say of its stream: how it reads, or
/// which method returns it beside the usual body.
pub fn method_note(op: &Operation) -> String {
    match (&op.success.content, &op.success.stream) {
        (Content::Stream(stream), _) => format!("\n\n{}", doc(stream)),
        (_, Some(stream)) => format!(
            "\n\nThe response may instead be a stream (`{}`): [`{}::{}`] returns its items as they arrive.",
            stream.media_type, op.builder_name, stream.method
        ),
        _ => String::new(),
    }
}

/// How `runtime::call_methods!` decodes items: JSON, raw events or raw lines.
fn decoding(stream: &Stream) -> proc_macro2::Ident {
    match (&stream.item, stream.framing) {
        (Some(_), _) => format_ident!("json"),
        (None, Framing::ServerSentEvents) => format_ident!("event"),
        (None, Framing::Lines) => format_ident!("line"),
    }
}

/// The runtime's decoder function for the items.
fn decoder(e: &Emitter<'_>, stream: &Stream) -> TokenStream {
    let item = item(e, stream);
    match (&stream.item, stream.framing) {
        (Some(_), _) => quote! { runtime::json_item::<#item> },
        (None, Framing::ServerSentEvents) => quote! { runtime::raw_event },
        (None, Framing::Lines) => quote! { runtime::raw_line },
    }
}

/// `static <OP>_STREAM: runtime::StreamSpec`.
pub fn spec(op: &Operation, stream: &Stream) -> TokenStream {
    let name = spec_name(op);
    let framing = match stream.framing {
        Framing::ServerSentEvents => quote! { runtime::Framing::ServerSentEvents },
        Framing::Lines => quote! { runtime::Framing::Lines },
    };
    let media = &stream.media_type;
    let sentinel = match &stream.sentinel {
        Some(s) => quote! { Some(#s) },
        None => quote! { None },
    };
    let flag = match &stream.flag {
        Some(flag) => {
            let name = &flag.name;
            let value = match &flag.value {
                Some(v) => quote! { Some(#v) },
                None => quote! { None },
            };
            let sent_in = match flag.place {
                ParamPlace::Query => quote! { runtime::SentIn::Query },
                ParamPlace::Header => quote! { runtime::SentIn::Header },
                ParamPlace::Body => quote! { runtime::SentIn::Body },
            };
            quote! { Some(runtime::StreamFlag { name: #name, sent_in: #sent_in, value: #value }) }
        }
        None => quote! { None },
    };
    quote! {
        static #name: runtime::StreamSpec = runtime::StreamSpec {
            framing: #framing,
            media_type: #media,
            sentinel: #sentinel,
            flag: #flag,
        };
    }
}

/// What the method docs say about how the stream reads.
pub fn doc(stream: &Stream) -> String {
    let what = match (&stream.item, stream.framing) {
        (Some(_), Framing::ServerSentEvents) => "each event's `data` decoded as an item",
        (Some(_), Framing::Lines) => "each line decoded as an item",
        (None, Framing::ServerSentEvents) => "each event as it came",
        (None, Framing::Lines) => "each line as it came",
    };
    let mut text = format!(
        "The response is a stream (`{}`), read as it arrives: {what}; one that does not decode is an error item, and the stream goes on.",
        stream.media_type
    );
    if let Some(sentinel) = &stream.sentinel {
        text.push_str(&format!(" It ends at `{sentinel}`."));
    }
    if stream.reconnects {
        text.push_str(
            " A dropped connection is resumed with `Last-Event-ID`, within the retry policy.",
        );
    } else {
        text.push_str(" A dropped connection ends it with an error item.");
    }
    if let Some(flag) = &stream.flag {
        let value = flag
            .value
            .as_deref()
            .map_or("true".to_owned(), |v| format!("{v:?}"));
        text.push_str(&format!(
            " `{}` is sent as `{value}` to ask for it.",
            flag.name
        ));
    }
    text
}

/// `events()` beside `send()`, for a response that is one body unless the
/// request asks for the stream.
pub fn method(e: &Emitter<'_>, op: &Operation, stream: &Stream) -> TokenStream {
    let name = ident(&stream.method);
    let item = item(e, stream);
    let spec = spec_name(op);
    let decoder = decoder(e, stream);
    let text = format!(
        "Sends the request asking for the stream the operation can answer with instead of one body, and returns its items. {}\n\n# Errors\nSee [`Error`](crate::Error): the request failing, the server answering with an error, or with one body instead of the stream; items that fail later are items of the stream.",
        doc(stream)
    );
    let attrs = super::doc::attrs(&text);
    quote! {
        #attrs
        #[inline]
        pub fn #name(self) -> runtime::BoxFuture<'static, runtime::Result<runtime::EventStream<#item>>> {
            let request = self.build();
            runtime::call_stream_value(self.client, request, self.options, &#spec, #decoder)
        }
    }
}

/// `impl runtime::mock::StreamEndpoint` for the builder.
pub fn mock_endpoint(e: &Emitter<'_>, op: &Operation, stream: &Stream) -> TokenStream {
    let builder = ident(&op.builder_name);
    let item = item(e, stream);
    let spec = spec_name(op);
    quote! {
        #[cfg(feature = "mock")]
        impl runtime::mock::StreamEndpoint for #builder {
            type Item = #item;
            const STREAM: &'static runtime::StreamSpec = &#spec;
        }
    }
}
