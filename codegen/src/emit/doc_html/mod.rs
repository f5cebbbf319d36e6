//! The HTML in spec prose as Markdown, before `doc::sanitize` makes the
//! Markdown safe for rustdoc: real specs write descriptions in HTML
//! (`<p>`, `<br>`, `<code>`, `<a href>`, lists, tables, `<pre>`) or mix it
//! with Markdown, and rustdoc would show the tags escaped. Parsing is
//! forgiving (`parse`), and writing keeps the Markdown between the tags as
//! the spec wrote it (`render`).

mod parse;
mod render;
#[cfg(test)]
mod tests;
mod text;

use std::borrow::Cow;

/// The description with its HTML as Markdown; unchanged when it has no tag.
pub fn to_markdown(text: &str) -> Cow<'_, str> {
    match parse::parse(text) {
        Some(nodes) => Cow::Owned(render::markdown(&nodes)),
        None => Cow::Borrowed(text),
    }
}
