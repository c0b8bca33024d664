//! The wasm door: thin `#[wasm_bindgen]` wrappers over the library. Results are the contract's
//! JSON shape as plain JS objects; only misuse (bad options, unreadable input) throws.

mod external;
mod trap;
mod types;
mod webcrypto;

pub use trap::last_panic;

use crate::batch::Batch;
use crate::crypto::deferred::Deferred;
use crate::request::DuisInputs;
use crate::{api, catalogue, request as duis, smki, Date, Options};
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

#[derive(Deserialize, Default)]
struct JsOptions {
    #[serde(alias = "asOf")]
    as_of: Option<String>,
    all: Option<bool>,
    /// A day's count of 6.23s for the CoS Party anomaly check (ADT files): kept as given and
    /// read by [`cos_count`], so that -1, 1.5 or "5" is refused with a message naming the option.
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    cos_count: JsValue,
    /// Judge DUIS documents as unsigned drafts.
    draft: Option<bool>,
    /// `checkBatch` only: "full" (the default) or "summary", a report in brief per file.
    detail: Option<String>,
    /// User IDs and the SEC User Roles each holds: `{ "90-B3-D5-1F-30-01-00-00": ["IS", "GS"] }`
    /// (merged with the context's `users[].roles`).
    users: Option<std::collections::BTreeMap<String, Vec<String>>>,
}

/// The options of one check, read once.
struct DoorOptions {
    opts: Options,
    /// `checkBatch` answers each file with a report in brief.
    summary: bool,
    cos_count: Option<u64>,
    roles: crate::context::RoleGrants,
}

/// A value as a plain JS object: written as JSON text here and read by the engine's own
/// `JSON.parse`, several times faster than building objects field by field across the
/// boundary (a report of 37 findings, the whole catalogue at start-up). The text is pure
/// ASCII (see [`crate::ascii_json`]), which the engine decodes and parses on its fast path.
fn to_js<T: Serialize>(v: &T) -> Result<JsValue, JsError> {
    thread_local! {
        /// One text buffer for every report the door writes (a batch writes hundreds).
        static TEXT: RefCell<String> = const { RefCell::new(String::new()) };
    }
    TEXT.with(|text| {
        let mut text = text.borrow_mut();
        crate::ascii_json::to_buffer(v, &mut text).map_err(|e| JsError::new(&e.to_string()))?;
        let parsed = js_sys::JSON::parse(&text).map_err(|_| JsError::new("JSON.parse refused the module's output"));
        // an inventory report with every device can be tens of MB: do not hold on to that
        if text.capacity() > 1 << 20 {
            *text = String::new();
        }
        parsed
    })
}

/// Checks an inventory held in `bytes`, handing each device entry to `sink` and calling
/// `on_progress(rows)` every `every` rows and once at the end. A throwing callback does not
/// stop the check.
fn inventory_with_progress(
    file: &str,
    bytes: &[u8],
    models: Option<&crate::etmad::models::Models>,
    opts: &Options,
    every: usize,
    on_progress: &js_sys::Function,
    sink: &mut dyn FnMut(crate::model::DeviceEntry),
) -> crate::Report {
    let mut rows = 0usize;
    let mut open = || -> std::io::Result<Box<dyn std::io::Read + '_>> { Ok(Box::new(bytes)) };
    let report = crate::etmad::check_streaming(file, &mut open, models, opts, &mut |e| {
        sink(e);
        rows += 1;
        if rows % every == 0 {
            let _ = on_progress.call1(&JsValue::NULL, &JsValue::from(rows));
        }
    });
    let _ = on_progress.call1(&JsValue::NULL, &JsValue::from(rows));
    report
}

fn options(v: JsValue) -> Result<Options, JsError> {
    door_options(v).map(|d| d.opts)
}

