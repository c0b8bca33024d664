//! The context a DUIS check may be given (contract §4): who is who, the inventory, and
//! Registration Data. Parsed from JSON with line and column on error.

pub mod roles;

pub use roles::{RoleGrants, UserRole};

use crate::duis::request_id::Eui64;
use crate::model::Date;
use serde::Deserialize;
use std::collections::HashMap;
use std::fmt;

/// A User (one SEC Party in its User roles) with every User ID it holds and its MPIDs
/// (contract §4: `user_id`, or `user_ids` for a User that holds several).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    /// The User IDs (EUI-64), in the order given.
    pub ids: Vec<Eui64>,
    /// Market Participant Ids.
    pub mpids: Vec<String>,
    /// The SEC User Roles the User holds (`roles`), when the context gives them; `Some(vec![])`
    /// when it says the User holds none.
    pub roles: Option<Vec<UserRole>>,
    /// The 1-based line of the entry in the context file.
    pub line: usize,
}

impl User {
    /// Whether `id` is one of this User's IDs.
    pub fn holds(&self, id: Eui64) -> bool {
        self.ids.contains(&id)
    }

    /// The IDs as text, for messages.
    pub fn ids_text(&self) -> String {
        self.ids.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
    }
}

/// A `users` entry as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawUser {
    #[serde(default)]
    user_id: Option<String>,
    #[serde(default)]
    user_ids: Option<Vec<String>>,
    #[serde(default)]
    mpids: Vec<String>,
    #[serde(default)]
    roles: Option<Vec<String>>,
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

/// The context file as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawContext {
    #[serde(default)]
    users: Vec<RawUser>,
    #[serde(default)]
    devices: Vec<Device>,
    #[serde(default)]
    registration: Vec<Registration>,
}

