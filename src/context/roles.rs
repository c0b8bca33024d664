//! SEC User Roles: which roles a User holds, from the context (`users[].roles`) and from
//! grants given on a door (`--user ID=IS,GS`, the wasm options' `users`, the page's input).
//! How the DCC derives a request's User Role is NOT FOUND (sec-facts topic 8.2): the roles are
//! an input, a set per User, never a guess.

use super::Context;
use crate::duis::request_id::Eui64;
use std::fmt;

/// A SEC User Role (sec-facts topic 8.2; the codes the SRV matrix's Eligible User Roles use).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum UserRole {
    /// Import Supplier (IS).
    ImportSupplier,
    /// Export Supplier (ES).
    ExportSupplier,
    /// Gas Supplier (GS).
    GasSupplier,
    /// Electricity Distributor (ED).
    ElectricityDistributor,
    /// Gas Transporter (GT).
    GasTransporter,
    /// Registered Supplier Agent (RSA).
    RegisteredSupplierAgent,
    /// Other User (OU).
    OtherUser,
}

/// Every role, in the order the SEC lists them.
pub const ALL_ROLES: [UserRole; 7] = [
    UserRole::ImportSupplier,
    UserRole::ExportSupplier,
    UserRole::GasSupplier,
    UserRole::ElectricityDistributor,
    UserRole::GasTransporter,
    UserRole::RegisteredSupplierAgent,
    UserRole::OtherUser,
];

impl UserRole {
    /// The code (IS, ES, GS, ED, GT, RSA, OU).
    pub fn code(self) -> &'static str {
        match self {
            UserRole::ImportSupplier => "IS",
            UserRole::ExportSupplier => "ES",
            UserRole::GasSupplier => "GS",
            UserRole::ElectricityDistributor => "ED",
            UserRole::GasTransporter => "GT",
            UserRole::RegisteredSupplierAgent => "RSA",
            UserRole::OtherUser => "OU",
        }
    }

    /// The role's name.
    pub fn name(self) -> &'static str {
        match self {
            UserRole::ImportSupplier => "Import Supplier",
            UserRole::ExportSupplier => "Export Supplier",
            UserRole::GasSupplier => "Gas Supplier",
            UserRole::ElectricityDistributor => "Electricity Distributor",
            UserRole::GasTransporter => "Gas Transporter",
            UserRole::RegisteredSupplierAgent => "Registered Supplier Agent",
            UserRole::OtherUser => "Other User",
        }
    }

    /// Reads a code, in either case, with surrounding spaces ignored.
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        ALL_ROLES.into_iter().find(|r| r.code().eq_ignore_ascii_case(s))
    }

    /// "Import Supplier (IS)".
    pub fn describe(self) -> String {
        format!("{} ({})", self.name(), self.code())
    }
}

impl fmt::Display for UserRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Why a list of roles could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadRole(pub String);

impl fmt::Display for BadRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let codes: Vec<&str> = ALL_ROLES.iter().map(|r| r.code()).collect();
        write!(f, "\"{}\" is not a SEC User Role code: use {}", self.0, codes.join(", "))
    }
}

/// Reads role codes; duplicates are kept once, in the order first given.
pub fn parse_roles<'a>(codes: impl IntoIterator<Item = &'a str>) -> Result<Vec<UserRole>, BadRole> {
    let mut out = Vec::new();
    for c in codes {
        let r = UserRole::parse(c).ok_or_else(|| BadRole(c.to_owned()))?;
        if !out.contains(&r) {
            out.push(r);
        }
    }
    Ok(out)
}

/// Roles given on a door for User IDs, beside (or instead of) a context: `--user
/// 90-B3-D5-1F-30-01-00-00=IS,GS`, the wasm options' `users`, the page's input.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RoleGrants {
    grants: Vec<(Eui64, Vec<UserRole>)>,
}

impl RoleGrants {
    /// No grants.
    pub fn new() -> Self {
        Self::default()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.grants.is_empty()
    }

    /// Adds roles for a User ID (merged with any given before for it).
    pub fn add(&mut self, id: Eui64, roles: &[UserRole]) {
        match self.grants.iter_mut().find(|(g, _)| *g == id) {
            Some((_, have)) => {
                for r in roles {
                    if !have.contains(r) {
                        have.push(*r);
                    }
                }
            }
            None => self.grants.push((id, roles.to_vec())),
        }
    }

    /// Reads one `ID=ROLE,ROLE` (the ID dashed or as 16 hex digits).
    pub fn add_arg(&mut self, arg: &str) -> Result<(), String> {
        let (id, roles) = arg.split_once('=').ok_or_else(|| format!("\"{arg}\" is not USER_ID=ROLES (e.g. 90-B3-D5-1F-30-01-00-00=IS,GS)"))?;
        let id = Eui64::parse_any(id).ok_or_else(|| format!("\"{}\" is not a User ID (an EUI-64 such as 90-B3-D5-1F-30-01-00-00)", id.trim()))?;
        let roles = parse_roles(roles.split(',').filter(|c| !c.trim().is_empty())).map_err(|e| e.to_string())?;
        if roles.is_empty() {
            return Err(format!("no User Role given for {id}: give at least one (IS, ES, GS, ED, GT, RSA, OU)"));
        }
        self.add(id, &roles);
        Ok(())
    }

    /// The roles granted to `id`.
    pub fn of(&self, id: Eui64) -> Option<&[UserRole]> {
        self.grants.iter().find(|(g, _)| *g == id).map(|(_, r)| r.as_slice())
    }