fn door_options(v: JsValue) -> Result<DoorOptions, JsError> {
    let o: JsOptions = if v.is_undefined() || v.is_null() {
        JsOptions::default()
    } else {
        known_keys(&v)?;
        serde_wasm_bindgen::from_value(v).map_err(|e| JsError::new(&format!("options: {e}")))?
    };
    let as_of = match o.as_of.as_deref() {
        Some(s) => Date::parse(s).ok_or_else(|| JsError::new(&format!("options.as_of: \"{s}\" is not a date YYYY-MM-DD")))?,
        None => today(),
    };
    let mut roles = crate::context::RoleGrants::new();
    for (id, codes) in o.users.unwrap_or_default() {
        roles.add_arg(&format!("{id}={}", codes.join(","))).map_err(|e| JsError::new(&format!("options.users: {e}")))?;
    }
    let cos_count = cos_count(&o.cos_count)?;
    let summary = match o.detail.as_deref() {
        None | Some("full") => false,
        Some("summary") => true,
        Some(other) => return Err(JsError::new(&format!("options.detail: \"{other}\" is not \"full\" or \"summary\""))),
    };
    Ok(DoorOptions { opts: Options { as_of, all: o.all.unwrap_or(false), draft: o.draft.unwrap_or(false) }, summary, cos_count, roles })
}

/// The options' names. serde-wasm-bindgen reads a struct by looking up its own fields, so
/// `deny_unknown_fields` never sees another: a misspelt option (`cosCount`) would be ignored
/// silently. Every key is checked here instead.
const OPTION_KEYS: [&str; 7] = ["as_of", "asOf", "all", "cos_count", "draft", "users", "detail"];

fn known_keys(v: &JsValue) -> Result<(), JsError> {
    if !v.is_object() || js_sys::Array::is_array(v) {
        return Ok(()); // serde says what it is instead
    }
    for key in js_sys::Object::keys(&js_sys::Object::from(v.clone())).iter() {
        let key = key.as_string().unwrap_or_default();
        if !OPTION_KEYS.contains(&key.as_str()) {
            return Err(JsError::new(&format!("options: unknown option `{key}`; the options are as_of, all, cos_count, draft, users and detail")));
        }
    }
    Ok(())
}

/// The day's 6.23 count: absent, or a whole number from 0 to 2^53 - 1 (the largest a JS number
/// holds exactly).
fn cos_count(v: &JsValue) -> Result<Option<u64>, JsError> {
    const MAX_SAFE: f64 = 9_007_199_254_740_991.0;
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    let shown = js_sys::JSON::stringify(v).ok().and_then(|s| s.as_string()).unwrap_or_else(|| format!("{v:?}"));
    match v.as_f64() {
        Some(n) if n.is_finite() && n >= 0.0 && n.fract() == 0.0 && n <= MAX_SAFE => {
            // a whole number in 0..=2^53-1, checked above: the cast is exact
            Ok(Some(n as u64))
        }
        _ => Err(JsError::new(&format!("options.cos_count: {shown} is not a count of 6.23s (a whole number, 0 or more)"))),
    }
}

fn today() -> Date {
    let ms = js_sys::Date::now();
    #[expect(clippy::cast_possible_truncation, reason = "milliseconds since 1970 fit i64 for any real date")]
    let days = (ms / 86_400_000.0).floor() as i64;
    Date::from_days_since_epoch(days)
}

/// The rule catalogue and the SRV table.
#[wasm_bindgen(unchecked_return_type = "Catalogue")]
pub fn catalogue() -> Result<JsValue, JsError> {
    to_js(&catalogue::catalogue())
}

/// What a batch of checks shares: SMKI certificates (with their verification cache) and the
/// context. Build one per batch.
#[wasm_bindgen(js_name = Session)]
#[derive(Default)]
pub struct JsSession {
    state: Rc<RefCell<State>>,
    /// Verifications deferred to WebCrypto, and the answers settled so far.
    deferred: Rc<Deferred>,
    /// Public keys imported into WebCrypto, once each per session.
    keys: Rc<webcrypto::Keys>,
    /// The page's own verifier (`setVerifier`), used by `checkBatch` instead of WebCrypto on
    /// this thread.
    verifier: RefCell<Option<js_sys::Function>>,
}

