//! The seven 6.23 checks the ECoS changes add (S003 §3.3 i–vii), less check (i), the signer's
//! User ID, which `duis.signer.user-id` holds.

use super::Request623;
use crate::catalogue::RuleDef;
use crate::context::Context;
use crate::model::words::{count, with_article};
use crate::model::{Date, Evaluation, Place};
use crate::smki::Role;
use crate::xml;

const NO_CONTEXT: &str = "not evaluated: no context was given; add a context JSON (--context, or drop it on the page) with users, devices and registration";

fn at(n: roxmltree::Node<'_, '_>) -> Option<Place> {
    Some(Place::at(n.range().start, xml::path(n)))
}

/// `srpd.623.mpid-in-cert` (S003 §3.3 check ii): the MPID used for the Registration Data
/// look-up — the supplier registered for the MPxN on the execution date (or the as-of date) —
/// is an MPID of the User that signed. Where an SMKI certificate carries MPIDs is NOT FOUND,
/// so the context's MPIDs of the signing User stand in for "an MPID in the Certificate"
/// (an assumption, stated in the rule's note).
pub fn mpid_in_cert(r: &Request623<'_, '_, '_>, ctx: Option<&Context>, as_of: Date) -> Evaluation {
    let Some(ctx) = ctx else { return Evaluation::not_evaluated(NO_CONTEXT) };
    let Some((node, mpxn)) = &r.body.import_mpxn else {
        return Evaluation::not_evaluated("not evaluated: the body has no valid ImportMPxN (duis.schema.body)");
    };
    let user_id = r.signer.and_then(|c| c.entity_id).unwrap_or(r.request_id.originator);
    let Some(user) = ctx.user(user_id) else {
        return Evaluation::not_evaluated(format!("not evaluated: the context has no User holding {user_id}; add it with its MPIDs"));
    };
    let day = r.lookup_day(as_of);
    if ctx.registrations(mpxn).next().is_none() {
        return Evaluation::not_evaluated(format!("not evaluated: the context has no registration data for MPxN {mpxn}"));
    }
    match ctx.registered_supplier(mpxn, day) {
        None => Evaluation::fail(format!("no supplier is registered for MPxN {mpxn} on {day}, so the sender cannot be the incoming supplier"), at(*node)),
        Some(mpid) if user.mpids.iter().any(|m| m == mpid) => Evaluation::pass(
            format!("{mpid}, the supplier registered for MPxN {mpxn} on {day}, is an MPID of the signing User {user_id} (MPIDs from the context, standing in for the certificate's)"),
            at(*node),
        ),
        Some(mpid) => Evaluation::fail(
            format!(
                "the supplier registered for MPxN {mpxn} on {day} is {mpid}, but the signing User {user_id} holds MPIDs [{}]: sign with the key whose certificate carries {mpid}",
                user.mpids.join(", ")
            ),
            at(*node),
        ),
    }
}

/// `srpd.623.mpxn-matches-smi`.
pub fn mpxn_matches_smi(r: &Request623<'_, '_, '_>, ctx: Option<&Context>) -> Evaluation {
    let Some(ctx) = ctx else { return Evaluation::not_evaluated(NO_CONTEXT) };
    let Some((node, mpxn)) = &r.body.import_mpxn else {
        return Evaluation::not_evaluated("not evaluated: the body has no valid ImportMPxN (duis.schema.body)");
    };
    let target = r.request_id.target;
    let Some(device) = ctx.device(target) else {
        return Evaluation::not_evaluated(format!("not evaluated: the context has no device {target} (the RequestID's target)"));
    };
    match device.mpxn.as_deref() {
        None => Evaluation::not_evaluated(format!("not evaluated: the context gives no MPxN for device {target}")),
        Some(smi) if smi.trim() == crate::xml::text::trim(mpxn) => {
            Evaluation::pass(format!("ImportMPxN {mpxn} is the MPxN the inventory holds for {target}"), at(*node))
        }
        Some(smi) => Evaluation::fail(format!("ImportMPxN is {mpxn}, but the Smart Metering Inventory holds {smi} for the target device {target}"), at(*node)),
    }
}

