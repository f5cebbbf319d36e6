//! Spec prose into rustdoc: text that reads the same, and never a doctest,
//! a broken intra-doc link or an HTML tag rustdoc would warn about.

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::Doc;

/// Escapes characters rustdoc's Markdown would take as markup the spec did
/// not mean: `<tag>`-like text, `[link]` brackets, and indentation or fences
/// that would turn prose into doctests.
pub fn sanitize(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut in_fence = false;
    for line in text.trim().lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") {
            // A fenced block in prose is never Rust: mark it as text.
            in_fence = !in_fence;
            out.push_str(if in_fence { "```text" } else { "```" });
            out.push('\n');
            continue;
        }
        if in_fence {
            out.push_str(line);
            out.push('\n');
            continue;
        }
        // Indentation of 4+ spaces would be a code block, hence a doctest.
        let mut escaped = String::with_capacity(trimmed.len());
        for word in split_keep(trimmed) {
            if word.starts_with("http://") || word.starts_with("https://") {
                let end = word.trim_end_matches(['.', ',', ';', ')', ':']);
                escaped.push('<');
                escaped.push_str(end);
                escaped.push('>');
                escaped.push_str(&word[end.len()..]);
            } else {
                for c in word.chars() {
                    match c {
                        '<' => escaped.push_str("&lt;"),
                        '>' => escaped.push_str("&gt;"),
                        '[' => escaped.push_str("\\["),
                        ']' => escaped.push_str("\\]"),
                        '\\' => escaped.push_str("\\\\"),
                        _ => escaped.push(c),
                    }
                }
            }
        }
        out.push_str(&escaped);
        out.push('\n');
    }
    if in_fence {
        out.push_str("```\n");
    }
    out.trim_end().to_owned()
}

/// Splits on spaces, keeping them, so URLs can be handled as whole words.
fn split_keep(s: &str) -> impl Iterator<Item = &str> {
    let mut rest = s;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let end = if rest.starts_with(' ') {
            rest.find(|c| c != ' ').unwrap_or(rest.len())
        } else {
            rest.find(' ').unwrap_or(rest.len())
        };
        let (word, tail) = rest.split_at(end);
        rest = tail;
        Some(word)
    })
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
    fn markup_is_neutralized() {
        assert_eq!(
            sanitize("Authorization: Bearer <apikey>"),
            "Authorization: Bearer &lt;apikey&gt;"
        );
        assert_eq!(
            sanitize("see [docs] at https://x.io/a."),
            "see \\[docs\\] at <https://x.io/a>."
        );
        assert_eq!(
            sanitize("    indented\n```\nfn x\n```"),
            "indented\n```text\nfn x\n```"
        );
        assert_eq!(sanitize("```\nopen"), "```text\nopen\n```");
    }
}