#[derive(Default)]
struct State {
    trust: smki::TrustStore,
    context: Option<crate::context::Context>,
    adt: crate::tadp::AdtInputs,
    models: Option<crate::etmad::models::Models>,
    /// The device entries of the last inventory checked with `checkInventorySummary`.
    devices: crate::etmad::table::DeviceTable,
    /// The as-of date that inventory was checked at (every export says it).
    devices_as_of: Option<Date>,
}

#[derive(Serialize)]
struct CertSummary<'a> {
    subject: &'a str,
    issuer: &'a str,
    serial: &'a str,
    role: Option<String>,
    entity_id: Option<String>,
    not_after_unix: i64,
    /// The file it was given from as a trust anchor, when it was.
    trust_anchor: Option<&'a str>,
}

#[wasm_bindgen(js_class = Session)]
impl JsSession {
    /// An empty session.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Self {
        trap::install();
        Self::default()
    }

    /// Adds the certificates of a PEM or DER file; returns how many were new. Throws with the
    /// file name and reason when the file is not a certificate.
    #[wasm_bindgen(js_name = addCertificates)]
    pub fn add_certificates(&self, name: &str, bytes: &[u8]) -> Result<usize, JsError> {
        self.state.borrow_mut().trust.add_file(name, bytes).map_err(|e| JsError::new(&e.to_string()))
    }

    /// Adds the certificates of a PEM or DER file as trust anchors given as is (contract §8,
    /// like `--trust-anchor`): a chain ends at them, whatever their role, without their issuer —
    /// for test environments whose issuing OCA is not published (DCC Boxed). Reports that rely
    /// on one say so. Returns how many certificates the file holds.
    #[wasm_bindgen(js_name = addTrustAnchors)]
    pub fn add_trust_anchors(&self, name: &str, bytes: &[u8]) -> Result<usize, JsError> {
        self.state.borrow_mut().trust.add_anchor_file(name, bytes).map_err(|e| JsError::new(&e.to_string()))
    }

    /// Sets the context (contract §4) from a JSON file. Throws naming the file, line and
    /// column when it is not a valid context.
    #[wasm_bindgen(js_name = setContext)]
    pub fn set_context(&self, name: &str, bytes: &[u8]) -> Result<(), JsError> {
        let context = crate::context::Context::from_json(name, bytes).map_err(|e| JsError::new(&e.to_string()))?;
        self.state.borrow_mut().context = Some(context);
        Ok(())
    }

    /// Replaces the ADT sequence state (`{ "<User ID>": n }`, e.g. from browser storage).
    #[wasm_bindgen(js_name = setAdtState)]
    pub fn set_adt_state(&self, #[wasm_bindgen(unchecked_param_type = "Record<string, number>")] state: JsValue) -> Result<(), JsError> {
        self.state.borrow_mut().adt.state = serde_wasm_bindgen::from_value(state)
            .map_err(|e| JsError::new(&format!("ADT state: {e} (expected {{ \"<User ID>\": <last accepted sequence number> }})")))?;
        Ok(())
    }

    /// The ADT sequence state, updated by every accepted ADT file.
    #[wasm_bindgen(js_name = adtState, unchecked_return_type = "Record<string, number>")]
    pub fn adt_state(&self) -> Result<JsValue, JsError> {
        to_js(&self.state.borrow().adt.state)
    }

    /// Sets the models file (contract §6) for inventory checks. Throws naming file, line and
    /// column when it is not valid.
    #[wasm_bindgen(js_name = setModels)]
    pub fn set_models(&self, name: &str, bytes: &[u8]) -> Result<(), JsError> {
        let models = crate::etmad::read_models(name, bytes).map_err(|e| JsError::new(&e))?;
        self.state.borrow_mut().models = Some(models);
        Ok(())
    }

    /// Whether a models file is set.
    #[wasm_bindgen(getter, js_name = hasModels)]
    pub fn has_models(&self) -> bool {
        self.state.borrow().models.is_some()
    }

    /// Whether a context is set.
    #[wasm_bindgen(getter, js_name = hasContext)]
    pub fn has_context(&self) -> bool {
        self.state.borrow().context.is_some()
    }

    /// Number of certificates.
    #[wasm_bindgen(getter)]
    pub fn size(&self) -> usize {
        self.state.borrow().trust.len()
    }

    /// What the store holds.
    #[wasm_bindgen(unchecked_return_type = "CertificateSummary[]")]
    pub fn certificates(&self) -> Result<JsValue, JsError> {
        let state = self.state.borrow();
        let list: Vec<CertSummary<'_>> = state
            .trust
            .certs()
            .iter()
            .map(|c| CertSummary {
                subject: &c.subject,
                issuer: &c.issuer,
                serial: &c.serial,
                role: c.role.map(|r| r.role.to_string()),
                entity_id: c.entity_id.map(|e| e.to_string()),
                not_after_unix: c.not_after,
                trust_anchor: state.trust.given_anchor(c),
            })
            .collect();
        to_js(&list)
    }
}

