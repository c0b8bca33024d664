//! What the receiving party checks next (advisory findings after the route): the CoS Party's
//! SRPD 8.1(b)(i)–(iv) or the TCoS Party's 8.1A(b)(i)–(iv), evaluated where the file and
//! context allow, `not-evaluated` where they cannot (replay state, the wording of SRPD 6.1,
//! which is NOT FOUND) — and from them, what the party will do. Both parties' cryptographic
//! checks are judged alike, on the Service Request inside the DCC's countersigned
//! communication, whose own countersignature is assumed valid.

use super::Request623;
use crate::context::Context;
use crate::duis::request_id::Eui64;
use crate::model::{Date, Evaluation, Expectation, Finding, Outcome, Party, ReceivingParty, Route, RuleId};

/// Which receiving-party check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// (i) Check Cryptographic Protection.
    Crypto,
    /// (ii) Confirm Validity.
    Validity,
    /// 8.1(b)(iii) the 6.1 subset; 8.1A(b)(iii) same User.
    Third,
    /// 8.1(b)(iv) replay; 8.1A(b)(iv) Responsible Supplier.
    Fourth,
}

const NO_CONTEXT: &str = "not evaluated: which User holds which User ID comes from the context; add one with users (user_id or user_ids) and registration";

/// Evaluates one receiving-party check for `party` given the route. `signer_ok`: the
/// embedded request's signature verified and its signer is valid (duis.signature.value,
/// duis.signer.valid).
pub fn evaluate(
    party: Party,
    check: Check,
    route: Option<&Route>,
    r: Option<&Request623<'_, '_, '_>>,
    ctx: Option<&Context>,
    as_of: Date,
    signer_ok: bool,
) -> Evaluation {
    let Some(route) = route else { return Evaluation::not_evaluated("not evaluated: the request has no route (srpd.623.route)") };
    if route.party != party {
        return Evaluation::skipped(format!("does not apply: the request routes to {} under {}", route.party.as_str(), route.clause));
    }
    match (party, check) {
        (Party::Ecos, Check::Third) => Evaluation::not_evaluated(
            "not evaluated: the CoS Party re-applies SRPD 6.1(a), (d), (e), (f), (g), (j), (k), whose wording is not in any public source sec-rules has (sec-facts topic 1.1)",
        ),
        (Party::Ecos, Check::Fourth) => Evaluation::not_evaluated("not evaluated: replay detection needs the CoS Party's record of requests already processed"),
        // both parties alike: judged on the Service Request inside the Countersigned CoS
        // Service Request; the DCC's own countersignature, made after submission, is assumed
        // valid (the catalogue says why)
        (_, Check::Crypto) | (_, Check::Validity) if signer_ok => Evaluation::pass(
            "the Service Request inside the communication checks out: its signature verifies and its signer is valid (duis.signature.value, duis.signer.valid); the communication's own countersignature is the DCC's, added after submission, which sec-rules cannot see: assumed valid (an assumption)",
            None,
        ),
        (_, Check::Crypto) | (_, Check::Validity) => Evaluation::not_evaluated(
            "not evaluated: the embedded request's signer could not be confirmed here (duis.signature.value, duis.signer.valid: add the certificates); the DCC's countersignature, added after submission, would be assumed valid",
        ),
        (_, Check::Third) => same_user(r, ctx),
        (_, Check::Fourth) => responsible_supplier(r, ctx, as_of),
    }
}

/// The Organisation Certificates in the request (the replacement certificates; the OCA
/// certificates of the certification path are not Organisation Certificates) with their
/// entity ids.
fn organisation_certs<'i>(r: &Request623<'_, '_, 'i>) -> Vec<(&'i str, Option<Eui64>)> {
    r.body.replacements().iter().map(|(n, c)| (*n, c.cert.entity_id)).collect()
}

/// 8.1A(b)(iii): the submitting User's ID and the User ID in every Organisation Certificate
/// are associated with the same User — decided through the context's Users, each of which
/// may hold several User IDs.
fn same_user(r: Option<&Request623<'_, '_, '_>>, ctx: Option<&Context>) -> Evaluation {
    let Some(r) = r else { return Evaluation::not_evaluated("not evaluated: the 6.23 body could not be read") };
    let me = r.request_id.originator;
    let mut others = Vec::new();
    let mut unknown = Vec::new();
    for (name, entity) in organisation_certs(r) {
        match entity {
            None => {
                return Evaluation::fail(
                    format!("{name} carries no User ID (x500UniqueIdentifier), so it cannot be associated with the submitting User {me}"),
                    None,
                )
            }
            Some(e) if e == me => {}
            Some(e) => match ctx.map(|c| c.same_user(me, e)) {
                Some(Some(true)) => {}
                Some(Some(false)) => others.push(format!("{name} ({e})")),
                Some(None) | None => unknown.push(format!("{name} ({e})")),
            },
        }
    }
    if !others.is_empty() {
        let user = ctx.and_then(|c| c.user(me)).map(|u| format!(" (User IDs {})", u.ids_text())).unwrap_or_default();
        return Evaluation::fail(format!("not associated with the submitting User {me}{user}: {}; the TCoS Party stops (SRPD 8.3A)", others.join(", ")), None);
    }
    if !unknown.is_empty() {
        return match ctx {
            None => Evaluation::not_evaluated(format!(
                "{NO_CONTEXT} ({} {} to another User ID than the submitter {me})",
                unknown.join(", "),
                if unknown.len() == 1 { "belongs" } else { "belong" }
            )),
            Some(_) => Evaluation::not_evaluated(format!(
                "not evaluated: the context does not say which User holds {} or the submitter {me}; give each User all its User IDs (user_ids)",
                unknown.join(", ")
            )),
        };
    }
    Evaluation::pass(format!("the submitting User {me} and every Organisation Certificate in the request are associated with the same User"), None)
}

