//! A minimal DER writer, enough to build X.509 certificates for tests.

pub(super) fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let n = content.len();
    if n < 0x80 {
        out.push(u8::try_from(n).unwrap_or(0));
    } else {
        let bytes: Vec<u8> = n.to_be_bytes().iter().copied().skip_while(|b| *b == 0).collect();
        out.push(0x80 | u8::try_from(bytes.len()).unwrap_or(0));
        out.extend(bytes);
    }
    out.extend_from_slice(content);
    out
}

pub(super) fn seq(parts: &[Vec<u8>]) -> Vec<u8> {
    tlv(0x30, &parts.concat())
}

pub(super) fn set(parts: &[Vec<u8>]) -> Vec<u8> {
    tlv(0x31, &parts.concat())
}

/// A non-negative INTEGER from big-endian magnitude bytes.
pub(super) fn uint(bytes: &[u8]) -> Vec<u8> {
    let mut b: Vec<u8> = bytes.iter().copied().skip_while(|x| *x == 0).collect();
    if b.is_empty() {
        b.push(0);
    }
    if b.first().is_some_and(|x| x & 0x80 != 0) {
        b.insert(0, 0);
    }
    tlv(0x02, &b)
}

pub(super) fn oid(dotted: &str) -> Vec<u8> {
    let arcs: Vec<u64> = dotted.split('.').filter_map(|a| a.parse().ok()).collect();
    let mut body = Vec::new();
    if let [a, b, rest @ ..] = arcs.as_slice() {
        base128(a * 40 + b, &mut body);
        for arc in rest {
            base128(*arc, &mut body);
        }
    }
    tlv(0x06, &body)
}

fn base128(mut v: u64, out: &mut Vec<u8>) {
    let mut tmp = vec![u8::try_from(v & 0x7f).unwrap_or(0)];
    v >>= 7;
    while v > 0 {
        tmp.push(0x80 | u8::try_from(v & 0x7f).unwrap_or(0));
        v >>= 7;
    }
    tmp.reverse();
    out.extend(tmp);
}

pub(super) fn utf8(s: &str) -> Vec<u8> {
    tlv(0x0c, s.as_bytes())
}

pub(super) fn bit_string(bytes: &[u8]) -> Vec<u8> {
    let mut c = vec![0u8];
    c.extend_from_slice(bytes);
    tlv(0x03, &c)
}

pub(super) fn octet_string(bytes: &[u8]) -> Vec<u8> {
    tlv(0x04, bytes)
}

pub(super) fn boolean(v: bool) -> Vec<u8> {
    tlv(0x01, &[if v { 0xff } else { 0 }])
}

/// UTCTime before 2050, GeneralizedTime from 2050 (RFC 5280 §4.1.2.5).
pub(super) fn time(year: i32, month: u8, day: u8) -> Vec<u8> {
    if (1950..2050).contains(&year) {
        tlv(0x17, format!("{:02}{month:02}{day:02}000000Z", year % 100).as_bytes())
    } else {
        tlv(0x18, format!("{year:04}{month:02}{day:02}000000Z").as_bytes())
    }
}

pub(super) fn explicit(n: u8, content: &[u8]) -> Vec<u8> {
    tlv(0xa0 | n, content)
}