    /// The User IDs with their roles, in the order given.
    pub fn iter(&self) -> impl Iterator<Item = (Eui64, &[UserRole])> {
        self.grants.iter().map(|(i, r)| (*i, r.as_slice()))
    }
}

/// What is known of the User Roles of a request's originator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KnownRoles {
    /// No context and no grant: nothing is known.
    NoInput,
    /// A context is given, but no User in it holds the ID, and no grant names it.
    UnknownUser,
    /// The User is known but no roles are given for it (the context has no `roles`).
    NotGiven {
        /// The context line of the User.
        line: usize,
    },
    /// The roles (possibly none: a context `"roles": []`), and where they came from.
    Given {
        /// The roles.
        roles: Vec<UserRole>,
        /// "the context (line 3)", "--user", or both.
        source: String,
    },
}

/// The roles the User holding `id` has: the context User's `roles` (for any of its User IDs)
/// together with grants for any of that User's IDs.
pub fn roles_of(ctx: Option<&Context>, grants: Option<&RoleGrants>, id: Eui64) -> KnownRoles {
    let user = ctx.and_then(|c| c.user(id));
    let ids: Vec<Eui64> = user.map_or_else(|| vec![id], |u| u.ids.clone());
    let granted: Vec<UserRole> = grants.map_or_else(Vec::new, |g| ids.iter().filter_map(|i| g.of(*i)).flatten().copied().collect());
    let mut roles: Vec<UserRole> = Vec::new();
    let mut sources = Vec::new();
    if let Some(r) = user.and_then(|u| u.roles.as_ref()) {
        roles.extend(r.iter().copied());
        sources.push(format!("the context (line {})", user.map_or(0, |u| u.line)));
    }
    if !granted.is_empty() {
        for r in granted {
            if !roles.contains(&r) {
                roles.push(r);
            }
        }
        sources.push("the roles given with the check (--user)".to_owned());
    }
    if !sources.is_empty() {
        roles.sort();
        return KnownRoles::Given { roles, source: sources.join(" and ") };
    }
    match (ctx, user) {
        (_, Some(u)) => KnownRoles::NotGiven { line: u.line },
        (Some(_), None) => KnownRoles::UnknownUser,
        (None, None) => KnownRoles::NoInput,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(s: &str) -> Eui64 {
        Eui64::parse_any(s).unwrap()
    }

    #[test]
    fn codes_read_in_either_case_and_unknown_ones_are_named() {
        assert_eq!(parse_roles(["is", " GS ", "IS"]).unwrap(), vec![UserRole::ImportSupplier, UserRole::GasSupplier]);
        let e = parse_roles(["IS", "XX"]).unwrap_err();
        assert_eq!(e.to_string(), "\"XX\" is not a SEC User Role code: use IS, ES, GS, ED, GT, RSA, OU");
    }

    #[test]
    fn a_grant_argument_names_what_is_wrong() {
        let mut g = RoleGrants::new();
        g.add_arg("90-B3-D5-1F-30-01-00-00=IS,GS").unwrap();
        g.add_arg("90B3D51F30010000=ES").unwrap();
        assert_eq!(g.of(id("90B3D51F30010000")), Some(&[UserRole::ImportSupplier, UserRole::GasSupplier, UserRole::ExportSupplier][..]));
        assert!(g.add_arg("90-B3-D5-1F-30-01-00-00").unwrap_err().contains("USER_ID=ROLES"));
        assert!(g.add_arg("nope=IS").unwrap_err().contains("not a User ID"));
        assert!(g.add_arg("90B3D51F30010000=").unwrap_err().contains("no User Role"));
        assert!(g.add_arg("90B3D51F30010000=IS,XS").unwrap_err().contains("\"XS\" is not a SEC User Role"));
    }

    #[test]
    fn roles_come_from_the_context_and_the_grants_for_any_of_the_users_ids() {
        let ctx = Context::from_json(
            "c.json",
            br#"{"users": [ {"user_ids": ["90-B3-D5-1F-30-01-00-00", "90B3D51F30030000"], "roles": ["IS"]},
                          {"user_id": "00-DB-12-34-56-78-00-04"},
                          {"user_id": "00-DB-12-34-56-78-00-05", "roles": []} ]}"#,
        )
        .unwrap();
        let mut g = RoleGrants::new();
        g.add_arg("90B3D51F30030000=GS").unwrap();
        match roles_of(Some(&ctx), Some(&g), id("90B3D51F30010000")) {
            KnownRoles::Given { roles, source } => {
                assert_eq!(roles, vec![UserRole::ImportSupplier, UserRole::GasSupplier]);
                assert!(source.contains("context (line 1)") && source.contains("--user"), "{source}");
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(roles_of(Some(&ctx), None, id("00DB123456780004")), KnownRoles::NotGiven { line: 2 });
        assert_eq!(roles_of(Some(&ctx), None, id("00DB123456780005")), KnownRoles::Given { roles: vec![], source: "the context (line 3)".into() });
        assert_eq!(roles_of(Some(&ctx), None, id("1111111111111111")), KnownRoles::UnknownUser);
        assert_eq!(roles_of(None, None, id("1111111111111111")), KnownRoles::NoInput);
        assert!(matches!(roles_of(None, Some(&g), id("90B3D51F30030000")), KnownRoles::Given { .. }));
    }
}
