//! One test per HTML construct, then hostile inputs, each through the whole
//! path a description takes (`doc::sanitize`), checked for what rustdoc
//! would warn about.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::to_markdown;
use crate::emit::doc::sanitize;

/// What rustdoc would warn about in `doc`: HTML left (`invalid_html_tags`),
/// a URL outside a link or code (`bare_urls`), a code block rustdoc would
/// run, or a bracket pair that would be an intra-doc link.
fn warnings(doc: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_link = 0;
    let mut text = String::new();
    let opts = Options::ENABLE_TABLES;
    for event in Parser::new_ext(doc, opts) {
        match event {
            Event::Html(h) | Event::InlineHtml(h) => out.push(format!("html: {h}")),
            Event::Start(Tag::Link { .. }) => in_link += 1,
            Event::End(TagEnd::Link) => in_link -= 1,
            Event::Start(Tag::CodeBlock(pulldown_cmark::CodeBlockKind::Fenced(info)))
                if !matches!(&*info, "text" | "json") =>
            {
                out.push(format!("code block: {info:?}"));
            }
            Event::Start(Tag::CodeBlock(pulldown_cmark::CodeBlockKind::Indented)) => {
                out.push("indented code block".into());
            }
            Event::Text(t) if in_link == 0 => {
                text.push_str(&t);
                if t.contains("http://") || t.contains("https://") {
                    out.push(format!("bare url: {t}"));
                }
            }
            _ => {}
        }
    }
    out
}

/// `sanitize`, asserted to leave nothing rustdoc warns about.
fn doc(input: &str) -> String {
    let out = sanitize(input);
    let found = warnings(&out);
    assert!(found.is_empty(), "{input:?} became {out:?}: {found:?}");
    out
}

#[test]
fn markdown_without_tags_is_untouched() {
    for text in [
        "Plain *text* with `code <b>` and [a link](https://x.io).",
        "a < b and c > d",
        "List<String>",
        "Use <https://x.io> or <me@x.io>.",
    ] {
        assert!(matches!(to_markdown(text), std::borrow::Cow::Borrowed(_)));
    }
}

#[test]
fn line_breaks_and_paragraphs() {
    assert_eq!(doc("One<br>two<br/>three<BR />"), "One\\\ntwo\\\nthree");
    assert_eq!(doc("One<br><br>two"), "One\n\ntwo");
    assert_eq!(doc("<p>One</p><p>Two</p>"), "One\n\nTwo");
    assert_eq!(doc("One<p>Two<p>Three"), "One\n\nTwo\n\nThree");
    assert_eq!(
        doc("<div class=\"note\">Note: it.</div>\nAfter."),
        "Note: it.\n\nAfter."
    );
    assert_eq!(doc("Before<hr>After"), "Before\n\n---\n\nAfter");
}

#[test]
fn code_is_a_code_span_of_the_decoded_text() {
    assert_eq!(doc("Send <code>a &amp;&lt;b&gt;</code>."), "Send `a &<b>`.");
    assert_eq!(doc("<code>x`y</code>"), "``x`y``");
    assert_eq!(doc("<code>`x</code>"), "`` `x ``");
    assert_eq!(doc("<tt>a\n  b</tt> <kbd>k</kbd>"), "`a b` `k`");
    assert_eq!(doc("empty <code> </code>code"), "empty code");
}

