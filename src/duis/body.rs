//! The Body: exactly one element, the one of the SRV. For SRV 6.23 the whole
//! `UpdateSecurityCredentialsCoS` is checked with the XSD's semantics (order, cardinality,
//! floorSequenceNumber, base64 DER certificates, boolean, ImportMPxN length); other SRVs'
//! bodies are reported as not checked.

use super::sequence::{display_name, match_sequence, simple_content, text, Located, Particle, StructureFault};
use crate::model::{Date, Place};
use crate::smki::SmkiCert;
use crate::xml;
use roxmltree::Node;

/// A certificate carried in the body, with where it is.
#[derive(Debug, Clone)]
pub struct CarriedCert<'a, 'i> {
    /// The element.
    pub node: Node<'a, 'i>,
    /// Parsed certificate.
    pub cert: SmkiCert,
}

/// The 6.23 body, as far as it could be read.
#[derive(Debug, Clone, Default)]
pub struct Body623<'a, 'i> {
    /// `ExecutionDateTime` as a UTC date.
    pub execution_date: Option<Date>,
    /// `SupplierFloorSeqNumber`.
    pub floor_seq: Option<u64>,
    /// `SupplierPrepaymentTopUpFloorSeqNumber` element.
    pub topup_floor_seq: Option<Node<'a, 'i>>,
    /// DigitalSigningCertificate.
    pub ds: Option<CarriedCert<'a, 'i>>,
    /// KeyAgreementCertificate.
    pub ka: Option<CarriedCert<'a, 'i>>,
    /// KeyAgreementTopUpCertificate.
    pub ka_topup: Option<CarriedCert<'a, 'i>>,
    /// CertificationPathCertificates.
    pub path: Vec<CarriedCert<'a, 'i>>,
    /// ApplyTimeBasedCPVChecks.
    pub apply_cpv: Option<bool>,
    /// ImportMPxN and its element.
    pub import_mpxn: Option<(Node<'a, 'i>, String)>,
    /// The SupplierReplacementCertificates element.
    pub replacements_node: Option<Node<'a, 'i>>,
}

impl<'a, 'i> Body623<'a, 'i> {
    /// The replacement certificates with their element names, in order.
    pub fn replacements(&self) -> Vec<(&'static str, &CarriedCert<'a, 'i>)> {
        [("DigitalSigningCertificate", &self.ds), ("KeyAgreementCertificate", &self.ka), ("KeyAgreementTopUpCertificate", &self.ka_topup)]
            .into_iter()
            .filter_map(|(n, c)| c.as_ref().map(|c| (n, c)))
            .collect()
    }
}

/// What the body check found.
#[derive(Debug, Clone)]
pub enum BodyReport<'a, 'i> {
    /// A 6.23 body with its faults (empty = schema-valid).
    Update623(Box<Body623<'a, 'i>>, Vec<Located>),
    /// Faults before the SRV's element could be read (no element, several, wrong one).
    Invalid(Vec<Located>),
    /// Another SRV: its body is not checked by this version.
    NotChecked {
        /// The SRV.
        srv: String,
        /// The element found.
        element: String,
    },
}

const BODY_623: [Particle; 7] = [
    Particle::opt("ExecutionDateTime"),
    Particle::one("SupplierFloorSeqNumber"),
    Particle::opt("SupplierPrepaymentTopUpFloorSeqNumber"),
    Particle::one("SupplierReplacementCertificates"),
    Particle::one("CertificationPathCertificates"),
    Particle::one("ApplyTimeBasedCPVChecks"),
    Particle::one("ImportMPxN"),
];
const REPLACEMENTS: [Particle; 3] =
    [Particle::one("DigitalSigningCertificate"), Particle::opt("KeyAgreementCertificate"), Particle::opt("KeyAgreementTopUpCertificate")];
const PATH: [Particle; 1] = [Particle { name: "Certificate", ns: super::sequence::SR_NS, min: 1, max: 3 }];