/// Checks one file with the session's inputs (and `crypto`, when given, for the ECDSA
/// verifications); an accepted ADT file advances the session's ADT state.
fn check_in(
    state: &RefCell<State>,
    file: &str,
    bytes: &[u8],
    door: &DoorOptions,
    crypto: Option<&dyn crate::crypto::EcdsaP256>,
) -> Result<crate::Report, api::RunError> {
    let _checking = trap::Checking::file(file);
    let (opts, cos_count) = (&door.opts, door.cos_count);
    let mut st = state.borrow_mut();
    st.adt.cos_count = cos_count;
    let st = &mut *st;
    let inputs = api::Inputs {
        duis: DuisInputs { trust: Some(&st.trust), context: st.context.as_ref(), cache: Some(st.trust.cache()), crypto, roles: Some(&door.roles) },
        adt: Some(&st.adt),
        models: st.models.as_ref(),
    };
    let checked = api::check_file(file, bytes, opts, &inputs)?;
    if let Some((user, seq)) = checked.adt_accepted {
        st.adt.state.insert(user, seq);
    }
    Ok(checked.report)
}

#[wasm_bindgen(js_class = Session)]
impl JsSession {
    /// Checks one file of any supported kind with this session's certificates, context and ADT
    /// state; an accepted ADT file advances the state.
    #[wasm_bindgen(js_name = checkFile, unchecked_return_type = "Report")]
    pub fn check_file(
        &self,
        file: &str,
        bytes: &[u8],
        #[wasm_bindgen(unchecked_param_type = "CheckOptions | undefined")] options_value: JsValue,
    ) -> Result<JsValue, JsError> {
        let door = door_options(options_value)?;
        let report = check_in(&self.state, file, bytes, &door, None).map_err(|e| JsError::new(&e.to_string()))?;
        to_js(&report)
    }

