//! Reading an ADT CSV (contract §5) with the csv crate, streaming row by row, and the file
//! checks: format, unknown SRV, sequence replay, duplicate entries.

use super::SequenceState;
use crate::catalogue;
use crate::duis::request_id::Eui64;
use crate::model::{Evaluation, Place};
use std::collections::BTreeMap;

/// The contract's columns, in order.
pub const COLUMNS: [&str; 6] = ["UserID", "SequenceNumber", "ServiceReferenceVariant", "TimePeriodApplicable", "AnomalyDetectionThreshold", "WarningThreshold"];

/// At most this many row faults are kept per rule (the count of the rest is reported).
const MAX_FAULTS: usize = 50;

/// Header names to read instead of the contract's: `{ "UserID": "User Id", … }`.
pub type ColumnMap = BTreeMap<String, String>;

/// One threshold row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// 1-based line.
    pub line: u32,
    /// Service Reference Variant.
    pub srv: String,
    /// Minutes.
    pub period: u64,
    /// Anomaly Detection Threshold.
    pub adt: u64,
    /// Warning Threshold.
    pub warning: u64,
}

/// A fault found while reading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowFault {
    /// 1-based line.
    pub line: u32,
    /// 1-based column (field number), when one field is at fault.
    pub column: Option<u32>,
    /// What is wrong.
    pub message: String,
}

/// What was read from an ADT file.
#[derive(Debug, Clone, Default)]
pub struct AdtFile {
    /// The file's User ID, when one was found.
    pub user_id: Option<String>,
    /// The file's SequenceNumber.
    pub sequence: Option<u64>,
    /// Rows that parsed.
    pub rows: Vec<Row>,
    /// Format faults (capped).
    pub faults: Vec<RowFault>,
    /// Total format faults.
    pub fault_count: usize,
    /// Rows read.
    pub row_count: usize,
    /// Signs that the file went through a spreadsheet's numeric round trip (a byte-order
    /// mark, CRLF line ends, numbers in scientific notation or with thousands separators,
    /// shortened SRVs), as sentences.
    pub spreadsheet_signs: Vec<String>,
}

impl AdtFile {
    fn fault(&mut self, line: u32, column: Option<usize>, message: String) {
        self.fault_count += 1;
        if self.faults.len() < MAX_FAULTS {
            self.faults.push(RowFault { line, column: column.and_then(|c| u32::try_from(c + 1).ok()), message });
        }
    }

    /// Whether every row parsed and the file names one User ID and SequenceNumber.
    pub fn rows_ok(&self) -> bool {
        self.fault_count == 0 && self.user_id.is_some() && self.sequence.is_some()
    }

