//! The mutations: a small deterministic generator and the ways a page is damaged.

/// SplitMix64: tiny, fast and good enough to pick mutations; the same seed gives the
/// same sequence on every platform, so a failure reproduces from its numbers.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    /// A generator for one case: the run's seed and the case's number.
    pub fn new(seed: u64, case: u64) -> Self {
        let mut rng = Self(seed ^ case.wrapping_mul(0xA076_1D64_78BD_642F));
        rng.next_u64();
        rng
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            return 0;
        }
        // The modulo bias is irrelevant for picking mutations.
        (self.next_u64() % n as u64) as usize
    }

    /// A number in `1..=max`, small ones as likely as large ones in scale: each power of
    /// two up to `max` is equally likely.
    pub fn scale(&mut self, max: usize) -> usize {
        let bits = usize::BITS - max.max(1).leading_zeros();
        let top = 1usize << self.below(bits as usize);
        (top + self.below(top)).clamp(1, max.max(1))
    }

    /// True with probability `1/n`.
    pub fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }

    /// One of `items`.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// How far one mutation may grow a page.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Most bytes one mutation adds.
    pub growth: usize,
    /// Deepest nesting a mutation builds from a one-line opener (`[`, `{"a": `).
    pub nesting: usize,
    /// Deepest nesting built from indented lines, whose size grows with the square.
    pub indented_nesting: usize,
}

impl Limits {
    /// For a bounded test in a debug build.
    pub const QUICK: Self = Self {
        growth: 256 << 10,
        nesting: 60_000,
        indented_nesting: 400,
    };
    /// For long runs in a release build.
    pub const LONG: Self = Self {
        growth: 2 << 20,
        nesting: 200_000,
        indented_nesting: 1_500,
    };
}

/// The kinds of mutation, by the name a report shows.
pub const KINDS: [&str; 8] = [
    "flip-byte",
    "delete-range",
    "duplicate-lines",
    "splice-lines",
    "deep-nesting",
    "invalid-utf8",
    "long-line",
    "insert-token",
];

/// Markup of both formats, inserted anywhere.
const TOKENS: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    "(",
    ")",
    "'",
    "\"",
    ":",
    "::",
    "*",
    "**",
    "`",
    "``",
    "```\n",
    "|",
    "=",
    "\n",
    "\n\n",
    "  ",
    "\t",
    "\r",
    "\\",
    ".. ",
    ".. note::\n",
    "- ",
    "> ",
    "#",
    "## ",
    "# ",
    "<a name=\"x\">",
    "</a>",
    "](",
    "[x](API_X.md)",
    "{{string}}",
    "{{number}}",
    "{'... recursive ...'}",
    "**[REQUIRED]**",
    ":param x:",
    ":type x: dict",
    "- *(dict) --*",
    "- **m** *(list) --*",
    "Type: ",
    "Array of ",
    "arrays of ",
    " to ",
    " map",
    "Required: Yes",
    "Length Constraints: Minimum length of ",
    "Valid Values: ",
    "HTTP/1.1 ",
    "GET / HTTP/1.1\n",
    "\u{0}",
    "\u{feff}",
    "é",
    "\u{2028}",
    "---\n",
];

/// Applies `kind` (an index into [`KINDS`]) to `page`; `others` are pages to splice
/// lines from.
pub fn apply(kind: usize, page: &mut Vec<u8>, others: &[&[u8]], rng: &mut Rng, limits: Limits) {
    match kind {
        0 => flip_byte(page, rng),
        1 => delete_range(page, rng),
        2 => duplicate_lines(page, rng, limits),
        3 => splice_lines(page, others, rng, limits),
        4 => deep_nesting(page, rng, limits),
        5 => invalid_utf8(page, rng),
        6 => long_line(page, rng, limits),
        _ => {
            let at = rng.below(page.len() + 1);
            let token = rng.pick(TOKENS).as_bytes();
            page.splice(at..at, token.iter().copied());
        }
    }
}

fn flip_byte(page: &mut [u8], rng: &mut Rng) {
    if page.is_empty() {
        return;
    }
    let at = rng.below(page.len());
    page[at] = if rng.one_in(2) {
        page[at] ^ (1 << rng.below(8))
    } else {
        rng.next_u64() as u8
    };
}

