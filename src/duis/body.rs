//! Reading the Body once the schema has judged its structure: the certificates a request
//! carries (any SRV: replacement certificates and the certification path), and the 6.23
//! values the SRPD checks use. Nothing here decides validity against the schema.

use super::names::{text, SR_NS};
use crate::model::{Date, Place};
use crate::smki::{SmkiCert, VerifyCache};
use crate::xml;
use roxmltree::Node;
use std::rc::Rc;

/// A certificate carried in the body, with where it is.
#[derive(Debug, Clone)]
pub struct CarriedCert<'a, 'i> {
    /// The element.
    pub node: Node<'a, 'i>,
    /// Parsed certificate (shared through the batch's cache).
    pub cert: Rc<SmkiCert>,
}

/// The certificates a request carries to update a Device's Security Credentials: those under
/// an element whose name ends in `ReplacementCertificates`, and the `Certificate`s of
/// `CertificationPathCertificates` (S003 §3.3: "all Service Requests that include Certificates
/// which are to be used to update the Device Security Credentials").
#[derive(Debug, Clone, Default)]
pub struct Carried<'a, 'i> {
    /// Replacement (Organisation) certificates with their element names, in document order.
    pub replacements: Vec<(&'i str, CarriedCert<'a, 'i>)>,
    /// Certification path (OCA) certificates.
    pub path: Vec<CarriedCert<'a, 'i>>,
    /// The element holding the replacement certificates.
    pub replacements_node: Option<Node<'a, 'i>>,
    /// Certificate elements that are not DER X.509 certificates: (message, place).
    pub faults: Vec<(String, Place)>,
    /// How many certificate elements there are.
    pub count: usize,
}

impl Carried<'_, '_> {
    /// Whether the body carries any certificate for a Device's credentials.
    pub fn any(&self) -> bool {
        self.count > 0
    }
}

fn place(n: Node<'_, '_>) -> Place {
    Place::at(n.range().start, xml::path(n))
}

fn read_cert<'a, 'i>(n: Node<'a, 'i>, cache: &VerifyCache, faults: &mut Vec<(String, Place)>) -> Option<CarriedCert<'a, 'i>> {
    match cache.parse_base64(&xml::text::value(n)) {
        Ok(cert) => Some(CarriedCert { node: n, cert }),
        Err(e) => {
            faults.push((format!("{} is not a base64 DER certificate: {e}", n.tag_name().name()), place(n)));
            None
        }
    }
}

/// Finds and reads the certificates in `body` (the Body element).
pub fn certificates<'a, 'i>(body: Node<'a, 'i>, cache: &VerifyCache) -> Carried<'a, 'i> {
    let mut c = Carried::default();
    for n in body.descendants().filter(|n| n.is_element() && n.tag_name().namespace() == Some(SR_NS)) {
        let name = n.tag_name().name();
        if name.ends_with("ReplacementCertificates") {
            c.replacements_node.get_or_insert(n);
            for leaf in n.descendants().filter(|x| x.is_element() && x.tag_name().name().ends_with("Certificate") && xml::elements(*x).next().is_none()) {
                c.count += 1;
                if let Some(cert) = read_cert(leaf, cache, &mut c.faults) {
                    c.replacements.push((leaf.tag_name().name(), cert));
                }
            }
        } else if name == "CertificationPathCertificates" {
            for leaf in xml::elements(n).filter(|x| x.tag_name().name() == "Certificate") {
                c.count += 1;
                if let Some(cert) = read_cert(leaf, cache, &mut c.faults) {
                    c.path.push(cert);
                }
            }
        }
    }
    c
}

/// The 6.23 body (`UpdateSecurityCredentialsCoS`), as far as it could be read.
#[derive(Debug, Clone, Default)]
pub struct Body623<'a, 'i> {
    /// `ExecutionDateTime` as a UTC date.
    pub execution_date: Option<Date>,
    /// `SupplierPrepaymentTopUpFloorSeqNumber` element.
    pub topup_floor_seq: Option<Node<'a, 'i>>,
    /// ImportMPxN and its element.
    pub import_mpxn: Option<(Node<'a, 'i>, String)>,
    /// The certificates.
    pub certs: Carried<'a, 'i>,
}

impl<'a, 'i> Body623<'a, 'i> {
    /// The replacement certificates with their element names, in order.
    pub fn replacements(&self) -> Vec<(&'i str, &CarriedCert<'a, 'i>)> {
        self.certs.replacements.iter().map(|(n, c)| (*n, c)).collect()
    }