/// 8.1A(b)(iv): each Organisation Certificate's User ID is that of the Party registered (now
/// or to be) as Responsible Supplier for the MPxN on the execution date, or the current date.
fn responsible_supplier(r: Option<&Request623<'_, '_, '_>>, ctx: Option<&Context>, as_of: Date) -> Evaluation {
    let Some(r) = r else { return Evaluation::not_evaluated("not evaluated: the 6.23 body could not be read") };
    let Some(ctx) = ctx else { return Evaluation::not_evaluated(NO_CONTEXT) };
    let Some((_, mpxn)) = &r.body.import_mpxn else { return Evaluation::not_evaluated("not evaluated: no ImportMPxN") };
    let day = r.lookup_day(as_of);
    let Some(mpid) = ctx.registered_supplier(mpxn, day) else {
        return Evaluation::not_evaluated(format!("not evaluated: the context registers no supplier for MPxN {mpxn} on {day}"));
    };
    let Some(holder) = ctx.users.iter().find(|u| u.mpids.iter().any(|m| m == mpid)) else {
        return Evaluation::not_evaluated(format!("not evaluated: no User in the context holds MPID {mpid}, the supplier registered for {mpxn} on {day}"));
    };
    let (mut bad, mut unknown) = (Vec::new(), Vec::new());
    for (n, e) in organisation_certs(r) {
        match e {
            Some(e) if holder.holds(e) => {}
            // another User holds it, or it carries no User ID at all
            Some(e) if ctx.user(e).is_some() => bad.push(format!("{n} ({e})")),
            None => bad.push(format!("{n} (no User ID)")),
            Some(e) => unknown.push(format!("{n} ({e})")),
        }
    }
    if !bad.is_empty() {
        Evaluation::fail(
            format!(
                "{} {} not belong to the User holding {mpid} (User IDs {}), the supplier registered for {mpxn} on {day}; the TCoS Party stops (SRPD 8.3A)",
                bad.join(", "),
                if bad.len() == 1 { "does" } else { "do" },
                holder.ids_text()
            ),
            None,
        )
    } else if !unknown.is_empty() {
        Evaluation::not_evaluated(format!(
            "not evaluated: the context does not say which User holds {}; the User holding {mpid} (registered for {mpxn} on {day}) has User IDs {} — list every User ID of a User (user_ids)",
            unknown.join(", "),
            holder.ids_text()
        ))
    } else {
        Evaluation::pass(
            format!(
                "every Organisation Certificate belongs to the User holding {mpid} (User IDs {}), the supplier registered for {mpxn} on {day}",
                holder.ids_text()
            ),
            None,
        )
    }
}

/// What the party the request is routed to will do, from its checks' findings: it refuses
/// (SRPD 8.3 / 8.3A) when one fails, proceeds (8.2 / 8.2A) when every one passes, and is
/// unknown otherwise. `None` for a route with no receiving party's checks (SMETS1 outside
/// clause 8).
pub fn expectation(route: &Route, findings: &[Finding], is_party_rule: impl Fn(RuleId) -> Option<Party>) -> Option<ReceivingParty> {
    let (refuse_clause, proceed_clause, checks_clause) = match route.party {
        Party::Ecos => ("SRPD 8.3", "SRPD 8.2", "SRPD 8.1(b)"),
        Party::Tcos if route.clause.contains("8.1A") => ("SRPD 8.3A", "SRPD 8.2A", "SRPD 8.1A(b)"),
        _ => return None,
    };
    let mine: Vec<&Finding> = findings.iter().filter(|f| is_party_rule(f.rule) == Some(route.party) && f.outcome != Outcome::Skipped).collect();
    if mine.is_empty() {
        return None;
    }
    let failed: Vec<&Finding> = mine.iter().copied().filter(|f| f.outcome == Outcome::Fail).collect();
    let open: Vec<&Finding> = mine.iter().copied().filter(|f| f.outcome == Outcome::NotEvaluated).collect();
    let who = if route.party == Party::Ecos { "the CoS Party" } else { "the TCoS Party" };
    let (expected, clause, rules, message) = if let Some(first) = failed.first() {
        (Expectation::Refuses, refuse_clause, failed.iter().map(|f| f.rule).collect(), format!("{who} would refuse it ({}): {}", first.clause, first.message))
    } else if open.is_empty() {
        (
            Expectation::Proceeds,
            proceed_clause,
            mine.iter().map(|f| f.rule).collect(),
            format!("{who}'s checks ({checks_clause}) pass: it would go on under {proceed_clause}"),
        )
    } else {
        (
            Expectation::Unknown,
            checks_clause,
            open.iter().map(|f| f.rule).collect(),
            format!("what {who} will do is not known: {} of its checks ({checks_clause}) could not be evaluated; none is known to fail", open.len()),
        )
    };
    Some(ReceivingParty { party: route.party, expected, clause: clause.to_owned(), rules, message })
}
