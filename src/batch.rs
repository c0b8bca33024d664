//! Checking a batch with a deferred ECDSA verifier (see [`crate::crypto::deferred`]): the
//! bookkeeping of the rounds, free of any I/O so the wasm door's `checkBatch` and the native
//! tests drive the same code. The door supplies the check of one file and the other verifier.

use crate::crypto::deferred::{Deferred, Pending};

/// Rounds with the other verifier (after the lead document's) before the rest is computed
/// with `p256`.
pub const MAX_ROUNDS: usize = 3;

enum Slot<T> {
    Waiting,
    Provisional(T, Vec<[u8; 32]>),
    Final(T),
}

/// The files of a batch and how far each has got.
///
/// Drive it with [`Batch::step`] until it returns `None`, verifying each step's requests and
/// handing the answers to [`Batch::answer`]; then [`Batch::finish`]. The first step checks the
/// lead document alone: in a supplier's batch its certificate links are every document's, so
/// once they are settled the other documents find them in the cache.
pub struct Batch<T> {
    slots: Vec<Slot<T>>,
    rounds: usize,
}

impl<T> Batch<T> {
    /// A batch of `n` files, none checked.
    pub fn new(n: usize) -> Self {
        Self { slots: (0..n).map(|_| Slot::Waiting).collect(), rounds: 0 }
    }

    /// The next round: checks the files that wait (the first file alone in the first round)
    /// and returns the verifications to make, or `None` when no round is left to run.
    pub fn step(&mut self, deferred: &Deferred, check: impl FnMut(usize) -> T) -> Option<Vec<Pending>> {
        if self.is_done() || self.rounds > MAX_ROUNDS {
            return None;
        }
        let limit = if self.rounds == 0 { 1 } else { usize::MAX };
        self.rounds += 1;
        let pending = self.round(deferred, check, limit);
        (!pending.is_empty() || self.waiting() > 0).then_some(pending)
    }

    /// Settles the other verifier's answers to a step's requests (`None`: no answer) and
    /// reviews the files that assumed them.
    pub fn answer(&mut self, deferred: &Deferred, pending: &[Pending], answers: &[Option<bool>]) {
        Self::settle(deferred, pending, answers);
        self.review(deferred);
    }

    /// Records answers without reviewing (for a round checked in chunks: settle every chunk,
    /// then [`Batch::end_round`]).
    pub fn settle(deferred: &Deferred, pending: &[Pending], answers: &[Option<bool>]) {
        for (p, a) in pending.iter().zip(answers) {
            if let Some(ok) = a {
                deferred.settle(p.id, *ok);
            }
        }
    }

    /// Checks the next `limit` waiting files as part of the current round, so the other
    /// verifier can start on their requests while the rest are checked; `None` when every
    /// file of the round has been checked.
    pub fn chunk(&mut self, deferred: &Deferred, check: impl FnMut(usize) -> T, limit: usize) -> Option<Vec<Pending>> {
        let before = self.waiting_unchecked();
        if before == 0 {
            return None;
        }
        Some(self.round(deferred, check, limit))
    }

    /// Ends a round checked in chunks, once every chunk's answers are settled.
    pub fn end_round(&mut self, deferred: &Deferred) {
        self.rounds += 1;
        self.review(deferred);
    }

    fn waiting_unchecked(&self) -> usize {
        self.slots.iter().filter(|s| matches!(s, Slot::Waiting)).count()
    }

    /// The results in the files' order, after a last round that computes with `p256`
    /// whatever is still unknown.
    pub fn finish(mut self, deferred: &Deferred, check: impl FnMut(usize) -> T) -> Vec<T> {
        if !self.is_done() {
            self.finish_round(deferred, check);
        }
        self.results().unwrap_or_default()
    }

    /// Checks at most `limit` waiting files with `check(index)` (which must verify through
    /// `deferred`), and returns the verifications the round deferred.
    fn round(&mut self, deferred: &Deferred, mut check: impl FnMut(usize) -> T, limit: usize) -> Vec<Pending> {
        let mut checked = 0;
        for (i, slot) in self.slots.iter_mut().enumerate() {
            if checked == limit {
                break;
            }
            if matches!(slot, Slot::Waiting) {
                checked += 1;
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
    fn review(&mut self, deferred: &Deferred) {
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
    fn is_done(&self) -> bool {
        self.slots.iter().all(|s| matches!(s, Slot::Final(_)))
    }

    /// How many files wait for another round.
    pub fn waiting(&self) -> usize {
        self.slots.iter().filter(|s| !matches!(s, Slot::Final(_))).count()
    }

    /// The results in the files' order; `None` if a file has not got its final result.
    fn results(self) -> Option<Vec<T>> {
        self.slots.into_iter().map(|s| if let Slot::Final(r) = s { Some(r) } else { None }).collect()
    }

    /// The last round: whatever is still unknown is computed with `p256`, so every file gets
    /// its final result.
    fn finish_round(&mut self, deferred: &Deferred, check: impl FnMut(usize) -> T) {
        for slot in &mut self.slots {
            if matches!(slot, Slot::Provisional(..)) {
                *slot = Slot::Waiting;
            }
        }
        deferred.set_compute(true);
        let left = self.round(deferred, check, usize::MAX);
        deferred.set_compute(false);
        debug_assert!(left.is_empty());
    }
}

/// Drives a batch to the end with a synchronous verifier (`None`: could not verify that one).
/// The wasm door does the same with WebCrypto's promises in between.
pub fn run<T>(n: usize, deferred: &Deferred, mut check: impl FnMut(usize) -> T, mut verify: impl FnMut(&[Pending]) -> Vec<Option<bool>>) -> Vec<T> {
    let mut batch = Batch::new(n);
    while let Some(pending) = batch.step(deferred, &mut check) {
        let answers = if pending.is_empty() { Vec::new() } else { verify(&pending) };
        batch.answer(deferred, &pending, &answers);
    }
    batch.finish(deferred, &mut check)
}