    /// Checks a batch (`files`: `[{ name, bytes }]`, bytes a `Uint8Array`) with this session's
    /// inputs and resolves to one entry per file, in order: the report `checkFile` would give,
    /// or `{ file, error }` where `checkFile` would throw. The ECDSA verifications the checks
    /// need are made by the platform's WebCrypto (`crypto.subtle`), each public key imported
    /// once per session; where WebCrypto is missing or fails, by the module's own `p256` — the
    /// reports are the same either way, finding for finding. With `detail: "summary"`, each
    /// report comes in brief (`ReportSummary`). (Its TypeScript signature, an overload on
    /// `detail`, is in the types section.)
    #[wasm_bindgen(js_name = checkBatch, skip_typescript)]
    pub fn check_batch(
        &self,
        #[wasm_bindgen(unchecked_param_type = "BatchFile[]")] files: &js_sys::Array,
        #[wasm_bindgen(unchecked_param_type = "CheckOptions | undefined")] options_value: JsValue,
    ) -> Result<js_sys::Promise, JsError> {
        let door = door_options(options_value)?;
        let files = batch_files(files)?;
        let (state, deferred, keys) = (Rc::clone(&self.state), Rc::clone(&self.deferred), Rc::clone(&self.keys));
        let verifier = self.verifier.borrow().clone();
        Ok(wasm_bindgen_futures::future_to_promise(async move {
            let subtle = webcrypto::subtle();
            let other = match (&verifier, &subtle) {
                (Some(f), _) => Other::Page(f),
                (None, Some(subtle)) => Other::Subtle(subtle, &keys),
                (None, None) => Other::Missing,
            };
            let check = |i: usize| {
                let (name, bytes) = files.get(i).map_or(("", &[][..]), |(n, b)| (n.as_str(), b.as_slice()));
                check_in(&state, name, bytes, &door, Some(&*deferred)).map_err(|e| (name.to_owned(), e.to_string()))
            };
            let results = run_batch(files.len(), &deferred, check, &other).await;
            fn item(r: &Result<crate::Report, (String, String)>, summary: bool) -> BatchItem<'_> {
                match r {
                    Ok(report) if summary => BatchItem::Summary(crate::model::Summary::of(report)),
                    Ok(report) => BatchItem::Full(report),
                    Err((file, error)) => BatchItem::Error(BatchError { file: file.clone(), error: error.clone() }),
                }
            }
            // Reports in brief cross as one JSON text, parsed once (a little faster: node 209
            // against 216 µs per document); full reports one at a time, as measured faster for
            // them (V8 parses a 2 MB text more slowly per report than 11 KB ones: 27-33 against
            // 21 µs in Chromium, stop 20; node 269 against 286 µs per document).
            if door.summary {
                let items: Vec<BatchItem<'_>> = results.iter().map(|r| item(r, true)).collect();
                return Ok(to_js(&items)?);
            }
            let out = js_sys::Array::new();
            for r in &results {
                out.push(&to_js(&item(r, false))?);
            }
            Ok(out.into())
        }))
    }

    /// Checks an inventory, calling `on_progress(rows)` every 5,000 rows so a page can show
    /// progress through a large file.
    #[wasm_bindgen(js_name = checkInventory, unchecked_return_type = "Report")]
    pub fn check_inventory(
        &self,
        file: &str,
        bytes: &[u8],
        #[wasm_bindgen(unchecked_param_type = "CheckOptions | undefined")] options_value: JsValue,
        on_progress: &js_sys::Function,
    ) -> Result<JsValue, JsError> {
        let opts = options(options_value)?;
        let _checking = trap::Checking::file(file);
        let state = self.state.borrow();
        let mut devices = Vec::new();
        let mut report = inventory_with_progress(file, bytes, state.models.as_ref(), &opts, 5_000, on_progress, &mut |e| devices.push(e));
        report.devices = Some(devices);
        to_js(&report)
    }

    /// Checks an inventory without returning its device entries: the report (findings,
    /// summary, counts) comes back, and the entries stay in the session, compactly, for
    /// `inventoryDevices` to page through — a page never holds a million row objects.
    /// `on_progress(rows)` is called every 50,000 rows.
    #[wasm_bindgen(js_name = checkInventorySummary, unchecked_return_type = "Report")]
    pub fn check_inventory_summary(
        &self,
        file: &str,
        bytes: &[u8],
        #[wasm_bindgen(unchecked_param_type = "CheckOptions | undefined")] options_value: JsValue,
        on_progress: &js_sys::Function,
    ) -> Result<JsValue, JsError> {
        let opts = options(options_value)?;
        let _checking = trap::Checking::file(file);
        let mut st = self.state.borrow_mut();
        let st = &mut *st;
        let mut table = crate::etmad::table::DeviceTable::new();
        let report = inventory_with_progress(file, bytes, st.models.as_ref(), &opts, 50_000, on_progress, &mut |e| table.push(e));
        st.devices = table;
        st.devices_as_of = Some(opts.as_of);
        to_js(&report)
    }

    /// A page of the last `checkInventorySummary`'s device entries: up to `count` from the
    /// `start`-th of those with `status` (all statuses when omitted), and how many there are:
    /// `{ total, devices }`.
    #[wasm_bindgen(js_name = inventoryDevices, unchecked_return_type = "DevicePage")]
    pub fn inventory_devices(&self, start: usize, count: usize, status: Option<String>) -> Result<JsValue, JsError> {
        let status = match status.as_deref() {
            None | Some("") => None,
            Some(s) => Some(crate::model::DeviceStatus::parse(s).ok_or_else(|| JsError::new(&format!("inventoryDevices: unknown status {s:?}")))?),
        };
        let (total, devices) = self.state.borrow().devices.page(start, count.min(10_000), status);
        #[derive(Serialize)]
        struct Page {
            total: usize,
            devices: Vec<crate::model::DeviceEntry>,
        }
        to_js(&Page { total, devices })
    }

    /// The last `checkInventorySummary`'s device entries as CSV (one row per device), for an
    /// export of the whole inventory.
    #[wasm_bindgen(js_name = inventoryDevicesCsv)]
    pub fn inventory_devices_csv(&self, file: &str) -> String {
        let st = self.state.borrow();
        let entries: Vec<crate::model::DeviceEntry> = st.devices.iter().collect();
        crate::export::devices_csv(file, st.devices_as_of, &entries)
    }

    /// The thresholds for a User ID that has never submitted an ADT file.
    #[wasm_bindgen(js_name = neverSubmitted, unchecked_return_type = "Report")]
    pub fn never_submitted(
        &self,
        user_id: &str,
        #[wasm_bindgen(unchecked_param_type = "CheckOptions | undefined")] options_value: JsValue,
    ) -> Result<JsValue, JsError> {
        to_js(&crate::tadp::never_submitted(user_id, &options(options_value)?))
    }

    /// How many certificate signatures were verified so far (cache misses).
    #[wasm_bindgen(getter, js_name = signatureVerifications)]
    pub fn signature_verifications(&self) -> f64 {
        #[expect(clippy::cast_precision_loss, reason = "a count far below 2^53")]
        let n = self.state.borrow().trust.signature_verifications() as f64;
        n
    }

    /// Sets the function `checkBatch` hands its ECDSA verifications to, in place of WebCrypto
    /// on this thread (`null` to go back): `(jobs: VerifyJob[]) => Promise<(boolean | null)[]>`,
    /// each job `{ key, signature, message }` as `Uint8Array`s (uncompressed SEC1 P-256 key,
    /// r‖s, the signed bytes, to be hashed with SHA-256). It must answer as
    /// `crypto.subtle.verify` does; whatever it cannot answer (`null`, a throw, a rejection) the
    /// module verifies itself. The page uses it to verify on a worker of its own
    /// (`www/verify-worker.js`) while this thread checks.
    #[wasm_bindgen(js_name = setVerifier)]
    pub fn set_verifier(&self, #[wasm_bindgen(unchecked_param_type = "Verifier | null | undefined")] verifier: JsValue) -> Result<(), JsError> {
        *self.verifier.borrow_mut() = match verifier.dyn_into::<js_sys::Function>() {
            Ok(f) => Some(f),
            Err(v) if v.is_null() || v.is_undefined() => None,
            Err(_) => return Err(JsError::new("setVerifier: the verifier must be a function, or null")),
        };
        Ok(())
    }

    /// How many ECDSA verifications `checkBatch` made with the module's own `p256` because
    /// WebCrypto was missing or could not answer (0 in a browser with WebCrypto).
    #[wasm_bindgen(getter, js_name = fallbackVerifications)]
    pub fn fallback_verifications(&self) -> f64 {
        #[expect(clippy::cast_precision_loss, reason = "a count far below 2^53")]
        let n = self.deferred.computed() as f64;
        n
    }
}

