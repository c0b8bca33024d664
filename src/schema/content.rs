//! Matching an element's children against its content model (sequences, choices, elements,
//! each with minOccurs/maxOccurs) by simulating every way through it at once: a set of child
//! positions reached, advanced particle by particle. The schemas are deterministic (Unique
//! Particle Attribution), so the sets stay small. When no way reaches the end, the fault is
//! placed at the furthest child any way reached, with what the schema allows there.

use super::fault::{Kind, SchemaFault};
use super::{display, ns_uri, particle, ParticleKind};
use roxmltree::Node;
use std::collections::BTreeSet;

/// Positions (indices into the children) reached: a bit mask when there are fewer than 128
/// children (nearly always: set operations without allocation), a sorted list otherwise.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Set {
    Bits(u128),
    List(Vec<usize>),
}

impl Set {
    fn empty(large: bool) -> Self {
        if large {
            Set::List(Vec::new())
        } else {
            Set::Bits(0)
        }
    }

    fn single(pos: usize, large: bool) -> Self {
        match (large, u32::try_from(pos).ok().and_then(|p| 1u128.checked_shl(p))) {
            (false, Some(bit)) => Set::Bits(bit),
            _ => Set::List(vec![pos]),
        }
    }

    fn is_empty(&self) -> bool {
        match self {
            Set::Bits(b) => *b == 0,
            Set::List(l) => l.is_empty(),
        }
    }

    fn positions(&self) -> Vec<usize> {
        match self {
            Set::Bits(b) => {
                let mut m = *b;
                let mut out = Vec::new();
                while m != 0 {
                    out.push(m.trailing_zeros() as usize);
                    m &= m - 1;
                }
                out
            }
            Set::List(l) => l.clone(),
        }
    }

    fn from_positions(mut v: Vec<usize>, large: bool) -> Self {
        if large {
            v.sort_unstable();
            v.dedup();
            return Set::List(v);
        }
        Set::Bits(v.into_iter().filter_map(|p| u32::try_from(p).ok().and_then(|p| 1u128.checked_shl(p))).fold(0, |a, b| a | b))
    }

    fn union(&mut self, other: &Set) {
        match (&mut *self, other) {
            (Set::Bits(a), Set::Bits(b)) => *a |= *b,
            (Set::List(a), Set::List(b)) => {
                a.extend_from_slice(b);
                a.sort_unstable();
                a.dedup();
            }
            (a, b) => {
                let large = matches!(a, Set::List(_));
                let mut all = a.positions();
                all.extend(b.positions());
                *a = Set::from_positions(all, large);
            }
        }
    }

    /// The positions of `self` that are not in `other`.
    fn minus(&self, other: &Set) -> Set {
        match (self, other) {
            (Set::Bits(a), Set::Bits(b)) => Set::Bits(a & !b),
            (Set::List(a), Set::List(b)) => Set::List(a.iter().copied().filter(|x| b.binary_search(x).is_err()).collect()),
            (a, b) => {
                let theirs = b.positions();
                Set::from_positions(a.positions().into_iter().filter(|x| !theirs.contains(x)).collect(), matches!(a, Set::List(_)))
            }
        }
    }

    fn max(&self) -> Option<usize> {
        match self {
            Set::Bits(0) => None,
            Set::Bits(b) => Some(127 - b.leading_zeros() as usize),
            Set::List(l) => l.last().copied(),
        }
    }

    fn contains(&self, pos: usize) -> bool {
        match self {
            Set::Bits(b) => u32::try_from(pos).ok().and_then(|p| 1u128.checked_shl(p)).is_some_and(|bit| b & bit != 0),
            Set::List(l) => l.binary_search(&pos).is_ok(),
        }
    }
}

struct Sim<'k, 'a, 'i> {
    kids: &'k [Node<'a, 'i>],
    /// Positions need a list (128 children or more).
    large: bool,
    /// What could come at each position (the particles that failed to match there); only
    /// recorded on the second run, after a first run found the content invalid.
    expected: Option<Vec<BTreeSet<String>>>,
    /// The furthest position any way reached.
    furthest: usize,
}

