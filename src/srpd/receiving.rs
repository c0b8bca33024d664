//! What the receiving party checks next (advisory findings after the route): the CoS Party's
//! SRPD 8.1(b)(i)–(iv) or the TCoS Party's 8.1A(b)(i)–(iv), evaluated where the file and
//! context allow, `not-evaluated` where they cannot (the DCC's countersignature, replay state,
//! the wording of SRPD 6.1, which is NOT FOUND).

use super::Request623;
use crate::context::Context;
use crate::model::{Date, Evaluation, Party, Route};

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

/// Evaluates one receiving-party check for `party` given the route.
pub fn evaluate(party: Party, check: Check, route: Option<&Route>, r: Option<&Request623<'_, '_, '_>>, ctx: Option<&Context>, as_of: Date, signer_ok: bool) -> Evaluation {
    let Some(route) = route else { return Evaluation::not_evaluated("not evaluated: the request has no route (srpd.623.route)") };
    if route.party != party {
        return Evaluation::skipped(format!("does not apply: the request routes to {} under {}", route.party.as_str(), route.clause));
    }
    match (party, check) {
        (Party::Ecos, Check::Crypto) | (Party::Ecos, Check::Validity) => Evaluation::not_evaluated(
            "not evaluated: the CoS Party checks the DCC's countersignature and its certificates, which are added after submission",
        ),
        (Party::Ecos, Check::Third) => Evaluation::not_evaluated(
            "not evaluated: the CoS Party re-applies SRPD 6.1(a), (d), (e), (f), (g), (j), (k), whose wording is not in any public source sec-rules has (sec-facts topic 1.1)",
        ),
        (Party::Ecos, Check::Fourth) => Evaluation::not_evaluated("not evaluated: replay detection needs the CoS Party's record of requests already processed"),
        (_, Check::Crypto) | (_, Check::Validity) if signer_ok => Evaluation::not_evaluated(
            "not evaluated for the communication: the embedded request's signature and signer check out (duis.signature.value, duis.signer.valid), but the DCC's countersignature is added after submission",
        ),
        (_, Check::Crypto) | (_, Check::Validity) => Evaluation::not_evaluated(
            "not evaluated: the embedded request's signer could not be confirmed here (add the trust store), and the DCC's countersignature is added after submission",
        ),
        (_, Check::Third) => same_user(r),
        (_, Check::Fourth) => responsible_supplier(r, ctx, as_of),
    }
}

/// 8.1A(b)(iii): the submitting User and every Organisation Certificate's User ID are one User.
fn same_user(r: Option<&Request623<'_, '_, '_>>) -> Evaluation {
    let Some(r) = r else { return Evaluation::not_evaluated("not evaluated: the 6.23 body could not be read") };
    let me = r.request_id.originator;
    let mut others: Vec<String> = r
        .body
        .replacements()
        .iter()
        .filter(|(_, c)| c.cert.entity_id != Some(me))
        .map(|(n, c)| format!("{n} ({})", c.cert.entity_id.map_or_else(|| "no entity id".into(), |e| e.to_string())))
        .collect();
    if let Some(s) = r.signer.filter(|s| s.entity_id != Some(me)) {
        others.push(format!("the signing certificate ({})", s.entity_id.map_or_else(|| "no entity id".into(), |e| e.to_string())));
    }
    if others.is_empty() {
        Evaluation::pass(format!("the submitting User {me} and every Organisation Certificate in the request are the same User"), None)
    } else {
        Evaluation::fail(format!("not the submitting User {me}: {}", others.join(", ")), None)
    }
}

/// 8.1A(b)(iv): each Organisation Certificate's User is the Responsible Supplier (now or to
/// be) for the MPxN on the execution date, or the current date.
fn responsible_supplier(r: Option<&Request623<'_, '_, '_>>, ctx: Option<&Context>, as_of: Date) -> Evaluation {
    let (Some(r), Some(ctx)) = (r, ctx) else { return Evaluation::not_evaluated("not evaluated: needs the 6.23 body and a context with users and registration") };
    let Some((_, mpxn)) = &r.body.import_mpxn else { return Evaluation::not_evaluated("not evaluated: no ImportMPxN") };
    let day = r.lookup_day(as_of);
    let Some(mpid) = ctx.registered_supplier(mpxn, day) else {
        return Evaluation::not_evaluated(format!("not evaluated: the context registers no supplier for MPxN {mpxn} on {day}"));
    };
    let holders: Vec<_> = ctx.users.iter().filter(|u| u.mpids.iter().any(|m| m == mpid)).collect();
    let bad: Vec<String> = r
        .body
        .replacements()
        .iter()
        .filter(|(_, c)| !holders.iter().any(|u| crate::duis::request_id::Eui64::parse_any(&u.user_id) == c.cert.entity_id))
        .map(|(n, _)| (*n).to_owned())
        .collect();
    if bad.is_empty() {
        Evaluation::pass(format!("every Organisation Certificate belongs to the User holding {mpid}, the supplier registered for {mpxn} on {day}"), None)
    } else {
        Evaluation::fail(format!("{} do(es) not belong to the User holding {mpid}, the supplier registered for {mpxn} on {day}", bad.join(", ")), None)
    }
}
