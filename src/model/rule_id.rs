//! Typed rule ids. Code names rules only through these constants; a test checks every
//! constant against the catalogue and the catalogue against contract §3.

use serde::{Serialize, Serializer};
use std::fmt;

/// A stable rule id, `<document>.<topic>.<check>` (contract §3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RuleId(pub(crate) &'static str);

impl RuleId {
    /// The id as written in the catalogue.
    pub fn as_str(self) -> &'static str {
        self.0
    }
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl Serialize for RuleId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.0)
    }
}

macro_rules! rule_ids {
    ($($(#[$doc:meta])* $name:ident = $id:literal;)*) => {
        $($(#[$doc])* pub const $name: RuleId = RuleId($id);)*
        /// Every id the code refers to.
        pub const ALL: &[RuleId] = &[$($name),*];
    };
}

rule_ids! {
    /// `duis.xml.well-formed`
    DUIS_XML_WELL_FORMED = "duis.xml.well-formed";
    /// `duis.schema.header`
    DUIS_SCHEMA_HEADER = "duis.schema.header";
    /// `duis.schema.body`
    DUIS_SCHEMA_BODY = "duis.schema.body";
    /// `duis.body.certificates` (additive: the certificates a Body carries are DER X.509)
    DUIS_BODY_CERTIFICATES = "duis.body.certificates";
    /// `duis.body.matches-srv` (contract §8, 2026-12-05: the Body is the SRV's, or a Signed
    /// Pre-Command for Command Variants 5–7)
    DUIS_BODY_MATCHES_SRV = "duis.body.matches-srv";
    /// `duis.access.user` (E1; contract §8, 2026-12-05)
    DUIS_ACCESS_USER = "duis.access.user";
    /// `duis.access.role-eligible` (E2; contract §8, 2026-12-05)
    DUIS_ACCESS_ROLE_ELIGIBLE = "duis.access.role-eligible";
    /// `duis.request-id.format`
    DUIS_REQUEST_ID_FORMAT = "duis.request-id.format";
    /// `duis.command-variant.allowed`
    DUIS_COMMAND_VARIANT_ALLOWED = "duis.command-variant.allowed";
    /// `duis.signature.present`
    DUIS_SIGNATURE_PRESENT = "duis.signature.present";
    /// `duis.signature.profile`
    DUIS_SIGNATURE_PROFILE = "duis.signature.profile";
    /// `duis.signature.digest`
    DUIS_SIGNATURE_DIGEST = "duis.signature.digest";
    /// `duis.signature.value`
    DUIS_SIGNATURE_VALUE = "duis.signature.value";
    /// `duis.signer.known`
    DUIS_SIGNER_KNOWN = "duis.signer.known";
    /// `duis.signer.valid`
    DUIS_SIGNER_VALID = "duis.signer.valid";
    /// `duis.signer.xmlsign-role`
    DUIS_SIGNER_XMLSIGN_ROLE = "duis.signer.xmlsign-role";
    /// `duis.signer.dsp-role` (responses; additive to the contract)
    DUIS_SIGNER_DSP_ROLE = "duis.signer.dsp-role";
    /// `duis.signer.user-id`
    DUIS_SIGNER_USER_ID = "duis.signer.user-id";
    /// `srpd.certs.oca-included`
    SRPD_CERTS_OCA_INCLUDED = "srpd.certs.oca-included";
    /// `srpd.certs.oca-used`
    SRPD_CERTS_OCA_USED = "srpd.certs.oca-used";
    /// `srpd.623.mpid-in-cert`
    SRPD_623_MPID_IN_CERT = "srpd.623.mpid-in-cert";
    /// `srpd.623.mpxn-matches-smi`
    SRPD_623_MPXN_MATCHES_SMI = "srpd.623.mpxn-matches-smi";
    /// `srpd.623.replacement-count`
    SRPD_623_REPLACEMENT_COUNT = "srpd.623.replacement-count";
    /// `srpd.623.replacement-role`
    SRPD_623_REPLACEMENT_ROLE = "srpd.623.replacement-role";
    /// `srpd.623.key-usage-fits-cell`
    SRPD_623_KEY_USAGE_FITS_CELL = "srpd.623.key-usage-fits-cell";
    /// `srpd.623.prepayment-floor-seq`
    SRPD_623_PREPAYMENT_FLOOR_SEQ = "srpd.623.prepayment-floor-seq";
    /// `srpd.623.route`
    SRPD_623_ROUTE = "srpd.623.route";
    /// `srpd.cos-party.crypto` (advisory: SRPD 8.1(b)(i))
    SRPD_COS_PARTY_CRYPTO = "srpd.cos-party.crypto";
    /// `srpd.cos-party.validity` (advisory: SRPD 8.1(b)(ii))
    SRPD_COS_PARTY_VALIDITY = "srpd.cos-party.validity";
    /// `srpd.cos-party.generic-checks` (advisory: SRPD 8.1(b)(iii))
    SRPD_COS_PARTY_GENERIC = "srpd.cos-party.generic-checks";
    /// `srpd.cos-party.replay` (advisory: SRPD 8.1(b)(iv))
    SRPD_COS_PARTY_REPLAY = "srpd.cos-party.replay";
    /// `srpd.tcos-party.crypto` (advisory: SRPD 8.1A(b)(i))
    SRPD_TCOS_PARTY_CRYPTO = "srpd.tcos-party.crypto";
    /// `srpd.tcos-party.validity` (advisory: SRPD 8.1A(b)(ii))
    SRPD_TCOS_PARTY_VALIDITY = "srpd.tcos-party.validity";
    /// `srpd.tcos-party.same-user` (advisory: SRPD 8.1A(b)(iii))
    SRPD_TCOS_PARTY_SAME_USER = "srpd.tcos-party.same-user";
    /// `srpd.tcos-party.responsible-supplier` (advisory: SRPD 8.1A(b)(iv))
    SRPD_TCOS_PARTY_RESPONSIBLE_SUPPLIER = "srpd.tcos-party.responsible-supplier";
    /// `tadp.adt.format`
    TADP_ADT_FORMAT = "tadp.adt.format";
    /// `tadp.adt.sequence-replay`
    TADP_ADT_SEQUENCE_REPLAY = "tadp.adt.sequence-replay";
    /// `tadp.adt.duplicate-entry`
    TADP_ADT_DUPLICATE_ENTRY = "tadp.adt.duplicate-entry";
    /// `tadp.adt.unknown-srv`
    TADP_ADT_UNKNOWN_SRV = "tadp.adt.unknown-srv";
    /// `tadp.adt.spreadsheet-srv` (additive, advisory: an SRV a spreadsheet may have shortened)
    TADP_ADT_SPREADSHEET_SRV = "tadp.adt.spreadsheet-srv";
    /// `tadp.adt.default-critical`
    TADP_ADT_DEFAULT_CRITICAL = "tadp.adt.default-critical";
    /// `tadp.adt.default-623`
    TADP_ADT_DEFAULT_623 = "tadp.adt.default-623";
    /// `tadp.adt.no-retained-values` (additive: S003 §3.2, earlier values are not retained)
    TADP_ADT_NO_RETAINED_VALUES = "tadp.adt.no-retained-values";
    /// `srpd.cos-party.anomaly-detection` (advisory, on ADT files: SRPD 20)
    TADP_COS_PARTY_ANOMALY = "srpd.cos-party.anomaly-detection";
    /// `etmad.inventory.row-format` (additive: a row that cannot be read)
    ETMAD_INVENTORY_ROW_FORMAT = "etmad.inventory.row-format";
    /// `etmad.scope.commissioned`
    ETMAD_SCOPE_COMMISSIONED = "etmad.scope.commissioned";
    /// `etmad.scope.decommissioned`
    ETMAD_SCOPE_DECOMMISSIONED = "etmad.scope.decommissioned";
    /// `etmad.scope.already-ecos`
    ETMAD_SCOPE_ALREADY_ECOS = "etmad.scope.already-ecos";
    /// `etmad.ineligible.non-migratable`
    ETMAD_INELIGIBLE_NON_MIGRATABLE = "etmad.ineligible.non-migratable";
    /// `etmad.ineligible.transient-cos`
    ETMAD_INELIGIBLE_TRANSIENT_COS = "etmad.ineligible.transient-cos";
    /// `etmad.ineligible.transient-commissioning`
    ETMAD_INELIGIBLE_TRANSIENT_COMMISSIONING = "etmad.ineligible.transient-commissioning";
    /// `etmad.ineligible.technical`
    ETMAD_INELIGIBLE_TECHNICAL = "etmad.ineligible.technical";
    /// `etmad.migration.suspended` (additive: ETMAD 6.1(d))
    ETMAD_MIGRATION_SUSPENDED = "etmad.migration.suspended";
    /// `etmad.migration.ceased` (additive, advisory: S001)
    ETMAD_MIGRATION_CEASED = "etmad.migration.ceased";
    /// `etmad.bulk.proving-limit`
    ETMAD_BULK_PROVING_LIMIT = "etmad.bulk.proving-limit";
    /// `etmad.gpf.model`
    ETMAD_GPF_MODEL = "etmad.gpf.model";
    /// `etmad.gpf.responsible-supplier`
    ETMAD_GPF_RESPONSIBLE_SUPPLIER = "etmad.gpf.responsible-supplier";
    /// `tmad.dormancy.cos-within-2-working-days`
    TMAD_DORMANCY_COS_WITHIN_2_WORKING_DAYS = "tmad.dormancy.cos-within-2-working-days";
}
