//! The tree of a description written back as Markdown. Text between tags
//! is the spec's Markdown and is copied as written; only the tags become
//! Markdown: blocks as blank lines, `<br>` as a hard break, lists with their
//! markers and indentation, `<pre>` as a `text` block, `<code>` as a code
//! span of the decoded text, links with a URL made safe, tables as pipe
//! tables. Script and style contents are dropped; other tags are dropped
//! and their content kept.

use super::parse::{Element, Node};
use super::text::{
    collapse_whitespace, decode, escape_brackets, is_block, safe_url, starts_block, text_content,
};
use crate::emit::doc::text_block;

/// What separates the next content from what was written, strongest last.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Sep {
    None,
    Space,
    Break,
    Line,
    /// A blank line, unless a list item follows: ends a list.
    AfterList,
    Para,
}

struct List {
    ordered: bool,
    next: u64,
}

/// Markdown being written.
struct Writer {
    out: String,
    pending: Sep,
    /// Written after each line break: a list item's indentation.
    prefix: String,
    /// At the start of a line or just after a list marker: separators and
    /// leading whitespace are dropped.
    fresh: bool,
    /// Whitespace runs are one space, as in HTML (list items, cells).
    collapse: bool,
    /// Everything on one line (link text, cells, emphasis): blocks are spaces.
    inline: bool,
    lists: Vec<List>,
}

