//! `duis.body.matches-srv`: the Body holds the element the DUIS schema pairs with the request's
//! ServiceReferenceVariant, or `SignedPreCommand` exactly when the Command Variant is 5, 6 or 7
//! (sec-facts topic 8.1). The schema cannot say this: its Body is a choice of all 130.

use crate::catalogue::{self, SrvDef, SIGNED_PRE_COMMAND};
use std::fmt;

/// Whether a Command Variant takes a Signed Pre-Command as its input (CV 5, 6, 7).
pub fn takes_signed_pre_command(cv: u8) -> bool {
    matches!(cv, 5..=7)
}

/// A Body that does not belong to the request.
#[derive(Debug, Clone)]
pub struct Mismatch {
    /// The request's SRV.
    pub srv: &'static SrvDef,
    /// Its Command Variant.
    pub cv: u8,
    /// The Body element found (local name).
    pub found: String,
    /// Whether the element is in the DUIS namespace.
    pub found_in_duis: bool,
}

impl Mismatch {
    /// The SRV whose Body the element is, when it is one.
    pub fn found_srv(&self) -> Option<&'static SrvDef> {
        self.found_in_duis.then(|| catalogue::srv_by_body(&self.found)).flatten()
    }

    /// "`X`, the Body of SRV 6.23 (Update Security Credentials (CoS))".
    fn what_was_found(&self) -> String {
        let f = &self.found;
        if !self.found_in_duis {
            return format!("`{f}`, which is not in the DUIS namespace");
        }
        if f == SIGNED_PRE_COMMAND {
            return format!("`{f}`, the input of Command Variants 5, 6 and 7");
        }
        match self.found_srv() {
            Some(s) if s.srv == self.srv.srv => format!("`{f}`, SRV {}'s own Service Request, which Command Variants 1-4 and 8 take", s.srv),
            Some(s) => format!("`{f}`, the Body of SRV {} ({})", s.srv, s.name),
            None => format!("`{f}`, which is the Body of no Service Reference Variant"),
        }
    }
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (srv, cv) = (self.srv, self.cv);
        if takes_signed_pre_command(cv) {
            write!(
                f,
                "Command Variant {cv} takes a Signed Pre-Command: the Body of SRV {} ({}) must hold `{SIGNED_PRE_COMMAND}`; this Body holds {}",
                srv.srv,
                srv.name,
                self.what_was_found()
            )
        } else {
            let takes = if self.found == SIGNED_PRE_COMMAND { format!("Command Variant {cv} takes a Service Request: ") } else { String::new() };
            write!(f, "{takes}SRV {} ({}) takes a Body of `{}`; this Body holds {}", srv.srv, srv.name, srv.body, self.what_was_found())
        }
    }
}

/// Checks the Body element (`local` name, in the DUIS namespace or not) against the SRV and
/// Command Variant.
pub fn check(srv: &'static SrvDef, cv: u8, local: &str, in_duis: bool) -> Result<(), Mismatch> {
    let expected = if takes_signed_pre_command(cv) { SIGNED_PRE_COMMAND } else { srv.body };
    if in_duis && local == expected {
        return Ok(());
    }
    Err(Mismatch { srv, cv, found: local.to_owned(), found_in_duis: in_duis })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::srv;

    #[test]
    fn another_srvs_body_names_both_srvs() {
        let e = check(srv("4.4.3").unwrap(), 1, "UpdateSecurityCredentialsCoS", true).unwrap_err();
        assert_eq!(
            e.to_string(),
            format!(
                "SRV 4.4.3 ({}) takes a Body of `{}`; this Body holds `UpdateSecurityCredentialsCoS`, the Body of SRV 6.23 (Update Security Credentials (CoS))",
                srv("4.4.3").unwrap().name,
                srv("4.4.3").unwrap().body
            )
        );
        assert!(check(srv("6.23").unwrap(), 1, "UpdateSecurityCredentialsCoS", true).is_ok());
        assert!(check(srv("6.23").unwrap(), 1, "UpdateSecurityCredentialsCoS", false).is_err());
    }

    #[test]
    fn command_variants_5_to_7_take_a_signed_pre_command_and_only_they() {
        let s = srv("1.6").unwrap();
        for cv in 5..=7 {
            assert!(check(s, cv, SIGNED_PRE_COMMAND, true).is_ok());
            let e = check(s, cv, "UpdatePaymentMode", true).unwrap_err();
            assert!(e.to_string().starts_with(&format!("Command Variant {cv} takes a Signed Pre-Command")), "{e}");
            assert!(e.to_string().contains("SRV 1.6's own Service Request"), "{e}");
        }
        for cv in [1, 2, 3, 4, 8] {
            assert!(check(s, cv, "UpdatePaymentMode", true).is_ok());
            let e = check(s, cv, SIGNED_PRE_COMMAND, true).unwrap_err();
            assert!(e.to_string().starts_with(&format!("Command Variant {cv} takes a Service Request: SRV 1.6")), "{e}");
        }
    }
}
