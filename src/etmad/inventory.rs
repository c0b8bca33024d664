//! Reading an inventory CSV (contract §6) row by row. Bad fields become row faults naming the
//! line and column; they never stop the file.

use super::models::ModelKey;
use crate::context::CosCredentials;
use crate::model::Date;

/// Columns sec-rules reads (matched case-insensitively, in any order).
pub const COLUMNS: [&str; 18] = [
    "device_id", "device_type", "smets", "status", "cos_credentials", "manufacturer", "model", "hardware_version",
    "firmware_version", "chf_device_id", "commissioned_date", "pending_cos_date", "last_cos_date", "technical_issue",
    "gas_supplier", "electricity_supplier", "planned_migration_date", "critical_supplier_certificate_id",
];
/// Columns without which a row cannot be judged.
pub const REQUIRED: [&str; 3] = ["device_id", "device_type", "status"];
/// The columns that turn on the TMAD check.
pub const TMAD_COLUMNS: [&str; 2] = ["planned_migration_date", "critical_supplier_certificate_id"];

/// One inventory row.
#[derive(Debug, Clone, Default)]
pub struct InvRow {
    /// 1-based line.
    pub line: u32,
    /// Device id as given.
    pub device_id: String,
    /// Upper-cased device type (ESME, GSME, GPF, CHF…).
    pub device_type: String,
    /// SMETS generation.
    pub smets: Option<u8>,
    /// SMI status.
    pub status: String,
    /// TCoS / ECoS.
    pub cos: Option<CosCredentials>,
    /// The row's own model.
    pub model: ModelKey,
    /// A GPF's Communications Hub Function.
    pub chf: String,
    /// Dates.
    pub commissioned: Option<Date>,
    /// Pending change of supplier.
    pub pending_cos: Option<Date>,
    /// Last change of supplier.
    pub last_cos: Option<Date>,
    /// Technical issue ("" = none).
    pub technical: String,
    /// Gas meter's supplier on the hub.
    pub gas_supplier: String,
    /// Electricity meter's supplier on the hub.
    pub electricity_supplier: String,
    /// TMAD: planned migration date.
    pub planned: Option<Date>,
    /// TMAD: CriticalSupplierCertificateID.
    pub critical_cert: String,
    /// Faults: (column, message).
    pub faults: Vec<(u32, String)>,
}

/// Column positions of a header.
#[derive(Debug, Clone)]
pub struct Layout {
    idx: Vec<Option<usize>>,
    width: usize,
}

impl Layout {
    /// Reads the header; `Err` lists the required columns that are missing.
    pub fn from_header(header: &csv::StringRecord) -> Result<Self, String> {
        let names: Vec<String> = header.iter().map(|h| h.trim().to_ascii_lowercase()).collect();
        let idx: Vec<Option<usize>> = COLUMNS.iter().map(|c| names.iter().position(|n| n == c)).collect();
        let missing: Vec<&str> = REQUIRED.iter().copied().filter(|c| !names.iter().any(|n| n == c)).collect();
        if missing.is_empty() {
            Ok(Self { idx, width: names.len() })
        } else {
            Err(format!("the header lacks column(s) {}; columns seen: {}", missing.join(", "), names.join(", ")))
        }
    }

    /// Whether a column is present.
    pub fn has(&self, name: &str) -> bool {
        COLUMNS.iter().position(|c| *c == name).and_then(|i| self.idx.get(i).copied().flatten()).is_some()
    }

    /// Columns of the contract that are absent (read as empty).
    pub fn absent(&self) -> Vec<&'static str> {
        COLUMNS.iter().zip(&self.idx).filter(|(c, i)| i.is_none() && !TMAD_COLUMNS.contains(c)).map(|(c, _)| *c).collect()
    }

    /// Parses one record.
    pub fn row(&self, line: u32, rec: &csv::StringRecord) -> InvRow {
        let get = |name: &str| -> (u32, &str) {
            let i = COLUMNS.iter().position(|c| *c == name).and_then(|k| self.idx.get(k).copied().flatten());
            (i.map_or(0, |i| u32::try_from(i + 1).unwrap_or(0)), i.and_then(|i| rec.get(i)).unwrap_or("").trim())
        };
        let mut r = InvRow { line, ..InvRow::default() };
        if rec.len() != self.width {
            r.faults.push((0, format!("the row has {} fields; the header has {}", rec.len(), self.width)));
        }
        let (c, v) = get("device_id");
        if v.is_empty() {
            r.faults.push((c, "device_id is empty".into()));
        }
        r.device_id = v.to_owned();
        r.device_type = get("device_type").1.to_ascii_uppercase();
        let (c, v) = get("smets");
        if !v.is_empty() {
            match v.trim_start_matches(['S', 's', 'M', 'm', 'E', 'e', 'T', 't']).parse::<u8>() {
                Ok(n) => r.smets = Some(n),
                Err(_) => r.faults.push((c, format!("smets {v:?} is not a SMETS generation (1, 2…)"))),
            }
        }
        r.status = get("status").1.to_owned();
        let (c, v) = get("cos_credentials");
        r.cos = match v.to_ascii_lowercase().as_str() {
            "" => None,
            "tcos" => Some(CosCredentials::Tcos),
            "ecos" => Some(CosCredentials::Ecos),
            _ => {
                r.faults.push((c, format!("cos_credentials {v:?} is neither TCoS nor ECoS")));
                None
            }
        };
        r.model = ModelKey {
            manufacturer: get("manufacturer").1.to_owned(),
            model: get("model").1.to_owned(),
            hardware_version: get("hardware_version").1.to_owned(),
            firmware_version: get("firmware_version").1.to_owned(),
        };
        r.chf = get("chf_device_id").1.to_owned();
        let date = |name: &str, r: &mut InvRow| -> Option<Date> {
            let (c, v) = get(name);
            if v.is_empty() {
                return None;
            }
            let d = Date::parse(v);
            if d.is_none() {
                r.faults.push((c, format!("{name} {v:?} is not a date YYYY-MM-DD")));
            }
            d
        };
        r.commissioned = date("commissioned_date", &mut r);
        r.pending_cos = date("pending_cos_date", &mut r);
        r.last_cos = date("last_cos_date", &mut r);
        r.planned = date("planned_migration_date", &mut r);
        r.technical = get("technical_issue").1.to_owned();
        r.gas_supplier = get("gas_supplier").1.to_owned();
        r.electricity_supplier = get("electricity_supplier").1.to_owned();
        r.critical_cert = get("critical_supplier_certificate_id").1.to_owned();
        r
    }
}
