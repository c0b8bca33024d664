//! The models file (contract §6): Non-Migratable models, proven models, and devices already
//! migrated per model (towards the 300-device proving limit).

use serde::Deserialize;
use std::cmp::Ordering;

/// Manufacturer, model, hardware and firmware version.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
pub struct ModelKey {
    /// Manufacturer.
    pub manufacturer: String,
    /// Model.
    pub model: String,
    /// Hardware version.
    #[serde(default)]
    pub hardware_version: String,
    /// Firmware version (empty in a models-file entry = any firmware).
    #[serde(default)]
    pub firmware_version: String,
}

impl ModelKey {
    fn same_hardware(&self, other: &ModelRef<'_>) -> bool {
        self.manufacturer.trim().eq_ignore_ascii_case(other.manufacturer.trim())
            && self.model.trim().eq_ignore_ascii_case(other.model.trim())
            && self.hardware_version.trim() == other.hardware_version.trim()
    }

    /// `manufacturer model hw fw` for messages.
    pub fn label(&self) -> String {
        self.as_ref().label()
    }

    /// The same model, borrowed.
    pub fn as_ref(&self) -> ModelRef<'_> {
        ModelRef { manufacturer: &self.manufacturer, model: &self.model, hardware_version: &self.hardware_version, firmware_version: &self.firmware_version }
    }
}

/// A model as an inventory row gives it, borrowed from the row (no allocation per row).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct ModelRef<'a> {
    /// Manufacturer.
    pub manufacturer: &'a str,
    /// Model.
    pub model: &'a str,
    /// Hardware version.
    pub hardware_version: &'a str,
    /// Firmware version.
    pub firmware_version: &'a str,
}

impl ModelRef<'_> {
    /// An owned copy.
    pub fn to_key(&self) -> ModelKey {
        ModelKey {
            manufacturer: self.manufacturer.to_owned(),
            model: self.model.to_owned(),
            hardware_version: self.hardware_version.to_owned(),
            firmware_version: self.firmware_version.to_owned(),
        }
    }

    /// `manufacturer model hw fw` for messages.
    pub fn label(&self) -> String {
        format!("{} {} (hardware {}, firmware {})", self.manufacturer, self.model, self.hardware_version, self.firmware_version)
    }
}

/// A count of devices of a model already migrated.
#[derive(Debug, Clone, Deserialize)]
pub struct MigratedCount {
    /// The model.
    #[serde(flatten)]
    pub key: ModelKey,
    /// How many.
    pub count: u64,
}

/// The models file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Models {
    /// Non-Migratable device models (ETMAD 1.4(a)).
    #[serde(default)]
    pub non_migratable: Vec<ModelKey>,
    /// Models proven under ETMAD 6.1(b).
    #[serde(default)]
    pub proven: Vec<ModelKey>,
    /// Devices already migrated per model.
    #[serde(default)]
    pub migrated_counts: Vec<MigratedCount>,
    /// Models whose ECoS Migration is suspended (ETMAD 6.1(d); additive).
    #[serde(default)]
    pub suspended: Vec<ModelKey>,
}

/// Compares firmware versions by dot-separated parts, numerically where both parts are numbers.
pub fn compare_firmware(a: &str, b: &str) -> Ordering {
    let mut x = a.trim().split(['.', '-', '_']);
    let mut y = b.trim().split(['.', '-', '_']);
    loop {
        match (x.next(), y.next()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(p), Some(q)) => {
                let o = match (p.parse::<u64>(), q.parse::<u64>()) {
                    (Ok(m), Ok(n)) => m.cmp(&n),
                    _ => p.cmp(q),
                };
                if o != Ordering::Equal {
                    return o;
                }
            }
        }
    }
}

impl Models {
    /// Parses the models file; errors name line and column.
    pub fn from_json(bytes: &[u8]) -> Result<Self, (usize, usize, String)> {
        serde_json::from_slice(bytes).map_err(|e| (e.line(), e.column(), e.to_string()))
    }

    /// The Non-Migratable entry matching `m` (an entry without firmware matches any firmware).
    pub fn non_migratable(&self, m: &ModelRef<'_>) -> Option<&ModelKey> {
        self.non_migratable
            .iter()
            .find(|n| n.same_hardware(m) && (n.firmware_version.trim().is_empty() || n.firmware_version.trim() == m.firmware_version.trim()))
    }

    /// The suspension entry matching `m` (an entry without firmware matches any firmware).
    pub fn suspended(&self, m: &ModelRef<'_>) -> Option<&ModelKey> {
        self.suspended.iter().find(|n| n.same_hardware(m) && (n.firmware_version.trim().is_empty() || n.firmware_version.trim() == m.firmware_version.trim()))
    }

    /// ETMAD 6.2: proven when the same model, or the same manufacturer, model and hardware with
    /// a later firmware version, is proven.
    pub fn proven_by(&self, m: &ModelRef<'_>) -> Option<&ModelKey> {
        self.proven.iter().find(|p| p.same_hardware(m) && compare_firmware(&p.firmware_version, m.firmware_version) != Ordering::Less)
    }

    /// Devices of exactly this model already migrated.
    pub fn migrated(&self, m: &ModelRef<'_>) -> u64 {
        self.migrated_counts.iter().filter(|c| c.key.same_hardware(m) && c.key.firmware_version.trim() == m.firmware_version.trim()).map(|c| c.count).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn firmware_order_is_numeric_by_part() {
        assert_eq!(compare_firmware("1.10", "1.9"), Ordering::Greater);
        assert_eq!(compare_firmware("2", "2.0"), Ordering::Less);
        assert_eq!(compare_firmware("05", "5"), Ordering::Equal);
    }
}
