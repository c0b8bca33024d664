//! The context a DUIS check may be given (contract §4): who is who, the inventory, and
//! Registration Data. Parsed from JSON with line and column on error.

use crate::duis::request_id::Eui64;
use crate::model::Date;
use serde::Deserialize;
use std::fmt;

/// A User and its MPIDs.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct User {
    /// EUI-64, dashed or bare hex.
    pub user_id: String,
    /// Market Participant Ids.
    #[serde(default)]
    pub mpids: Vec<String>,
}

/// Which CoS party's credentials a device's transitionalCoS Trust Anchor Cell holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum CosCredentials {
    /// TCoS Party credentials (a TCoS Device).
    #[serde(rename = "TCoS", alias = "tcos", alias = "TCOS")]
    Tcos,
    /// ECoS Party credentials (an ECoS Device).
    #[serde(rename = "ECoS", alias = "ecos", alias = "ECOS")]
    Ecos,
}

/// A device in the Smart Metering Inventory.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Device {
    /// EUI-64.
    pub device_id: String,
    /// ESME, GSME, GPF, CHF, PPMID, HCALCS…
    pub device_type: String,
    /// SMETS generation (1, 2…).
    pub smets: u8,
    /// MPAN or MPRN.
    #[serde(default)]
    pub mpxn: Option<String>,
    /// TCoS or ECoS.
    #[serde(default)]
    pub cos_credentials: Option<CosCredentials>,
    /// SMI status, e.g. Commissioned.
    #[serde(default)]
    pub status: Option<String>,
}

/// A Registration Data period: `mpid` is the supplier for `mpxn` from `from` to `to`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Registration {
    /// MPAN or MPRN.
    pub mpxn: String,
    /// Supplier MPID.
    pub mpid: String,
    /// First day (inclusive).
    pub from: String,
    /// Last day (inclusive); `null` = open-ended.
    #[serde(default)]
    pub to: Option<String>,
}

/// The context.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Context {
    /// Users.
    #[serde(default)]
    pub users: Vec<User>,
    /// Devices.
    #[serde(default)]
    pub devices: Vec<Device>,
    /// Registration Data.
    #[serde(default)]
    pub registration: Vec<Registration>,
}

/// A context file that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContextError {
    /// The file.
    pub file: String,
    /// 1-based line (0 when unknown).
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// Why.
    pub message: String,
}

impl fmt::Display for ContextError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: line {} column {}: {}", self.file, self.line, self.column, self.message)
    }
}

impl std::error::Error for ContextError {}

impl Context {
    /// Parses and validates a context file (EUI-64s and dates are checked here, so a bad
    /// context is a run error naming the place, never a silent mismatch later).
    pub fn from_json(file: &str, bytes: &[u8]) -> Result<Self, ContextError> {
        let err = |line, column, message: String| ContextError { file: file.to_owned(), line, column, message };
        let ctx: Context = serde_json::from_slice(bytes).map_err(|e| err(e.line(), e.column(), e.to_string()))?;
        for (i, u) in ctx.users.iter().enumerate() {
            if Eui64::parse_any(&u.user_id).is_none() {
                return Err(err(0, 0, format!("users[{i}].user_id \"{}\" is not an EUI-64", u.user_id)));
            }
        }
        for (i, d) in ctx.devices.iter().enumerate() {
            if Eui64::parse_any(&d.device_id).is_none() {
                return Err(err(0, 0, format!("devices[{i}].device_id \"{}\" is not an EUI-64", d.device_id)));
            }
        }
        for (i, r) in ctx.registration.iter().enumerate() {
            if Date::parse(&r.from).is_none() || r.to.as_deref().is_some_and(|t| Date::parse(t).is_none()) {
                return Err(err(0, 0, format!("registration[{i}]: from/to must be dates YYYY-MM-DD")));
            }
        }
        Ok(ctx)
    }

    /// The User with this EUI-64.
    pub fn user(&self, id: Eui64) -> Option<&User> {
        self.users.iter().find(|u| Eui64::parse_any(&u.user_id) == Some(id))
    }

    /// The device with this EUI-64.
    pub fn device(&self, id: Eui64) -> Option<&Device> {
        self.devices.iter().find(|d| Eui64::parse_any(&d.device_id) == Some(id))
    }

    /// Registration periods for an MPxN.
    pub fn registrations<'a>(&'a self, mpxn: &str) -> impl Iterator<Item = &'a Registration> + 'a {
        let mpxn = mpxn.trim().to_owned();
        self.registration.iter().filter(move |r| r.mpxn.trim() == mpxn)
    }

    /// The supplier MPID registered for `mpxn` on `day`.
    pub fn registered_supplier(&self, mpxn: &str, day: Date) -> Option<&str> {
        self.registrations(mpxn)
            .find(|r| Date::parse(&r.from).is_some_and(|f| f <= day) && r.to.as_deref().and_then(Date::parse).is_none_or(|t| day <= t))
            .map(|r| r.mpid.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CTX: &str = r#"{
      "users":   [ { "user_id": "90-B3-D5-1F-30-01-00-00", "mpids": ["GITA"] } ],
      "devices": [ { "device_id": "00-DB-12-34-56-78-90-A0", "device_type": "ESME", "smets": 2,
                     "mpxn": "1312345678333", "cos_credentials": "TCoS", "status": "Commissioned" } ],
      "registration": [ { "mpxn": "1312345678333", "mpid": "OLDS", "from": "2020-01-01", "to": "2024-02-29" },
                        { "mpxn": "1312345678333", "mpid": "GITA", "from": "2024-03-01", "to": null } ]
    }"#;

    #[test]
    fn parses_the_contract_example_and_looks_up_registration() {
        let c = Context::from_json("ctx.json", CTX.as_bytes()).unwrap();
        let d = c.device(Eui64::parse("00-DB-12-34-56-78-90-A0").unwrap()).unwrap();
        assert_eq!(d.cos_credentials, Some(CosCredentials::Tcos));
        assert_eq!(c.registered_supplier("1312345678333", Date::parse("2024-02-29").unwrap()), Some("OLDS"));
        assert_eq!(c.registered_supplier("1312345678333", Date::parse("2024-03-01").unwrap()), Some("GITA"));
        assert_eq!(c.registered_supplier("1312345678333", Date::parse("2019-03-01").unwrap()), None);
        assert!(c.user(Eui64::parse_any("90B3D51F30010000").unwrap()).is_some());
    }

    #[test]
    fn errors_name_file_line_and_column() {
        let e = Context::from_json("ctx.json", b"{\n  \"users\": [ { \"user_id\": 5 } ]\n}").unwrap_err();
        assert_eq!((e.file.as_str(), e.line), ("ctx.json", 2));
        assert!(e.to_string().starts_with("ctx.json: line 2 column"));
        let e = Context::from_json("c.json", br#"{"devices":[{"device_id":"nope","device_type":"ESME","smets":2}]}"#).unwrap_err();
        assert!(e.message.contains("not an EUI-64"));
        assert!(Context::from_json("c.json", br#"{"extra": 1}"#).is_err());
    }
}