fn delete_range(page: &mut Vec<u8>, rng: &mut Rng) {
    let at = rng.below(page.len() + 1);
    let len = rng.scale(page.len().max(1)).min(page.len() - at);
    page.drain(at..at + len);
}

/// Byte offsets where lines start, and the end.
fn line_starts(page: &[u8]) -> Vec<usize> {
    let mut starts = vec![0];
    starts.extend(
        page.iter()
            .enumerate()
            .filter(|(_, b)| **b == b'\n')
            .map(|(at, _)| at + 1),
    );
    if starts.last() != Some(&page.len()) {
        starts.push(page.len());
    }
    starts
}

/// A range of up to `max` whole lines of `page`.
fn some_lines(page: &[u8], rng: &mut Rng, max: usize) -> std::ops::Range<usize> {
    let starts = line_starts(page);
    if starts.len() < 2 {
        return 0..0;
    }
    let first = rng.below(starts.len() - 1);
    let count = rng.scale(max).min(starts.len() - 1 - first);
    starts[first]..starts[first + count.max(1)]
}

/// Where to insert whole lines: often right after a line that opens something the
/// parsers read specially (a code block, a literal, a type), else at any line start.
fn insertion_point(page: &[u8], rng: &mut Rng) -> usize {
    let starts = line_starts(page);
    if rng.one_in(2) {
        const OPENERS: [&[u8]; 6] = [b"```", b"::", b"Type:", b"- **", b"Syntax", b"**"];
        let interesting: Vec<usize> = starts
            .windows(2)
            .filter(|w| {
                let line = &page[w[0]..w[1]];
                OPENERS
                    .iter()
                    .any(|o| line.windows(o.len()).any(|part| part == *o))
            })
            .map(|w| w[1])
            .collect();
        if !interesting.is_empty() {
            return *rng.pick(&interesting);
        }
    }
    *rng.pick(&starts)
}

fn duplicate_lines(page: &mut Vec<u8>, rng: &mut Rng, limits: Limits) {
    let range = some_lines(page, rng, 64);
    let copy = page[range].to_vec();
    let times = rng.scale((limits.growth / copy.len().max(1)).clamp(1, 1000));
    let at = insertion_point(page, rng);
    let repeated = copy.repeat(times);
    page.splice(at..at, repeated);
}

fn splice_lines(page: &mut Vec<u8>, others: &[&[u8]], rng: &mut Rng, limits: Limits) {
    let Some(other) = (!others.is_empty()).then(|| *rng.pick(others)) else {
        return;
    };
    let range = some_lines(other, rng, 48);
    let lines = &other[range.start..range.end.min(range.start + limits.growth)];
    let at = insertion_point(page, rng);
    page.splice(at..at, lines.iter().copied());
}

/// Nesting the parsers bound, far past the bound: openers on one line, indented items
/// and directives, quotes and lists.
fn deep_nesting(page: &mut Vec<u8>, rng: &mut Rng, limits: Limits) {
    let n = rng.scale(limits.nesting);
    let indented = rng.scale(limits.indented_nesting);
    let text = match rng.below(10) {
        0 => format!("{}\"{{{{string}}}}\"{}\n", "[".repeat(n), "]".repeat(n)),
        1 => format!("{}\"x\"{}\n", "{\"a\": ".repeat(n), "}".repeat(n)),
        2 => format!("{}'string'{}\n", "{'a': ".repeat(n), "}".repeat(n)),
        3 => format!("    Names={}'string'{},\n", "[".repeat(n), "]".repeat(n)),
        4 => format!("Type: Array of {}strings\n", "arrays of ".repeat(n)),
        5 => format!("{}text\n", "> ".repeat(n)),
        6 => (0..indented)
            .map(|i| format!("{}- **m{i}** *(dict) --* \n\n", " ".repeat(2 + 2 * i)))
            .collect(),
        7 => (0..indented)
            .map(|i| format!("{}.. note::\n\n", " ".repeat(2 + 3 * i)))
            .collect(),
        8 => (0..indented)
            .map(|i| format!("{}- item\n", " ".repeat(2 * i)))
            .collect(),
        _ => format!(
            "Type: String to {}string map{}\n",
            "string to ".repeat(n),
            " map".repeat(n)
        ),
    };
    let text = truncate(text.into_bytes(), limits.growth.max(1 << 20));
    let at = insertion_point(page, rng);
    page.splice(at..at, text);
}

