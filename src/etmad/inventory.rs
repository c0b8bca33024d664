//! Reading an inventory CSV (contract §6) row by row. Bad fields become row faults naming the
//! line and column; they never stop the file.

use super::models::ModelRef;
use crate::context::CosCredentials;
use crate::model::Date;

/// Columns sec-rules reads (matched case-insensitively, in any order).
pub const COLUMNS: [&str; 19] = [
    "device_id",
    "device_type",
    "smets",
    "status",
    "cos_credentials",
    "manufacturer",
    "model",
    "hardware_version",
    "firmware_version",
    "chf_device_id",
    "commissioned_date",
    "pending_cos_date",
    "last_cos_date",
    "technical_issue",
    "gas_supplier",
    "electricity_supplier",
    "planned_migration_date",
    "critical_supplier_certificate_id",
    "dormant",
];
/// Columns without which a row cannot be judged.
pub const REQUIRED: [&str; 3] = ["device_id", "device_type", "status"];
/// The columns that turn on the TMAD check.
pub const TMAD_COLUMNS: [&str; 2] = ["planned_migration_date", "critical_supplier_certificate_id"];
/// Optional columns that are not reported absent (the TMAD ones, and `dormant`, the TMAD
/// check's scope: without it that check is not evaluated for a row, never applied).
const OPTIONAL: [&str; 3] = ["planned_migration_date", "critical_supplier_certificate_id", "dormant"];

/// One inventory row, borrowed from its CSV record.
#[derive(Debug, Clone, Default)]
pub struct InvRow<'r> {
    /// 1-based line.
    pub line: u32,
    /// Device id as given.
    pub device_id: &'r str,
    /// Device type as given (ESME, GSME, GPF, CHF…; compare case-insensitively).
    pub device_type: &'r str,
    /// SMETS generation.
    pub smets: Option<u8>,
    /// SMI status.
    pub status: &'r str,
    /// TCoS / ECoS.
    pub cos: Option<CosCredentials>,
    /// The row's own model.
    pub model: ModelRef<'r>,
    /// A GPF's Communications Hub Function.
    pub chf: &'r str,
    /// Dates.
    pub commissioned: Option<Date>,
    /// Pending change of supplier.
    pub pending_cos: Option<Date>,
    /// Last change of supplier.
    pub last_cos: Option<Date>,
    /// Technical issue ("" = none).
    pub technical: &'r str,
    /// Gas meter's supplier on the hub.
    pub gas_supplier: &'r str,
    /// Electricity meter's supplier on the hub.
    pub electricity_supplier: &'r str,
    /// TMAD: planned migration date.
    pub planned: Option<Date>,
    /// TMAD: CriticalSupplierCertificateID.
    pub critical_cert: &'r str,
    /// TMAD's scope: whether the device is dormant (`None`: not given).
    pub dormant: Option<bool>,
    /// Faults: (column, message).
    pub faults: Vec<(u32, String)>,
}

