//! Words for messages: a count with its noun in the right number ("1 row", "3 rows"), and the
//! article a word takes ("an ESME", "a GSME"), so that no message says "row(s)" or "a ESME".

/// `n` and the noun, singular for 1: `count(3, "row")` is "3 rows". The plural adds "s".
pub fn count(n: impl Into<u64>, noun: &str) -> String {
    let n = n.into();
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// "a" or "an" before `word`. An acronym in capitals is read letter by letter ("an ESME", "an
/// HCALCS", "a GSME"), except those spoken as words starting with a consonant; other words by
/// their first letter.
pub fn article(word: &str) -> &'static str {
    let Some(first) = word.chars().next() else { return "a" };
    let acronym = word.len() > 1 && word.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
    let an = if acronym { "AEFHILMNORSX".contains(first) } else { "aeiouAEIOU".contains(first) };
    if an {
        "an"
    } else {
        "a"
    }
}

/// `word` with its article: `a_or_an("ESME")` is "an ESME".
pub fn with_article(word: &str) -> String {
    format!("{} {word}", article(word))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_articles() {
        assert_eq!(count(1u64, "row"), "1 row");
        assert_eq!(count(0u64, "row"), "0 rows");
        assert_eq!(count(2u32, "certificate"), "2 certificates");
        for (w, a) in [
            ("ESME", "an ESME"),
            ("GSME", "a GSME"),
            ("CHF", "a CHF"),
            ("GPF", "a GPF"),
            ("HCALCS", "an HCALCS"),
            ("IHD", "an IHD"),
            ("PPMID", "a PPMID"),
            ("device", "a device"),
            ("OCA", "an OCA"),
        ] {
            assert_eq!(with_article(w), a);
        }
    }
}
