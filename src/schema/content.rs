//! Matching an element's children against its content model (sequences, choices, elements,
//! each with minOccurs/maxOccurs) by simulating every way through it at once: a set of child
//! positions reached, advanced particle by particle. The schemas are deterministic (Unique
//! Particle Attribution), so the sets stay small. When no way reaches the end, the fault is
//! placed at the furthest child any way reached, with what the schema allows there.

use super::fault::{Kind, SchemaFault};
use super::{display, ns_uri, particle, ParticleKind};
use roxmltree::Node;
use std::collections::BTreeSet;

/// Positions (indices into the children) reached, sorted, without repeats.
type Set = Vec<usize>;

struct Sim<'k, 'a, 'i> {
    kids: &'k [Node<'a, 'i>],
    /// What could come at each position (the particles that failed to match there); only
    /// recorded on the second run, after a first run found the content invalid.
    expected: Option<Vec<BTreeSet<String>>>,
    /// The furthest position any way reached.
    furthest: usize,
}

fn union(a: &mut Set, b: &[usize]) {
    a.extend_from_slice(b);
    a.sort_unstable();
    a.dedup();
}

impl Sim<'_, '_, '_> {
    fn note(&mut self, set: &[usize]) {
        if let Some(&m) = set.last() {
            self.furthest = self.furthest.max(m);
        }
    }

    /// Advances `starts` through particle `p` (with its occurrence bounds).
    fn run(&mut self, p: u16, starts: &[usize]) -> Set {
        let Some(part) = particle(p) else { return Vec::new() };
        let mut result: Set = if part.min == 0 { starts.to_vec() } else { Vec::new() };
        let mut cur: Set = starts.to_vec();
        let mut seen: Set = starts.to_vec();
        let mut k: u32 = 0;
        while k < part.max && !cur.is_empty() {
            let next = self.once(&part.kind, &cur);
            k += 1;
            self.note(&next);
            if k >= part.min {
                union(&mut result, &next);
                // beyond minOccurs, a position already explored gives nothing new
                cur = next.into_iter().filter(|x| seen.binary_search(x).is_err()).collect();
                union(&mut seen, &cur);
            } else {
                cur = next;
            }
        }
        result
    }

    fn once(&mut self, kind: &ParticleKind, cur: &[usize]) -> Set {
        match kind {
            ParticleKind::Element { ns, name } => {
                let mut next = Vec::new();
                for &pos in cur {
                    match self.kids.get(pos) {
                        Some(k) if k.tag_name().name() == *name && k.tag_name().namespace() == Some(ns_uri(*ns)) => next.push(pos + 1),
                        _ => {
                            if let Some(e) = self.expected.as_mut().and_then(|e| e.get_mut(pos)) {
                                let shown = if ns_uri(*ns) == crate::duis::names::DS_NS { format!("ds:{name}") } else { (*name).to_owned() };
                                e.insert(shown);
                            }
                        }
                    }
                }
                next
            }
            ParticleKind::Seq(items) => {
                let mut s = cur.to_vec();
                for &i in items {
                    s = self.run(i, &s);
                    if s.is_empty() {
                        break;
                    }
                }
                s
            }
            ParticleKind::Choice(items) => {
                let mut out = Vec::new();
                for &i in items {
                    let s = self.run(i, cur);
                    union(&mut out, &s);
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
    let mut sim = Sim { kids, expected: None, furthest: 0 };
    if sim.run(root, &[0]).binary_search(&kids.len()).is_ok() {
        return;
    }
    // invalid: run again, noting what could come where
    let mut sim = Sim { kids, expected: Some(vec![BTreeSet::new(); kids.len() + 1]), furthest: 0 };
    sim.run(root, &[0]);
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