/// Positions in [`COLUMNS`].
mod col {
    pub const DEVICE_ID: usize = 0;
    pub const DEVICE_TYPE: usize = 1;
    pub const SMETS: usize = 2;
    pub const STATUS: usize = 3;
    pub const COS: usize = 4;
    pub const MANUFACTURER: usize = 5;
    pub const MODEL: usize = 6;
    pub const HARDWARE: usize = 7;
    pub const FIRMWARE: usize = 8;
    pub const CHF: usize = 9;
    pub const COMMISSIONED: usize = 10;
    pub const PENDING_COS: usize = 11;
    pub const LAST_COS: usize = 12;
    pub const TECHNICAL: usize = 13;
    pub const GAS_SUPPLIER: usize = 14;
    pub const ELECTRICITY_SUPPLIER: usize = 15;
    pub const PLANNED: usize = 16;
    pub const CRITICAL_CERT: usize = 17;
    pub const DORMANT: usize = 18;
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
            Err(format!(
                "the header lacks {} {}; columns seen: {}",
                if missing.len() == 1 { "column" } else { "columns" },
                missing.join(", "),
                names.join(", ")
            ))
        }
    }

    /// Whether a column is present.
    pub fn has(&self, name: &str) -> bool {
        COLUMNS.iter().position(|c| *c == name).and_then(|i| self.idx.get(i).copied().flatten()).is_some()
    }

    /// Columns of the contract that are absent (read as empty).
    pub fn absent(&self) -> Vec<&'static str> {
        COLUMNS.iter().zip(&self.idx).filter(|(c, i)| i.is_none() && !OPTIONAL.contains(c)).map(|(c, _)| *c).collect()
    }

    /// The 1-based column number and trimmed value of contract column `c` (`COLUMNS[c]`);
    /// (0, "") when the header lacks it.
    fn field<'r>(&self, rec: &'r csv::StringRecord, c: usize) -> (u32, &'r str) {
        match self.idx.get(c).copied().flatten() {
            Some(i) => (u32::try_from(i + 1).unwrap_or(0), rec.get(i).unwrap_or("").trim()),
            None => (0, ""),
        }
    }

    /// The device type of a record (the first pass reads only this and the hubs).
    pub fn device_type<'r>(&self, rec: &'r csv::StringRecord) -> &'r str {
        self.field(rec, col::DEVICE_TYPE).1
    }

    /// Parses one record.
    pub fn row<'r>(&self, line: u32, rec: &'r csv::StringRecord) -> InvRow<'r> {
        let get = |c: usize| self.field(rec, c);
        let mut r = InvRow { line, ..InvRow::default() };
        if rec.len() != self.width {
            r.faults.push((0, format!("the row has {} fields; the header has {}", rec.len(), self.width)));
        }
        let (c, v) = get(col::DEVICE_ID);
        if v.is_empty() {
            r.faults.push((c, "device_id is empty".into()));
        }
        r.device_id = v;
        r.device_type = get(col::DEVICE_TYPE).1;
        let (c, v) = get(col::SMETS);
        if !v.is_empty() {
            match v.trim_start_matches(['S', 's', 'M', 'm', 'E', 'e', 'T', 't']).parse::<u8>() {
                Ok(n) => r.smets = Some(n),
                Err(_) => r.faults.push((c, format!("smets {v:?} is not a SMETS generation (1, 2…)"))),
            }
        }
        r.status = get(col::STATUS).1;
        let (c, v) = get(col::COS);
        r.cos = if v.is_empty() {
            None
        } else if v.eq_ignore_ascii_case("tcos") {
            Some(CosCredentials::Tcos)
        } else if v.eq_ignore_ascii_case("ecos") {
            Some(CosCredentials::Ecos)
        } else {
            r.faults.push((c, format!("cos_credentials {v:?} is neither TCoS nor ECoS")));
            None
        };
        r.model = ModelRef {
            manufacturer: get(col::MANUFACTURER).1,
            model: get(col::MODEL).1,
            hardware_version: get(col::HARDWARE).1,
            firmware_version: get(col::FIRMWARE).1,
        };
        r.chf = get(col::CHF).1;
        let date = |c: usize, r: &mut InvRow<'r>| -> Option<Date> {
            let (n, v) = get(c);
            if v.is_empty() {
                return None;
            }
            let d = Date::parse(v);
            if d.is_none() {
                r.faults.push((n, format!("{} {v:?} is not a date YYYY-MM-DD", COLUMNS.get(c).copied().unwrap_or("date"))));
            }
            d
        };
        r.commissioned = date(col::COMMISSIONED, &mut r);
        r.pending_cos = date(col::PENDING_COS, &mut r);
        r.last_cos = date(col::LAST_COS, &mut r);
        r.planned = date(col::PLANNED, &mut r);
        r.technical = get(col::TECHNICAL).1;
        r.gas_supplier = get(col::GAS_SUPPLIER).1;
        r.electricity_supplier = get(col::ELECTRICITY_SUPPLIER).1;
        r.critical_cert = get(col::CRITICAL_CERT).1;
        let (c, v) = get(col::DORMANT);
        r.dormant = match v.to_ascii_lowercase().as_str() {
            "" => None,
            "true" | "yes" | "y" | "1" => Some(true),
            "false" | "no" | "n" | "0" => Some(false),
            _ => {
                r.faults.push((c, format!("dormant {v:?} is neither true nor false")));
                None
            }
        };
        r
    }
}