fn truncate(mut bytes: Vec<u8>, max: usize) -> Vec<u8> {
    bytes.truncate(max);
    bytes
}

fn invalid_utf8(page: &mut Vec<u8>, rng: &mut Rng) {
    let at = rng.below(page.len() + 1);
    let bytes: Vec<u8> = match rng.below(4) {
        // A lone continuation byte, or a byte that never occurs in UTF-8.
        0 => vec![0x80 | rng.below(0x40) as u8],
        1 => vec![*rng.pick(&[0xC0, 0xC1, 0xF5, 0xFE, 0xFF])],
        // A sequence cut short.
        2 => vec![*rng.pick(&[0xC3, 0xE2, 0xF0])],
        _ => (0..1 + rng.below(4))
            .map(|_| rng.next_u64() as u8)
            .collect(),
    };
    page.splice(at..at, bytes);
}

fn long_line(page: &mut Vec<u8>, rng: &mut Rng, limits: Limits) {
    let len = rng.scale(limits.growth);
    let text: Vec<u8> = if rng.one_in(2) {
        // One line of the page, over and over without a line break.
        let range = some_lines(page, rng, 1);
        let line: Vec<u8> = page[range]
            .iter()
            .copied()
            .filter(|b| *b != b'\n')
            .collect();
        if line.is_empty() {
            vec![b'x'; len]
        } else {
            line.repeat(len / line.len() + 1)
        }
    } else {
        let unit = *rng.pick(&[" ", "*", "`", "[", "\\", "|", "a", "{{", "](", "é", "<a "]);
        unit.repeat(len / unit.len() + 1).into_bytes()
    };
    let text = truncate(text, len);
    let at = if rng.one_in(2) {
        insertion_point(page, rng)
    } else {
        rng.below(page.len() + 1)
    };
    page.splice(at..at, text);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_generator_repeats_itself_per_seed_and_case() {
        let draw = |seed, case| {
            let mut rng = Rng::new(seed, case);
            (0..4).map(|_| rng.next_u64()).collect::<Vec<_>>()
        };
        assert_eq!(draw(1, 2), draw(1, 2));
        assert_ne!(draw(1, 2), draw(1, 3));
        assert_ne!(draw(1, 2), draw(2, 2));
    }

    #[test]
    fn scales_stay_in_range_and_reach_both_ends() {
        let mut rng = Rng::new(7, 0);
        let draws: Vec<usize> = (0..2000).map(|_| rng.scale(1000)).collect();
        assert!(draws.iter().all(|d| (1..=1000).contains(d)));
        assert!(draws.iter().any(|d| *d < 4));
        assert!(draws.iter().any(|d| *d > 500));
    }

    #[test]
    fn every_kind_takes_an_empty_page() {
        for kind in 0..KINDS.len() {
            let mut rng = Rng::new(3, kind as u64);
            for _ in 0..20 {
                apply(kind, &mut Vec::new(), &[b""], &mut rng, Limits::QUICK);
            }
        }
    }

    #[test]
    fn every_kind_changes_a_page_within_limits() {
        let page = b"# Title\n\n```\n{\n   \"a\": \"x\"\n}\n```\nType: String\n".to_vec();
        let others: Vec<&[u8]> = vec![b"line one\nline two\n"];
        for (kind, name) in KINDS.iter().enumerate() {
            let mut rng = Rng::new(11, kind as u64);
            let changed = (0..20).any(|_| {
                let mut mutated = page.clone();
                apply(kind, &mut mutated, &others, &mut rng, Limits::QUICK);
                assert!(mutated.len() <= page.len() + (1 << 20) + 64);
                mutated != page
            });
            assert!(changed, "{name} changes nothing");
        }
    }
}
