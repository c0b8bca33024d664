//! Exact decimal values from their XML Schema lexical forms (xs:decimal and the integer
//! types), compared without any size limit: `xs:integer` is unbounded.

use std::cmp::Ordering;

/// A decimal: sign, integer digits without leading zeros, fraction digits without trailing
/// zeros (zero is never negative).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decimal {
    neg: bool,
    int: String,
    frac: String,
}

impl Decimal {
    /// Parses `[+-]?(digits(.digits?)?|.digits)`; `integer` refuses a point.
    pub fn parse(s: &str, integer: bool) -> Option<Self> {
        let (neg, body) = match s.as_bytes().first() {
            Some(b'-') => (true, s.get(1..)?),
            Some(b'+') => (false, s.get(1..)?),
            _ => (false, s),
        };
        let (i, f) = match body.split_once('.') {
            Some(_) if integer => return None,
            Some((i, f)) => (i, f),
            None => (body, ""),
        };
        if (i.is_empty() && f.is_empty()) || !i.bytes().all(|b| b.is_ascii_digit()) || !f.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        if body.ends_with('.') && i.is_empty() {
            return None;
        }
        let int = i.trim_start_matches('0').to_owned();
        let frac = f.trim_end_matches('0').to_owned();
        let zero = int.is_empty() && frac.is_empty();
        Some(Self { neg: neg && !zero, int, frac })
    }

    /// Total significant digits (XML Schema totalDigits counts them without leading and
    /// trailing zeros; zero has one).
    pub fn total_digits(&self) -> usize {
        (self.int.len() + self.frac.len()).max(1)
    }

    /// Fraction digits.
    pub fn fraction_digits(&self) -> usize {
        self.frac.len()
    }

    fn cmp_abs(&self, o: &Self) -> Ordering {
        self.int.len().cmp(&o.int.len()).then_with(|| self.int.cmp(&o.int)).then_with(|| self.frac.cmp(&o.frac))
    }
}

impl Ord for Decimal {
    fn cmp(&self, o: &Self) -> Ordering {
        match (self.neg, o.neg) {
            (false, true) => Ordering::Greater,
            (true, false) => Ordering::Less,
            (false, false) => self.cmp_abs(o),
            (true, true) => o.cmp_abs(self),
        }
    }
}

impl PartialOrd for Decimal {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::parse(s, false).unwrap()
    }

    #[test]
    fn lexical_forms_and_order() {
        assert!(Decimal::parse("1.5", true).is_none());
        for bad in ["", "+", "-", ".", "1e5", "1.2.3", " 1", "0x1"] {
            assert!(Decimal::parse(bad, false).is_none(), "{bad}");
        }
        assert_eq!(d("-0.0"), d("0"));
        assert_eq!(d("+007.50"), d("7.5"));
        assert!(d("-1") < d("0") && d("0.1") < d("0.11") && d("-2") < d("-1.5"));
        assert!(d("18446744073709551616") > d("18446744073709551615"));
        assert_eq!((d("123.450").total_digits(), d("123.450").fraction_digits()), (5, 2));
        assert_eq!(d(".5").total_digits(), 1);
        assert_eq!(d("5.").fraction_digits(), 0);
    }
}
