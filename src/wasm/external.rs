//! A verifier the embedding page supplies (`Session.setVerifier`): a function that takes the
//! batch's ECDSA verifications and answers them, typically by handing them to a worker of its
//! own that calls WebCrypto there. In Chromium `crypto.subtle.verify` runs on the calling
//! thread (about 75–100 µs per verification on the benchmark machine, a third of a check), so
//! a second thread doing it while this one checks the next documents is the one way to run
//! the two side by side. The page's is `www/verify-worker.js`.
//!
//! The function is trusted as WebCrypto is — its `true` settles a verification — so it must
//! give `crypto.subtle.verify`'s answers. Anything else it does (throwing, rejecting, an
//! answer that is not an array of that length, an entry that is not a boolean) leaves those
//! verifications unanswered, and the module computes them itself with `p256`: the reports do
//! not depend on it.

use crate::crypto::deferred::Pending;
use js_sys::{Array, Function, Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Hands `pending` to `verifier` as `[{ key, signature, message }]` (`Uint8Array`s: the
/// uncompressed SEC1 key, r‖s, the signed bytes) and returns its promised answers; `None`
/// when the call throws.
pub(super) fn start(verifier: &Function, pending: &[Pending]) -> Option<Promise> {
    let jobs = Array::new_with_length(u32::try_from(pending.len()).ok()?);
    // a batch's requests nearly all share the signer's key: one array per distinct key, which
    // a worker's structured clone then copies once
    let mut keys: Vec<(&[u8; 65], Uint8Array)> = Vec::new();
    // the property names cross into JS once per call, not once per job
    let (key_name, signature_name, message_name) = (JsValue::from("key"), JsValue::from("signature"), JsValue::from("message"));
    for (i, p) in pending.iter().enumerate() {
        let job = Object::new();
        let key = match keys.iter().find(|(k, _)| *k == &p.key) {
            Some((_, a)) => a.clone(),
            None => {
                let a = Uint8Array::from(&p.key[..]);
                keys.push((&p.key, a.clone()));
                a
            }
        };
        Reflect::set(&job, &key_name, &key).ok()?;
        Reflect::set(&job, &signature_name, &Uint8Array::from(&p.signature[..])).ok()?;
        Reflect::set(&job, &message_name, &Uint8Array::from(&p.message[..])).ok()?;
        jobs.set(u32::try_from(i).ok()?, job.into());
    }
    let answer = verifier.call1(&JsValue::NULL, &jobs).ok()?;
    Some(Promise::resolve(&answer))
}

/// The answers of a started call, one per request: `Some` only for a boolean in an array of
/// exactly `n` entries.
pub(super) async fn finish(started: Option<Promise>, n: usize) -> Vec<Option<bool>> {
    let unanswered = || vec![None; n];
    let Some(promise) = started else { return unanswered() };
    let Ok(value) = JsFuture::from(promise).await else { return unanswered() };
    let Ok(answers) = value.dyn_into::<Array>() else { return unanswered() };
    if answers.length() as usize != n {
        return unanswered();
    }
    answers.iter().map(|a| a.as_bool()).collect()
}
