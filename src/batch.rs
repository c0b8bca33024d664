//! Checking a batch with a deferred ECDSA verifier (see [`crate::crypto::deferred`]): the
//! bookkeeping of the rounds, free of any I/O so the wasm door's `checkBatch` and the native
//! tests drive the same code. The door supplies the check of one file and the other verifier.

use crate::crypto::deferred::{Deferred, Pending};

/// Rounds with the other verifier before the rest is computed with `p256`.
pub const MAX_ROUNDS: usize = 3;

enum Slot<T> {
    Waiting,
    Provisional(T, Vec<[u8; 32]>),
    Final(T),
}

/// The files of a batch and how far each has got.
pub struct Batch<T> {
    slots: Vec<Slot<T>>,
}

impl<T> Batch<T> {
    /// A batch of `n` files, none checked.
    pub fn new(n: usize) -> Self {
        Self { slots: (0..n).map(|_| Slot::Waiting).collect() }
    }

    /// Checks every file that is waiting with `check(index)` (which must verify through
    /// `deferred`), and returns the verifications the round deferred.
    pub fn round(&mut self, deferred: &Deferred, mut check: impl FnMut(usize) -> T) -> Vec<Pending> {
        for (i, slot) in self.slots.iter_mut().enumerate() {
            if matches!(slot, Slot::Waiting) {
                deferred.begin_document();
                let result = check(i);
                let assumed = deferred.assumed();
                *slot = if assumed.is_empty() { Slot::Final(result) } else { Slot::Provisional(result, assumed) };
            }
        }
        deferred.take_pending()
    }

    /// Once the other verifier's answers are settled in `deferred`: a file whose assumed
    /// answers all came back true keeps its result; any other waits for the next round.
    pub fn review(&mut self, deferred: &Deferred) {
        for slot in &mut self.slots {
            if let Slot::Provisional(_, assumed) = slot {
                if assumed.iter().all(|id| deferred.answer(id) == Some(true)) {
                    if let Slot::Provisional(r, _) = std::mem::replace(slot, Slot::Waiting) {
                        *slot = Slot::Final(r);
                    }
                } else {
                    *slot = Slot::Waiting;
                }
            }
        }
    }

    /// Whether every file has its final result.
    pub fn is_done(&self) -> bool {
        self.slots.iter().all(|s| matches!(s, Slot::Final(_)))
    }

    /// How many files wait for another round.
    pub fn waiting(&self) -> usize {
        self.slots.iter().filter(|s| !matches!(s, Slot::Final(_))).count()
    }

    /// The results in the files' order; `None` if a file has not got its final result (run
    /// [`Batch::finish_round`] first).
    pub fn results(self) -> Option<Vec<T>> {
        self.slots.into_iter().map(|s| if let Slot::Final(r) = s { Some(r) } else { None }).collect()
    }

    /// The last round: whatever is still unknown is computed with `p256`, so every file gets
    /// its final result.
    pub fn finish_round(&mut self, deferred: &Deferred, check: impl FnMut(usize) -> T) {
        for slot in &mut self.slots {
            if matches!(slot, Slot::Provisional(..)) {
                *slot = Slot::Waiting;
            }
        }
        deferred.set_compute(true);
        let left = self.round(deferred, check);
        deferred.set_compute(false);
        debug_assert!(left.is_empty());
    }
}

/// Drives a batch to the end with a synchronous verifier (`None`: could not verify that one).
/// The wasm door does the same with WebCrypto's promises in between.
pub fn run<T>(n: usize, deferred: &Deferred, mut check: impl FnMut(usize) -> T, mut verify: impl FnMut(&[Pending]) -> Vec<Option<bool>>) -> Vec<T> {
    let mut batch = Batch::new(n);
    for _ in 0..MAX_ROUNDS {
        let pending = batch.round(deferred, &mut check);
        if pending.is_empty() && batch.waiting() == 0 {
            break;
        }
        for (p, answer) in pending.iter().zip(verify(&pending)) {
            if let Some(ok) = answer {
                deferred.settle(p.id, ok);
            }
        }
        batch.review(deferred);
    }
    if !batch.is_done() {
        batch.finish_round(deferred, &mut check);
    }
    batch.results().unwrap_or_default()
}