/// `srpd.623.replacement-count` (S003 §3.3 check iv): the replacement certificates the
/// catalogue's table requires for the target device type are present, and none has no cell to
/// go to. The table is an assumption derived from the DCC's test data (sec-facts topic 4):
/// `<TYPE>` lists the required certificates, `<TYPE>_optional` those that may come too (the
/// top-up key is replaced only "where a prepayment key is being replaced", check vii), and
/// `no_supplier_cells` the device types a 6.23 has nothing to replace on.
pub fn replacement_count(rule: &RuleDef, r: &Request623<'_, '_, '_>, ctx: Option<&Context>) -> Evaluation {
    let Some(ctx) = ctx else { return Evaluation::not_evaluated(NO_CONTEXT) };
    let target = r.request_id.target;
    let Some(device) = ctx.device(target) else {
        return Evaluation::not_evaluated(format!("not evaluated: the context has no device {target}, so its type is unknown"));
    };
    let ty = device.device_type.trim().to_ascii_uppercase();
    let place = r.body.replacements_node().and_then(at);
    if rule.list("no_supplier_cells").is_some_and(|l| l.iter().any(|t| t.eq_ignore_ascii_case(&ty))) {
        return Evaluation::fail(
            format!("the target device {target} is {}, which holds no Supplier Trust Anchor Cells: a 6.23 has nothing to replace on it (assumption from the DCC's test data, see the rule's note)", with_article(&ty)),
            place,
        );
    }
    let Some(required) = rule.list(&ty) else {
        return Evaluation::not_evaluated(format!("not evaluated: the catalogue has no replacement-certificate table for device type {ty}"));
    };
    let optional = rule.list(&format!("{ty}_optional")).unwrap_or(&[]);
    let present: Vec<&str> = r.body.replacements().iter().map(|(n, _)| *n).collect();
    let missing: Vec<&str> = required.iter().copied().filter(|n| !present.contains(n)).collect();
    let homeless: Vec<&str> = present.iter().copied().filter(|n| !required.contains(n) && !optional.contains(n)).collect();
    let table = format!("required {}{}", required.join(" + "), if optional.is_empty() { String::new() } else { format!(", optional {}", optional.join(", ")) });
    if !missing.is_empty() {
        Evaluation::fail(
            format!(
                "{} needs {} but the request lacks {} (catalogue table for {ty}: {table}; an assumption, see the rule's note)",
                with_article(&ty),
                required.join(", "),
                missing.join(", ")
            ),
            place,
        )
    } else if !homeless.is_empty() {
        Evaluation::fail(
            format!("{} has no cell for {}: it holds only {table} (an assumption, see the rule's note)", with_article(&ty), homeless.join(", ")),
            place,
        )
    } else {
        Evaluation::pass(
            format!("{} for {}: {} ({table}; an assumption)", count(present.len() as u64, "replacement certificate"), with_article(&ty), present.join(", ")),
            place,
        )
    }
}

/// `srpd.623.replacement-role`: every replacement certificate is a supplier's (OU 02).
pub fn replacement_role(r: &Request623<'_, '_, '_>) -> Vec<Evaluation> {
    r.body
        .replacements()
        .into_iter()
        .map(|(name, c)| match c.cert.role {
            Some(role) if role.role == Role::Supplier => Evaluation::pass(format!("{name} has the supplier role (OU 02)"), at(c.node)),
            Some(role) => Evaluation::fail(format!("{name} has Remote Party Role {}, not supplier (OU 02)", role.role), at(c.node)),
            None => Evaluation::fail(format!("{name} has no Remote Party Role OU (seen {:?}); supplier (OU 02) is required", c.cert.ou), at(c.node)),
        })
        .collect()
}

/// `srpd.623.key-usage-fits-cell`: digital-signing cell ↔ digitalSignature; key-agreement and
/// top-up cells ↔ keyAgreement (the Trust Anchor Cells of sec-facts topic 4).
pub fn key_usage_fits_cell(r: &Request623<'_, '_, '_>) -> Vec<Evaluation> {
    r.body
        .replacements()
        .into_iter()
        .map(|(name, c)| {
            let (want_ds, cell) = match name {
                "DigitalSigningCertificate" => (true, "(supplier, digitalSignature, management)"),
                "KeyAgreementCertificate" => (false, "(supplier, keyAgreement, management)"),
                _ => (false, "(supplier, keyAgreement, prePaymentTopUp)"),
            };
            let want = if want_ds { "digitalSignature" } else { "keyAgreement" };
            match c.cert.key_usage {
                Some(ku) if (want_ds && ku.digital_signature && !ku.key_agreement) || (!want_ds && ku.key_agreement && !ku.digital_signature) => {
                    Evaluation::pass(format!("{name} has key usage {want}, as the cell {cell} needs"), at(c.node))
                }
                Some(ku) => Evaluation::fail(
                    format!(
                        "{name} fills the cell {cell}, which needs key usage {want} alone; the certificate has{}{}",
                        if ku.digital_signature { " digitalSignature" } else { "" },
                        if ku.key_agreement {
                            " keyAgreement"
                        } else {
                            if ku.digital_signature {
                                ""
                            } else {
                                " neither"
                            }
                        }
                    ),
                    at(c.node),
                ),
                None => Evaluation::fail(format!("{name} has no key usage extension; the cell {cell} needs {want}"), at(c.node)),
            }
        })
        .collect()
}

/// `srpd.623.prepayment-floor-seq`: a top-up certificate needs
/// `SupplierPrepaymentTopUpFloorSeqNumber`.
pub fn prepayment_floor_seq(r: &Request623<'_, '_, '_>) -> Evaluation {
    match (r.body.replacement("KeyAgreementTopUpCertificate"), r.body.topup_floor_seq) {
        (None, _) => Evaluation::pass("no prepayment top-up key is being replaced", None),
        (Some(_), Some(n)) => Evaluation::pass("a top-up certificate is replaced and SupplierPrepaymentTopUpFloorSeqNumber is present", at(n)),
        (Some(c), None) => Evaluation::fail(
            "KeyAgreementTopUpCertificate replaces the prepayment top-up key, but SupplierPrepaymentTopUpFloorSeqNumber is missing",
            at(c.node),
        ),
    }
}
