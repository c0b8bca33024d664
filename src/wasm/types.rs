//! The TypeScript types of what the module returns and takes (contract §2, §4, §6), written
//! into `pkg/sec_rules.d.ts` so that code embedding the module is checked against the
//! contract rather than `any`. `tests/types/` compiles an example against them.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** A verdict (contract §2). */
export type Verdict = "accepted" | "rejected" | "incomplete";
/** A finding's outcome. */
export type Outcome = "pass" | "fail" | "skipped" | "not-evaluated";
/** What an input is. */
export type Kind = "duis-request" | "duis-response" | "adt" | "inventory";
/** A device's status (contract §2, with the additive not-assessed, suspended, unreadable and migration-halted: a TMAD halt, not ETMAD Ineligibility). */
export type DeviceStatus = "eligible" | "ineligible" | "held" | "out-of-scope" | "not-assessed" | "suspended" | "unreadable" | "migration-halted";

/** One ECDSA P-256 verification handed to a page's verifier (`Session.setVerifier`). */
export interface VerifyJob {
  /** The public key, uncompressed SEC1 (65 bytes). Copies over ArrayBuffers of their own, as `crypto.subtle` takes them; the jobs of one call that share a key share its array. */
  key: Uint8Array<ArrayBuffer>;
  /** r‖s, 64 bytes: what `crypto.subtle.verify` takes. */
  signature: Uint8Array<ArrayBuffer>;
  /** The signed bytes (hashed with SHA-256 by the verifier). */
  message: Uint8Array<ArrayBuffer>;
}

/** A page's verifier: `crypto.subtle.verify`'s answer for each job, in order (`null` where it has none). */
export type Verifier = (jobs: VerifyJob[]) => Promise<(boolean | null)[] | null> | (boolean | null)[] | null;

/** Where in the input a finding is. */
export interface Location { line?: number | null; column?: number | null; path?: string | null }

/** One rule's result for one input. */
export interface Finding {
  rule: string;
  clause: string;
  outcome: Outcome;
  message: string;
  location?: Location;
  /** The rule's document: DUIS, SRPD, TADP, ETMAD or TMAD. */
  document: string;
  response_code?: string;
  /** A check made by the receiving party after the DCC accepts: never part of the verdict. */
  advisory?: boolean;
}

/** Where a 6.23 goes after the DCC's checks. */
export interface Route { party: "ecos" | "tcos" | "smets1-legacy"; clause: string; target_response_seconds: number }

/** What the party a routed 6.23 goes to will do. */
export interface ReceivingParty { party: "ecos" | "tcos" | "smets1-legacy"; expected: "proceeds" | "refuses" | "unknown"; clause: string; rules: string[]; message: string }

/** A threshold the DCC would apply (ADT files). */
export interface Threshold { srv: string; period_minutes: number; adt: number; warning: number; source: "file" | "default" }

/** One inventory row's result. */
export interface DeviceEntry {
  device_id: string;
  status: DeviceStatus;
  reason: string | null;
  clause: string | null;
  line: number;
  gpf?: { model: string; responsible_supplier: string | null };
}

/** A statement framing the answer. */
export interface Note { kind: "out-of-force" | "migrations-ceased" | "missing-input" | "acknowledgement" | "schema-version" | "draft" | "trust-anchor" | "dcc-boxed"; message: string; suggested_as_of?: string }

/** The certificate a signed DUIS document's KeyInfo names, as found among those given. */
export interface Signer { subject: string; issuer: string; serial: string; trust_anchor: string | null }

/** A DCC acknowledgement's meaning. */
export interface Acknowledgement { response_code: string; meaning: string | null; source: string | null; request_rule: string | null }

/** The report for one input (contract §2). */
export interface Report {
  file: string;
  kind: Kind;
  as_of: string;
  verdict: Verdict;
  first_failure: string | null;
  response_code: string | null;
  route: Route | null;
  findings: Finding[];
  thresholds?: Threshold[];
  devices?: DeviceEntry[];
  summary?: { rows: number; by_status: Record<string, number>; by_reason: Record<string, number>; [key: string]: unknown };
  receiving_party?: ReceivingParty;
  acknowledgement?: Acknowledgement;
  notes?: Note[];
  signer?: Signer;
  /** DUIS documents: the ServiceReferenceVariant the Header names. */
  service_reference_variant?: string;
  /** ADT files: the file's User ID and SequenceNumber. */
  adt_file?: { user_id: string; sequence_number: number };
}

