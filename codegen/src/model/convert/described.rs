//! Descriptions that say what each enum value means, pair by pair:
//! `0 = Digest only, 1 = IP allowlist only`, `0: Digest only`, `` `0` - Digest
//! only``, a Markdown list of such pairs, or pairs between `<br>`s. APIs whose
//! values are codes write their meaning there, so it is where a variant name
//! can come from when no extension gives one.
//!
//! A description is read only when it pairs every value with words exactly
//! once: a value mentioned twice as a pair, or not at all, means the text is
//! prose about the values rather than a legend, and nothing is taken from it.

/// Separators between a value and its words, longest first so `=>` is not
/// read as `=` followed by `>`.
const SEPARATORS: &[&str] = &[
    "=>", "->", "--", "\u{2192}", "=", ":", "-", "\u{2013}", "\u{2014}",
];

/// Marks around a value that a description may write it in.
const QUOTES: &[&str] = &["**", "`", "\"", "'"];

/// A value's pair starting in the text: where it starts, where its words
/// start, and which value it is.
struct Pair {
    start: usize,
    words: usize,
    value: usize,
}

/// The spec's words for each of `values`, in their order, when `description`
/// pairs every one with words exactly once (see the module doc); `None`
/// otherwise. Each value's words run to the next pair, the end of its line
/// or the end of its sentence.
pub fn pairs(description: &str, values: &[&str]) -> Option<Vec<String>> {
    if values.is_empty() || values.iter().any(|v| v.trim().is_empty()) {
        return None;
    }
    let text = line_breaks(description);
    let found = find_pairs(&text, values);
    let mut chosen: Vec<Option<&Pair>> = vec![None; values.len()];
    for pair in &found {
        if chosen[pair.value].replace(pair).is_some() {
            return None;
        }
    }
    chosen
        .into_iter()
        .map(|pair| {
            let pair = pair?;
            let end = found
                .iter()
                .map(|p| p.start)
                .find(|&s| s > pair.start)
                .unwrap_or(text.len());
            let words = first_sentence(&text[pair.words..end]);
            (!words.is_empty()).then_some(words)
        })
        .collect()
}