/// One file's answer in a batch.
#[derive(Serialize)]
#[serde(untagged)]
enum BatchItem<'a> {
    Full(&'a crate::Report),
    Summary(crate::model::Summary<'a>),
    Error(BatchError),
}

#[derive(Serialize)]
struct BatchError {
    file: String,
    error: String,
}

/// Reads `[{ name, bytes }]`, naming the entry that is not of that shape.
fn batch_files(files: &js_sys::Array) -> Result<Vec<(String, Vec<u8>)>, JsError> {
    let mut out = Vec::with_capacity(files.length() as usize);
    let (name_key, bytes_key) = (JsValue::from("name"), JsValue::from("bytes"));
    for (i, f) in files.iter().enumerate() {
        let name = js_sys::Reflect::get(&f, &name_key).ok().and_then(|n| n.as_string());
        let bytes = js_sys::Reflect::get(&f, &bytes_key).ok().filter(|b| b.is_instance_of::<js_sys::Uint8Array>());
        match (name, bytes) {
            (Some(n), Some(b)) => out.push((n, js_sys::Uint8Array::from(b).to_vec())),
            _ => return Err(JsError::new(&format!("checkBatch: files[{i}] must be {{ name: string, bytes: Uint8Array }}"))),
        }
    }
    Ok(out)
}

/// Documents checked before their verifications are handed to WebCrypto.
const CHUNK: usize = 16;

/// Who answers the deferred verifications of a batch.
enum Other<'a> {
    /// The page's verifier (`setVerifier`).
    Page(&'a js_sys::Function),
    /// WebCrypto on this thread, with the session's imported keys.
    Subtle(&'a JsValue, &'a webcrypto::Keys),
    /// Nobody: the module computes every verification itself.
    Missing,
}

/// Verifications handed over and not yet answered.
enum Started {
    Page(Option<js_sys::Promise>),
    Subtle(Vec<Option<js_sys::Promise>>),
    /// Nothing was handed over: every request stays unanswered.
    Unanswered,
}

impl Other<'_> {
    async fn start(&self, pending: &[crate::crypto::deferred::Pending]) -> Started {
        if pending.is_empty() {
            return Started::Unanswered;
        }
        match self {
            Other::Page(f) => Started::Page(external::start(f, pending)),
            Other::Subtle(subtle, keys) => {
                webcrypto::import_keys(subtle, keys, pending).await;
                Started::Subtle(webcrypto::start(subtle, keys, pending))
            }
            Other::Missing => Started::Unanswered,
        }
    }

    async fn finish(started: &Started, n: usize) -> Vec<Option<bool>> {
        match started {
            Started::Page(p) => external::finish(p.clone(), n).await,
            Started::Subtle(promises) => webcrypto::finish(promises).await,
            Started::Unanswered => vec![None; n],
        }
    }

    async fn verify_all(&self, pending: &[crate::crypto::deferred::Pending]) -> Vec<Option<bool>> {
        Self::finish(&self.start(pending).await, pending.len()).await
    }
}

