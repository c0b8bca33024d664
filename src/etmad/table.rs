//! The device entries of a large inventory held compactly (about 20 bytes a row plus the id),
//! so that a page can show a million rows a page at a time without one JS object per row.

use crate::model::{DeviceEntry, DeviceStatus, GpfInfo, RuleId};
use std::collections::BTreeMap;

const STATUSES: [DeviceStatus; 8] = DeviceStatus::ALL;

/// Device entries in input order: ids in one buffer, the rest as small integers; the few
/// (reason, clause) pairs and the Gas Proxy Function details kept aside.
#[derive(Debug, Default, Clone)]
pub struct DeviceTable {
    ids: String,
    ends: Vec<u32>,
    status: Vec<u8>,
    why: Vec<u16>,
    lines: Vec<u32>,
    reasons: Vec<(Option<RuleId>, Option<&'static str>)>,
    gpf: BTreeMap<u32, GpfInfo>,
}

impl DeviceTable {
    /// An empty table.
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends an entry.
    pub fn push(&mut self, e: DeviceEntry) {
        let row = u32::try_from(self.lines.len()).unwrap_or(u32::MAX);
        self.ids.push_str(&e.device_id);
        self.ends.push(u32::try_from(self.ids.len()).unwrap_or(u32::MAX));
        self.status.push(u8::try_from(STATUSES.iter().position(|s| *s == e.status).unwrap_or(0)).unwrap_or(0));
        let pair = (e.reason, e.clause);
        let why = match self.reasons.iter().position(|p| *p == pair) {
            Some(i) => i,
            None => {
                self.reasons.push(pair);
                self.reasons.len() - 1
            }
        };
        self.why.push(u16::try_from(why).unwrap_or(u16::MAX));
        self.lines.push(e.line);
        if let Some(g) = e.gpf {
            self.gpf.insert(row, g);
        }
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.lines.len()
    }

    /// Whether it is empty.
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// The status of entry `i`.
    fn status(&self, i: usize) -> Option<DeviceStatus> {
        self.status.get(i).and_then(|s| STATUSES.get(usize::from(*s))).copied()
    }

    /// Entry `i` as the report gives it.
    pub fn get(&self, i: usize) -> Option<DeviceEntry> {
        let start = if i == 0 { 0 } else { *self.ends.get(i - 1)? as usize };
        let end = *self.ends.get(i)? as usize;
        let (reason, clause) = self.why.get(i).and_then(|w| self.reasons.get(usize::from(*w))).copied().unwrap_or((None, None));
        Some(DeviceEntry {
            device_id: self.ids.get(start..end)?.to_owned(),
            status: self.status(i)?,
            reason,
            clause,
            line: *self.lines.get(i)?,
            gpf: u32::try_from(i).ok().and_then(|r| self.gpf.get(&r)).cloned(),
        })
    }

    /// Every entry, in input order.
    pub fn iter(&self) -> impl Iterator<Item = DeviceEntry> + '_ {
        (0..self.len()).filter_map(|i| self.get(i))
    }

    /// Up to `count` entries from the `start`-th of those with `status` (all when `None`), and
    /// how many entries have that status.
    pub fn page(&self, start: usize, count: usize, status: Option<DeviceStatus>) -> (usize, Vec<DeviceEntry>) {
        let matching = |i: &usize| status.is_none_or(|s| self.status(*i) == Some(s));
        let total = (0..self.len()).filter(matching).count();
        let out = (0..self.len()).filter(matching).skip(start).take(count).filter_map(|i| self.get(i)).collect();
        (total, out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::rule_id as id;

    fn entry(i: u32, status: DeviceStatus, reason: Option<RuleId>) -> DeviceEntry {
        DeviceEntry {
            device_id: format!("{i:016X}"),
            status,
            reason,
            clause: Some("ETMAD 1.3"),
            line: i + 2,
            gpf: (i == 3).then(|| GpfInfo { model: "M X".into(), responsible_supplier: None }),
        }
    }

    #[test]
    fn entries_come_back_as_they_went_in_and_pages_filter_by_status() {
        let mut t = DeviceTable::new();
        let all: Vec<DeviceEntry> = (0..10)
            .map(|i| if i % 3 == 0 { entry(i, DeviceStatus::Eligible, None) } else { entry(i, DeviceStatus::Ineligible, Some(id::ETMAD_INELIGIBLE_TECHNICAL)) })
            .collect();
        for e in &all {
            t.push(e.clone());
        }
        assert_eq!(t.len(), 10);
        for (i, e) in all.iter().enumerate() {
            assert_eq!(t.get(i).as_ref(), Some(e));
        }
        assert_eq!(t.get(10), None);
        let (total, page) = t.page(1, 2, Some(DeviceStatus::Eligible));
        assert_eq!(total, 4);
        assert_eq!(page, vec![all[3].clone(), all[6].clone()]);
        let (total, page) = t.page(8, 5, None);
        assert_eq!((total, page.len()), (10, 2));
    }
}
