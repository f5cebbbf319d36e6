//! Text helpers of the Markdown writer: what starts a Markdown block, the
//! decoded text of code, whitespace as HTML collapses it, URLs and link
//! text that cannot break out of a Markdown link.

use super::parse::Node;

/// Whether a line starting with `s` starts a Markdown block that would end
/// the paragraph before it.
pub(super) fn starts_block(s: &str) -> bool {
    let s = s.trim_start();
    let bullet = s.len() > 1
        && matches!(s.as_bytes()[0], b'-' | b'*' | b'+')
        && s.as_bytes()[1].is_ascii_whitespace();
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    let ordered = digits > 0
        && matches!(s.as_bytes().get(digits), Some(b'.' | b')'))
        && s.as_bytes()
            .get(digits + 1)
            .is_none_or(u8::is_ascii_whitespace);
    bullet
        || ordered
        || s.starts_with(['#', '>', '|', '='])
        || s.starts_with("```")
        || s.starts_with("~~~")
        || s.starts_with("---")
}

pub(super) fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "section"
            | "article"
            | "header"
            | "footer"
            | "main"
            | "aside"
            | "nav"
            | "center"
            | "figure"
            | "figcaption"
            | "address"
            | "details"
            | "summary"
            | "blockquote"
            | "dl"
            | "dd"
            | "body"
            | "html"
            | "caption"
    )
}

/// The text of the nodes with tags dropped and entities decoded, as code
/// and preformatted blocks show it (`<br>` a line break).
pub(super) fn text_content(nodes: &[Node<'_>]) -> String {
    let mut out = String::new();
    for node in nodes {
        match node {
            Node::Text(t) => out.push_str(&decode(t)),
            Node::Code(t) | Node::CodeBlock(t) => out.push_str(t),
            Node::Element(e) => match e.name.as_str() {
                "br" => out.push('\n'),
                "script" | "style" | "template" => {}
                _ => out.push_str(&text_content(&e.children)),
            },
        }
    }
    out
}

pub(super) fn decode(s: &str) -> String {
    html_escape::decode_html_entities(s).into_owned()
}

pub(super) fn collapse_whitespace(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_ascii_whitespace() {
            space = true;
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    }
    if space {
        out.push(' ');
    }
    out
}

/// An absolute `http(s)` or `mailto` URL that Markdown takes whole, with
/// what would end it or read as Markdown percent-encoded; `None` for
/// anything else (relative paths, `javascript:`).
pub(super) fn safe_url(href: &str) -> Option<String> {
    let href = decode(href);
    let href = href.trim();
    let href = if href.starts_with("//") {
        format!("https:{href}")
    } else {
        href.to_owned()
    };
    let lower = href.to_ascii_lowercase();
    let scheme = ["http://", "https://", "mailto:"]
        .into_iter()
        .find(|scheme| lower.starts_with(scheme))?;
    let rest = &href[scheme.len()..];
    if rest.is_empty() || rest.starts_with('/') {
        return None;
    }
    let mut out = String::with_capacity(href.len());
    for c in href.chars() {
        if c.is_whitespace()
            || c.is_control()
            || matches!(
                c,
                '<' | '>' | '"' | '`' | '(' | ')' | '[' | ']' | '\\' | '{' | '}' | '|' | '^'
            )
        {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    Some(out)
}

/// Link text that cannot end the link: brackets are escaped unless they
/// pair up, which Markdown allows.
pub(super) fn escape_brackets(text: &str) -> String {
    let mut depth = 0i64;
    let mut escaped = false;
    let mut balanced = true;
    for c in text.chars() {
        match c {
            '[' if !escaped => depth += 1,
            ']' if !escaped => depth -= 1,
            _ => {}
        }
        balanced &= depth >= 0;
        escaped = c == '\\' && !escaped;
    }
    if balanced && depth == 0 {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + 4);
    escaped = false;
    for c in text.chars() {
        if matches!(c, '[' | ']') && !escaped {
            out.push('\\');
        }
        escaped = c == '\\' && !escaped;
        out.push(c);
    }
    out
}
