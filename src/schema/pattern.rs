//! XML Schema regular expressions (XSD 1.0 Appendix F), the subset the DUIS schemas use:
//! literal characters, escapes (`\d \s \w \i \c` and escaped metacharacters), character classes
//! with ranges and negation, `.`, groups, alternation, and the quantifiers `? * + {n} {n,}
//! {n,m}`. A pattern matches the whole value (XSD patterns are implicitly anchored). Matching
//! runs on sets of positions, so no input makes it take exponential time.

/// One atom of a branch.
#[derive(Debug, Clone)]
enum Atom {
    /// Any character in one of the ranges (or, negated, in none).
    Class(Vec<(char, char)>, bool),
    /// A parenthesised expression.
    Group(Vec<Vec<Piece>>),
}

#[derive(Debug, Clone)]
struct Piece {
    atom: Atom,
    min: u32,
    max: u32,
}

/// A compiled pattern.
#[derive(Debug, Clone)]
pub struct Pattern {
    alts: Vec<Vec<Piece>>,
}

struct Parser<'a> {
    c: std::iter::Peekable<std::str::Chars<'a>>,
}

const DIGIT: &[(char, char)] = &[('0', '9')];
const SPACE: &[(char, char)] = &[(' ', ' '), ('\t', '\t'), ('\n', '\n'), ('\r', '\r')];
const WORDISH: &[(char, char)] = &[('0', '9'), ('A', 'Z'), ('a', 'z'), ('_', '_'), ('\u{80}', '\u{10FFFF}')];
const NAME_START: &[(char, char)] = &[(':', ':'), ('A', 'Z'), ('_', '_'), ('a', 'z'), ('\u{C0}', '\u{10FFFF}')];
const NAME_CHAR: &[(char, char)] = &[('-', '.'), ('0', ':'), ('A', 'Z'), ('_', '_'), ('a', 'z'), ('\u{B7}', '\u{B7}'), ('\u{C0}', '\u{10FFFF}')];

impl Parser<'_> {
    fn alternatives(&mut self) -> Option<Vec<Vec<Piece>>> {
        let mut alts = vec![self.branch()?];
        while self.c.peek() == Some(&'|') {
            self.c.next();
            alts.push(self.branch()?);
        }
        Some(alts)
    }

    fn branch(&mut self) -> Option<Vec<Piece>> {
        let mut pieces = Vec::new();
        while let Some(&ch) = self.c.peek() {
            if ch == '|' || ch == ')' {
                break;
            }
            let atom = self.atom()?;
            let (min, max) = self.quantifier()?;
            pieces.push(Piece { atom, min, max });
        }
        Some(pieces)
    }

    fn atom(&mut self) -> Option<Atom> {
        match self.c.next()? {
            '(' => {
                let g = self.alternatives()?;
                (self.c.next()? == ')').then_some(Atom::Group(g))
            }
            '[' => self.class(),
            '.' => Some(Atom::Class(vec![('\n', '\n'), ('\r', '\r')], true)),
            '\\' => self.escape(),
            c if "?*+{}])".contains(c) => None,
            c => Some(Atom::Class(vec![(c, c)], false)),
        }
    }

    fn escape(&mut self) -> Option<Atom> {
        let (set, neg): (&[(char, char)], bool) = match self.c.next()? {
            'd' => (DIGIT, false),
            'D' => (DIGIT, true),
            's' => (SPACE, false),
            'S' => (SPACE, true),
            'w' => (WORDISH, false),
            'W' => (WORDISH, true),
            'i' => (NAME_START, false),
            'I' => (NAME_START, true),
            'c' => (NAME_CHAR, false),
            'C' => (NAME_CHAR, true),
            'n' => return Some(Atom::Class(vec![('\n', '\n')], false)),
            'r' => return Some(Atom::Class(vec![('\r', '\r')], false)),
            't' => return Some(Atom::Class(vec![('\t', '\t')], false)),
            c if "\\|.-^?*+{}()[]".contains(c) => return Some(Atom::Class(vec![(c, c)], false)),
            _ => return None,
        };
        Some(Atom::Class(set.to_vec(), neg))
    }

    fn class_char(&mut self) -> Option<char> {
        match self.c.next()? {
            '\\' => match self.c.next()? {
                'n' => Some('\n'),
                'r' => Some('\r'),
                't' => Some('\t'),
                c if "\\|.-^?*+{}()[]".contains(c) => Some(c),
                _ => None,
            },
            '[' => None,
            c => Some(c),
        }
    }

    fn class(&mut self) -> Option<Atom> {
        let neg = if self.c.peek() == Some(&'^') {
            self.c.next();
            true
        } else {
            false
        };
        let mut ranges = Vec::new();
        loop {
            match self.c.peek()? {
                ']' if !ranges.is_empty() => {
                    self.c.next();
                    return Some(Atom::Class(ranges, neg));
                }
                '\\' => {
                    // a multi-character escape inside a class adds its set
                    let mut probe = self.c.clone();
                    probe.next();
                    if let Some(e) = probe.peek().copied().filter(|e| "dDsSwWiIcC".contains(*e)) {
                        self.c.next();
                        self.c.next();
                        let (set, negated): (&[(char, char)], bool) = match e {
                            'd' => (DIGIT, false),
                            's' => (SPACE, false),
                            'w' => (WORDISH, false),
                            'i' => (NAME_START, false),
                            'c' => (NAME_CHAR, false),
                            _ => return None,
                        };
                        if negated {
                            return None;
                        }
                        ranges.extend_from_slice(set);
                        continue;
                    }
                }
                _ => {}
            }
            let lo = self.class_char()?;
            let mut probe = self.c.clone();
            if probe.next() == Some('-') && probe.peek().is_some_and(|c| *c != ']') {
                self.c.next();
                let hi = self.class_char()?;
                if hi < lo {
                    return None;
                }
                ranges.push((lo, hi));
            } else {
                ranges.push((lo, lo));
            }
        }
    }

    fn number(&mut self) -> Option<u32> {
        let mut n: Option<u32> = None;
        while let Some(d) = self.c.peek().and_then(|c| c.to_digit(10)) {
            self.c.next();
            n = Some(n.unwrap_or(0).checked_mul(10)?.checked_add(d)?);
        }
        n
    }

    fn quantifier(&mut self) -> Option<(u32, u32)> {
        Some(match self.c.peek() {
            Some('?') => {
                self.c.next();
                (0, 1)
            }
            Some('*') => {
                self.c.next();
                (0, u32::MAX)
            }
            Some('+') => {
                self.c.next();
                (1, u32::MAX)
            }
            Some('{') => {
                self.c.next();
                let lo = self.number()?;
                let hi = match self.c.next()? {
                    '}' => return Some((lo, lo)),
                    ',' if self.c.peek() == Some(&'}') => u32::MAX,
                    ',' => self.number()?,
                    _ => return None,
                };
                (self.c.next()? == '}').then_some(())?;
                if hi < lo {
                    return None;
                }
                (lo, hi)
            }
            _ => (1, 1),
        })
    }
}

