//! The HTML of a Markdown description as a forgiving tree: tags found
//! outside the Markdown's own code (code spans and blocks stay verbatim),
//! elements closed the way browsers close them (`<li>` ends the previous
//! item, a block ends an open `<p>`), stray closing tags ignored. What only
//! looks like a tag (`<oid>` with no `</oid>`, `a < b`) stays text.

use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

/// A piece of the description.
#[derive(Debug)]
pub(super) enum Node<'a> {
    /// Markdown source between tags, as written.
    Text(&'a str),
    /// A code span of the Markdown: never changed.
    Code(&'a str),
    /// A code block of the Markdown, fenced or indented: never changed.
    CodeBlock(&'a str),
    Element(Element<'a>),
}

#[derive(Debug)]
pub(super) struct Element<'a> {
    /// Lowercase.
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Node<'a>>,
}

impl Element<'_> {
    /// An attribute's value as written (entities not decoded).
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

enum Token<'a> {
    Text(&'a str),
    Verbatim(&'a str, bool),
    Open {
        name: String,
        attrs: Vec<(String, String)>,
        self_closing: bool,
        source: &'a str,
    },
    Close(String),
    /// Comments, doctypes and processing instructions: dropped.
    Ignored,
}

/// Elements whose closing tag HTML lets one leave out. Any other element
/// is one only when it is closed later: a lone `<oid>` is text, a lone tag
/// of HTML (`<b>`, `<a href="...">` left open) is dropped.
const END_OPTIONAL: &[&str] = &[
    "body", "caption", "colgroup", "dd", "dt", "head", "html", "li", "p", "tbody", "td", "tfoot",
    "th", "thead", "tr",
];

/// The names of HTML, as far as descriptions use them: a lone tag of one
/// of these is broken HTML, not a placeholder.
const HTML: &[&str] = &[
    "a",
    "abbr",
    "address",
    "article",
    "aside",
    "b",
    "big",
    "blockquote",
    "body",
    "br",
    "caption",
    "center",
    "cite",
    "code",
    "col",
    "colgroup",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "font",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hr",
    "html",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "main",
    "mark",
    "nav",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "samp",
    "script",
    "section",
    "small",
    "span",
    "strike",
    "strong",
    "style",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "template",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "tt",
    "u",
    "ul",
    "var",
    "wbr",
];

/// Elements that never have content.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// Elements that end an open `<p>` when they start, as in HTML.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "details",
    "div",
    "dl",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "ul",
];

/// Deeper elements are flattened into their parent: rendering recurses.
const MAX_DEPTH: usize = 32;

/// The description as a tree, or `None` when it has no tag at all.
pub(super) fn parse(text: &str) -> Option<Vec<Node<'_>>> {
    let tokens = tokenize(text);
    // Whether anything changes: a tag that is one, a comment.
    let mut any = false;
    // Where each name is last closed: an unknown name is an element only
    // when a closing tag follows it.
    let mut last_close: HashMap<&str, usize> = HashMap::new();
    for (i, token) in tokens.iter().enumerate() {
        if let Token::Close(name) = token {
            last_close.insert(name, i);
        }
    }
    let mut tree = Tree {
        open: vec![Element {
            name: String::new(),
            attrs: Vec::new(),
            children: Vec::new(),
        }],
    };
    for (i, token) in tokens.iter().enumerate() {
        match token {
            Token::Text(t) => tree.push(Node::Text(t)),
            Token::Verbatim(t, false) => tree.push(Node::Code(t)),
            Token::Verbatim(t, true) => tree.push(Node::CodeBlock(t)),
            Token::Ignored => any = true,
            Token::Open {
                name,
                attrs,
                self_closing,
                source,
            } => {
                let void = *self_closing || VOID.contains(&name.as_str());
                let closed_later = last_close.get(name.as_str()).is_some_and(|&c| c > i);
                if !void && !closed_later && !END_OPTIONAL.contains(&name.as_str()) {
                    if HTML.contains(&name.as_str()) {
                        any = true;
                    } else {
                        tree.push(Node::Text(source));
                    }
                    continue;
                }
                any = true;
                tree.close_implied_by(name);
                let element = Element {
                    name: name.clone(),
                    attrs: attrs.clone(),
                    children: Vec::new(),
                };
                if void {
                    tree.push(Node::Element(element));
                } else if tree.open.len() > MAX_DEPTH {
                    // Its content goes to the parent; its closing tag is stray.
                } else {
                    tree.open.push(element);
                }
            }
            Token::Close(name) => {
                any = true;
                tree.close(name);
            }
        }
    }
    if !any {
        return None;
    }
    while tree.open.len() > 1 {
        tree.pop();
    }
    tree.open.pop().map(|root| root.children)
}

/// The elements still open, the root (the description) first.
struct Tree<'a> {
    open: Vec<Element<'a>>,
}

impl<'a> Tree<'a> {
    fn push(&mut self, node: Node<'a>) {
        if let Some(top) = self.open.last_mut() {
            top.children.push(node);
        }
    }

