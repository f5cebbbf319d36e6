//! Spec prose into rustdoc: the spec's Markdown (its HTML first made
//! Markdown by `doc_html`), parsed with `pulldown-cmark` and left as written
//! wherever rustdoc renders it the same (code spans, links, emphasis, lists),
//! so it reads as the spec's authors meant. Changed are only what rustdoc
//! would misread or warn about: bare URLs (wrapped in `<...>`), brackets that
//! would be broken intra-doc links, HTML-looking text left outside code, and
//! code blocks, which become `text` blocks so prose is never a doctest.

use std::ops::Range;

use proc_macro2::TokenStream;
use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};
use quote::quote;

use crate::model::examples::Example;
use crate::model::Doc;

/// The spec's Markdown as rustdoc should see it (see the module doc).
pub fn sanitize(text: &str) -> String {
    let markdown = super::doc_html::to_markdown(text.trim());
    let text = markdown.trim();
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    // Inside a link (its text is the link's) or a code block (rebuilt whole).
    let mut in_link = 0usize;
    let mut block: Option<CodeBlock> = None;
    for (event, range) in Parser::new_ext(text, Options::empty()).into_offset_iter() {
        if let Some(b) = &mut block {
            match event {
                Event::Text(t) => b.content.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    if let Some(b) = block.take() {
                        edits.push(b.rebuilt(text));
                    }
                }
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let keep = matches!(&kind, CodeBlockKind::Fenced(info) if !is_rust(info));
                if !keep {
                    block = Some(CodeBlock::new(text, range, &kind));
                }
            }
            Event::Start(Tag::Link { .. } | Tag::Image { .. }) => in_link += 1,
            Event::End(TagEnd::Link | TagEnd::Image) => in_link = in_link.saturating_sub(1),
            Event::Text(_) if in_link == 0 => {
                let source = &text[range.clone()];
                // `\[` splits the text before the escaped character.
                let after_backslash = text[..range.start].ends_with('\\');
                let escaped = escape_text(source, after_backslash);
                if escaped != source {
                    edits.push((range, escaped));
                }
            }
            Event::Html(_) | Event::InlineHtml(_) => {
                // Shown as text: its URLs and brackets too would warn.
                let source = &text[range.clone()];
                edits.push((range, escape_text_with(source, false, escape_html)));
            }
            _ => {}
        }
    }
    if let Some(b) = block.take() {
        edits.push(b.rebuilt(text));
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut at = 0;
    for (range, replacement) in edits {
        if range.start < at {
            continue;
        }
        out.push_str(&text[at..range.start]);
        out.push_str(&replacement);
        at = range.end;
    }
    out.push_str(&text[at..]);
    out.trim_end().to_owned()
}

/// A code block being rebuilt as a `text` block where it stands.
struct CodeBlock {
    range: Range<usize>,
    content: String,
    /// What starts each of its lines inside its list item or quote: the
    /// rebuilt block's lines need it too, or they would end the container.
    container: String,
}

impl CodeBlock {
    fn new(text: &str, mut range: Range<usize>, kind: &CodeBlockKind<'_>) -> Self {
        let line = text[..range.start].rfind('\n').map_or(0, |i| i + 1);
        let mut lead = &text[line..range.start];
        if matches!(kind, CodeBlockKind::Indented) {
            // The indentation goes too: the fence starts the container's content.
            lead = lead
                .strip_suffix("    ")
                .or_else(|| lead.strip_suffix('\t'))
                .unwrap_or(lead.trim_end());
            range.start = line + lead.len();
        }
        // A list marker on the first line is indentation on the others.
        let container = lead
            .chars()
            .map(|c| {
                if c == '>' || c.is_whitespace() {
                    c
                } else {
                    ' '
                }
            })
            .collect();
        CodeBlock {
            range,
            content: String::new(),
            container,
        }
    }

    fn rebuilt(self, text: &str) -> (Range<usize>, String) {
        let block = text_block(&self.content);
        let mut out = String::with_capacity(block.len() + 16);
        for (i, line) in block.trim_end_matches('\n').split('\n').enumerate() {
            if i > 0 {
                out.push('\n');
                out.push_str(if line.is_empty() {
                    self.container.trim_end()
                } else {
                    &self.container
                });
            }
            out.push_str(line);
        }
        if text[self.range.clone()].ends_with('\n') {
            out.push('\n');
        }
        (self.range, out)
    }
}

/// Whether rustdoc would take a fenced block with this info string as Rust:
/// it does unless a word of it names another language (`no_run` alone is Rust).
fn is_rust(info: &str) -> bool {
    const RUSTDOC_WORDS: &[&str] = &[
        "rust",
        "ignore",
        "no_run",
        "should_panic",
        "compile_fail",
        "test_harness",
        "standalone_crate",
    ];
    info.split([',', ' ', '\t'])
        .filter(|w| !w.is_empty())
        .all(|w| RUSTDOC_WORDS.contains(&w) || w.starts_with("edition"))
}

/// A code block as a fenced `text` block, with a fence longer than any run
/// of backticks inside it.
pub(super) fn text_block(content: &str) -> String {
    let longest = content.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    let mut out = format!("{fence}text\n{content}");
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out.push_str(&fence);
    out.push('\n');
    out
}

/// Plain text with its bare URLs wrapped and its unescaped brackets escaped.
fn escape_text(source: &str, after_backslash: bool) -> String {
    escape_text_with(source, after_backslash, escape_brackets)
}

/// HTML shown as text: angle brackets as entities, brackets escaped.
fn escape_html(text: &str, after_backslash: bool, out: &mut String) {
    let text = text.replace('<', "&lt;").replace('>', "&gt;");
    escape_brackets(&text, after_backslash, out);
}