#[test]
fn links_become_markdown_links_with_safe_urls() {
    assert_eq!(
        doc("See <a href=\"https://x.io/a?b=1&amp;c=2\">the docs</a>."),
        "See [the docs](https://x.io/a?b=1&c=2)."
    );
    assert_eq!(
        doc("<a href='https://x.io/a b(c)'>t</a>"),
        "[t](https://x.io/a%20b%28c%29)"
    );
    assert_eq!(
        doc("<a href=https://x.io>https://x.io</a>"),
        "<https://x.io>"
    );
    assert_eq!(doc("<a href=\"https://x.io\"></a>"), "<https://x.io>");
    assert_eq!(
        doc("<a href=\"https://x.io\">a [b</a>"),
        "[a \\[b](https://x.io)"
    );
    assert_eq!(
        doc("<a href=\"https://x.io\"><code>x[0]</code></a>"),
        "[`x[0]`](https://x.io)"
    );
    // No base to resolve against, or not a web link: the text alone.
    assert_eq!(doc("<a href=\"/docs/x\">guide</a>"), "guide");
    assert_eq!(doc("<a href=\"javascript:alert(1)\">x</a>"), "x");
    assert_eq!(doc("<a name=\"top\">Top</a>"), "Top");
    assert_eq!(
        doc("<a href=https://x.io/?a=1&b=2 target=_blank>unquoted</a>"),
        "[unquoted](https://x.io/?a=1&b=2)"
    );
    // Markdown has no links in links: the inner one stays.
    assert_eq!(
        doc("<a href=\"https://x.io\">see <a href=\"https://y.io\">y</a></a>"),
        "see [y](https://y.io)"
    );
    assert_eq!(
        doc("<a href=\"mailto:a@x.io\">mail</a>"),
        "[mail](mailto:a@x.io)"
    );
}

#[test]
fn emphasis_keeps_its_whitespace_outside() {
    assert_eq!(doc("a <b>bold</b> b"), "a **bold** b");
    assert_eq!(doc("a<strong> bold </strong>b"), "a **bold** b");
    assert_eq!(doc("<i>it</i> and <em>em</em>"), "*it* and *em*");
    assert_eq!(doc("<b><i>both</i></b>"), "***both***");
    assert_eq!(doc("<b> </b>x"), "x");
}

#[test]
fn lists_nest_and_number() {
    assert_eq!(
        doc("Options:<ul><li>one</li><li>two</li></ul>After."),
        "Options:\n\n- one\n- two\n\nAfter."
    );
    assert_eq!(
        doc("<ol start=\"3\">\n  <li>three\n  </li>\n  <li>four</li>\n</ol>"),
        "3. three\n4. four"
    );
    assert_eq!(
        doc("<ul><li>a<ul><li>a1</li><li>a2</li></ul></li><li>b</li></ul>"),
        "- a\n  - a1\n  - a2\n- b"
    );
    assert_eq!(
        doc("<ul><li>a<ul><li>a1</li></ul>more a</li></ul>"),
        "- a\n  - a1\n\n  more a"
    );
    // Items left open, as HTML allows.
    assert_eq!(doc("<ul><li>a<li>b</ul>"), "- a\n- b");
    assert_eq!(doc("<li>lone</li>"), "- lone");
    assert_eq!(doc("<ul><li></li><li>b</li></ul>"), "- b");
    assert_eq!(
        doc("<ol><li><p>para</p><pre>code</pre></li></ol>"),
        "1. para\n\n   ```text\n   code\n   ```"
    );
}

#[test]
fn preformatted_text_is_a_text_block() {
    assert_eq!(
        doc("Example:<pre>\n{\"a\": 1}\n  &lt;b&gt;\n</pre>Done."),
        "Example:\n\n```text\n{\"a\": 1}\n  <b>\n```\n\nDone."
    );
    assert_eq!(
        doc("<pre><code class=\"language-rust\">fn main() {}</code></pre>"),
        "```text\nfn main() {}\n```"
    );
    assert_eq!(doc("<pre>```\nx\n```</pre>"), "````text\n```\nx\n```\n````");
}

#[test]
fn tables_become_pipe_tables() {
    assert_eq!(
        doc(
            "<table><thead><tr><th>Code</th><th>Meaning</th></tr></thead>\n<tbody>\
             <tr><td><code>a|b</code></td><td>one\ntwo</td></tr><tr><td>x</td></tr></tbody></table>"
        ),
        "| Code | Meaning |\n|---|---|\n| `a\\|b` | one two |\n| x |  |"
    );
    assert_eq!(doc("<table></table>text"), "text");
}