/// Checks the Body for the SRV named in the header.
pub fn check<'a, 'i>(body: Node<'a, 'i>, srv: &str) -> BodyReport<'a, 'i> {
    let here = |n: Node<'_, '_>| Place::at(n.range().start, xml::path(n));
    let kids: Vec<Node<'a, 'i>> = xml::elements(body).collect();
    let mut faults: Vec<Located> = Vec::new();
    if body.children().any(|c| c.is_text() && c.text().is_some_and(|t| !t.trim().is_empty())) {
        faults.push((StructureFault::Text { parent: xml::path(body) }, here(body)));
    }
    let el = match kids.as_slice() {
        [one] => *one,
        [] => {
            faults.push((StructureFault::Other("the Body is empty: it must hold the Service Request's element".into()), here(body)));
            return BodyReport::Invalid(faults);
        }
        [_, second, ..] => {
            faults.push((StructureFault::Other(format!("the Body holds {} elements; it must hold exactly one", kids.len())), here(*second)));
            return BodyReport::Invalid(faults);
        }
    };
    if srv != "6.23" {
        return BodyReport::NotChecked { srv: srv.to_owned(), element: display_name(el) };
    }
    if el.tag_name().name() != "UpdateSecurityCredentialsCoS" || el.tag_name().namespace() != Some(super::sequence::SR_NS) {
        faults.push((
            StructureFault::Other(format!("SRV 6.23 needs a Body of UpdateSecurityCredentialsCoS, not {}", display_name(el))),
            here(el),
        ));
        return BodyReport::Invalid(faults);
    }
    let mut b = Body623::default();
    let (f, parts) = match_sequence(el, &BODY_623);
    faults.extend(f);
    let part = |i: usize| parts.get(i).copied().flatten();
    for n in [0, 1, 2, 5, 6].iter().filter_map(|i| part(*i)) {
        faults.extend(simple_content(n));
    }
    if let Some(n) = part(0) {
        match parse_datetime(text(n)) {
            Some(d) => b.execution_date = Some(d),
            None => faults.push(value(n, "an xs:dateTime (e.g. 2030-01-02T00:00:00Z)")),
        }
    }
    if let Some(n) = part(1) {
        match floor_seq(text(n)) {
            Some(v) => b.floor_seq = Some(v),
            None => faults.push(value(n, "a floorSequenceNumber (an integer from 0 to 9223372036854775807)")),
        }
    }
    if let Some(n) = part(2) {
        b.topup_floor_seq = Some(n);
        if floor_seq(text(n)).is_none() {
            faults.push(value(n, "a floorSequenceNumber (an integer from 0 to 9223372036854775807)"));
        }
    }
    if let Some(r) = part(3) {
        b.replacements_node = Some(r);
        let (f, certs) = match_sequence(r, &REPLACEMENTS);
        faults.extend(f);
        let mut read = |i: usize| certs.get(i).copied().flatten().and_then(|n| certificate(n, &mut faults));
        b.ds = read(0);
        b.ka = read(1);
        b.ka_topup = read(2);
    }
    if let Some(p) = part(4) {
        let (f, _) = match_sequence(p, &PATH);
        faults.extend(f);
        b.path = xml::elements(p).filter(|n| n.tag_name().name() == "Certificate").take(3).filter_map(|n| certificate(n, &mut faults)).collect();
    }
    if let Some(n) = part(5) {
        match text(n) {
            "true" | "1" => b.apply_cpv = Some(true),
            "false" | "0" => b.apply_cpv = Some(false),
            _ => faults.push(value(n, "an xs:boolean (true, false, 1 or 0)")),
        }
    }
    if let Some(n) = part(6) {
        // xs:string keeps whitespace: length counts every character.
        let v = n.text().unwrap_or("");
        let len = v.chars().count();
        if (1..=13).contains(&len) {
            b.import_mpxn = Some((n, v.to_owned()));
        } else {
            faults.push(value(n, "an ImportMPxN of 1 to 13 characters"));
        }
    }
    BodyReport::Update623(Box::new(b), faults)
}

fn value(n: Node<'_, '_>, expected: &str) -> Located {
    (
        StructureFault::Value { name: n.tag_name().name().into(), value: text(n).chars().take(60).collect(), expected: expected.into() },
        Place::at(n.range().start, xml::path(n)),
    )
}

