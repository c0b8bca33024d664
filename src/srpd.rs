//! SRPD (SEC Appendix AB) checks for 6.23 and certificate-carrying requests, routing to the
//! ECoS CoS Party or the TCoS Party (SRPD clause 8 as the ETMAD rewrites it), and what the
//! receiving party would check next. Each function answers one rule from plain inputs.

pub mod certs;
pub mod receiving;
pub mod route;
pub mod update623;

use crate::duis::body::Body623;
use crate::duis::request_id::RequestId;
use crate::model::Date;
use crate::smki::SmkiCert;

/// What the SRPD checks read from a 6.23 and its inputs.
pub struct Request623<'r, 'a, 'i> {
    /// The parsed RequestID.
    pub request_id: RequestId,
    /// The body.
    pub body: &'r Body623<'a, 'i>,
    /// The signer's certificate, when the trust store found it.
    pub signer: Option<&'r SmkiCert>,
}

impl Request623<'_, '_, '_> {
    /// The day Registration Data is read on: the execution date, or the as-of date.
    pub fn lookup_day(&self, as_of: Date) -> Date {
        self.body.execution_date.unwrap_or(as_of)
    }
}