impl Pattern {
    /// Compiles an XML Schema pattern; `None` when it uses syntax outside the subset.
    pub fn compile(p: &str) -> Option<Self> {
        let mut parser = Parser { c: p.chars().peekable() };
        let alts = parser.alternatives()?;
        parser.c.next().is_none().then_some(Self { alts })
    }

    /// Whether the whole of `s` matches.
    pub fn matches(&self, s: &str) -> bool {
        let chars: Vec<char> = s.chars().collect();
        if chars.len() < 128 {
            // the positions reached fit in one 128-bit set: no allocation per step
            return alts_bits(&self.alts, &chars, 1) & (1u128 << chars.len()) != 0;
        }
        alts(&self.alts, &chars, &[0]).contains(&chars.len())
    }
}

impl Pattern {
    /// A string the pattern matches, chosen by `variant` (for test instances).
    pub fn sample(&self, variant: u64) -> String {
        let mut out = String::new();
        sample_alts(&self.alts, variant, &mut out);
        out
    }
}

fn sample_alts(alts_: &[Vec<Piece>], variant: u64, out: &mut String) {
    let Some(branch) = alts_.get((variant % alts_.len().max(1) as u64) as usize) else { return };
    for p in branch {
        let n = if p.min == 0 && variant % 3 == 0 { 0 } else { p.min.max(1).min(p.max) };
        for _ in 0..n {
            match &p.atom {
                Atom::Class(ranges, false) => {
                    if let Some((lo, _)) = ranges.iter().find(|(lo, _)| !lo.is_control()) {
                        out.push(*lo);
                    }
                }
                Atom::Class(ranges, true) => out.push(if ranges.iter().any(|(lo, hi)| (*lo..=*hi).contains(&'x')) { '#' } else { 'x' }),
                Atom::Group(g) => sample_alts(g, variant / 2, out),
            }
        }
    }
}

fn merge(a: &mut Vec<usize>, b: &[usize]) {
    a.extend_from_slice(b);
    a.sort_unstable();
    a.dedup();
}

fn alts(alts_: &[Vec<Piece>], s: &[char], starts: &[usize]) -> Vec<usize> {
    let mut out = Vec::new();
    for branch in alts_ {
        let mut cur = starts.to_vec();
        for p in branch {
            cur = piece(p, s, &cur);
            if cur.is_empty() {
                break;
            }
        }
        merge(&mut out, &cur);
    }
    out
}