#[test]
fn headings_and_unknown_tags() {
    assert_eq!(
        doc("<h4><i class=\"fas fa-info\"></i> Note:</h4>Body"),
        "#### Note:\n\nBody"
    );
    // Unknown elements go, their text stays; a lone unknown tag is text.
    assert_eq!(
        doc("<Note>Files last <span style=\"x\">24 h</span>.</Note>"),
        "Files last 24 h."
    );
    assert_eq!(
        doc("Sort by <field>:<direction>"),
        "Sort by &lt;field&gt;:&lt;direction&gt;"
    );
    assert_eq!(doc("Suite<sup>Link</sup>"), "SuiteLink");
    assert_eq!(doc("a<!-- hidden -->b<!DOCTYPE html>"), "ab");
}

#[test]
fn markdown_beside_html_is_kept() {
    assert_eq!(
        doc("<p>Use `x <b>` and *y*</p>\n\n- item\n- [link](https://x.io)"),
        "Use `x <b>` and *y*\n\n- item\n- [link](https://x.io)"
    );
    assert_eq!(
        doc("<p>Intro</p>\n\n    indented code\n\n<p>After</p>"),
        "Intro\n\n```text\nindented code\n```\n\nAfter"
    );
    assert_eq!(doc("Text `<br>` and<br>break"), "Text `<br>` and\\\nbreak");
}

#[test]
fn hostile_html_breaks_nothing() {
    for input in [
        "<b>unclosed bold",
        "<i>a<b>b</i>c</b>",
        "</p></li></ul>stray closes",
        "<ul><li>a<ul><li>b",
        "<table><tr><td>a<td>b<tr><td>c",
        "<script>alert('x')</script>after",
        "<style>p { color: red }</style>x",
        "<script>unclosed",
        "a < b > c << >> <",
        "<<b>>x</b>>",
        "<a href=\"https://x.io\">unclosed link",
        "<a href=\"https://x.io\"><a href=\"https://y.io\">nested</a></a>",
        "<a href=\"https://x.io\">text <b>[</b></a>",
        "<td>cell outside a table</td><tr><td>row</td>",
        "<a href=\"https://x.io/`]`)\">odd url</a>",
        "<a href=\"https://x.io\">a](https://evil)</a>",
        "<a href='https://x.io\">mixed quotes</a>",
        "<a href=https://x.io/?a=1&b=2 target=_blank>unquoted</a>",
        "<pre>unclosed pre",
        "<pre>```\nfence</pre>",
        "<code>```</code>",
        "<!-- unclosed comment",
        "<div",
        "<p attr=\"unterminated>text",
        "<li>x</li></ol></ul>",
        "&lt;br&gt; &amp;amp; &nbsp; &#x3C;b&#62;",
        "<b>x</b>`code <i>`</i>",
        "[brackets] <b>[x]</b> https://bare.io/x",
        "<table><tr><td>https://x.io/in-cell [x]</td></tr></table>",
        "```\nopen fence<br>",
        "<h1></h1><h2>   </h2>",
        "<ol start=\"99999999999999999999\"><li>big</li></ol>",
        "<ul>\n\n    <li>indented</li>\n\n</ul>",
        "<p>\n    four spaces\n    in html\n</p>",
        "<xmp><b>raw</b></xmp>",
        "<details><summary>More</summary>Hidden</details>",
    ] {
        doc(input);
    }
    // Deep nesting is flattened, not recursed without end.
    let deep = "<b>".repeat(5000) + "x" + &"</b>".repeat(5000);
    doc(&deep);
    let deep = "<ul><li>".repeat(200) + "x";
    doc(&deep);
}

/// Every one is linear or nearly (a backtick run's search for its closing
/// run is not repeated), a second or less each in a debug build.
#[test]
fn long_hostile_inputs_take_little_time() {
    let started = std::time::Instant::now();
    for input in [
        "`a``".repeat(20_000),
        "<".repeat(50_000),
        "<b ".repeat(20_000),
        "<ul><li>".repeat(20_000),
        "<p>`x</p>".repeat(20_000),
    ] {
        sanitize(&input);
    }
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
}