/// The rounds of [`crate::batch`], with the other verifier answering in between.
async fn run_batch<T>(n: usize, deferred: &Deferred, mut check: impl FnMut(usize) -> T, other: &Other<'_>) -> Vec<T> {
    let mut b = Batch::new(n);
    if matches!(other, Other::Missing) {
        deferred.set_compute(true);
    } else {
        // the lead document alone: its certificate links settle for the rest
        if let Some(pending) = b.step(deferred, &mut check) {
            let answers = other.verify_all(&pending).await;
            b.answer(deferred, &pending, &answers);
        }
        // the rest in chunks, the other verifier working on each chunk while the next is checked
        let mut started = Vec::new();
        while let Some(pending) = b.chunk(deferred, &mut check, CHUNK) {
            let handed = other.start(&pending).await;
            started.push((pending, handed));
        }
        for (pending, handed) in &started {
            Batch::<T>::settle(deferred, pending, &Other::finish(handed, pending.len()).await);
        }
        b.end_round(deferred);
    }
    // documents whose assumed answers did not all hold are checked again
    while let Some(pending) = b.step(deferred, &mut check) {
        let answers = if pending.is_empty() { Vec::new() } else { other.verify_all(&pending).await };
        b.answer(deferred, &pending, &answers);
    }
    deferred.set_compute(false);
    b.finish(deferred, &mut check)
}