fn alts_bits(alts_: &[Vec<Piece>], s: &[char], starts: u128) -> u128 {
    let mut out = 0;
    for branch in alts_ {
        let mut cur = starts;
        for p in branch {
            cur = piece_bits(p, s, cur);
            if cur == 0 {
                break;
            }
        }
        out |= cur;
    }
    out
}

fn piece_bits(p: &Piece, s: &[char], starts: u128) -> u128 {
    let mut result = if p.min == 0 { starts } else { 0 };
    let (mut cur, mut seen) = (starts, starts);
    let mut k = 0u32;
    while k < p.max && cur != 0 {
        let next = match &p.atom {
            Atom::Class(ranges, neg) => {
                let mut n = 0u128;
                let mut bits = cur;
                while bits != 0 {
                    let i = bits.trailing_zeros() as usize;
                    bits &= bits - 1;
                    if s.get(i).is_some_and(|c| ranges.iter().any(|(lo, hi)| (lo..=hi).contains(&c)) != *neg) {
                        n |= 1u128 << (i + 1);
                    }
                }
                n
            }
            Atom::Group(g) => alts_bits(g, s, cur),
        };
        k += 1;
        if k >= p.min {
            result |= next;
            cur = next & !seen;
            seen |= cur;
        } else {
            cur = next;
        }
    }
    result
}

fn piece(p: &Piece, s: &[char], starts: &[usize]) -> Vec<usize> {
    let mut result = if p.min == 0 { starts.to_vec() } else { Vec::new() };
    let mut cur = starts.to_vec();
    let mut seen = starts.to_vec();
    let mut k = 0u32;
    while k < p.max && !cur.is_empty() {
        let next = match &p.atom {
            Atom::Class(ranges, neg) => {
                cur.iter().filter(|&&i| s.get(i).is_some_and(|c| ranges.iter().any(|(lo, hi)| (lo..=hi).contains(&c)) != *neg)).map(|i| i + 1).collect()
            }
            Atom::Group(g) => alts(g, s, &cur),
        };
        k += 1;
        if k >= p.min {
            merge(&mut result, &next);
            cur = next.into_iter().filter(|x| seen.binary_search(x).is_err()).collect();
            merge(&mut seen, &cur);
        } else {
            cur = next;
        }
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(p: &str, s: &str) -> bool {
        Pattern::compile(p).unwrap_or_else(|| panic!("{p}")).matches(s)
    }

    #[test]
    fn the_duis_shapes() {
        let eui = "[A-Fa-f0-9]{2}-[A-Fa-f0-9]{2}-[A-Fa-f0-9]{2}-[A-Fa-f0-9]{2}-[A-Fa-f0-9]{2}-[A-Fa-f0-9]{2}-[A-Fa-f0-9]{2}-[A-Fa-f0-9]{2}";
        assert!(m(eui, "90-B3-d5-1F-30-01-00-00"));
        assert!(!m(eui, "90-B3-D5-1F-30-01-00-0"));
        let list = format!("({eui},)*({eui})");
        assert!(m(&list, "00-00-00-00-00-00-00-01,00-00-00-00-00-00-00-02"));
        assert!(!m(&list, "00-00-00-00-00-00-00-01,"));
        assert!(m("[ -~]+", "Hello, world ~") && !m("[ -~]+", "é") && !m("[ -~]+", ""));
        assert!(m("[0-9]{20}", "01234567890123456789") && !m("[0-9]{20}", "0123"));
        assert!(m("plain|encrypted", "encrypted") && !m("plain|encrypted", "plainx"));
        let counter = "(0|[1-9][0-9]{0,18}|1[0-7][0-9]{18}|1844674407370955161[0-5])";
        assert!(m(counter, "0") && m(counter, "18446744073709551615") && !m(counter, "01") && !m(counter, "18446744073709551616"));
        assert!(m("\\d+\\.\\d{2}", "12.34") && m("[\\d ]+", "1 2") && m("a?b*c+", "ccc"));
    }

    #[test]
    fn long_values_use_the_general_sets() {
        let p = Pattern::compile("([0-9]{2},)*[0-9]{2}").unwrap();
        let long = format!("{}12", "34,".repeat(100));
        assert!(long.len() > 128 && p.matches(&long) && !p.matches(&format!("{long},")));
    }

    #[test]
    fn nested_quantifiers_stay_linear() {
        let p = Pattern::compile("(a*)*b").unwrap();
        assert!(!p.matches(&"a".repeat(10_000)));
    }

    #[test]
    fn unsupported_syntax_is_refused_not_misread() {
        for bad in ["(a", "a{2,1}", "[z-a]", "\\q", "a)"] {
            assert!(Pattern::compile(bad).is_none(), "{bad}");
        }
    }
}
