//! `RequestIDType` (DUIS Annex A): `<originator EUI-64>:<target EUI-64>:<counter>`, each EUI
//! eight hex pairs joined by `-`, the counter a decimal uint64 without leading zeros.

use std::fmt;

/// An EUI-64 as 8 bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Eui64(pub [u8; 8]);

impl Eui64 {
    /// Parses `90-B3-D5-1F-30-01-00-00` (either case).
    pub fn parse(s: &str) -> Option<Self> {
        let mut out = [0u8; 8];
        let mut parts = s.split('-');
        for byte in &mut out {
            let p = parts.next()?;
            if p.len() != 2 || !p.bytes().all(|b| b.is_ascii_hexdigit()) {
                return None;
            }
            *byte = u8::from_str_radix(p, 16).ok()?;
        }
        parts.next().is_none().then_some(Self(out))
    }

    /// Parses either the dashed form or 16 bare hex digits (`90B3D51F30010000`).
    pub fn parse_any(s: &str) -> Option<Self> {
        let s = s.trim();
        if s.len() == 16 && s.bytes().all(|b| b.is_ascii_hexdigit()) {
            let mut out = [0u8; 8];
            for (i, byte) in out.iter_mut().enumerate() {
                *byte = u8::from_str_radix(s.get(2 * i..2 * i + 2)?, 16).ok()?;
            }
            return Some(Self(out));
        }
        Self::parse(s)
    }
}

impl fmt::Display for Eui64 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, b) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("-")?;
            }
            write!(f, "{b:02X}")?;
        }
        Ok(())
    }
}

/// A parsed RequestID.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestId {
    /// The sending User's EUI-64.
    pub originator: Eui64,
    /// The target device's (or DCC's) EUI-64.
    pub target: Eui64,
    /// The counter.
    pub counter: u64,
}

/// Why a RequestID does not match `RequestIDType`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RequestIdFault {
    /// Not three `:`-separated fields.
    Shape {
        /// Fields seen.
        fields: usize,
    },
    /// A field that is not an EUI-64.
    Eui {
        /// "originator" or "target".
        which: &'static str,
        /// The text.
        value: String,
    },
    /// The counter is not decimal digits.
    CounterDigits {
        /// The text.
        value: String,
    },
    /// Leading zeros.
    CounterLeadingZero {
        /// The text.
        value: String,
    },
    /// Above 18446744073709551615.
    CounterRange {
        /// The text.
        value: String,
    },
}

impl fmt::Display for RequestIdFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RequestIdFault::Shape { fields } => write!(
                f,
                "it has {} separated by ':'; expected originator EUI-64 : target EUI-64 : counter",
                crate::model::words::count(*fields as u64, "field")
            ),
            RequestIdFault::Eui { which, value } => {
                write!(f, "its {which} \"{value}\" is not an EUI-64 written as eight hex pairs joined by '-' (e.g. 90-B3-D5-1F-30-01-00-00)")
            }
            RequestIdFault::CounterDigits { value } => write!(f, "its counter \"{value}\" is not a decimal number"),
            RequestIdFault::CounterLeadingZero { value } => write!(f, "its counter \"{value}\" has leading zeros"),
            RequestIdFault::CounterRange { value } => write!(f, "its counter {value} is above 18446744073709551615 (uint64)"),
        }
    }
}

impl RequestId {
    /// Parses a RequestID (already whitespace-collapsed).
    pub fn parse(s: &str) -> Result<Self, RequestIdFault> {
        let fields: Vec<&str> = s.split(':').collect();
        let [o, t, c] = fields.as_slice() else { return Err(RequestIdFault::Shape { fields: fields.len() }) };
        let originator = Eui64::parse(o).ok_or_else(|| RequestIdFault::Eui { which: "originator", value: (*o).to_owned() })?;
        let target = Eui64::parse(t).ok_or_else(|| RequestIdFault::Eui { which: "target", value: (*t).to_owned() })?;
        if c.is_empty() || !c.bytes().all(|b| b.is_ascii_digit()) {
            return Err(RequestIdFault::CounterDigits { value: (*c).to_owned() });
        }
        if c.len() > 1 && c.starts_with('0') {
            return Err(RequestIdFault::CounterLeadingZero { value: (*c).to_owned() });
        }
        let counter = c.parse::<u64>().map_err(|_| RequestIdFault::CounterRange { value: (*c).to_owned() })?;
        Ok(Self { originator, target, counter })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_template_request_id() {
        let id = RequestId::parse("90-B3-D5-1F-30-01-00-00:00-db-12-34-56-78-90-A0:1006").unwrap();
        assert_eq!(id.originator.to_string(), "90-B3-D5-1F-30-01-00-00");
        assert_eq!(id.target.to_string(), "00-DB-12-34-56-78-90-A0");
        assert_eq!(id.counter, 1006);
        assert_eq!(RequestId::parse("90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A0:18446744073709551615").unwrap().counter, u64::MAX);
    }

    #[test]
    fn refuses_each_malformation() {
        let ok_euis = "90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A0";
        assert_eq!(RequestId::parse("a:b"), Err(RequestIdFault::Shape { fields: 2 }));
        assert!(matches!(RequestId::parse("90-B3-D5-1F-30-01-00:00-DB-12-34-56-78-90-A0:1"), Err(RequestIdFault::Eui { which: "originator", .. })));
        assert!(matches!(RequestId::parse("90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-G0:1"), Err(RequestIdFault::Eui { which: "target", .. })));
        assert!(matches!(RequestId::parse(&format!("{ok_euis}:01")), Err(RequestIdFault::CounterLeadingZero { .. })));
        assert!(matches!(RequestId::parse(&format!("{ok_euis}:-1")), Err(RequestIdFault::CounterDigits { .. })));
        assert!(matches!(RequestId::parse(&format!("{ok_euis}:18446744073709551616")), Err(RequestIdFault::CounterRange { .. })));
        assert!(RequestId::parse(&format!("{ok_euis}:0")).is_ok());
    }

    #[test]
    fn eui_bare_hex_form() {
        assert_eq!(Eui64::parse_any("90B3D51F30010000").unwrap().to_string(), "90-B3-D5-1F-30-01-00-00");
    }
}
