//! Working Days in England and Wales: Monday to Friday except bank holidays (catalogue data).

use crate::catalogue;
use crate::model::Date;

/// Whether `d` is a Working Day; `None` when its year's bank holidays are not known.
pub fn is_working_day(d: Date) -> Option<bool> {
    let (from, to, hols) = catalogue::bank_holidays();
    if !(from..=to).contains(&d.year()) {
        return None;
    }
    Some(d.weekday() < 5 && !hols.contains(&d))
}

/// Working Days strictly after the earlier date up to and including the later one (0 when
/// the dates are equal); `None` when a year in between is not covered.
pub fn working_days_between(a: Date, b: Date) -> Option<u32> {
    let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
    let mut n = 0u32;
    let mut d = lo;
    while d < hi {
        d = d.add_days(1);
        if is_working_day(d)? {
            n += 1;
        }
    }
    Some(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weekends_and_bank_holidays_are_not_working_days() {
        let d = |s| Date::parse(s).unwrap();
        assert_eq!(is_working_day(d("2024-03-29")), Some(false)); // Good Friday
        assert_eq!(is_working_day(d("2024-03-30")), Some(false)); // Saturday
        assert_eq!(is_working_day(d("2024-04-02")), Some(true));
        // Thursday 28 March to Tuesday 2 April 2024 spans Easter: one Working Day
        assert_eq!(working_days_between(d("2024-03-28"), d("2024-04-02")), Some(1));
        assert_eq!(working_days_between(d("2024-04-02"), d("2024-03-28")), Some(1));
        assert_eq!(is_working_day(d("2030-01-02")), None);
    }
}
