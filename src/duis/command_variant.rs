//! `duis.command-variant.allowed`: the Command Variant is one the SRV allows on the as-of date
//! (from `rules/srv.toml`; 6.23 allows CV 1 only since DUIS 5.1).

use crate::catalogue::SrvDef;
use crate::model::Date;
use std::fmt;

/// A Command Variant the SRV does not allow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CvNotAllowed {
    /// The SRV.
    pub srv: &'static str,
    /// The CV seen.
    pub cv: u8,
    /// The CVs allowed on the as-of date.
    pub allowed: &'static [u8],
    /// Why the list is shorter than the schema's, when it is.
    pub restricted_by: Option<&'static str>,
}

impl fmt::Display for CvNotAllowed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let list: Vec<String> = self.allowed.iter().map(u8::to_string).collect();
        write!(f, "Command Variant {} is not allowed for SRV {}: allowed are {}", self.cv, self.srv, list.join(", "))?;
        if let Some(src) = self.restricted_by {
            write!(f, " ({src})")?;
        }
        Ok(())
    }
}

/// Checks `cv` against the SRV's allowed list on `day`.
pub fn check(def: &SrvDef, cv: u8, day: Date) -> Result<(), CvNotAllowed> {
    let allowed = def.allowed_cv(day);
    if allowed.contains(&cv) {
        return Ok(());
    }
    let restricted_by = def.cv_from.filter(|c| day >= c.from && def.cv.contains(&cv)).map(|c| c.source);
    Err(CvNotAllowed { srv: def.srv, cv, allowed, restricted_by })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::srv;

    #[test]
    fn cv2_for_623_is_refused_after_duis_5_1_only() {
        let s = srv("6.23").unwrap();
        let after = Date::parse("2024-01-01").unwrap();
        let e = check(s, 2, after).unwrap_err();
        assert_eq!(e.allowed, &[1]);
        assert!(e.restricted_by.is_some());
        assert!(check(s, 1, after).is_ok());
        assert!(check(s, 2, Date::parse("2022-01-01").unwrap()).is_ok());
        assert!(check(s, 4, Date::parse("2022-01-01").unwrap()).is_err());
    }

    #[test]
    fn critical_srvs_take_cv_4_to_7() {
        let s = srv("6.15.1").unwrap();
        let day = Date::parse("2024-01-01").unwrap();
        assert!(check(s, 4, day).is_ok());
        assert!(check(s, 1, day).is_err());
    }
}