    /// Closes the innermost element and adds it to its parent.
    fn pop(&mut self) {
        if self.open.len() > 1 {
            if let Some(element) = self.open.pop() {
                self.push(Node::Element(element));
            }
        }
    }

    fn is_open(&self, name: &str) -> bool {
        self.open.iter().skip(1).any(|e| e.name == name)
    }

    /// A closing tag: closes its element and any left open inside it; a
    /// tag that closes nothing open is ignored.
    fn close(&mut self, name: &str) {
        if !self.is_open(name) {
            return;
        }
        while let Some(top) = self.open.last() {
            let done = top.name == name;
            self.pop();
            if done {
                break;
            }
        }
    }

    /// Closes what the start of `name` ends without a closing tag: a `<p>`
    /// before a block, the previous item of a list, cell or row of a table.
    fn close_implied_by(&mut self, name: &str) {
        let (ends, within): (&[&str], &[&str]) = match name {
            "li" => (&["li"], &["ul", "ol"]),
            "dt" | "dd" => (&["dt", "dd"], &["dl"]),
            "td" | "th" => (&["td", "th"], &["tr", "table"]),
            "tr" => (&["tr", "td", "th"], &["table"]),
            "thead" | "tbody" | "tfoot" => {
                (&["thead", "tbody", "tfoot", "tr", "td", "th"], &["table"])
            }
            _ => (&[], &[]),
        };
        // The outermost element it ends inside the nearest that holds it.
        let mut cut = None;
        for (i, e) in self.open.iter().enumerate().rev() {
            if within.contains(&e.name.as_str()) {
                break;
            }
            if ends.contains(&e.name.as_str()) {
                cut = Some(i);
            }
        }
        if let Some(at) = cut {
            while self.open.len() > at.max(1) {
                self.pop();
            }
        }
        if BLOCKS.contains(&name) && self.open.last().is_some_and(|e| e.name == "p") {
            self.pop();
        }
    }
}

/// The ranges of the Markdown's code spans and code blocks (`true`), in order.
fn verbatim_ranges(text: &str) -> Vec<(Range<usize>, bool)> {
    let mut out: Vec<(Range<usize>, bool)> = Vec::new();
    let mut block_start: Option<usize> = None;
    let mut skip_block = false;
    for (event, range) in Parser::new_ext(text, Options::empty()).into_offset_iter() {
        match event {
            Event::Code(_) if block_start.is_none() && !skip_block => out.push((range, false)),
            Event::Start(Tag::CodeBlock(kind)) => {
                let mut start = range.start;
                if matches!(kind, CodeBlockKind::Indented) && has_html(&text[range.clone()]) {
                    // Indented markup after a blank line, as HTML is
                    // written, not code.
                    skip_block = true;
                    continue;
                }
                if matches!(kind, CodeBlockKind::Indented) {
                    // Its indentation is part of it.
                    let line = text[..start].rfind('\n').map_or(0, |i| i + 1);
                    if text[line..start].trim().is_empty() {
                        start = line;
                    }
                }
                block_start = Some(start);
            }
            Event::End(TagEnd::CodeBlock) if skip_block => skip_block = false,
            Event::End(TagEnd::CodeBlock) => {
                if let Some(start) = block_start.take() {
                    out.push((start..range.end, true));
                }
            }
            _ => {}
        }
    }
    if let Some(start) = block_start {
        out.push((start..text.len(), true));
    }
    out.sort_by_key(|(r, _)| r.start);
    out
}

/// Whether `text` has a tag of HTML in it.
fn has_html(text: &str) -> bool {
    text.match_indices('<').any(|(i, _)| {
        matches!(tag(&text[i..]), Some((Token::Open { name, .. } | Token::Close(name), _))
            if HTML.contains(&name.as_str()))
    })
}

/// The code span starting at the backticks `s` starts with, and its
/// length: Markdown inside HTML blocks is not parsed, but it will be once
/// the tags around it are gone, so its code spans are kept too.
/// `s` ends where the paragraph does: a blank line ends the span too.
fn code_span(s: &str) -> Option<usize> {
    let run = s.len() - s.trim_start_matches('`').len();
    let mut at = run;
    while let Some(i) = s[at..].find('`') {
        let start = at + i;
        let len = s[start..].len() - s[start..].trim_start_matches('`').len();
        if len == run {
            return Some(start + len);
        }
        at = start + len;
    }
    None
}

