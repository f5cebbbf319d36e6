//! One module per tag: the tag's API struct with a method per operation,
//! and per operation a request builder that validates, encodes, sends and
//! decodes, and the enum of its declared error responses. Awaiting a builder
//! sends it.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::doc;
use super::required::Named;
use super::rust::{ident, Emitter};
use crate::config::{PaginationStyle, ParamPlace};
use crate::model::paging::Source;
use crate::model::{
    Body, BodyKind, Content, Encoding, Form, Location, Operation, Param, Tag, TypeKind, TypeRef,
};

/// The module of one tag.
pub fn module(e: &Emitter<'_>, tag: &Tag) -> TokenStream {
    let api = ident(&tag.struct_name);
    let tag_doc = doc::attrs(&format!(
        "Operations tagged `{}`.{}",
        tag.name,
        tag.doc
            .as_deref()
            .map(|d| format!("\n\n{}", doc::sanitize(d)))
            .unwrap_or_default()
    ));
    let module_doc = format!(" `{}` operations.", tag.name);
    let ops: Vec<&Operation> = tag
        .operations
        .iter()
        .map(|&i| &e.api.operations[i])
        .collect();
    // Each operation's required-values struct, once: the struct goes beside
    // its builder, the argument taking it into its method.
    let named: Vec<_> = ops
        .iter()
        .map(|op| super::required::of_operation(e, tag, op))
        .collect();
    let methods: TokenStream = ops
        .iter()
        .zip(&named)
        .map(|(op, named)| method(e, op, named.as_ref()))
        .collect();
    let builders: TokenStream = ops
        .iter()
        .zip(&named)
        .map(|(op, named)| {
            let required = named.as_ref().map(|n| &n.item);
            let b = builder(e, tag, op);
            let errors = error_enum(e, op);
            quote! { #required #b #errors }
        })
        .collect();
    let consts: Vec<(TokenStream, bool)> = ops
        .iter()
        .map(|op| {
            let c = ident(&op.const_name);
            (quote! { #c }, super::methods::reqwest_method(op).is_none())
        })
        .collect();
    let operation_list = super::mock::operations(&consts);
    let types_import = (super::mentions(&methods, "types") || super::mentions(&builders, "types"))
        .then(|| quote! { use crate::types; });
    // Pages and streams name `Response`; `runtime::call_methods!` names its own.
    let response = super::mentions(&builders, "Response").then(|| quote! { Response });
    quote! {
        #![doc = #module_doc]
        use crate::runtime::{self, CallOptions, Client, #response};
        #types_import

        #tag_doc
        #[derive(Debug, Clone, Copy)]
        pub struct #api<'a> {
            pub(crate) client: &'a Client,
        }

        impl<'a> #api<'a> {
            #methods
        }

        #builders
        #operation_list
    }
}

/// The Rust type an operation returns.
fn output(e: &Emitter<'_>, op: &Operation) -> TokenStream {
    match &op.success.content {
        Content::Empty => quote! { () },
        Content::Text => quote! { String },
        Content::Bytes => quote! { Vec<u8> },
        Content::Stream(stream) => {
            let item = super::streams::item(e, stream);
            quote! { runtime::EventStream<#item> }
        }
        Content::Json(ty) => {
            let t = e.ty(ty, true);
            if op.success.optional {
                quote! { Option<#t> }
            } else {
                t
            }
        }
    }
}

/// A body's field type, argument type and the conversion from argument to field:
/// text and bytes bodies take anything that converts into a `String` or `Vec<u8>`.
pub(super) fn body_type(e: &Emitter<'_>, body: &Body) -> (TokenStream, TokenStream, TokenStream) {
    match &body.kind {
        BodyKind::Json | BodyKind::Form { .. } => {
            let ty = e.ty(&body.ty, true);
            (ty.clone(), ty, quote! {})
        }
        BodyKind::Text(_) => (
            quote! { String },
            quote! { impl Into<String> },
            quote! { .into() },
        ),
        BodyKind::Bytes(_) => (
            quote! { Vec<u8> },
            quote! { impl Into<Vec<u8>> },
            quote! { .into() },
        ),
        // A `Vec` of items, or `runtime::JsonLines::from_iter`/`from_stream`.
        BodyKind::JsonLines(_) => {
            let item = e.ty(&body.ty, true);
            (
                quote! { runtime::JsonLines<#item> },
                quote! { impl Into<runtime::JsonLines<#item>> },
                quote! { .into() },
            )
        }
        BodyKind::Multipart(form @ Form::Object(_)) => {
            let form = ident(form.name());
            (quote! { #form }, quote! { #form }, quote! {})
        }
        // Any of the union's forms converts into it.
        BodyKind::Multipart(form @ Form::OneOf { .. }) => {
            let form = ident(form.name());
            (
                quote! { #form },
                quote! { impl Into<#form> },
                quote! { .into() },
            )
        }
    }
}

/// How a value of `ty` is taken as an argument: strings and unions through
/// `Into`, so callers pass `&str` or a union's plain variant value.
pub(super) fn arg_type(
    e: &Emitter<'_>,
    ty: &TypeRef,
    name: &TokenStream,
) -> (TokenStream, TokenStream) {
    let rust = e.ty(ty, true);
    let converts = matches!(ty, TypeRef::String)
        || matches!(ty, TypeRef::Named(id) if matches!(e.space().get(*id).kind, TypeKind::Union(_)));
    if converts {
        (quote! { impl Into<#rust> }, quote! { #name.into() })
    } else {
        (rust, quote! {})
    }
}

fn method_doc(e: &Emitter<'_>, op: &Operation) -> TokenStream {
    let mut text = String::new();
    match (&op.summary, &op.description) {
        (Some(s), Some(d)) => {
            text.push_str(&format!("{}\n\n{}", doc::sanitize(s), doc::sanitize(d)))
        }
        (Some(s), None) => text.push_str(&doc::sanitize(s)),
        (None, Some(d)) => text.push_str(&doc::sanitize(d)),
        (None, None) => text.push_str(&format!("Calls `{}`.", op.id)),
    }
    text.push_str(&format!(
        "\n\n`{} {}` (operation `{}`).",
        op.http_method, op.path, op.id
    ));
    if op.security.is_empty() {
        text.push_str(" Sends no credentials.");
    } else if op.security.iter().any(Vec::is_empty) {
        text.push_str(" Sends a credential when the client has one; none is required.");
    }
    // Said only where it is not the default server, which the crate's docs name.
    let servers = &e.api.servers;
    if let Some(server) = op.server.filter(|s| Some(*s) != servers.default) {
        text.push_str(&super::servers::sent_to(servers, server));
    }
    text.push_str(&super::streams::method_note(op));
    text.push_str(&doc::examples(&op.examples));
    if !op.errors.is_empty() {
        text.push_str(&format!("\n\n# Errors\n\n[`Error::Api`](crate::Error::Api) (or [`Error::RateLimited`](crate::Error::RateLimited) for 429) for the declared error statuses; [`Error::typed`](crate::Error::typed) gives them as a [`{}`] with the body decoded:\n", op.error_name));
        for err in &op.errors {
            let ty = match &err.ty {
                Some(TypeRef::Named(id)) => format!(
                    " as [`{}`](crate::types::{})",
                    e.space().get(*id).name,
                    e.space().get(*id).name
                ),
                _ => String::new(),
            };
            let what = err
                .doc
                .as_deref()
                .map(|d| format!(": {}", doc::sanitize(d).replace('\n', " ")))
                .unwrap_or_default();
            text.push_str(&format!("\n- `{}`{ty}{what}", err.status));
        }
    }
    let deprecated = op.deprecated.then(|| quote! { #[deprecated] });
    let attrs = doc::attrs(&text);
    quote! { #attrs #deprecated }
}

fn method(e: &Emitter<'_>, op: &Operation, required: Option<&Named>) -> TokenStream {
    let name = ident(&op.method_name);
    let builder = ident(&op.builder_name);
    let docs = method_doc(e, op);
    // Named: the required-values struct holds each value as the builder does.
    let named = required.is_some();
    let mut args = Vec::new();
    let mut inits = Vec::new();
    for p in &op.params {
        let field = ident(&p.name);
        if p.required {
            let (ty, value) = arg_type(e, &p.ty, &quote! { #field });
            args.push(quote! { #field: #ty });
            // A value that needs no conversion uses the field-init shorthand.
            inits.push(if value.is_empty() || named {
                quote! { #field }
            } else {
                quote! { #field: #value }
            });
        } else {
            inits.push(quote! { #field: None });
        }
    }
    if let Some(body) = &op.body {
        if body.required {
            let (_, arg, convert) = body_type(e, body);
            args.push(quote! { body: #arg });
            inits.push(if convert.is_empty() || named {
                quote! { body }
            } else {
                quote! { body: body #convert }
            });
        } else {
            inits.push(quote! { body: None });
        }
    }
    let (args, unpack) = match required {
        Some(named) => (vec![named.arg.clone()], named.unpack.clone()),
        None => (args, quote! {}),
    };
    quote! {
        #docs
        pub fn #name(&self, #( #args ),*) -> #builder {
            #unpack
            #builder {
                client: self.client.clone(),
                #( #inits, )*
                options: CallOptions::default(),
            }
        }
    }
}

fn builder(e: &Emitter<'_>, tag: &Tag, op: &Operation) -> TokenStream {
    let name = ident(&op.builder_name);
    let konst = format_ident!("{}", op.const_name);
    let out = output(e, op);
    let path = &op.path;
    let security = op.security.iter().map(|alt| quote! { &[#( #alt ),*] });
    let server = proc_macro2::Literal::usize_unsuffixed(e.api.servers.slot(op.server));
    let idem = match &op.idempotency_header {
        Some(h) => quote! { Some(#h) },
        None => quote! { None },
    };
    let builder_doc = format!(
        " Request builder for `{}` ([`{}::{}`]): set optional parameters, then `.await` it.",
        op.id,
        tag.struct_name,
        op.method_name.trim_start_matches("r#"),
    );

    let mut fields = Vec::new();
    let mut setters = Vec::new();
    for p in &op.params {
        let field = ident(&p.name);
        let ty = e.ty(&p.ty, true);
        let pdoc = doc::for_item(&p.doc, &format!("The `{}` parameter.", p.wire));
        if p.required {
            fields.push(quote! { #field: #ty });
        } else {
            fields.push(quote! { #field: Option<#ty> });
            let (arg_ty, converted) = arg_type(e, &p.ty, &quote! { value });
            let value = if converted.is_empty() {
                quote! { value }
            } else {
                converted
            };
            setters.push(quote! {
                #pdoc
                pub fn #field(mut self, value: #arg_ty) -> Self {
                    self.#field = Some(#value);
                    self
                }
            });
        }
    }
    if let Some(body) = &op.body {
        let (ty, arg, convert) = body_type(e, body);
        if body.required {
            fields.push(quote! { body: #ty });
        } else {
            fields.push(quote! { body: Option<#ty> });
            setters.push(quote! {
                /// The request body.
                pub fn body(mut self, value: #arg) -> Self {
                    self.body = Some(value #convert);
                    self
                }
            });
        }
    }

    let validation = validation(e, op);
    let path_expr = path_expression(op);
    let encode: Vec<TokenStream> = op
        .params
        .iter()
        .filter(|p| p.location != Location::Path)
        .map(encode_param)
        .collect();
    let body = op.body.as_ref().map(|b| {
        let set = |value: TokenStream| match &b.kind {
            BodyKind::Json => quote! { request.json(#value)?; },
            BodyKind::Form { deep } => quote! { request.form(#value, &[#( #deep ),*])?; },
            BodyKind::Text(media) => quote! { request.text(#value, #media); },
            BodyKind::Bytes(media) => quote! { request.bytes(#value, #media); },
            BodyKind::JsonLines(media) => quote! { request.json_lines(#value, #media)?; },
            BodyKind::Multipart(form) => {
                let q = form.fallible().then(|| quote! { ? });
                let form = ident(form.name());
                quote! { request.multipart(#form::to_multipart(#value) #q); }
            }
        };
        if b.required {
            set(quote! { &self.body })
        } else {
            let set = set(quote! { body });
            quote! { if let Some(body) = &self.body { #set } }
        }
    });
    let accept = op
        .success
        .accept
        .as_ref()
        .map(|media| quote! { request.accept(#media); });
    let mutable =
        (!encode.is_empty() || body.is_some() || accept.is_some()).then(|| quote! { mut });
    // How `runtime::call_methods!` decodes the success into the output, a
    // list written `[T]`.
    let listed = match &op.success.content {
        Content::Json(TypeRef::Vec(item)) if !op.success.optional => {
            let item = e.ty(item, true);
            quote! { [#item] }
        }
        _ => out.clone(),
    };
    let methods = match (&op.success.content, &op.success.envelope) {
        (Content::Stream(stream), _) => super::streams::call_methods(e, op, stream),
        (Content::Empty, _) => quote! { #name, empty },
        (Content::Text, _) => quote! { #name, text },
        (Content::Bytes, _) => quote! { #name, bytes },
        (Content::Json(_), Some(_)) => quote! { #name => #listed, enveloped },
        (Content::Json(_), None) => quote! { #name => #listed, json },
    };
    let (page_spec, pages) = pagination(e, op);
    let mock_endpoint = super::mock::endpoint(op, &quote! { #name }, &out);
    let streaming = (op.success.content == Content::Bytes).then(|| {
        quote! {
            /// Sends the request and returns the body as a stream of chunks, read as
            /// they arrive, so large media is never held in memory whole. The
            /// call's timeout holds until the body starts; then each read waits
            /// at most the idle timeout, however long the whole download takes.
            ///
            /// # Errors
            /// See [`Error`](crate::Error); reading the stream fails with
            /// [`Error::Connection`](crate::Error::Connection), or
            /// [`Error::Timeout`](crate::Error::Timeout) when it stalls.
            #[inline]
            pub fn send_streaming(
                self,
            ) -> runtime::BoxFuture<'static, runtime::Result<Response<runtime::ByteStream>>> {
                let request = self.build().map(|mut request| {
                    request.stream_response();
                    request
                });
                runtime::call(self.client, request, self.options, |raw| Ok(raw.byte_stream()))
            }
        }
    });
    let form = super::forms::types(e, op);
    let operation_static = super::methods::operation_static(
        op,
        &konst,
        &quote! {
            path: #path,
            security: &[#( #security ),*],
            idempotency_header: #idem,
            server: #server,
        },
    );
    // A stream: its spec, its `events()` when it is an alternative to one
    // body, and its mock stub; nothing for other operations.
    let stream = crate::model::streams::of(op);
    let stream_spec = stream.map(|s| super::streams::spec(op, s));
    let stream_mock = stream.map(|s| super::streams::mock_endpoint(e, op, s));
    let events = op
        .success
        .stream
        .as_ref()
        .map(|s| super::streams::method(e, op, s));
    quote! {
        #form

        #page_spec
        #stream_spec
        #mock_endpoint
        #stream_mock

        #operation_static

        #[doc = #builder_doc]
        #[derive(Debug)]
        #[must_use = "a request does nothing until it is awaited or sent"]
        pub struct #name {
            client: Client,
            #( #fields, )*
            options: CallOptions,
        }

        impl #name {
            #( #setters )*

            /// Checks the request against the spec (when validation is on) and encodes it.
            fn build(&self) -> runtime::Result<runtime::Request> {
                #validation
                let #mutable request = runtime::Request::new(&#konst, #path_expr);
                #( #encode )*
                #body
                #accept
                Ok(request)
            }

            #pages

            #streaming

            #events
        }

        runtime::call_methods!(#methods);
    }
}

/// The enum of an operation's declared error responses, one variant per
/// status (its body decoded into the declared schema) and `Unknown`; none for
/// an operation that declares no error responses. Decoding is `#[inline]`,
/// so it is compiled only where a caller uses it.
fn error_enum(e: &Emitter<'_>, op: &Operation) -> TokenStream {
    enum Status {
        Exact(u16),
        Range(u16),
        Default,
    }
    let mut variants: Vec<(Status, proc_macro2::Ident, &crate::model::ErrorResponse)> = Vec::new();
    for err in &op.errors {
        let code = err.status.to_ascii_uppercase();
        let (status, name) = if code == "DEFAULT" {
            (Status::Default, "Default".to_owned())
        } else if let Ok(n) = code.parse::<u16>() {
            (Status::Exact(n), format!("Status{n}"))
        } else if let Some(d) = code
            .strip_suffix("XX")
            .and_then(|d| d.parse::<u16>().ok())
            .filter(|d| (1..=5).contains(d))
        {
            (Status::Range(d), format!("Status{d}XX"))
        } else {
            continue;
        };
        if variants.iter().any(|(_, v, _)| *v == name) {
            continue;
        }
        variants.push((status, format_ident!("{}", name), err));
    }
    if variants.is_empty() {
        return quote! {};
    }
    let name = ident(&op.error_name);
    let defs = variants.iter().map(|(_, v, err)| {
        let what = err
            .doc
            .as_deref()
            .map(|d| format!(": {}", doc::sanitize(d).replace('\n', " ")))
            .unwrap_or_default();
        let d = doc::attrs(&format!("`{}`{what}", err.status));
        match &err.ty {
            Some(ty) => {
                let t = e.ty(ty, true);
                quote! { #d #v(#t) }
            }
            None => quote! { #d #v },
        }
    });
    let arm = |v: &proc_macro2::Ident, err: &crate::model::ErrorResponse| match &err.ty {
        Some(_) => quote! { error.decode_body().map(Self::#v).unwrap_or(Self::Unknown) },
        None => quote! { Self::#v },
    };
    let mut arms = Vec::new();
    for (status, v, err) in &variants {
        if let Status::Exact(n) = status {
            let (n, body) = (proc_macro2::Literal::u16_unsuffixed(*n), arm(v, err));
            arms.push(quote! { #n => #body, });
        }
    }
    for (status, v, err) in &variants {
        if let Status::Range(d) = status {
            let lo = proc_macro2::Literal::u16_unsuffixed(d * 100);
            let hi = proc_macro2::Literal::u16_unsuffixed(d * 100 + 99);
            let body = arm(v, err);
            arms.push(quote! { #lo..=#hi => #body, });
        }
    }
    let fallback = variants
        .iter()
        .find(|(s, _, _)| matches!(s, Status::Default))
        .map_or_else(|| quote! { Self::Unknown }, |(_, v, err)| arm(v, err));
    arms.push(quote! { _ => #fallback, });
    let enum_doc = format!(
        " The error responses `{}` declares, from [`Error::typed`](crate::Error::typed).",
        op.id
    );
    quote! {
        #[doc = #enum_doc]
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #( #defs, )*
            /// A status the operation does not declare, or a body that does not match the declared schema.
            Unknown,
        }

        impl runtime::TypedError for #name {
            #[inline]
            fn from_api_error(error: &runtime::ApiError) -> Self {
                match error.status.as_u16() {
                    #( #arms )*
                }
            }
        }
    }
}

/// The runtime's name for where a cursor goes back.
fn sent_in(place: ParamPlace) -> TokenStream {
    match place {
        ParamPlace::Query => quote! { runtime::SentIn::Query },
        ParamPlace::Header => quote! { runtime::SentIn::Header },
        ParamPlace::Body => quote! { runtime::SentIn::Body },
    }
}

/// For list operations: the `PageSpec` static and the `pages`/`items` methods.
fn pagination(e: &Emitter<'_>, op: &Operation) -> (TokenStream, TokenStream) {
    let Some(p) = &op.pagination else {
        return (quote! {}, quote! {});
    };
    let spec = format_ident!("{}_PAGES", op.const_name);
    let item = e.ty(&p.item_ty, true);
    let items = &p.items;
    let envelope = match &op.success.envelope {
        Some(field) => quote! { Some(#field) },
        None => quote! { None },
    };
    let opt = |v: &Option<String>| match v {
        Some(v) => quote! { Some(#v) },
        None => quote! { None },
    };
    let (style, size) = match &p.style {
        PaginationStyle::Page {
            page_param,
            size_param,
            total_pages,
            next_page,
            first_page,
        } => {
            let (total, next) = (opt(total_pages), opt(next_page));
            let first = proc_macro2::Literal::u64_unsuffixed(first_page.unwrap_or(1));
            (
                quote! { runtime::PageStyle::Page { param: #page_param, first: #first, total_pages: #total, next_page: #next } },
                size_param.as_ref(),
            )
        }
        PaginationStyle::Cursor {
            cursor_param,
            next_cursor,
            cursor_in,
        } => {
            let sent_in = sent_in(*cursor_in);
            (
                quote! { runtime::PageStyle::Cursor { param: #cursor_param, next: #next_cursor, sent_in: #sent_in } },
                None,
            )
        }
        PaginationStyle::Offset {
            offset_param,
            limit_param,
            total,
        } => {
            let total = opt(total);
            (
                quote! { runtime::PageStyle::Offset { param: #offset_param, total: #total } },
                limit_param.as_ref(),
            )
        }
        PaginationStyle::NextUrl { next_url } => (
            quote! { runtime::PageStyle::NextUrl { next: #next_url } },
            None,
        ),
        PaginationStyle::LinkHeader => (quote! { runtime::PageStyle::LinkHeader }, None),
        PaginationStyle::AfterLast {
            cursor_param,
            item_id,
            limit_param,
        } => (
            quote! { runtime::PageStyle::AfterLast { param: #cursor_param, id: #item_id } },
            limit_param.as_ref(),
        ),
        PaginationStyle::HeaderCursor {
            next_header,
            cursor_param,
            cursor_in,
        } => {
            let sent_in = sent_in(*cursor_in);
            (
                quote! { runtime::PageStyle::HeaderCursor { header: #next_header, param: #cursor_param, sent_in: #sent_in } },
                None,
            )
        }
    };
    let size = match size {
        Some(param) => {
            // The most a server sends, whatever is asked: the spec's maximum.
            let max = op
                .params
                .iter()
                .find(|q| &q.wire == param)
                .and_then(|q| q.constraints.maximum)
                .filter(|(m, _)| *m >= 1.0 && *m <= u64::MAX as f64)
                .map(|(m, _)| m as u64);
            let max = match max.map(proc_macro2::Literal::u64_unsuffixed) {
                Some(m) => quote! { Some(#m) },
                None => quote! { None },
            };
            quote! { Some(runtime::PageSize { param: #param, max: #max }) }
        }
        None => quote! { None },
    };
    let more = match &p.more {
        Some(m) => {
            let (pointer, inverted) = (&m.pointer, m.inverted);
            quote! { Some(runtime::MoreFlag { pointer: #pointer, inverted: #inverted }) }
        }
        None => quote! { None },
    };
    let how = match p.source {
        Source::Config => "as the generator config describes".to_owned(),
        Source::Extension(name) => format!("as the spec's `{name}` describes"),
        Source::Inferred => "as inferred from its parameters and response".to_owned(),
    };
    let pages_doc = format!(" The pages of this list, {how}: call [`next_page`](runtime::Pages::next_page) until it returns `None`.");
    (
        quote! {
            static #spec: runtime::PageSpec = runtime::PageSpec {
                items: #items,
                envelope: #envelope,
                style: #style,
                more: #more,
                size: #size,
            };
        },
        quote! {
            #[doc = #pages_doc]
            pub fn pages(self) -> runtime::Pages<#item> {
                let request = self.build();
                runtime::Pages::new(self.client, request, self.options, &#spec)
            }

            /// Every item of every page, as a `Stream`, fetched as it is consumed.
            pub fn items(self) -> runtime::Items<#item> {
                self.pages().items()
            }
        },
    )
}

fn validation(e: &Emitter<'_>, op: &Operation) -> TokenStream {
    let mut checks = Vec::new();
    for p in &op.params {
        let field = ident(&p.name);
        let body = e.checks(&p.wire, quote! { x }, &p.ty, &p.constraints);
        if body.is_empty() {
            continue;
        }
        checks.push(if p.required {
            quote! { { let x = &self.#field; #body } }
        } else {
            quote! { if let Some(x) = &self.#field { #body } }
        });
    }
    if let Some(Body {
        kind: BodyKind::Multipart(form),
        required,
        ..
    }) = &op.body
    {
        let form_checks = super::forms::checks(e, form);
        if !form_checks.is_empty() {
            checks.push(if *required {
                quote! { { let form = &self.body; #form_checks } }
            } else {
                quote! { if let Some(form) = &self.body { #form_checks } }
            });
        }
    }
    // Items of JSON Lines are read as they are sent, after validation would run.
    if let Some(b) = op
        .body
        .as_ref()
        .filter(|b| !matches!(b.kind, BodyKind::JsonLines(_)))
    {
        if e.needs_validation(&b.ty) {
            let check = e.checks("body", quote! { x }, &b.ty, &Default::default());
            checks.push(if b.required {
                quote! { { let x = &self.body; #check } }
            } else {
                quote! { if let Some(x) = &self.body { #check } }
            });
        }
    }
    if checks.is_empty() {
        return quote! {};
    }
    let konst = format_ident!("{}", op.const_name);
    quote! {
        if self.client.validates(&self.options) {
            let mut v = runtime::Validator::new(#konst.id);
            #( #checks )*
            v.finish().map_err(runtime::Error::Validation)?;
        }
    }
}

fn path_expression(op: &Operation) -> TokenStream {
    let mut fmt = String::new();
    let mut args = Vec::new();
    let mut rest = op.path.as_str();
    // Literal text is escaped for `format!`; the model rejects unbalanced braces already.
    let literal = |text: &str| text.replace('{', "{{").replace('}', "}}");
    while let Some(start) = rest.find('{') {
        fmt.push_str(&literal(&rest[..start]));
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        let name = &rest[start + 1..start + len];
        if let Some(p) = op
            .params
            .iter()
            .find(|p| p.location == Location::Path && p.wire == name)
        {
            let field = ident(&p.name);
            args.push(quote! { runtime::encode_path_segment(&self.#field) });
            fmt.push_str("{}");
        }
        rest = &rest[start + len + 1..];
    }
    fmt.push_str(&literal(rest));
    if args.is_empty() {
        quote! { String::from(#fmt) }
    } else {
        quote! { format!(#fmt, #( #args ),*) }
    }
}

fn encode_param(p: &Param) -> TokenStream {
    let field = ident(&p.name);
    let wire = &p.wire;
    let value = if p.required {
        quote! { Some(&self.#field) }
    } else {
        quote! { self.#field.as_ref() }
    };
    match (p.location, p.encoding) {
        (Location::Query, Encoding::Single) => quote! { request.query_opt(#wire, #value); },
        (Location::Query, Encoding::Array { explode }) => quote! {
            if let Some(values) = #value { request.query_array(#wire, values, #explode); }
        },
        (Location::Query, Encoding::DeepObject) => quote! {
            if let Some(value) = #value { request.query_deep_object(#wire, value)?; }
        },
        (Location::Query, Encoding::Serialized { explode }) => quote! {
            if let Some(value) = #value { request.query_serialized(#wire, value, #explode)?; }
        },
        (Location::Query, Encoding::QueryString) => quote! {
            if let Some(value) = #value { request.query_string(value)?; }
        },
        (Location::Header, Encoding::Array { .. }) => quote! {
            if let Some(values) = #value {
                request.header(#wire, &runtime::join_params(values))?;
            }
        },
        (Location::Header, _) => quote! { request.header_opt(#wire, #value)?; },
        (Location::Cookie, Encoding::Array { .. }) => quote! {
            if let Some(values) = #value {
                request.cookie_opt(#wire, Some(&runtime::join_params(values)))?;
            }
        },
        (Location::Cookie, _) => quote! { request.cookie_opt(#wire, #value)?; },
        // Path parameters are part of the path expression.
        (Location::Path, _) => quote! {},
    }
}
