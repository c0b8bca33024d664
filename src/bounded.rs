//! A map with a fixed capacity that forgets its least recently used entries: the memory bound
//! of the caches a session keeps across a batch (verified certificate links, parsed
//! certificates, settled ECDSA answers).

use std::borrow::Borrow;
use std::hash::Hash;

/// A least-recently-used map holding at most `capacity` entries. When full, an insertion
/// drops the least recently used eighth at once, so eviction costs O(1) amortised.
#[derive(Debug)]
pub struct Bounded<K, V> {
    map: crate::fnv::WordsMap<K, (V, u64)>,
    capacity: usize,
    tick: u64,
}

impl<K: Hash + Eq, V> Bounded<K, V> {
    /// An empty map that holds at most `capacity` entries (at least 8).
    pub fn new(capacity: usize) -> Self {
        Self { map: crate::fnv::WordsMap::default(), capacity: capacity.max(8), tick: 0 }
    }

    /// The value for `key`, marking it used.
    pub fn get<Q: Hash + Eq + ?Sized>(&mut self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
    {
        self.tick += 1;
        let tick = self.tick;
        self.map.get_mut(key).map(|e| {
            e.1 = tick;
            &e.0
        })
    }

    /// Inserts or replaces `key`, first dropping the least recently used entries if full.
    pub fn insert(&mut self, key: K, value: V) {
        if self.map.len() >= self.capacity && !self.map.contains_key(&key) {
            let mut ticks: Vec<u64> = self.map.values().map(|e| e.1).collect();
            let cut = self.capacity / 8;
            let (_, nth, _) = ticks.select_nth_unstable(cut);
            let threshold = *nth;
            self.map.retain(|_, e| e.1 > threshold);
        }
        self.tick += 1;
        self.map.insert(key, (value, self.tick));
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Whether it is empty.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// The capacity.
    pub fn capacity(&self) -> usize {
        self.capacity
    }
}

#[cfg(test)]
mod tests {
    use super::Bounded;

    #[test]
    fn holds_at_most_its_capacity_and_drops_the_least_recently_used() {
        let mut m = Bounded::new(16);
        for i in 0..16 {
            m.insert(i, i * 10);
        }
        // 0 and 1 are used again: the next insertion must drop others first
        assert_eq!(m.get(&0), Some(&0));
        assert_eq!(m.get(&1), Some(&10));
        m.insert(100, 1000);
        assert!(m.len() <= 16);
        assert_eq!(m.get(&0), Some(&0));
        assert_eq!(m.get(&1), Some(&10));
        assert_eq!(m.get(&100), Some(&1000));
        assert_eq!(m.get(&2), None, "the least recently used entry went first");
        for i in 200..10_000 {
            m.insert(i, i);
            assert!(m.len() <= 16);
        }
        assert_eq!(m.get(&9_999), Some(&9_999));
    }

    #[test]
    fn replacing_a_key_when_full_evicts_nothing() {
        let mut m = Bounded::new(8);
        for i in 0..8 {
            m.insert(i, 0);
        }
        m.insert(3, 1);
        assert_eq!(m.len(), 8);
        assert_eq!(m.get(&3), Some(&1));
    }
}