    /// The replacement certificate in the element `name`, when present.
    pub fn replacement(&self, name: &str) -> Option<&CarriedCert<'a, 'i>> {
        self.certs.replacements.iter().find(|(n, _)| *n == name).map(|(_, c)| c)
    }

    /// The element holding the replacement certificates.
    pub fn replacements_node(&self) -> Option<Node<'a, 'i>> {
        self.certs.replacements_node
    }
}

/// The element name SRV 6.23 takes in the Body (sec-facts topic 1.4).
pub const UPDATE_623: &str = "UpdateSecurityCredentialsCoS";

/// Reads a 6.23 body element (`UpdateSecurityCredentialsCoS`).
pub fn read_623<'a, 'i>(el: Node<'a, 'i>, cache: &VerifyCache) -> Body623<'a, 'i> {
    let child = |name: &str| xml::elements(el).find(|n| n.tag_name().name() == name && n.tag_name().namespace() == Some(SR_NS));
    Body623 {
        execution_date: child("ExecutionDateTime").and_then(|n| parse_datetime(&text(n))),
        topup_floor_seq: child("SupplierPrepaymentTopUpFloorSeqNumber"),
        import_mpxn: child("ImportMPxN").map(|n| (n, xml::text::value(n).into_owned())).filter(|(_, v)| (1..=13).contains(&v.chars().count())),
        certs: certificates(el, cache),
    }
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
    fn datetimes_to_utc_dates() {
        assert_eq!(parse_datetime("2030-01-02T00:00:00Z"), Date::parse("2030-01-02"));
        assert_eq!(parse_datetime("3000-12-31T00:00:00.00Z"), Date::parse("3000-12-31"));
        assert_eq!(parse_datetime("2024-03-01T00:30:00+01:00"), Date::parse("2024-02-29"));
        assert_eq!(parse_datetime("2024-03-01T23:30:00-01:00"), Date::parse("2024-03-02"));
        assert_eq!(parse_datetime("2024-03-01"), None);
        assert_eq!(parse_datetime("2024-03-01T25:00:00Z"), None);
    }

    #[test]
    fn certificates_are_found_in_any_body() {
        let w = crate::demo::DemoWorld::new();
        let x = format!(
            "<sr:Body xmlns:sr=\"{SR_NS}\"><sr:UpdateSecurityCredentialsKRP><sr:ReplacementCertificates><sr:SupplierOrNetworkOperatorCertificates><sr:DigitalSigningCertificate>{}</sr:DigitalSigningCertificate><sr:KeyAgreementCertificate>AA==</sr:KeyAgreementCertificate></sr:SupplierOrNetworkOperatorCertificates></sr:ReplacementCertificates><sr:CertificationPathCertificates><sr:Certificate>{}</sr:Certificate></sr:CertificationPathCertificates></sr:UpdateSecurityCredentialsKRP></sr:Body>",
            w.supplier_ds.base64(),
            w.pki.oca.base64()
        );
        let d = roxmltree::Document::parse(&x).unwrap();
        let c = certificates(d.root_element(), &VerifyCache::new());
        assert_eq!((c.count, c.replacements.len(), c.path.len(), c.faults.len()), (3, 1, 1, 1));
        assert_eq!(c.replacements[0].0, "DigitalSigningCertificate");
        assert!(c.faults[0].0.starts_with("KeyAgreementCertificate is not a base64 DER certificate"));
    }
}