impl Sim<'_, '_, '_> {
    fn note(&mut self, set: &Set) {
        if let Some(m) = set.max() {
            self.furthest = self.furthest.max(m);
        }
    }

    /// Advances `starts` through particle `p` (with its occurrence bounds).
    fn run(&mut self, p: u16, starts: &Set) -> Set {
        let Some(part) = particle(p) else { return Set::empty(self.large) };
        let mut result = if part.min == 0 { starts.clone() } else { Set::empty(self.large) };
        let mut cur = starts.clone();
        let mut seen = starts.clone();
        let mut k: u32 = 0;
        while k < part.max && !cur.is_empty() {
            let next = self.once(&part.kind, &cur);
            k += 1;
            self.note(&next);
            if k >= part.min {
                result.union(&next);
                // beyond minOccurs, a position already explored gives nothing new
                cur = next.minus(&seen);
                seen.union(&cur);
            } else {
                cur = next;
            }
        }
        result
    }

    fn once(&mut self, kind: &ParticleKind, cur: &Set) -> Set {
        match kind {
            ParticleKind::Element { ns, name } => {
                let is = |k: &Node<'_, '_>| k.tag_name().name() == *name && k.tag_name().namespace() == Some(ns_uri(*ns));
                if let (Set::Bits(bits), None) = (cur, &self.expected) {
                    // the common case, without allocating: a mask in, a mask out
                    let (mut m, mut next) = (*bits, 0u128);
                    while m != 0 {
                        let pos = m.trailing_zeros();
                        m &= m - 1;
                        if self.kids.get(pos as usize).is_some_and(is) {
                            next |= 1u128.checked_shl(pos + 1).unwrap_or(0);
                        }
                    }
                    return Set::Bits(next);
                }
                let mut next = Vec::new();
                for pos in cur.positions() {
                    match self.kids.get(pos) {
                        Some(k) if is(k) => next.push(pos + 1),
                        _ => {
                            if let Some(e) = self.expected.as_mut().and_then(|e| e.get_mut(pos)) {
                                let shown = if ns_uri(*ns) == crate::duis::names::DS_NS { format!("ds:{name}") } else { (*name).to_owned() };
                                e.insert(shown);
                            }
                        }
                    }
                }
                Set::from_positions(next, self.large)
            }
            ParticleKind::Seq(items) => {
                let mut s = cur.clone();
                for &i in items {
                    s = self.run(i, &s);
                    if s.is_empty() {
                        break;
                    }
                }
                s
            }
            ParticleKind::Choice(items) => {
                let mut out = Set::empty(self.large);
                for &i in items {
                    let s = self.run(i, cur);
                    out.union(&s);
                }
                out
            }
        }
    }
}

/// The maxOccurs of the element particle named `name` in the content model, when bounded.
fn element_max(p: u16, name: &str) -> Option<u32> {
    let part = particle(p)?;
    match &part.kind {
        ParticleKind::Element { name: n, .. } if *n == name && part.max != u32::MAX => Some(part.max),
        ParticleKind::Element { .. } => None,
        ParticleKind::Seq(items) | ParticleKind::Choice(items) => items.iter().find_map(|i| element_max(*i, name)),
    }
}

/// Checks `kids` (the element children of `parent`) against the content model `content`;
/// pushes at most one structural fault, as XSD validators report one per element.
pub(super) fn check(parent: Node<'_, '_>, content: Option<u16>, kids: &[Node<'_, '_>], faults: &mut Vec<SchemaFault>) {
    let Some(root) = content else {
        if let Some(k) = kids.first() {
            faults.push(SchemaFault::at(*k, Kind::Unexpected { found: display(*k), expected: Vec::new(), max_occurs: None }));
        }
        return;
    };
    let large = kids.len() >= 127;
    let mut sim = Sim { kids, large, expected: None, furthest: 0 };
    if sim.run(root, &Set::single(0, large)).contains(kids.len()) {
        return;
    }
    // invalid: run again, noting what could come where
    let mut sim = Sim { kids, large, expected: Some(vec![BTreeSet::new(); kids.len() + 1]), furthest: 0 };
    sim.run(root, &Set::single(0, large));
    let at = sim.furthest;
    let expected: Vec<String> = sim.expected.as_ref().and_then(|e| e.get(at)).map(|e| e.iter().cloned().collect()).unwrap_or_default();
    match kids.get(at) {
        Some(k) => {
            // the same element just before it, as many times as allowed: say so
            let name = k.tag_name().name();
            let run = kids.get(..at).map_or(0, |before| before.iter().rev().take_while(|b| b.tag_name() == k.tag_name()).count());
            let max_occurs = (run > 0 && !expected.iter().any(|e| e == name)).then(|| element_max(root, name)).flatten().filter(|m| *m as usize == run);
            faults.push(SchemaFault::at(*k, Kind::Unexpected { found: display(*k), expected, max_occurs }));
        }
        None => {
            let mut f = SchemaFault::at(parent, Kind::Missing { parent: display(parent), expected });
            // the place is where the content ends: the parent's end tag
            let end = parent.range().end;
            f.offset = parent.document().input_text().get(..end).and_then(|t| t.rfind("</")).unwrap_or(end);
            faults.push(f);
        }
    }
}
