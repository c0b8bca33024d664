//! Entry points shared by the doors (CLI, wasm): plain Rust, unit-tested natively.

use crate::engine::Options;
use crate::model::Report;
use std::fmt;

/// What an input file is, told apart by content (never by file name).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum InputClass {
    /// An XML document (DUIS request or response).
    Xml,
    /// A CSV whose header names ADT columns.
    AdtCsv,
    /// A CSV whose header names inventory columns.
    InventoryCsv,
    /// A JSON document (context).
    Json,
    /// A models file (non_migratable / proven / migrated_counts).
    ModelsJson,
    /// A PEM or DER certificate.
    Certificate,
    /// A private key (PEM, or PKCS#8 / SEC1 DER): never an input of the checks.
    PrivateKey,
}

impl InputClass {
    /// A short name for messages and the page.
    pub fn as_str(self) -> &'static str {
        match self {
            InputClass::Xml => "xml",
            InputClass::AdtCsv => "adt-csv",
            InputClass::InventoryCsv => "inventory-csv",
            InputClass::Json => "json",
            InputClass::ModelsJson => "models-json",
            InputClass::Certificate => "certificate",
            InputClass::PrivateKey => "private-key",
        }
    }
}

/// A fault in the run rather than in the document: bad option, unclassifiable input.
/// The CLI exits 2 on it; the wasm facade throws it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum RunError {
    /// The content is none of the kinds sec-rules reads.
    Unclassified {
        /// File name.
        file: String,
    },
    /// An input kind this version cannot check yet.
    Unsupported {
        /// File name.
        file: String,
        /// The class it was recognised as.
        class: InputClass,
    },
    /// A bad option value.
    BadOption {
        /// Option name.
        name: String,
        /// Why.
        reason: String,
    },
}

impl fmt::Display for RunError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RunError::Unclassified { file } => write!(
                f,
                "{file}: cannot tell what this file is: expected a DUIS XML document, an ADT or inventory CSV, a JSON context or models file, or a PEM/DER certificate"
            ),
            RunError::Unsupported { file, class } => write!(f, "{file}: recognised as {}, which this version of sec-rules cannot check yet", class.as_str()),
            RunError::BadOption { name, reason } => write!(f, "option {name}: {reason}"),
        }
    }
}

impl std::error::Error for RunError {}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// Tells a file's kind from its first bytes.
pub fn classify(bytes: &[u8]) -> Option<InputClass> {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = body.iter().position(|b| !b.is_ascii_whitespace()).map_or(&[][..], |i| body.get(i..).unwrap_or(&[]));
    match start.first() {
        None => None,
        Some(b'<') => Some(InputClass::Xml),
        Some(b'{') if ["\"non_migratable\"", "\"proven\"", "\"migrated_counts\""].iter().any(|k| contains(start, k.as_bytes())) => Some(InputClass::ModelsJson),
        Some(b'{') => Some(InputClass::Json),
        Some(b'-' | 0x30) if crate::smki::looks_like_private_key(start) => Some(InputClass::PrivateKey),
        Some(b'-') if start.starts_with(b"-----BEGIN") => Some(InputClass::Certificate),
        Some(0x30) if bytes.len() > 2 => Some(InputClass::Certificate),
        Some(_) => {
            let first_line = start.split(|&b| b == b'\n').next().unwrap_or(&[]);
            let header = String::from_utf8_lossy(first_line).to_ascii_lowercase();
            let cols: Vec<&str> = header.split(',').map(|c| c.trim().trim_matches('"')).collect();
            if cols.contains(&"servicereferencevariant") && cols.contains(&"userid") {
                Some(InputClass::AdtCsv)
            } else if cols.contains(&"device_id") {
                Some(InputClass::InventoryCsv)
            } else {
                None
            }
        }
    }
}

/// Everything a check of any kind may use besides the file.
#[derive(Debug, Default, Clone, Copy)]
pub struct Inputs<'a> {
    /// For DUIS documents: trust store and context.
    pub duis: crate::request::DuisInputs<'a>,
    /// For ADT files: sequence state, column mapping, a day's 6.23 count.
    pub adt: Option<&'a crate::tadp::AdtInputs>,
    /// For inventories: the models file.
    pub models: Option<&'a crate::etmad::models::Models>,
}

/// A checked file: its report, and for an accepted ADT file the (User ID, SequenceNumber) to
/// commit to the sequence state.
#[derive(Debug, Clone)]
pub struct Checked {
    /// The report.
    pub report: Report,
    /// What an accepted ADT file commits.
    pub adt_accepted: Option<(String, u64)>,
}

/// Checks one file of any kind this version supports, told apart by content.
pub fn check_file(file: &str, bytes: &[u8], opts: &Options, inputs: &Inputs<'_>) -> Result<Checked, RunError> {
    let report = |report| Ok(Checked { report, adt_accepted: None });
    match classify(bytes) {
        Some(InputClass::Xml) => report(crate::request::check_with(file, bytes, opts, &inputs.duis)),
        Some(InputClass::AdtCsv) => {
            let none = crate::tadp::AdtInputs::default();
            let out = crate::tadp::check(file, bytes, opts, inputs.adt.unwrap_or(&none));
            Ok(Checked { report: out.report, adt_accepted: out.accepted })
        }
        Some(InputClass::InventoryCsv) => report(crate::etmad::check(file, bytes, inputs.models, opts)),
        Some(class) => Err(RunError::Unsupported { file: file.to_owned(), class }),
        None => Err(RunError::Unclassified { file: file.to_owned() }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_by_content() {
        assert_eq!(classify(b"\xEF\xBB\xBF  <?xml version='1.0'?><a/>"), Some(InputClass::Xml));
        assert_eq!(classify(b"UserID,SequenceNumber,ServiceReferenceVariant,TimePeriodApplicable\r\n"), Some(InputClass::AdtCsv));
        assert_eq!(classify(b"device_id,device_type\n"), Some(InputClass::InventoryCsv));
        assert_eq!(classify(b" {\"users\":[]}"), Some(InputClass::Json));
        assert_eq!(classify(b"{ \"non_migratable\": [] }"), Some(InputClass::ModelsJson));
        assert_eq!(classify(b"-----BEGIN CERTIFICATE-----\n"), Some(InputClass::Certificate));
        assert_eq!(classify(b"-----BEGIN PRIVATE KEY-----\nMIGH\n"), Some(InputClass::PrivateKey));
        assert_eq!(classify(b"-----BEGIN EC PRIVATE KEY-----\n"), Some(InputClass::PrivateKey));
        // PKCS#8 DER: SEQUENCE { INTEGER 0, … }; a certificate: SEQUENCE { SEQUENCE tbs, … }
        assert_eq!(classify(&[0x30, 0x81, 0x87, 0x02, 0x01, 0x00, 0x30, 0x13]), Some(InputClass::PrivateKey));
        assert_eq!(classify(&[0x30, 0x82, 0x01, 0x7c, 0x30, 0x82, 0x01, 0x23]), Some(InputClass::Certificate));
        assert_eq!(classify(b"hello world"), None);
        assert_eq!(classify(b""), None);
    }
}