/// HTML line breaks (`<br>`, `<br/>`, `<br />`) as newlines.
fn line_breaks(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('<') {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        let tag_end = tail.find('>').map(|e| e + 1);
        let is_break = tag_end.is_some_and(|e| {
            let inner: String = tail[1..e - 1].chars().filter(|c| *c != ' ').collect();
            inner.eq_ignore_ascii_case("br") || inner.eq_ignore_ascii_case("br/")
        });
        match tag_end {
            Some(e) if is_break => {
                out.push('\n');
                rest = &tail[e..];
            }
            _ => {
                out.push('<');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Every place a value is followed by a separator, in text order.
fn find_pairs(text: &str, values: &[&str]) -> Vec<Pair> {
    // Longest values first, so `-1` is not read as `1` and `10` not as `1`.
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(values[i].len()));
    let mut found = Vec::new();
    let mut at = 0;
    while at < text.len() {
        match pair_at(text, at, values, &order) {
            Some(pair) => {
                at = pair.words;
                found.push(pair);
            }
            None => at += text[at..].chars().next().map_or(1, char::len_utf8),
        }
    }
    found
}

/// The pair starting at byte `start`, if one does.
fn pair_at(text: &str, start: usize, values: &[&str], order: &[usize]) -> Option<Pair> {
    let before = text[..start].chars().next_back();
    let mut rest = &text[start..];
    let quote = QUOTES.iter().find(|q| rest.starts_with(**q)).copied();
    match quote {
        Some(q) => rest = &rest[q.len()..],
        // A bare value starts a word: not the `1` of `v1`, `-1`, `1.1` or `a/1`.
        None => {
            if before.is_some_and(|c| c.is_alphanumeric() || "_-+./\\".contains(c)) {
                return None;
            }
        }
    }
    let value = order
        .iter()
        .copied()
        .find(|&i| rest.starts_with(values[i]))?;
    rest = &rest[values[value].len()..];
    if let Some(q) = quote {
        rest = rest.strip_prefix(q)?;
    }
    if rest
        .chars()
        .next()
        .is_some_and(|c| c.is_alphanumeric() || c == '_')
    {
        return None;
    }
    let spaced = rest.trim_start_matches([' ', '\t']);
    let space_before = spaced.len() < rest.len();
    let separator = SEPARATORS.iter().find(|s| spaced.starts_with(**s))?;
    let after = &spaced[separator.len()..];
    let words = after.trim_start_matches([' ', '\t']);
    let space_after = words.len() < after.len();
    let first = words.chars().next()?;
    // A dash without space on either side joins words (`2-3 days`); a colon
    // before a digit is a time (`10:30`).
    let dash = ["--", "-", "\u{2013}", "\u{2014}"].contains(separator);
    if (dash && !space_before && !space_after)
        || (*separator == ":" && first.is_ascii_digit())
        || first == '\n'
    {
        return None;
    }
    Some(Pair {
        start,
        words: text.len() - words.len(),
        value,
    })
}

/// The words up to the end of their line or first sentence, without the
/// separators that join them to the next pair, nor the full stop that ends
/// some pairs and not others (`0 = off, 1 = on.`).
fn first_sentence(words: &str) -> String {
    let line = words.lines().next().unwrap_or_default();
    let mut end = line.len();
    for (i, c) in line.char_indices() {
        if matches!(c, '.' | '!' | '?') {
            let next = line[i + c.len_utf8()..].chars().next();
            if next.is_none_or(char::is_whitespace) {
                end = i + c.len_utf8();
                break;
            }
        }
    }
    line[..end]
        .trim_end_matches(|c: char| c.is_whitespace() || ",;|*.".contains(c))
        .trim()
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(description: &str, values: &[&str]) -> Option<Vec<String>> {
        pairs(description, values)
    }

    #[test]
    fn equals_pairs_separated_by_commas() {
        let text = "Authentication type: 0 = Digest only, 1 = IP allowlist only, 2 = Digest OR IP allowlist, 3 = Digest AND IP allowlist.";
        assert_eq!(
            read(text, &["0", "1", "2", "3"]).unwrap(),
            [
                "Digest only",
                "IP allowlist only",
                "Digest OR IP allowlist",
                "Digest AND IP allowlist"
            ]
        );
    }

    #[test]
    fn colons_dashes_lists_and_line_breaks() {
        let values = ["0", "1"];
        let expected = ["Digest only", "IP allowlist only"];
        for text in [
            "0: Digest only\n1: IP allowlist only",
            "0 - Digest only; 1 - IP allowlist only",
            "Modes:\n* `0` - Digest only\n* `1` - IP allowlist only\n\nPick one.",
            "Modes:<br>`0` \u{2014} Digest only<br/>`1` \u{2014} IP allowlist only",
            "**0** => Digest only, **1** => IP allowlist only",
            "`0` -- Digest only.\n\n`1` -- IP allowlist only. Session kept.",
        ] {
            assert_eq!(read(text, &values).unwrap(), expected, "{text}");
        }
    }

    #[test]
    fn sentences_end_the_words() {
        let text = "Meeting Type: 1 - Instant meeting. 2 - Scheduled meeting. 8 - Recurring meeting with fixed time. Set it once.";
        assert_eq!(
            read(text, &["1", "2", "8"]).unwrap(),
            [
                "Instant meeting",
                "Scheduled meeting",
                "Recurring meeting with fixed time"
            ]
        );
        let glued = "Recurrence:`1` - Daily.`2` - Weekly.`3` - Monthly.";
        assert_eq!(
            read(glued, &["1", "2", "3"]).unwrap(),
            ["Daily", "Weekly", "Monthly"]
        );
    }

    #[test]
    fn negative_and_longer_values_are_not_read_as_shorter_ones() {
        let text = "`-1` - Last week. `1` - First week. `10` - Tenth week.";
        assert_eq!(
            read(text, &["1", "-1", "10"]).unwrap(),
            ["First week", "Last week", "Tenth week"]
        );
    }

    #[test]
    fn prose_is_no_legend() {
        // No separator after the values.
        assert_eq!(read("0 none, 1 password, 2 key.", &["0", "1", "2"]), None);
        // A value missing, or paired twice.
        assert_eq!(read("0 = off, 1 = on", &["0", "1", "2"]), None);
        assert_eq!(read("0 = off, 1 = on. Note 1 = also on", &["0", "1"]), None);
        // Times, ranges and versions are not pairs.
        assert_eq!(read("Opens 10:30, closes 1:15", &["10", "1"]), None);
        assert_eq!(read("Between 2-3 days, or v1 - latest", &["2", "1"]), None);
        // Nothing after the separator.
        assert_eq!(read("0 =\n1 = on", &["0", "1"]), None);
        assert_eq!(read("anything", &[]), None);
    }

    #[test]
    fn other_markup_is_kept() {
        assert_eq!(line_breaks("a<br >b<BR/>c <b>d</b>"), "a\nb\nc <b>d</b>");
    }
}
