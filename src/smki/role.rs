//! Remote Party Role, carried in an SMKI Organisation Certificate's subject OU as two hex
//! digits (sec-facts topic 4, derived from the ZAZ1 test certificates).

use serde::Serialize;
use std::fmt;

/// A Remote Party Role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum Role {
    /// 00: root.
    Root,
    /// 01: recovery.
    Recovery,
    /// 02: supplier.
    Supplier,
    /// 03: networkOperator.
    NetworkOperator,
    /// 04: accessControlBroker.
    AccessControlBroker,
    /// 05: transitionalCoS (also the DCC CoS Certificate under ECoS).
    TransitionalCoS,
    /// 06: wanProvider.
    WanProvider,
    /// 07: issuingAuthority (an OCA).
    IssuingAuthority,
    /// 08: loadController.
    LoadController,
    /// 7F: other.
    Other,
    /// 87: xmlSign (a User's DUIS XML signing certificate).
    XmlSign,
    /// 89: dSPXmlSign (the DCC's response signing certificate).
    DspXmlSign,
    /// Any other code.
    Unknown(u8),
}

impl Role {
    /// The role for a numeric code.
    pub fn from_code(code: u8) -> Self {
        match code {
            0x00 => Role::Root,
            0x01 => Role::Recovery,
            0x02 => Role::Supplier,
            0x03 => Role::NetworkOperator,
            0x04 => Role::AccessControlBroker,
            0x05 => Role::TransitionalCoS,
            0x06 => Role::WanProvider,
            0x07 => Role::IssuingAuthority,
            0x08 => Role::LoadController,
            0x7F => Role::Other,
            0x87 => Role::XmlSign,
            0x89 => Role::DspXmlSign,
            c => Role::Unknown(c),
        }
    }

    /// The OU as SMKI writes it (two upper-case hex digits).
    pub fn ou(self) -> String {
        let code = match self {
            Role::Root => 0x00,
            Role::Recovery => 0x01,
            Role::Supplier => 0x02,
            Role::NetworkOperator => 0x03,
            Role::AccessControlBroker => 0x04,
            Role::TransitionalCoS => 0x05,
            Role::WanProvider => 0x06,
            Role::IssuingAuthority => 0x07,
            Role::LoadController => 0x08,
            Role::Other => 0x7F,
            Role::XmlSign => 0x87,
            Role::DspXmlSign => 0x89,
            Role::Unknown(c) => c,
        };
        format!("{code:02X}")
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = match self {
            Role::Root => "root",
            Role::Recovery => "recovery",
            Role::Supplier => "supplier",
            Role::NetworkOperator => "networkOperator",
            Role::AccessControlBroker => "accessControlBroker",
            Role::TransitionalCoS => "transitionalCoS",
            Role::WanProvider => "wanProvider",
            Role::IssuingAuthority => "issuingAuthority",
            Role::LoadController => "loadController",
            Role::Other => "other",
            Role::XmlSign => "xmlSign",
            Role::DspXmlSign => "dSPXmlSign",
            Role::Unknown(_) => "unknown",
        };
        write!(f, "{name} (OU {})", self.ou())
    }
}

/// An OU read as a role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OuRole {
    /// The role.
    pub role: Role,
    /// True when written in the legacy decimal form ("137" for dSPXmlSign, pre SMKI 1.4.1).
    pub legacy_decimal: bool,
}

/// Reads an OU: two hex digits, or the legacy decimal form of a code above 99.
pub fn parse_ou(ou: &str) -> Option<OuRole> {
    let ou = ou.trim();
    if ou.len() == 2 && ou.bytes().all(|b| b.is_ascii_hexdigit()) {
        return u8::from_str_radix(ou, 16).ok().map(|c| OuRole { role: Role::from_code(c), legacy_decimal: false });
    }
    if ou.len() == 3 && ou.bytes().all(|b| b.is_ascii_digit()) {
        return ou.parse::<u8>().ok().map(|c| OuRole { role: Role::from_code(c), legacy_decimal: true });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_ou_and_legacy_decimal() {
        assert_eq!(parse_ou("87").map(|r| r.role), Some(Role::XmlSign));
        assert_eq!(parse_ou("02").map(|r| r.role), Some(Role::Supplier));
        assert_eq!(parse_ou("89"), Some(OuRole { role: Role::DspXmlSign, legacy_decimal: false }));
        assert_eq!(parse_ou("137"), Some(OuRole { role: Role::DspXmlSign, legacy_decimal: true }));
        assert_eq!(parse_ou("7f").map(|r| r.role), Some(Role::Other));
        assert_eq!(parse_ou("xyz"), None);
        assert_eq!(Role::XmlSign.to_string(), "xmlSign (OU 87)");
    }
}