/// The nodes as Markdown.
pub(super) fn markdown(nodes: &[Node<'_>]) -> String {
    let mut w = Writer::new(false);
    w.nodes(nodes);
    w.out.trim().to_owned()
}

impl Writer {
    fn new(inline: bool) -> Self {
        Writer {
            out: String::new(),
            pending: Sep::None,
            prefix: String::new(),
            fresh: !inline,
            collapse: inline,
            inline,
            lists: Vec::new(),
        }
    }

    fn sep(&mut self, sep: Sep) {
        let sep = if self.inline && sep > Sep::Space {
            Sep::Space
        } else {
            sep
        };
        // Two breaks in a row leave a blank line.
        self.pending = if sep == Sep::Break && self.pending == Sep::Break {
            Sep::Para
        } else {
            self.pending.max(sep)
        };
    }

    /// Writes the pending separator before `next`.
    fn flush(&mut self, next: &str) {
        let pending = std::mem::replace(&mut self.pending, Sep::None);
        if self.fresh || self.out.is_empty() {
            return;
        }
        match pending {
            Sep::None => return,
            Sep::Space => {
                if !self.out.ends_with(char::is_whitespace) {
                    self.out.push(' ');
                }
                return;
            }
            Sep::Break => {
                self.trim_end();
                // A backslash before a line that starts a block would show.
                if !starts_block(next) {
                    self.out.push('\\');
                }
                self.out.push('\n');
            }
            Sep::Line => {
                self.trim_end();
                self.out.push('\n');
            }
            Sep::AfterList | Sep::Para => {
                self.trim_end();
                self.out.push('\n');
                self.out.push_str(self.prefix.trim_end());
                self.out.push('\n');
            }
        }
        self.out.push_str(&self.prefix);
        self.fresh = true;
    }

    fn trim_end(&mut self) {
        let len = self.out.trim_end().len();
        self.out.truncate(len);
    }

    /// Writes `s`, each new line indented by the prefix.
    fn write(&mut self, s: &str) {
        if s.is_empty() {
            return;
        }
        for (i, line) in s.split('\n').enumerate() {
            if i > 0 {
                self.out.push('\n');
                let prefix = if line.is_empty() {
                    self.prefix.trim_end()
                } else {
                    &self.prefix
                };
                self.out.push_str(prefix);
            }
            self.out.push_str(line);
        }
        self.fresh = false;
    }

    /// Markdown syntax: written as it is, after the pending separator.
    fn raw(&mut self, s: &str) {
        self.flush(s);
        self.write(s);
    }

    /// The spec's own text.
    fn text(&mut self, t: &str) {
        let collapsed;
        let mut t = if self.collapse {
            collapsed = collapse_whitespace(t);
            collapsed.as_str()
        } else {
            t
        };
        if self.pending > Sep::Space || self.fresh {
            t = t.trim_start();
        }
        if t.is_empty() {
            return;
        }
        if self.pending == Sep::Space && t.starts_with(char::is_whitespace) {
            self.pending = Sep::None;
        }
        self.flush(t);
        self.write(t);
    }

    fn nodes(&mut self, nodes: &[Node<'_>]) {
        for node in nodes {
            match node {
                Node::Text(t) => self.text(t),
                Node::Code(code) => {
                    if self.collapse {
                        self.raw(&code.replace('\n', " "));
                    } else {
                        self.raw(code);
                    }
                }
                Node::CodeBlock(block) => {
                    if self.inline {
                        let code = text_content(std::slice::from_ref(node));
                        self.code_span(&code);
                    } else {
                        self.sep(Sep::Para);
                        self.raw(block.trim_end());
                        self.sep(Sep::Para);
                    }
                }
                Node::Element(e) => self.element(e),
            }
        }
    }

    fn element(&mut self, e: &Element<'_>) {
        match e.name.as_str() {
            "br" => self.sep(Sep::Break),
            "hr" => {
                self.sep(Sep::Para);
                if !self.inline {
                    self.raw("---");
                }
                self.sep(Sep::Para);
            }
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => self.heading(e),
            "ul" | "ol" | "menu" | "dir" => self.list(e),
            "li" => self.item(&e.children),
            "dt" => {
                self.sep(Sep::Para);
                self.wrap("**", &e.children);
                self.sep(Sep::Line);
            }
            "pre" | "xmp" | "listing" | "plaintext" => self.pre(e),
            // Cells and rows outside a table: their text, apart.
            "td" | "th" => {
                self.sep(Sep::Space);
                self.nodes(&e.children);
                self.sep(Sep::Space);
            }
            "tr" => {
                self.sep(Sep::Line);
                self.nodes(&e.children);
                self.sep(Sep::Line);
            }
            "code" | "tt" | "kbd" | "samp" => {
                let code = text_content(&e.children);
                self.code_span(&code);
            }
            "b" | "strong" => self.wrap("**", &e.children),
            "i" | "em" | "cite" | "dfn" | "var" => self.wrap("*", &e.children),
            "a" => self.link(e),
            "table" => self.table(e),
            "script" | "style" | "head" | "title" | "template" | "svg" | "math" | "iframe"
            | "object" | "img" => {}
            name if is_block(name) => {
                self.sep(Sep::Para);
                self.nodes(&e.children);
                self.sep(Sep::Para);
            }
            _ => self.nodes(&e.children),
        }
    }

    /// The nodes on one line, and whether whitespace was at either end.
    fn inline_parts(nodes: &[Node<'_>]) -> (bool, String, bool) {
        let mut w = Writer::new(true);
        w.nodes(nodes);
        let lead = w.out.starts_with(char::is_whitespace);
        let trail = w.out.ends_with(char::is_whitespace) || w.pending == Sep::Space;
        (lead, w.out.trim().to_owned(), trail)
    }

    /// `**...**` or `*...*` around the content, its edge whitespace outside.
    fn wrap(&mut self, delimiter: &str, children: &[Node<'_>]) {
        let (lead, inner, trail) = Self::inline_parts(children);
        if inner.is_empty() {
            if lead || trail {
                self.sep(Sep::Space);
            }
            return;
        }
        if lead {
            self.sep(Sep::Space);
        }
        self.raw(&format!("{delimiter}{inner}{delimiter}"));
        if trail {
            self.sep(Sep::Space);
        }
    }

    fn code_span(&mut self, code: &str) {
        let code = collapse_whitespace(code);
        let code = code.trim();
        if code.is_empty() {
            return;
        }
        let longest = code.split(|c| c != '`').map(str::len).max().unwrap_or(0);
        let fence = "`".repeat(longest + 1);
        let pad = if code.starts_with('`') || code.ends_with('`') {
            " "
        } else {
            ""
        };
        self.raw(&format!("{fence}{pad}{code}{pad}{fence}"));
    }

    fn heading(&mut self, e: &Element<'_>) {
        if self.inline {
            return self.wrap("**", &e.children);
        }
        let (_, inner, _) = Self::inline_parts(&e.children);
        if inner.is_empty() {
            return;
        }
        let level = e.name[1..].parse::<usize>().unwrap_or(1);
        self.sep(Sep::Para);
        self.raw(&format!("{} {inner}", "#".repeat(level)));
        self.sep(Sep::Para);
    }

    fn link(&mut self, e: &Element<'_>) {
        let Some(url) = e.attr("href").and_then(safe_url) else {
            // A link to a page of the vendor's site, relative to a base
            // nobody gave, or no link at all: its text.
            return self.nodes(&e.children);
        };
        let (lead, inner, trail) = Self::inline_parts(&e.children);
        if inner.contains("](") {
            return self.nodes(&e.children);
        }
        if lead {
            self.sep(Sep::Space);
        }
        if inner.is_empty() || inner == url || decode(&inner) == url {
            self.raw(&format!("<{url}>"));
        } else {
            self.raw(&format!("[{}]({url})", escape_brackets(&inner)));
        }
        if trail {
            self.sep(Sep::Space);
        }
    }

    fn pre(&mut self, e: &Element<'_>) {
        let content = text_content(&e.children);
        let content = content.strip_prefix('\n').unwrap_or(&content);
        let content = content.trim_end();
        if content.trim().is_empty() {
            return;
        }
        if self.inline {
            return self.code_span(content);
        }
        self.sep(Sep::Para);
        self.raw(text_block(content).trim_end());
        self.sep(Sep::Para);
    }

    fn list(&mut self, e: &Element<'_>) {
        if self.inline {
            self.sep(Sep::Space);
            self.nodes(&e.children);
            self.sep(Sep::Space);
            return;
        }
        let ordered = e.name == "ol";
        let start = e
            .attr("start")
            .and_then(|s| s.trim().parse::<u64>().ok())
            .filter(|_| ordered)
            .unwrap_or(1)
            .min(999_999_999);
        self.sep(if self.lists.is_empty() {
            Sep::Para
        } else {
            Sep::Line
        });
        self.lists.push(List {
            ordered,
            next: start,
        });
        for child in &e.children {
            match child {
                Node::Element(li) if li.name == "li" => self.item(&li.children),
                Node::Text(t) if t.trim().is_empty() => {}
                // Anything else between items (a nested list written beside
                // them) is an item of its own.
                other => self.item(std::slice::from_ref(other)),
            }
        }
        self.lists.pop();
        self.sep(Sep::AfterList);
    }

    fn item(&mut self, children: &[Node<'_>]) {
        if self.inline {
            self.sep(Sep::Space);
            self.nodes(children);
            self.sep(Sep::Space);
            return;
        }
        let Some(list) = self.lists.last_mut() else {
            // An item outside a list: a list of its own.
            self.lists.push(List {
                ordered: false,
                next: 1,
            });
            self.sep(Sep::Para);
            self.item(children);
            self.lists.pop();
            self.sep(Sep::AfterList);
            return;
        };
        let marker = if list.ordered {
            format!("{}. ", list.next)
        } else {
            "- ".to_owned()
        };
        list.next += 1;
        if self.pending == Sep::AfterList {
            self.pending = Sep::Line;
        } else {
            self.sep(Sep::Line);
        }
        self.flush(&marker);
        let before = self.out.len();
        self.write(&marker);
        self.fresh = true;
        let indent = " ".repeat(marker.len());
        let inner = format!("{}{indent}", self.prefix);
        let prefix = std::mem::replace(&mut self.prefix, inner);
        let collapse = std::mem::replace(&mut self.collapse, true);
        self.nodes(children);
        self.prefix = prefix;
        self.collapse = collapse;
        if self.out.len() == before + marker.len() {
            // An empty item: no marker either.
            self.out.truncate(before);
            self.fresh = true;
            if let Some(list) = self.lists.last_mut() {
                list.next -= 1;
            }
        }
    }

    fn table(&mut self, e: &Element<'_>) {
        let mut rows: Vec<Vec<String>> = Vec::new();
        let mut caption = String::new();
        rows_of(e, &mut rows, &mut caption);
        let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
        if self.inline || cols == 0 {
            let cells: Vec<&str> = std::iter::once(caption.as_str())
                .chain(rows.iter().flatten().map(String::as_str))
                .filter(|c| !c.is_empty())
                .collect();
            if !cells.is_empty() {
                self.sep(Sep::Space);
                self.raw(&cells.join(" "));
                self.sep(Sep::Space);
            }
            return;
        }
        self.sep(Sep::Para);
        if !caption.is_empty() {
            self.raw(&caption);
            self.sep(Sep::Para);
        }
        let mut lines = Vec::with_capacity(rows.len() + 1);
        for (i, row) in rows.iter().enumerate() {
            let cells: Vec<&str> = (0..cols)
                .map(|c| row.get(c).map_or("", String::as_str))
                .collect();
            lines.push(format!("| {} |", cells.join(" | ")));
            if i == 0 {
                lines.push(format!("|{}", "---|".repeat(cols)));
            }
        }
        self.raw(&lines.join("\n"));
        self.sep(Sep::Para);
    }
}

/// The rows of a table (cells on one line, pipes escaped) and its caption,
/// through `thead`, `tbody` and `tfoot`; cells outside a row make one.
fn rows_of(e: &Element<'_>, rows: &mut Vec<Vec<String>>, caption: &mut String) {
    let mut loose: Vec<String> = Vec::new();
    for child in &e.children {
        let Node::Element(c) = child else { continue };
        match c.name.as_str() {
            "tr" => {
                let mut row = Vec::new();
                for cell in &c.children {
                    if let Node::Element(cell) = cell {
                        if matches!(cell.name.as_str(), "td" | "th") {
                            row.push(cell_text(&cell.children));
                        }
                    }
                }
                rows.push(row);
            }
            "td" | "th" => loose.push(cell_text(&c.children)),
            "thead" | "tbody" | "tfoot" => rows_of(c, rows, caption),
            "caption" => *caption = Writer::inline_parts(&c.children).1,
            _ => {}
        }
    }
    if !loose.is_empty() {
        rows.push(loose);
    }
}

fn cell_text(nodes: &[Node<'_>]) -> String {
    Writer::inline_parts(nodes).1.replace('|', "\\|")
}