/// Text with its bare URLs wrapped in `<...>` and `escape` applied to the rest.
fn escape_text_with(
    source: &str,
    after_backslash: bool,
    escape: fn(&str, bool, &mut String),
) -> String {
    let mut out = String::with_capacity(source.len() + 8);
    let mut rest = source;
    while !rest.is_empty() {
        let url_at = ["http://", "https://"]
            .iter()
            .filter_map(|scheme| rest.find(scheme))
            .min();
        let (plain, tail) = match url_at {
            Some(i) => rest.split_at(i),
            None => (rest, ""),
        };
        escape(plain, after_backslash && out.is_empty(), &mut out);
        if tail.is_empty() {
            break;
        }
        let end = tail
            .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`'))
            .unwrap_or(tail.len());
        let url = tail[..end].trim_end_matches(['.', ',', ';', ':', ')', ']', '!', '?', '\'']);
        out.push('<');
        out.push_str(url);
        out.push('>');
        rest = &tail[url.len()..];
    }
    out
}

fn escape_brackets(text: &str, after_backslash: bool, out: &mut String) {
    let mut escaped = after_backslash;
    for c in text.chars() {
        if matches!(c, '[' | ']') && !escaped {
            out.push('\\');
        }
        escaped = c == '\\' && !escaped;
        out.push(c);
    }
}

/// An `# Examples` section with the spec's examples as `json` blocks, or
/// nothing when there are none.
pub fn examples(examples: &[Example]) -> String {
    if examples.is_empty() {
        return String::new();
    }
    let mut out = String::from("\n\n# Examples\n");
    for example in examples {
        let title = example
            .title
            .as_deref()
            .map(|t| format!(" ({})", sanitize(t).replace('\n', " ")))
            .unwrap_or_default();
        let block = text_block(&example.json).replacen("text\n", "json\n", 1);
        out.push_str(&format!("\n{}{title}:\n\n{block}", example.what));
    }
    out.trim_end().to_owned()
}

/// `#[doc = "..."]` attributes, one per line, for already-sanitized text.
pub fn attrs(text: &str) -> TokenStream {
    let lines = text.lines().map(|l| {
        if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        }
    });
    quote! { #( #[doc = #lines] )* }
}

/// Documentation for a type or field: description, format and default.
pub fn for_item(doc: &Doc, fallback: &str) -> TokenStream {
    // An empty description (`description: ''`) documents nothing: the fallback does.
    let mut text = doc
        .text
        .as_deref()
        .map(sanitize)
        .filter(|t| !t.trim().is_empty())
        .unwrap_or_else(|| fallback.to_owned());
    if let Some(format) = &doc.format {
        text.push_str(&format!("\n\nFormat: `{format}`."));
    }
    if let Some(default) = &doc.default {
        text.push_str(&format!(
            "\n\nDefault: `{}`.",
            default.to_string().replace('`', "'")
        ));
    }
    let deprecated = doc.deprecated.then(|| quote! { #[deprecated] });
    let attrs = attrs(&text);
    quote! { #attrs #deprecated }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_spans_and_links_are_kept_as_written() {
        assert_eq!(
            sanitize("Send `Authorization: Bearer <apikey>` with every call."),
            "Send `Authorization: Bearer <apikey>` with every call."
        );
        assert_eq!(
            sanitize("Filter with `score[gte]`."),
            "Filter with `score[gte]`."
        );
        assert_eq!(
            sanitize("See [the guide](https://x.io/guide) and *this*."),
            "See [the guide](https://x.io/guide) and *this*."
        );
        assert_eq!(
            sanitize("Already <https://x.io> linked."),
            "Already <https://x.io> linked."
        );
    }

    #[test]
    fn what_rustdoc_would_misread_is_escaped() {
        assert_eq!(
            sanitize("Authorization: Bearer <apikey>"),
            "Authorization: Bearer &lt;apikey&gt;"
        );
        assert_eq!(
            sanitize("see [docs] at https://x.io/a."),
            "see \\[docs\\] at <https://x.io/a>."
        );
        assert_eq!(sanitize("a \\[b\\] c"), "a \\[b\\] c");
        assert_eq!(
            sanitize("Intro:\n\n    indented code\n\nAfter."),
            "Intro:\n\n```text\nindented code\n```\n\nAfter."
        );
        assert_eq!(sanitize("```\nfn x\n```"), "```text\nfn x\n```");
        assert_eq!(sanitize("```json\n{}\n```"), "```json\n{}\n```");
        assert_eq!(sanitize("```no_run\nx\n```"), "```text\nx\n```");
        assert_eq!(sanitize("```\nopen"), "```text\nopen\n```");
    }

    #[test]
    fn code_blocks_stay_in_their_list_item_or_quote() {
        assert_eq!(
            sanitize("- item\n\n      code\n      more\n\nafter"),
            "- item\n\n  ```text\n  code\n  more\n  ```\n\nafter"
        );
        assert_eq!(
            sanitize("1. ```\n   x\n\n   y\n   ```"),
            "1. ```text\n   x\n\n   y\n   ```"
        );
        assert_eq!(
            sanitize("> quote\n>\n>     code\n"),
            "> quote\n>\n> ```text\n> code\n> ```"
        );
    }

    #[test]
    fn html_left_as_text_has_its_urls_and_brackets_escaped() {
        assert_eq!(
            sanitize("<x-link href=\"https://x.io\">[x]"),
            "&lt;x-link href=\"<https://x.io>\"&gt;\\[x\\]"
        );
    }
}
