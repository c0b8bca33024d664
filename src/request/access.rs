//! DUIS access control: `duis.access.user` (E1: the originator is a User holding a User Role)
//! and `duis.access.role-eligible` (E2: one of its roles may send the SRV). The roles are an
//! input (the context, or grants given with the check): without them both rules are
//! `not-evaluated`, saying exactly what to give.

use crate::catalogue::SrvDef;
use crate::context::roles::{KnownRoles, UserRole};
use crate::duis::request_id::Eui64;
use crate::model::{Evaluation, Place};

/// How to give roles, on every door.
pub(crate) fn how_to_give(id: Eui64, srv: Option<&SrvDef>) -> String {
    let example = srv.and_then(|s| s.eligible_roles.first()).copied().unwrap_or("IS");
    format!(
        "give the User's roles: --user {id}={example} on the command line, \"roles\" in its context users entry, or 'Your User IDs and roles' on the page{}",
        srv.filter(|s| !s.eligible_roles.is_empty()).map(|s| format!(" (SRV {} may be sent by {})", s.srv, eligible_list(s))).unwrap_or_default()
    )
}

fn eligible_list(s: &SrvDef) -> String {
    let names: Vec<String> = s.eligible_roles.iter().map(|c| UserRole::parse(c).map_or_else(|| (*c).to_owned(), UserRole::describe)).collect();
    names.join(" or ")
}

fn list(roles: &[UserRole]) -> String {
    roles.iter().map(|r| r.describe()).collect::<Vec<_>>().join(", ")
}

/// E1: the originator is a User the context (or a grant) knows, holding at least one role.
pub(crate) fn user(originator: Eui64, known: &KnownRoles, srv: Option<&SrvDef>, place: Option<Place>) -> Evaluation {
    match known {
        KnownRoles::NoInput => Evaluation::not_evaluated(format!(
            "not evaluated: sec-rules does not know which SEC User Roles User {originator} holds (no context and no roles were given); {}",
            how_to_give(originator, srv)
        )),
        KnownRoles::UnknownUser => Evaluation::not_evaluated(format!(
            "not evaluated: the context does not know User {originator} (no users entry holds this User ID); {}",
            how_to_give(originator, srv)
        )),
        KnownRoles::NotGiven { line } => Evaluation::not_evaluated(format!(
            "not evaluated: the context's users entry for {originator} (line {line}) gives no \"roles\"; {}",
            how_to_give(originator, srv)
        )),
        KnownRoles::Given { roles, source } if roles.is_empty() => {
            Evaluation::fail(format!("User {originator} holds no SEC User Role according to {source}, so it may send no Service Request"), place)
        }
        KnownRoles::Given { roles, source } => Evaluation::pass(format!("User {originator} holds the User Roles {} ({source})", list(roles)), place),
    }
}

/// E2: one of the originator's roles is an Eligible User Role for the SRV.
pub(crate) fn role_eligible(originator: Eui64, known: &KnownRoles, srv: &SrvDef, place: Option<Place>) -> Evaluation {
    if srv.eligible_roles.is_empty() {
        return Evaluation::pass(
            format!(
                "the SRV matrix lists no Eligible User Role for SRV {} ({}); sec-rules does not fail it for that (an assumption, see the catalogue), so the User's roles were not compared",
                srv.srv, srv.name
            ),
            place,
        );
    }
    let KnownRoles::Given { roles, source } = known else {
        return Evaluation::not_evaluated(format!(
            "not evaluated: the User Roles of {originator} are not known (duis.access.user); {}",
            how_to_give(originator, Some(srv))
        ));
    };
    let eligible: Vec<UserRole> = roles.iter().copied().filter(|r| srv.eligible_roles.contains(&r.code())).collect();
    match eligible.first() {
        Some(_) => Evaluation::pass(
            format!("User {originator} may send SRV {} ({}) as {}: an Eligible User Role for it ({source})", srv.srv, srv.name, list(&eligible)),
            place,
        ),
        None => Evaluation::fail(
            format!(
                "SRV {} ({}) may be sent by {} only; User {originator} holds {} ({source})",
                srv.srv,
                srv.name,
                eligible_list(srv),
                if roles.is_empty() { "no User Role".to_owned() } else { list(roles) }
            ),
            place,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::srv;
    use crate::model::Outcome;

    fn id() -> Eui64 {
        Eui64::parse_any("90B3D51F30010000").unwrap()
    }

    fn given(codes: &[&str]) -> KnownRoles {
        KnownRoles::Given { roles: crate::context::roles::parse_roles(codes.iter().copied()).unwrap(), source: "the context (line 1)".into() }
    }

    #[test]
    fn each_role_code_is_judged_against_the_matrix_row() {
        let s623 = srv("6.23").unwrap();
        for role in crate::context::roles::ALL_ROLES {
            let e = role_eligible(id(), &given(&[role.code()]), s623, None);
            let expected = if matches!(role, UserRole::ImportSupplier | UserRole::GasSupplier) { Outcome::Pass } else { Outcome::Fail };
            assert_eq!(e.outcome, expected, "{role}: {}", e.message);
        }
        let e = role_eligible(id(), &given(&["ES"]), s623, None);
        assert_eq!(
            e.message,
            "SRV 6.23 (Update Security Credentials (CoS)) may be sent by Import Supplier (IS) or Gas Supplier (GS) only; User 90-B3-D5-1F-30-01-00-00 holds Export Supplier (ES) (the context (line 1))"
        );
    }

    #[test]
    fn a_user_with_several_roles_passes_with_the_eligible_one() {
        let e = role_eligible(id(), &given(&["ED", "GS", "OU"]), srv("6.7").unwrap(), None);
        assert_eq!(e.outcome, Outcome::Pass, "{}", e.message);
        assert!(e.message.contains("as Gas Supplier (GS)"), "{}", e.message);
    }

    #[test]
    fn without_roles_both_rules_say_what_to_give() {
        for k in [KnownRoles::NoInput, KnownRoles::UnknownUser, KnownRoles::NotGiven { line: 4 }] {
            let u = user(id(), &k, srv("6.23"), None);
            assert_eq!(u.outcome, Outcome::NotEvaluated);
            assert!(u.message.contains("--user 90-B3-D5-1F-30-01-00-00=IS"), "{}", u.message);
            let r = role_eligible(id(), &k, srv("6.23").unwrap(), None);
            assert_eq!(r.outcome, Outcome::NotEvaluated);
            assert!(r.message.contains("may be sent by Import Supplier (IS) or Gas Supplier (GS)"), "{}", r.message);
        }
        assert_eq!(user(id(), &given(&[]), None, None).outcome, Outcome::Fail);
        assert_eq!(user(id(), &given(&["IS"]), None, None).outcome, Outcome::Pass);
    }

    #[test]
    fn a_matrix_row_without_roles_passes_and_says_why() {
        for s in ["7.16", "8.5", "8.6"] {
            for k in [KnownRoles::NoInput, given(&["ED"])] {
                let e = role_eligible(id(), &k, srv(s).unwrap(), None);
                assert_eq!(e.outcome, Outcome::Pass, "{s}");
                assert!(e.message.contains("lists no Eligible User Role"), "{}", e.message);
            }
        }
    }
}