fn tokenize(text: &str) -> Vec<Token<'_>> {
    let verbatim = verbatim_ranges(text);
    let mut tokens = Vec::new();
    let mut next_verbatim = verbatim.iter().peekable();
    let mut at = 0;
    let mut text_from = 0;
    // The end of the paragraph of the last backtick run, and the run
    // lengths known to have no closing run before it.
    let mut para_end = 0;
    let mut unmatched: HashMap<usize, usize> = HashMap::new();
    while at < text.len() {
        if let Some((range, block)) = next_verbatim.peek().filter(|(r, _)| r.start <= at) {
            let (range, block) = (range.clone(), *block);
            next_verbatim.next();
            if range.end <= at {
                continue;
            }
            if text_from < at {
                tokens.push(Token::Text(&text[text_from..at]));
            }
            tokens.push(Token::Verbatim(&text[at..range.end], block));
            at = range.end;
            text_from = at;
            continue;
        }
        let limit = next_verbatim.peek().map_or(text.len(), |(r, _)| r.start);
        let Some(lt) = text[at..limit].find(['<', '`']).map(|i| at + i) else {
            at = limit;
            continue;
        };
        if text[lt..].starts_with('`') {
            let run = text[lt..].len() - text[lt..].trim_start_matches('`').len();
            let escaped = text[..lt].ends_with('\\');
            if lt >= para_end {
                para_end = text[lt..].find("\n\n").map_or(text.len(), |i| lt + i);
            }
            let end = para_end.min(limit);
            // A run with no closing run before `end` has none for any later run of its length.
            let hopeless = escaped || unmatched.get(&run) == Some(&end);
            let span = if hopeless {
                None
            } else {
                code_span(&text[lt..end])
            };
            if span.is_none() && !escaped {
                unmatched.insert(run, end);
            }
            match span {
                Some(len) => {
                    if text_from < lt {
                        tokens.push(Token::Text(&text[text_from..lt]));
                    }
                    tokens.push(Token::Verbatim(&text[lt..lt + len], false));
                    at = lt + len;
                    text_from = at;
                }
                None => at = lt + run,
            }
            continue;
        }
        match tag(&text[lt..limit]) {
            Some((token, len)) => {
                if text_from < lt {
                    tokens.push(Token::Text(&text[text_from..lt]));
                }
                tokens.push(token);
                at = lt + len;
                text_from = at;
            }
            None => at = lt + 1,
        }
    }
    if text_from < text.len() {
        tokens.push(Token::Text(&text[text_from..]));
    }
    tokens
}

/// The tag `s` starts with, and its length; `None` when `<` starts no tag.
fn tag(s: &str) -> Option<(Token<'_>, usize)> {
    let rest = &s[1..];
    if let Some(comment) = rest.strip_prefix("!--") {
        return comment.find("-->").map(|end| (Token::Ignored, 4 + end + 3));
    }
    if rest.starts_with('?') || rest.starts_with('!') && rest[1..].starts_with(char::is_alphabetic)
    {
        return rest.find('>').map(|end| (Token::Ignored, end + 2));
    }
    let (closing, rest) = match rest.strip_prefix('/') {
        Some(r) => (true, r),
        None => (false, rest),
    };
    let name_len = name_len(rest)?;
    let name = rest[..name_len].to_ascii_lowercase();
    let mut i = name_len;
    let bytes = rest.as_bytes();
    let mut attrs = Vec::new();
    loop {
        let ws = rest[i..].len() - rest[i..].trim_start().len();
        i += ws;
        match bytes.get(i)? {
            b'>' => break,
            b'/' if bytes.get(i + 1) == Some(&b'>') && !closing => {
                let len = 1 + usize::from(closing) + i + 2;
                let token = Token::Open {
                    name,
                    attrs,
                    self_closing: true,
                    source: &s[..len],
                };
                return Some((token, len));
            }
            _ if ws == 0 || closing => return None,
            _ => {
                let (attr, len) = attribute(&rest[i..])?;
                attrs.push(attr);
                i += len;
            }
        }
    }
    let len = 1 + usize::from(closing) + i + 1;
    let token = if closing {
        Token::Close(name)
    } else {
        Token::Open {
            name,
            attrs,
            self_closing: false,
            source: &s[..len],
        }
    };
    Some((token, len))
}

/// The length of the tag name `s` starts with: a letter, then letters,
/// digits and hyphens, ended by what may follow a name in a tag.
fn name_len(s: &str) -> Option<usize> {
    if !s.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let len = s
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .unwrap_or(s.len());
    let next = s[len..].chars().next()?;
    (next.is_whitespace() || next == '>' || next == '/').then_some(len)
}

/// One attribute (`name`, `name=value`, `name="value"`, `name='value'`)
/// and its length.
fn attribute(s: &str) -> Option<((String, String), usize)> {
    let name_end = s
        .find(|c: char| c.is_whitespace() || matches!(c, '=' | '>' | '/' | '"' | '\'' | '<'))
        .unwrap_or(s.len());
    if name_end == 0 {
        return None;
    }
    let name = s[..name_end].to_ascii_lowercase();
    let after = s[name_end..].trim_start();
    let Some(value) = after.strip_prefix('=') else {
        return Some(((name, String::new()), name_end));
    };
    let value = value.trim_start();
    let value_at = s.len() - value.len();
    let (v, len) = match value.chars().next()? {
        q @ ('"' | '\'') => {
            let end = value[1..].find(q)?;
            (&value[1..1 + end], end + 2)
        }
        _ => {
            let end = value
                // `=` too, as browsers read it: `href=https://x.io/?a=1`.
                .find(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '<' | '>' | '`'))
                .unwrap_or(value.len());
            if end == 0 {
                return None;
            }
            (&value[..end], end)
        }
    };
    Some(((name, v.to_owned()), value_at + len))
}
