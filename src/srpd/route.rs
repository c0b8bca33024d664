//! `srpd.623.route`: which party processes a 6.23 (SRPD 6.4 and clause 8 as the ETMAD
//! rewrites them), decided on the as-of date with the catalogue's dates:
//! before ECoS Go Live a SMETS2+ 6.23 went to the CoS Party of the transitional arrangements,
//! and a SMETS1 6.23 to the SMETS1 Service Provider without CoS Party checks (S003 §3.3); while
//! the ETMAD is in force a non-TCoS target goes to the CoS Party (8.1), a TCoS SMETS2+ target
//! to the TCoS Party (8.1A), a SMETS1 request to a TCoS Device stays outside clause 8 (6.4(b));
//! from the ETMAD's deletion every 6.23 goes to the CoS Party.

use crate::catalogue::RuleDef;
use crate::context::{CosCredentials, Device};
use crate::model::{Date, Evaluation, Party, Route};

fn secs(rule: &RuleDef, name: &str, default: u32) -> u32 {
    rule.int(name).and_then(|v| u32::try_from(v).ok()).unwrap_or(default)
}

/// The route for a device on `as_of`, or why it cannot be decided.
pub fn route(rule: &RuleDef, device: &Device, as_of: Date) -> Result<Route, Evaluation> {
    let named = |n: &str| crate::catalogue::named_date(n).map(|d| d.date);
    let (Some(go_live), Some(deleted)) = (named("ecos_go_live"), named("etmad_end")) else {
        return Err(Evaluation::not_evaluated("not evaluated: the catalogue lacks the routing dates"));
    };
    let smets1 = device.smets == 1;
    let seconds = match (as_of >= go_live, smets1) {
        (true, false) => secs(rule, "target_response_seconds_smets2", 35),
        (true, true) => secs(rule, "target_response_seconds_smets1", 21),
        (false, false) => secs(rule, "target_response_seconds_smets2_before_ecos", 30),
        (false, true) => secs(rule, "target_response_seconds_smets1_before_ecos", 16),
    };
    let make = |party, clause: &str| Ok(Route { party, clause: clause.to_owned(), target_response_seconds: seconds });
    if as_of < go_live {
        return if smets1 {
            make(Party::Smets1Legacy, "SRPD (before ECoS Go Live): a SMETS1 6.23 went to the SMETS1 Service Provider without CoS Party checks (inferred from S003 §3.3: an assumption)")
        } else {
            make(Party::Tcos, "SRPD 8 (before ECoS Go Live: the CoS Party of the transitional arrangements)")
        };
    }
    if as_of >= deleted {
        return make(Party::Ecos, "SRPD 8.1 (after the ETMAD's end: every 6.23 to the CoS Party, an assumption — no source gives the clause then)");
    }
    match (device.cos_credentials, smets1) {
        (Some(CosCredentials::Ecos), _) => make(Party::Ecos, "SRPD 8.1"),
        (Some(CosCredentials::Tcos), false) => make(Party::Tcos, "SRPD 8.1A"),
        (Some(CosCredentials::Tcos), true) => make(Party::Smets1Legacy, "SRPD 6.4(b)"),
        (None, _) => Err(Evaluation::not_evaluated(format!(
            "not evaluated: the context does not say whether device {} holds TCoS or ECoS credentials (cos_credentials)",
            device.device_id
        ))),
    }
}

/// The finding for a decided route.
pub fn describe(r: &Route, device: &Device) -> Evaluation {
    let who = match r.party {
        Party::Ecos => "the CoS Party (ECoS)",
        Party::Tcos if r.clause.contains("8.1A") => "the TCoS Party",
        Party::Tcos => "the CoS Party of the transitional arrangements",
        _ if r.clause.contains("6.4(b)") => "the SMETS1 arrangements outside SRPD clause 8",
        _ => "the SMETS1 Service Provider",
    };
    // a route that rests on an inference says so (the catalogue's note gives why)
    let inferred = r.clause.contains("an assumption");
    Evaluation::pass(
        format!(
            "routed to {who} under {}: device {} is SMETS{} with {} credentials; target response time {} s (S003's proposed time, assumed adopted){}",
            r.clause,
            device.device_id,
            device.smets,
            match device.cos_credentials {
                Some(CosCredentials::Ecos) => "ECoS",
                Some(CosCredentials::Tcos) => "TCoS",
                None => "unknown",
            },
            r.target_response_seconds,
            if inferred { "; this route is an inference, not a rule any source states (see the catalogue note of srpd.623.route)" } else { "" }
        ),
        None,
    )
    .with_clause(r.clause.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue;
    use crate::model::rule_id;

    fn dev(smets: u8, cos: CosCredentials) -> Device {
        Device { device_id: "00-DB-12-34-56-78-90-A0".into(), device_type: "ESME".into(), smets, mpxn: None, cos_credentials: Some(cos), status: None }
    }

    fn party(smets: u8, cos: CosCredentials, day: &str) -> (Party, u32) {
        let rule = catalogue::rule(rule_id::SRPD_623_ROUTE).unwrap();
        let r = route(rule, &dev(smets, cos), Date::parse(day).unwrap()).unwrap();
        (r.party, r.target_response_seconds)
    }

    #[test]
    fn routes_by_credentials_generation_and_date() {
        assert_eq!(party(2, CosCredentials::Ecos, "2024-03-01"), (Party::Ecos, 35));
        assert_eq!(party(2, CosCredentials::Tcos, "2024-03-01"), (Party::Tcos, 35));
        assert_eq!(party(1, CosCredentials::Tcos, "2024-03-01"), (Party::Smets1Legacy, 21));
        assert_eq!(party(1, CosCredentials::Ecos, "2024-03-01"), (Party::Ecos, 21));
        assert_eq!(party(2, CosCredentials::Tcos, "2023-06-29"), (Party::Tcos, 30));
        assert_eq!(party(1, CosCredentials::Tcos, "2023-06-29"), (Party::Smets1Legacy, 16));
        assert_eq!(party(2, CosCredentials::Tcos, "2023-06-30"), (Party::Tcos, 35));
        assert_eq!(party(2, CosCredentials::Tcos, "2024-10-31"), (Party::Tcos, 35));
        assert_eq!(party(2, CosCredentials::Tcos, "2024-11-01"), (Party::Ecos, 35));
        assert_eq!(party(1, CosCredentials::Tcos, "2025-01-01"), (Party::Ecos, 21));
    }
}