/// Checks one DUIS document without a trust store. `options`: `{ as_of?: "YYYY-MM-DD", all?: boolean }`.
#[wasm_bindgen(js_name = checkDuis, unchecked_return_type = "Report")]
pub fn check_duis(
    file: &str,
    bytes: &[u8],
    #[wasm_bindgen(unchecked_param_type = "CheckOptions | undefined")] options_value: JsValue,
) -> Result<JsValue, JsError> {
    let door = door_options(options_value)?;
    let _checking = trap::Checking::file(file);
    to_js(&duis::check_with(file, bytes, &door.opts, &DuisInputs { roles: Some(&door.roles), ..DuisInputs::default() }))
}

/// Checks one file of any supported kind, told apart by content, without a trust store.
#[wasm_bindgen(js_name = checkFile, unchecked_return_type = "Report")]
pub fn check_file(
    file: &str,
    bytes: &[u8],
    #[wasm_bindgen(unchecked_param_type = "CheckOptions | undefined")] options_value: JsValue,
) -> Result<JsValue, JsError> {
    let door = door_options(options_value)?;
    let _checking = trap::Checking::file(file);
    let inputs = api::Inputs { duis: DuisInputs { roles: Some(&door.roles), ..DuisInputs::default() }, ..api::Inputs::default() };
    let checked = api::check_file(file, bytes, &door.opts, &inputs).map_err(|e| JsError::new(&e.to_string()))?;
    to_js(&checked.report)
}

/// What a file is (`xml`, `adt-csv`, `inventory-csv`, `json`, `certificate`), or `null`.
#[wasm_bindgen]
pub fn classify(bytes: &[u8]) -> Option<String> {
    api::classify(bytes).map(|c| c.as_str().to_owned())
}

/// Reports (as `checkFile` / `checkBatch` give them, or `{ file, error }` records) exported
/// as `csv` (one row per finding), `sarif` (SARIF 2.1.0) or `jsonl` text: the same exporter as
/// `sec-check --format csv|sarif|json`.
#[wasm_bindgen(js_name = exportReports)]
pub fn export_reports(format: &str, #[wasm_bindgen(unchecked_param_type = "Array<Report | BatchError>")] reports: &JsValue) -> Result<String, JsError> {
    let text: String = js_sys::JSON::stringify(reports).map_err(|_| JsError::new("exportReports: reports must be an array of reports"))?.into();
    let list: Vec<serde_json::Value> = serde_json::from_str(&text).map_err(|e| JsError::new(&format!("exportReports: {e}")))?;
    match format {
        "csv" => Ok(crate::export::csv(&list)),
        "sarif" => {
            serde_json::to_string_pretty(&crate::export::sarif(&list, env!("CARGO_PKG_VERSION"))).map(|s| s + "\n").map_err(|e| JsError::new(&e.to_string()))
        }
        "jsonl" => Ok(list.iter().map(|r| format!("{r}\n")).collect()),
        other => Err(JsError::new(&format!("exportReports: format {other:?} is not csv, sarif or jsonl"))),
    }
}

/// The crate version.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}