fn certificate<'a, 'i>(n: Node<'a, 'i>, faults: &mut Vec<Located>) -> Option<CarriedCert<'a, 'i>> {
    if let Some(f) = simple_content(n) {
        faults.push(f);
        return None;
    }
    match SmkiCert::from_base64(n.text().unwrap_or("")) {
        Ok(cert) => Some(CarriedCert { node: n, cert }),
        Err(e) => {
            faults.push((
                StructureFault::Other(format!("{} is not a base64 DER certificate: {e}", n.tag_name().name())),
                Place::at(n.range().start, xml::path(n)),
            ));
            None
        }
    }
}

/// xs:nonNegativeInteger ≤ 2^63−1 (leading `+` and zeros allowed, as the lexical space does).
fn floor_seq(s: &str) -> Option<u64> {
    let d = s.strip_prefix('+').unwrap_or(s);
    if d.is_empty() || !d.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let trimmed = d.trim_start_matches('0');
    if trimmed.len() > 19 {
        return None;
    }
    let v: u64 = if trimmed.is_empty() { 0 } else { trimmed.parse().ok()? };
    (v <= 9_223_372_036_854_775_807).then_some(v)
}

/// xs:dateTime → the UTC calendar date (a time zone offset moves the date when it must).
pub fn parse_datetime(s: &str) -> Option<Date> {
    let (date, rest) = (s.get(..10)?, s.get(10..)?);
    let day = Date::parse(date)?;
    let rest = rest.strip_prefix('T')?;
    let (time, zone) = match rest.find(['Z', '+', '-']) {
        Some(i) => (rest.get(..i)?, rest.get(i..)?),
        None => (rest, ""),
    };
    let mut hms = time.split(':');
    let (h, m, sec) = (hms.next()?, hms.next()?, hms.next()?);
    if hms.next().is_some() || h.len() != 2 || m.len() != 2 || sec.len() < 2 {
        return None;
    }
    let (h, m): (i64, i64) = (h.parse().ok()?, m.parse().ok()?);
    let (whole, frac) = sec.split_once('.').unwrap_or((sec, "0"));
    let s: i64 = whole.parse().ok()?;
    if whole.len() != 2 || !frac.bytes().all(|b| b.is_ascii_digit()) || frac.is_empty() || h > 24 || m > 59 || s > 59 {
        return None;
    }
    let offset_min = match zone {
        "" | "Z" => 0,
        z => {
            let sign = if z.starts_with('-') { -1 } else { 1 };
            let (oh, om) = z.get(1..)?.split_once(':')?;
            if oh.len() != 2 || om.len() != 2 {
                return None;
            }
            sign * (oh.parse::<i64>().ok()? * 60 + om.parse::<i64>().ok()?)
        }
    };
    let minutes = h * 60 + m - offset_min;
    Some(day.add_days(minutes.div_euclid(1440)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floor_sequence_numbers_bounds() {
        assert_eq!(floor_seq("0"), Some(0));
        assert_eq!(floor_seq("9223372036854775807"), Some(i64::MAX as u64));
        assert_eq!(floor_seq("9223372036854775808"), None);
        assert_eq!(floor_seq("-1"), None);
        assert_eq!(floor_seq("00012"), Some(12));
        assert_eq!(floor_seq(""), None);
    }

    #[test]
    fn datetimes_to_utc_dates() {
        assert_eq!(parse_datetime("2030-01-02T00:00:00Z"), Date::parse("2030-01-02"));
        assert_eq!(parse_datetime("3000-12-31T00:00:00.00Z"), Date::parse("3000-12-31"));
        assert_eq!(parse_datetime("2024-03-01T00:30:00+01:00"), Date::parse("2024-02-29"));
        assert_eq!(parse_datetime("2024-03-01T23:30:00-01:00"), Date::parse("2024-03-02"));
        assert_eq!(parse_datetime("2024-03-01"), None);
        assert_eq!(parse_datetime("2024-03-01T25:00:00Z"), None);
    }
}