/** A file `checkBatch` could not check (where `checkFile` would throw). */
export interface BatchError { file: string; error: string }

/** Options of the checks. */
export interface CheckOptions {
  /** YYYY-MM-DD; default today (UTC). */
  as_of?: string;
  /** Go on after the first failure. */
  all?: boolean;
  /** A day's count of 6.23s, for the CoS Party anomaly check (ADT files). */
  cos_count?: number;
  /** Judge DUIS documents as unsigned drafts. */
  draft?: boolean;
  /** User IDs and the SEC User Roles each holds, merged with the context's `users[].roles`: without roles the access checks (E1, E2) are not evaluated. */
  users?: Record<string, UserRole[]>;

}

/** A SEC User Role code (contract §4): Import, Export and Gas Supplier, Electricity Distributor, Gas Transporter, Registered Supplier Agent, Other User. */
export type UserRole = "IS" | "ES" | "GS" | "ED" | "GT" | "RSA" | "OU";

/** A file handed to `checkBatch`. */
export interface BatchFile { name: string; bytes: Uint8Array }

/** `Session.checkBatch`: full reports by default, reports in brief with the option
 *  `detail: "summary"` (an option of `checkBatch` only). */
export interface Session {
  checkBatch(files: BatchFile[], options: CheckOptions & { detail: "summary" }): Promise<Array<ReportSummary | BatchError>>;
  checkBatch(files: BatchFile[], options?: CheckOptions & { detail?: "full" }): Promise<Array<Report | BatchError>>;
}

/** A report in brief (`checkBatch` with `detail: "summary"`): the report's fields but its
 *  thresholds and devices; `findings` holds only those a one-line answer quotes (the first
 *  failure, the first check not run, failing advisory checks, a signer check that did not
 *  pass); `rows` is every finding's rule, document and outcome. */
export interface ReportSummary extends Omit<Report, "findings" | "thresholds" | "devices"> {
  detail: "summary";
  findings: Finding[];
  rows: Array<[string, string, Outcome]>;
  counts: { pass: number; fail: number; not_evaluated: number; skipped: number; not_run: number };
  thresholds?: number;
}

/** A page of an inventory's devices. */
export interface DevicePage { total: number; devices: DeviceEntry[] }

/** A certificate in a session's trust store. */
export interface CertificateSummary { subject: string; issuer: string; serial: string; role: string | null; entity_id: string | null; not_after_unix: number; trust_anchor: string | null }

/** A rule of the catalogue. */
export interface RuleDef {
  id: string;
  document: "DUIS" | "SRPD" | "TADP" | "ETMAD" | "TMAD";
  clause: string;
  title: string;
  applies_to: Kind[];
  order: number;
  response_code: string | null;
  in_force: { from: string | null; until: string | null };
  source: string;
  assumption: boolean;
  advisory: boolean;
  note: string | null;
  params: Record<string, number | string | boolean | string[]>;
  /** The named dates it rests on (see Catalogue.dates). */
  dates: string[];
}

/** A Service Reference Variant. */
export interface SrvDef {
  srv: string;
  service_reference: string;
  name: string;
  critical: boolean;
  non_device: boolean;
  eligible_roles: string[];
  cv: number[];
  cv_source: string | null;
  cv_from: { from: string; cv: number[]; assumption: boolean; source: string } | null;
  /** The Body element the DUIS schema pairs with this SRV (Command Variants 5-7 take SignedPreCommand instead). */
  body: string;
}

/** A date several rules share (ECoS Go Live, the ETMAD's end), with whether it is an assumption. */
export interface NamedDate { name: string; date: string; title: string; assumption: boolean; note: string; source: string }

/** The rule catalogue. */
export interface Catalogue { rules: RuleDef[]; service_reference_variants: SrvDef[]; dates: NamedDate[] }
"#;