/// The context.
#[derive(Debug, Clone, Default)]
pub struct Context {
    /// Users.
    pub users: Vec<User>,
    /// Devices.
    pub devices: Vec<Device>,
    /// Registration Data.
    pub registration: Vec<Registration>,
    /// Each device's position in `devices` by EUI-64 (the first entry for an id wins).
    device_index: HashMap<Eui64, usize>,
    /// Positions in `registration` by trimmed MPxN.
    registration_index: HashMap<String, Vec<usize>>,
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
        let raw: RawContext = serde_json::from_slice(bytes).map_err(|e| err(e.line(), e.column(), e.to_string()))?;
        // Where each entry starts, so a fault found now names its line and column.
        let text = String::from_utf8_lossy(bytes);
        let place = |key: &str, i: usize| {
            let at = crate::jsonspan::array_items(&text, key).get(i).copied().unwrap_or(0);
            let (l, c) = crate::model::location::line_col_in_bytes(text.as_bytes(), at);
            (l as usize, c as usize)
        };
        let mut users: Vec<User> = Vec::with_capacity(raw.users.len());
        for (i, u) in raw.users.into_iter().enumerate() {
            let (line, column) = place("users", i);
            let written: Vec<String> = u.user_id.into_iter().chain(u.user_ids.unwrap_or_default()).collect();
            if written.is_empty() {
                return Err(err(line, column, format!("users[{i}] gives neither user_id nor user_ids: each User needs at least one User ID")));
            }
            let mut ids = Vec::with_capacity(written.len());
            for w in written {
                let id = Eui64::parse_any(&w).ok_or_else(|| err(line, column, format!("users[{i}]: User ID \"{w}\" is not an EUI-64")))?;
                if let Some(other) = users.iter().find(|o| o.holds(id)) {
                    return Err(err(
                        line,
                        column,
                        format!("users[{i}]: User ID {id} is also held by the User at line {}; a User ID belongs to one User (SRPD 8.1A(b)(iii) asks which User an ID is associated with)", other.line),
                    ));
                }
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
            let roles = match &u.roles {
                Some(codes) => Some(roles::parse_roles(codes.iter().map(String::as_str)).map_err(|e| err(line, column, format!("users[{i}].roles: {e}")))?),
                None => None,
            };
            users.push(User { ids, mpids: u.mpids, roles, line });
        }
        for (i, d) in raw.devices.iter().enumerate() {
            if Eui64::parse_any(&d.device_id).is_none() {
                let (line, column) = place("devices", i);
                return Err(err(line, column, format!("devices[{i}].device_id \"{}\" is not an EUI-64", d.device_id)));
            }
        }
        for (i, r) in raw.registration.iter().enumerate() {
            if Date::parse(&r.from).is_none() || r.to.as_deref().is_some_and(|t| Date::parse(t).is_none()) {
                let (line, column) = place("registration", i);
                return Err(err(line, column, format!("registration[{i}]: from/to must be dates YYYY-MM-DD")));
            }
        }
        let mut device_index = HashMap::with_capacity(raw.devices.len());
        for (i, d) in raw.devices.iter().enumerate() {
            if let Some(id) = Eui64::parse_any(&d.device_id) {
                device_index.entry(id).or_insert(i);
            }
        }
        let mut registration_index: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, r) in raw.registration.iter().enumerate() {
            registration_index.entry(r.mpxn.trim().to_owned()).or_default().push(i);
        }
        Ok(Context { users, devices: raw.devices, registration: raw.registration, device_index, registration_index })
    }

    /// The User holding this User ID.
    pub fn user(&self, id: Eui64) -> Option<&User> {
        self.users.iter().find(|u| u.holds(id))
    }

    /// Whether the context can say which User holds `id`, and if so whether it is the same
    /// User as the one holding `other`: `None` when either ID is not in the context.
    pub fn same_user(&self, id: Eui64, other: Eui64) -> Option<bool> {
        let (a, b) = (self.user(id)?, self.user(other)?);
        Some(std::ptr::eq(a, b))
    }

    /// The device with this EUI-64.
    pub fn device(&self, id: Eui64) -> Option<&Device> {
        self.device_index.get(&id).and_then(|&i| self.devices.get(i))
    }

    /// Registration periods for an MPxN.
    pub fn registrations<'a>(&'a self, mpxn: &str) -> impl Iterator<Item = &'a Registration> + 'a {
        self.registration_index.get(mpxn.trim()).into_iter().flatten().filter_map(|&i| self.registration.get(i))
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
    fn a_user_may_hold_several_user_ids() {
        let c = Context::from_json(
            "c.json",
            br#"{"users": [ {"user_ids": ["90-B3-D5-1F-30-01-00-00", "90B3D51F30030000"], "mpids": ["A"]},
                          {"user_id": "00-DB-12-34-56-78-00-04"} ]}"#,
        )
        .unwrap();
        let (a, b, x) = (
            Eui64::parse_any("90B3D51F30010000").unwrap(),
            Eui64::parse_any("90-B3-D5-1F-30-03-00-00").unwrap(),
            Eui64::parse_any("00DB123456780004").unwrap(),
        );
        assert_eq!(c.same_user(a, b), Some(true));
        assert_eq!(c.same_user(a, x), Some(false));
        assert_eq!(c.same_user(a, Eui64::parse_any("1111111111111111").unwrap()), None);
        assert_eq!(c.user(b).map(|u| u.mpids.clone()), Some(vec!["A".to_owned()]));
    }

    #[test]
    fn a_user_without_ids_or_an_id_in_two_users_is_refused_with_its_line() {
        let e = Context::from_json("c.json", b"{\"users\": [\n  {\"user_id\": \"90B3D51F30010000\"},\n  {\"mpids\": [\"A\"]}\n]}").unwrap_err();
        assert_eq!((e.line, e.column), (3, 3));
        assert!(e.message.contains("neither user_id nor user_ids"), "{}", e.message);
        let e = Context::from_json("c.json", b"{\"users\": [\n  {\"user_id\": \"90B3D51F30010000\"},\n  {\"user_ids\": [\"90-B3-D5-1F-30-01-00-00\"]}]}")
            .unwrap_err();
        assert_eq!(e.line, 3);
        assert!(e.message.contains("also held by the User at line 2"), "{}", e.message);
        let e = Context::from_json("c.json", b"{\"devices\": [\n {\"device_id\": \"x\", \"device_type\": \"ESME\", \"smets\": 2}]}").unwrap_err();
        assert_eq!((e.line, e.column), (2, 2));
    }

    #[test]
    fn roles_are_read_per_user_and_a_bad_code_is_refused_with_its_line() {
        let c =
            Context::from_json("c.json", br#"{"users": [ {"user_id": "90B3D51F30010000", "roles": ["IS", "gs"]}, {"user_id": "90B3D51F30020000"} ]}"#).unwrap();
        assert_eq!(c.users[0].roles, Some(vec![UserRole::ImportSupplier, UserRole::GasSupplier]));
        assert_eq!(c.users[1].roles, None);
        let e = Context::from_json("c.json", b"{\"users\": [\n  {\"user_id\": \"90B3D51F30010000\", \"roles\": [\"IS\", \"Supplier\"]}]}").unwrap_err();
        assert_eq!((e.line, e.column), (2, 3));
        assert!(e.message.starts_with("users[0].roles: \"Supplier\" is not a SEC User Role code"), "{}", e.message);
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
