//! The platform's WebCrypto (`crypto.subtle`), reached through `js-sys` reflection: ECDSA
//! P-256 verification for the batch door. Every failure here (no WebCrypto, a key it will
//! not import, a promise that rejects) is an unanswered request, which the module then
//! verifies itself: nothing here can change a verdict, only how fast it comes.

use crate::bounded::Bounded;
use crate::crypto::deferred::Pending;
use js_sys::{Array, Function, Object, Promise, Reflect, Uint8Array};
use std::cell::RefCell;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// The keys a session has imported into WebCrypto (created on first use).
pub(super) type Keys = RefCell<Option<Bounded<[u8; 65], JsValue>>>;

/// How many imported keys a session keeps.
const KEYS: usize = 1024;

/// `globalThis.crypto.subtle`, when it has `importKey` and `verify`.
pub(super) fn subtle() -> Option<JsValue> {
    let crypto = Reflect::get(&js_sys::global(), &"crypto".into()).ok().filter(JsValue::is_object)?;
    let subtle = Reflect::get(&crypto, &"subtle".into()).ok().filter(JsValue::is_object)?;
    let has = |name: &str| Reflect::get(&subtle, &name.into()).is_ok_and(|f| f.is_function());
    (has("importKey") && has("verify")).then_some(subtle)
}

fn object(pairs: &[(&str, &str)]) -> JsValue {
    let o = Object::new();
    for (k, v) in pairs {
        let _ = Reflect::set(&o, &(*k).into(), &(*v).into());
    }
    o.into()
}

/// `subtle[name]`, when it is a function.
fn method(subtle: &JsValue, name: &str) -> Option<Function> {
    Reflect::get(subtle, &name.into()).ok()?.dyn_into().ok()
}

/// Calls `f` on `subtle` with `args`, returning its promise (a call that throws is `None`).
fn call(subtle: &JsValue, f: &Function, args: &Array) -> Option<Promise> {
    f.apply(subtle, args).ok()?.dyn_into().ok()
}

/// The settled values of `promises`, in order (`None` where one rejected).
async fn settle_all(promises: &[Option<Promise>]) -> Vec<Option<JsValue>> {
    let arr = Array::new();
    for p in promises {
        arr.push(p.as_ref().map_or(&JsValue::UNDEFINED, |p| p.as_ref()));
    }
    let Ok(results) = JsFuture::from(Promise::all_settled(&arr)).await else { return vec![None; promises.len()] };
    let results: Array = results.unchecked_into();
    let (status, value) = (JsValue::from("status"), JsValue::from("value"));
    promises
        .iter()
        .enumerate()
        .map(|(i, p)| {
            p.as_ref()?;
            let r = results.get(u32::try_from(i).ok()?);
            let fulfilled = Reflect::get(&r, &status).ok()?.as_string()? == "fulfilled";
            fulfilled.then(|| Reflect::get(&r, &value).ok()).flatten()
        })
        .collect()
}

/// Imports into WebCrypto every key of `pending` the session has not imported yet.
pub(super) async fn import_keys(subtle: &JsValue, keys: &Keys, pending: &[Pending]) {
    let mut new_keys: Vec<[u8; 65]> = Vec::new();
    {
        let mut k = keys.borrow_mut();
        let k = k.get_or_insert_with(|| Bounded::new(KEYS));
        for p in pending {
            if k.get(&p.key).is_none() && !new_keys.contains(&p.key) {
                new_keys.push(p.key);
            }
        }
    }
    if new_keys.is_empty() {
        return;
    }
    let import_alg = object(&[("name", "ECDSA"), ("namedCurve", "P-256")]);
    let usages = Array::of1(&"verify".into());
    let import = method(subtle, "importKey");
    let imports: Vec<Option<Promise>> = new_keys
        .iter()
        .map(|key| call(subtle, import.as_ref()?, &Array::of5(&"raw".into(), &Uint8Array::from(&key[..]), &import_alg, &JsValue::FALSE, &usages)))
        .collect();
    let imported = settle_all(&imports).await;
    let mut k = keys.borrow_mut();
    let k = k.get_or_insert_with(|| Bounded::new(KEYS));
    for (key, handle) in new_keys.iter().zip(imported) {
        if let Some(h) = handle.filter(JsValue::is_object) {
            k.insert(*key, h);
        }
    }
}

/// Starts a verification of every request whose key is imported: WebCrypto works on them
/// while the module goes on checking.
pub(super) fn start(subtle: &JsValue, keys: &Keys, pending: &[Pending]) -> Vec<Option<Promise>> {
    let verify_alg = object(&[("name", "ECDSA"), ("hash", "SHA-256")]);
    let verify = method(subtle, "verify");
    let mut k = keys.borrow_mut();
    let k = k.get_or_insert_with(|| Bounded::new(KEYS));
    pending
        .iter()
        .map(|p| {
            let handle = k.get(&p.key)?.clone();
            call(subtle, verify.as_ref()?, &Array::of4(&verify_alg, &handle, &Uint8Array::from(&p.signature[..]), &Uint8Array::from(&p.message[..])))
        })
        .collect()
}

/// The answers of started verifications (`None` where WebCrypto gave none).
pub(super) async fn finish(started: &[Option<Promise>]) -> Vec<Option<bool>> {
    settle_all(started).await.into_iter().map(|v| v.and_then(|v| v.as_bool())).collect()
}