    /// Reads the CSV, row by row (no copy of the file is kept).
    pub fn read(bytes: &[u8], columns: &ColumnMap) -> Self {
        let mut f = AdtFile::default();
        if bytes.starts_with(b"\xEF\xBB\xBF") {
            f.spreadsheet_signs.push("the file starts with a byte-order mark, as spreadsheet CSV exports do".into());
        }
        if bytes.windows(2).any(|w| w == b"\r\n") {
            f.spreadsheet_signs.push("the file has CRLF line ends, as spreadsheet CSV exports on Windows do".into());
        }
        // fields are trimmed here, as each is read
        let mut rows = crate::csvrows::Rows::untrimmed(Box::new(bytes));
        let header: Vec<String> = match rows.headers() {
            Ok(h) => h.iter().map(|c| c.trim().to_ascii_lowercase()).collect(),
            Err(e) => {
                f.fault(1, None, format!("the header row is not readable CSV: {e}"));
                return f;
            }
        };
        let mut idx = [0usize; 6];
        for (k, name) in COLUMNS.iter().enumerate() {
            let wanted = columns.get(*name).map_or_else(|| name.to_ascii_lowercase(), |c| c.to_ascii_lowercase());
            match header.iter().position(|h| *h == wanted) {
                Some(i) => {
                    if let Some(slot) = idx.get_mut(k) {
                        *slot = i;
                    }
                }
                None => f.fault(1, None, format!("the header has no column {wanted:?} ({name}); columns seen: {}", header.join(", "))),
            }
        }
        if f.fault_count > 0 {
            return f;
        }
        let mut record = csv::StringRecord::new();
        let mut first_user: Option<(String, Eui64)> = None;
        loop {
            let line = match rows.next_record(&mut record) {
                Ok(Some(line)) => line,
                Ok(None) => break,
                Err((line, e)) => {
                    f.fault(line, None, format!("not readable CSV: {e}"));
                    break;
                }
            };
            f.row_count += 1;
            if record.len() != header.len() {
                f.fault(line, None, format!("the row has {} fields; the header has {}", record.len(), header.len()));
                continue;
            }
            let col = |k: usize| idx.get(k).copied().unwrap_or(usize::MAX);
            let get = |k: usize| record.get(col(k)).unwrap_or("").trim();
            let user = get(0);
            // the first row's User ID, as written and parsed; later rows compare with it
            let same_as_first = first_user.as_ref().is_some_and(|(text, _)| text == user);
            if !same_as_first {
                match Eui64::parse_any(user) {
                    None => f.fault(line, Some(col(0)), format!("UserID {user:?} is not an EUI-64")),
                    Some(id) => match (&f.user_id, first_user.as_ref().map(|(_, e)| *e)) {
                        (None, _) => {
                            f.user_id = Some(user.to_owned());
                            first_user = Some((user.to_owned(), id));
                        }
                        (Some(_), Some(first)) if first == id => {}
                        (Some(u), _) => {
                            let msg = format!("UserID {user} differs from {u} on the first row: one file, one User ID");
                            f.fault(line, Some(col(0)), msg);
                        }
                    },
                }
            }
            let number = |k: usize, name: &str, f: &mut AdtFile| -> Option<u64> {
                let v = get(k);
                let ok = !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit());
                match v.parse::<u64>().ok().filter(|_| ok) {
                    Some(n) => Some(n),
                    None => {
                        let why = spreadsheet_number(v);
                        if let Some(w) = why {
                            f.spreadsheet_signs.push(format!("{name} {v:?} on line {line} is {w}"));
                        }
                        let hint = why.map_or_else(String::new, |w| {
                            format!(": it is {w}, as a spreadsheet writes numbers; format the column as whole numbers (or text) before exporting")
                        });
                        f.fault(line, Some(col(k)), format!("{name} {v:?} is not a non-negative integer{hint}"));
                        None
                    }
                }
            };
            if let Some(seq) = number(1, "SequenceNumber", &mut f) {
                match f.sequence {
                    None => f.sequence = Some(seq),
                    Some(s) if s == seq => {}
                    Some(s) => f.fault(line, Some(col(1)), format!("SequenceNumber {seq} differs from {s} on the first row: one file, one SequenceNumber")),
                }
            }
            let srv = get(2).to_owned();
            if srv.is_empty() {
                f.fault(line, Some(col(2)), "ServiceReferenceVariant is empty".into());
            }
            if let Some(long) = catalogue::srv_shortened_into(&srv) {
                if catalogue::srv(&srv).is_none() {
                    f.spreadsheet_signs.push(format!("ServiceReferenceVariant {srv} on line {line} is {long} shortened"));
                }
            }
            let period = number(3, "TimePeriodApplicable", &mut f);
            if period == Some(0) {
                f.fault(line, Some(col(3)), "TimePeriodApplicable is 0 minutes; a period must be at least 1 minute".into());
            }
            let adt = number(4, "AnomalyDetectionThreshold", &mut f);
            let warning = number(5, "WarningThreshold", &mut f);
            if let (Some(period), Some(adt), Some(warning), false) = (period, adt, warning, srv.is_empty()) {
                f.rows.push(Row { line, srv, period, adt, warning });
            }
        }
        if f.row_count == 0 {
            f.fault(1, None, "the file has a header but no rows, so it names no User ID or SequenceNumber".into());
        }
        f
    }
}

fn at(line: u32, column: Option<u32>) -> Option<Place> {
    Some(Place::line_col(line, column))
}

/// `tadp.adt.format`.
pub fn format(f: &AdtFile) -> Vec<Evaluation> {
    if f.fault_count == 0 {
        return vec![Evaluation::pass(
            format!(
                "{} for User ID {} with SequenceNumber {}",
                crate::model::words::count(f.row_count as u64, "row"),
                f.user_id.as_deref().unwrap_or("?"),
                f.sequence.map_or_else(|| "?".into(), |s| s.to_string())
            ),
            None,
        )];
    }
    let mut out: Vec<Evaluation> = f.faults.iter().map(|x| Evaluation::fail(x.message.clone(), at(x.line, x.column))).collect();
    if f.fault_count > f.faults.len() {
        out.push(Evaluation::fail(
            format!(
                "… and {} more; the whole file is rejected (TADP 3.7)",
                crate::model::words::count((f.fault_count - f.faults.len()) as u64, "format fault")
            ),
            None,
        ));
    }
    out
}

/// Why a value a spreadsheet wrote is not a whole number: scientific notation, thousands
/// separators, or a decimal point.
fn spreadsheet_number(v: &str) -> Option<&'static str> {
    let t = v.trim();
    let digits_and = |extra: &[u8]| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit() || extra.contains(&b));
    if t.bytes().any(|b| b == b'E' || b == b'e') && digits_and(b".Ee+-") {
        Some("in scientific notation")
    } else if t.contains(',') && digits_and(b",") {
        Some("written with thousands separators")
    } else if t.contains('.') && digits_and(b".") {
        Some("written with a decimal point")
    } else {
        None
    }
}

/// `tadp.adt.unknown-srv`: every SRV is one of the table's; one a spreadsheet shortened
/// (`6.3` from `6.30`) is named as such.
pub fn unknown_srv(f: &AdtFile) -> Vec<Evaluation> {
    let bad: Vec<&Row> = f.rows.iter().filter(|r| catalogue::srv(&r.srv).is_none()).collect();
    if bad.is_empty() {
        return vec![Evaluation::pass(format!("every ServiceReferenceVariant is one of the {} SRVs", catalogue::srvs().len()), None)];
    }
    bad.iter()
        .take(MAX_FAULTS)
        .map(|r| match catalogue::srv_shortened_into(&r.srv) {
            Some(long) => Evaluation::fail(
                format!("ServiceReferenceVariant {} is not an SRV; a spreadsheet turns {long} into {} — keep the column as text when exporting", r.srv, r.srv),
                at(r.line, None),
            ),
            None => Evaluation::fail(format!("ServiceReferenceVariant {:?} is not a Service Reference Variant", r.srv), at(r.line, None)),
        })
        .collect()
}

/// `tadp.adt.spreadsheet-srv` (advisory): a valid SRV that is another one shortened by a
/// spreadsheet (`7.1` from `7.10`) is flagged when the file shows any sign of a spreadsheet's
/// numeric round trip; its threshold may have landed on the wrong SRV.
pub fn spreadsheet_srv(f: &AdtFile) -> Vec<Evaluation> {
    let suspects: Vec<(&Row, &str)> =
        f.rows.iter().filter(|r| catalogue::srv(&r.srv).is_some()).filter_map(|r| catalogue::srv_shortened_into(&r.srv).map(|long| (r, long))).collect();
    if suspects.is_empty() {
        return vec![Evaluation::pass("no SRV in the file is one a spreadsheet could have made from another", None)];
    }
    if f.spreadsheet_signs.is_empty() {
        return vec![Evaluation::pass(
            format!(
                "{} could be a shortened {}, but the file shows no sign of a spreadsheet round trip",
                suspects.iter().map(|(r, _)| r.srv.as_str()).collect::<Vec<_>>().join(", "),
                suspects.iter().map(|(_, l)| *l).collect::<Vec<_>>().join(", ")
            ),
            None,
        )];
    }
    let signs = f.spreadsheet_signs.iter().take(3).cloned().collect::<Vec<_>>().join("; ");
    suspects
        .into_iter()
        .map(|(r, long)| {
            Evaluation::fail(
                format!("SRV {} on line {} may be {long}: a spreadsheet turns {long} into {} and this file shows signs of one ({signs}); if {long} was meant, its threshold is on {} and {long} has none", r.srv, r.line, r.srv, r.srv),
                at(r.line, None),
            )
        })
        .collect()
}

/// `tadp.adt.sequence-replay`.
pub fn sequence_replay(f: &AdtFile, state: &SequenceState) -> Evaluation {
    let (Some(user), Some(seq)) = (&f.user_id, f.sequence) else {
        return Evaluation::not_evaluated("not evaluated: the file names no valid User ID and SequenceNumber (tadp.adt.format)");
    };
    let key = Eui64::parse_any(user);
    let last = state.iter().find(|(u, _)| Eui64::parse_any(u) == key).map(|(_, n)| *n);
    match last {
        None => Evaluation::pass(format!("no earlier accepted file for User ID {user}: SequenceNumber {seq} is accepted"), None),
        Some(n) if seq > n => Evaluation::pass(format!("SequenceNumber {seq} is greater than {n}, the last accepted for {user}"), None),
        Some(n) => Evaluation::fail(
            format!("SequenceNumber {seq} is not greater than {n}, the last one accepted for User ID {user}: a replayed or stale file"),
            at(2, None),
        ),
    }
}

/// `tadp.adt.duplicate-entry`.
pub fn duplicates(f: &AdtFile) -> Vec<Evaluation> {
    let mut first: crate::fnv::FnvMap<(&str, u64), u32> = crate::fnv::FnvMap::default();
    let mut out = Vec::new();
    for r in &f.rows {
        if let Some(l) = first.get(&(r.srv.as_str(), r.period)) {
            if out.len() < MAX_FAULTS {
                out.push(Evaluation::fail(format!("SRV {} with TimePeriodApplicable {} already appears on line {l}", r.srv, r.period), at(r.line, None)));
            }
        } else {
            first.insert((r.srv.as_str(), r.period), r.line);
        }
    }
    if out.is_empty() {
        out.push(Evaluation::pass(format!("{} distinct (SRV, TimePeriodApplicable) entries", first.len()), None));
    }
    out
}
