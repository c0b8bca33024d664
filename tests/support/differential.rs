//! The differential harness against xmlsec1 (libxml2): signed variants of DUIS requests, each
//! signed by `xmlsec1 --sign` (before or after the variation), then judged by
//! `xmlsec1 --verify` and by sec-rules. The two signature verdicts must agree, except where a
//! deliberate difference is listed in [`DOCUMENTED`] with its reason.
//!
//! Used by `examples/differential.rs` (`scripts/differential.sh N`) and by
//! `tests/interop_xmlsec1.rs` (a short run in the test command).
#![allow(dead_code, reason = "shared by a test and an example that use different parts")]

use sec_rules::demo::DemoWorld;
use sec_rules::request::{self as duis, DuisInputs};
use sec_rules::smki::TrustStore;
use sec_rules::{Date, Options, Outcome};
use std::path::{Path, PathBuf};
use std::process::Command;

/// When the variation is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Before signing: both must read the document alike (the signature verifies in both).
    Before,
    /// After signing: a change both must see (or a harmless one both must tolerate).
    After,
}

/// What XML-DSig says the verdict is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// The signature verifies.
    Verify,
    /// It does not (or the document is refused).
    Refuse,
}

/// A class of variants.
pub struct Class {
    /// Name (stable; used by [`DOCUMENTED`]).
    pub name: &'static str,
    /// When the variation is made.
    pub stage: Stage,
    /// The expected verdict.
    pub expect: Expect,
    /// The variation; `None` when it does not apply to this document.
    pub apply: fn(&str, &mut Rng) -> Option<String>,
}

/// A deliberate difference: (class, sec-rules verifies?, xmlsec1 verifies?, why).
pub const DOCUMENTED: &[(&str, bool, bool, &str)] = &[
    ("encoding-other", false, true, "another encoding declared over ASCII-only content: libxml2 decodes the same characters and verifies; sec-rules refuses any encoding but UTF-8 by name, as DUIS is UTF-8 and a document that means other characters to other parsers must not pass"),
    ("encoding-utf8-alias", false, true, "encoding=\"UTF8\": libxml2 takes the alias; sec-rules accepts only the registered name UTF-8"),
    ("ns-uri-ampersand", false, true, "'&' in a namespace URI: Canonical XML 1.0 §2.3 writes it &amp;, libxml2 writes &#38;, so the digests differ; sec-rules follows the specification"),
    ("xmlns-prefix-empty", false, true, "xmlns:p=\"\" added after signing: libxml2 reports a namespace error, drops the declaration and verifies; Namespaces in XML 1.0 forbids it, and sec-rules refuses the document at duis.xml.well-formed"),
    ("undeclared-prefix", false, true, "an element with an undeclared prefix: libxml2 reports a namespace error and goes on (xmlsec1 signs and verifies); Namespaces in XML 1.0 makes it an error, and sec-rules refuses the document at duis.xml.well-formed"),
    ("two-colons", false, true, "a name with two colons: libxml2 reports a namespace error and goes on; Namespaces in XML 1.0 allows one colon, and sec-rules refuses the document at duis.xml.well-formed"),
    ("duplicate-attribute-via-prefixes", false, true, "two attributes with one expanded name through two prefixes: libxml2 reports a namespace error and goes on; Namespaces in XML 1.0 forbids it, and sec-rules refuses the document at duis.xml.well-formed"),
    ("prefixlist-tab", false, true, "a tab between InclusiveNamespaces prefixes: the specification allows any white space (sec-rules), libxml2 splits on spaces only and so renders another namespace"),
    ("profile-inclusive-signedinfo", false, true, "SignedInfo canonicalised with inclusive C14N: valid XML-DSig, but not the DUIS profile (exclusive c14n), which sec-rules enforces at duis.signature.profile"),
    ("profile-object", false, true, "a ds:Object after KeyInfo: valid XML-DSig, refused by the DUIS profile (signature-wrapping defence)"),
];

/// Every class. Before-signing classes vary how the same content is written; after-signing
/// classes either change content (both must refuse) or only its writing (both must verify).
pub fn classes() -> Vec<Class> {
    use Expect::{Refuse, Verify};
    use Stage::{After, Before};
    let c = |name, stage, expect, apply| Class { name, stage, expect, apply };
    vec![
        // how the same document may be written
        c("crlf", Before, Verify, |d, _| Some(d.replace('\n', "\r\n"))),
        c("cr-only", Before, Verify, |d, _| Some(d.replace('\n', "\r"))),
        c("cr-next-to-charref", Before, Verify, |d, r| text_at(d, r, "a&#13;\rb&amp;\r&#10;c").map(|t| t.replace('\n', "\r"))),
        c("ns-redeclared", Before, Verify, |d, r| attr_on_element(d, r, "xmlns:sr=\"http://www.dccinterface.co.uk/ServiceUserGateway\"")),
        c("xmlns-empty", Before, Verify, |d, r| attr_on_element(d, r, "xmlns=\"\"")),
        c("default-namespace", Before, Verify, |d, _| Some(d.replace("<sr:", "<").replace("</sr:", "</").replace("xmlns:sr=", "xmlns="))),
        c("prefix-renamed", Before, Verify, |d, _| Some(d.replace("<sr:", "<p2:").replace("</sr:", "</p2:").replace("xmlns:sr=", "xmlns:p2="))),
        c("prefix-rebound-below", Before, Verify, |d, r| attr_on_element(d, r, "xmlns:q=\"urn:example:q\" q:note=\"x\"")),
        c("xml-attributes", Before, Verify, |d, r| {
            let a = ["xml:lang=\"en-GB\"", "xml:space=\"preserve\"", "xml:id=\"n1\""][r.below(3)];
            attr_on_element(d, r, a)
        }),
        c("xsi-attributes", Before, Verify, |d, r| attr_on_element(d, r, "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:nil=\"false\"")),
        c("cdata", Before, Verify, |d, r| text_at(d, r, "<![CDATA[<x> & ]]>")),
        c("cdata-with-cr", Before, Verify, |d, r| text_at(d, r, "<![CDATA[a\r\nb\rc]]>")),
        c("comments", Before, Verify, |d, r| Some(between_elements(d, r, "<!-- a comment - with a dash -->"))),
        c("pis", Before, Verify, |d, r| Some(between_elements(d, r, "<?duis-note keep me?>"))),
        c("pi-with-crlf", Before, Verify, |d, r| Some(between_elements(d, r, "<?note a\r\nb\rc?>"))),
        c("pi-before-root", Before, Verify, |d, _| d.find("<sr:Request").map(|i| format!("{}<?before x?>\n<!-- c -->\n{}", &d[..i], &d[i..]))),
        c("bom", Before, Verify, |d, _| Some(format!("\u{feff}{d}"))),
        c("no-declaration", Before, Verify, |d, _| d.find("<sr:Request").map(|i| d[i..].to_owned())),
        c("declaration-spacing", Before, Verify, |d, r| {
            let decl =
                ["<?xml\nversion=\"1.0\"\nencoding=\"UTF-8\"?>", "<?xml\tversion='1.0'\tencoding='utf-8'\tstandalone='yes' ?>", "<?xml version = \"1.0\" ?>"]
                    [r.below(3)];
            d.find("?>").map(|i| format!("{decl}{}", &d[i + 2..]))
        }),
        c("emoji-and-non-ascii", Before, Verify, |d, r| Some(between_elements(d, r, "<!-- 🔌 smart meter — Ünïcödé ✓ -->"))),
        c("long-line", Before, Verify, |d, r| Some(between_elements(d, r, &format!("<!--{}-->", "x".repeat(200_000))))),
        c("char-refs", Before, Verify, |d, r| text_at(d, r, "&#49;&#x32;&lt;&gt;&amp;&quot;&apos;&#xE9;&#x1F50C;")),
        c("attr-refs", Before, Verify, |d, r| attr_on_element(d, r, "xml:lang=\"a&#13;b&#10;c&#9;d&amp;e&lt;f\tg\"")),
        c("whitespace-in-tags", Before, Verify, |d, _| Some(d.replacen("schemaVersion=\"5.4\">", "schemaVersion = '5.4' \n >", 1))),
        c("encoding-utf8-alias", Before, Verify, |d, _| Some(d.replacen("encoding=\"UTF-8\"", "encoding=\"UTF8\"", 1))),
        c("ns-uri-backslash", Before, Refuse, |d, r| attr_on_element(d, r, "xmlns:z=\"urn:a\\b\"")),
        c("ns-uri-ampersand", Before, Verify, |d, r| attr_on_element(d, r, "xmlns:z=\"urn:a&amp;b\"")),
        c("xmlns-prefix-empty", After, Refuse, |d, r| attr_on_element(d, r, "xmlns:p=\"\"")),
        c("prefixlist-space", Before, Verify, |d, _| Some(d.to_owned())),
        c("prefixlist-tab", Before, Verify, |d, _| Some(d.to_owned())),
        c("profile-inclusive-signedinfo", Before, Verify, |d, _| Some(d.to_owned())),
        // harmless after signing
        c("signature-value-cr", After, Verify, |d, _| insert_in(d, "<ds:SignatureValue>", 20, "&#13;\n")),
        c("digest-value-comment", After, Verify, |d, _| insert_in(d, "<ds:DigestValue>", 10, "<!-- c -->")),
        c("empty-element-forms", After, Verify, |d, _| {
            Some(d.replace(
                "<ds:Transform Algorithm=\"http://www.w3.org/2000/09/xmldsig#enveloped-signature\"></ds:Transform>",
                "<ds:Transform Algorithm=\"http://www.w3.org/2000/09/xmldsig#enveloped-signature\"/>",
            ))
        }),
        c("crlf-after-signing", After, Verify, |d, _| Some(d.replace('\n', "\r\n"))),
        c("cr-only-after-signing", After, Verify, |d, _| Some(d.replace('\n', "\r"))),
        c("crlf-after-signing-in-markup", After, Verify, |d, _| Some(d.replacen("<sr:Request ", "<sr:Request\r\n ", 1))),
        c("profile-object", After, Verify, |d, _| Some(d.replacen("</ds:KeyInfo>", "</ds:KeyInfo><ds:Object>x</ds:Object>", 1))),
        // changes after signing
        c("text-edited", After, Refuse, edit_text),
        c("cr-after-amp", After, Refuse, |d, _| d.contains("&amp;&#13;<").then(|| d.replacen("&amp;&#13;<", "&amp;\r<", 1))),
        c("lone-cr-literal", After, Refuse, |d, _| d.contains("&#13;x").then(|| d.replacen("&#13;x", "\rx", 1))),
        c("encoding-other", After, Refuse, |d, r| {
            Some(d.replacen("encoding=\"UTF-8\"", &format!("encoding=\"{}\"", ["ISO-8859-1", "windows-1252", "US-ASCII", "UTF-16"][r.below(4)]), 1))
        }),
        c("relative-ns-in-signature", After, Refuse, |d, r| {
            let (el, uri) = (["<ds:Signature ", "<ds:SignedInfo", "<ds:KeyInfo"][r.below(3)], ["a/b", "urn:a b", "rel"][r.below(3)]);
            d.contains(el).then(|| d.replacen(el, &format!("{el} xmlns:x=\"{uri}\""), 1))
        }),
        c("version-2", After, Refuse, |d, _| Some(d.replacen("version=\"1.0\"", "version=\"2.0\"", 1))),
        c("standalone-maybe", After, Refuse, |d, _| Some(d.replacen("encoding=\"UTF-8\"?>", "encoding=\"UTF-8\" standalone=\"maybe\"?>", 1))),
        c("unknown-encoding-name", After, Refuse, |d, _| Some(d.replacen("encoding=\"UTF-8\"", "encoding=\"x-no-such-charset\"", 1))),
        c("pi-target-xml", Before, Refuse, |d, r| {
            let pi = ["<?XML x?>", "<?xMl?>", "<?xml version=\"1.0\"?>"][r.below(3)];
            Some(between_elements(d, r, pi))
        }),
        c("undeclared-prefix", Before, Refuse, |d, r| Some(between_elements(d, r, "<u:x/>"))),
        c("two-colons", Before, Refuse, |d, r| Some(between_elements(d, r, "<sr:a:b/>"))),
        c("duplicate-attribute-via-prefixes", Before, Refuse, |d, r| attr_on_element(d, r, "xmlns:a=\"urn:d\" xmlns:b=\"urn:d\" a:k=\"1\" b:k=\"2\"")),
        c("element-added", After, Refuse, |d, r| Some(between_elements(d, r, "<sr:Extra/>"))),
        c("element-removed", After, Refuse, |d, _| {
            let s = d.find("<sr:ApplyTimeBasedCPVChecks>")?;
            let e = d[s..].find("</sr:ApplyTimeBasedCPVChecks>")? + s + "</sr:ApplyTimeBasedCPVChecks>".len();
            Some(format!("{}{}", &d[..s], &d[e..]))
        }),
        c("whitespace-added-between-elements", After, Refuse, |d, _| Some(d.replacen("<sr:Header>", "<sr:Header>\n ", 1))),
        c("attribute-changed", After, Refuse, |d, _| Some(d.replacen("schemaVersion=\"5.4\"", "schemaVersion=\"5.3\"", 1))),
        c("namespace-changed", After, Refuse, |d, _| Some(d.replacen("ServiceUserGateway\"", "ServiceUserGateway2\"", 1))),
        c("unused-namespace-added", After, Refuse, |d, _| Some(d.replacen("schemaVersion=\"5.4\"", "schemaVersion=\"5.4\" xmlns:u=\"urn:unused\"", 1))),
        c("element-renamed", After, Refuse, |d, _| Some(d.replacen("<sr:Body>", "<sr:Bodx>", 1).replacen("</sr:Body>", "</sr:Bodx>", 1))),
        c("digest-value-changed", After, Refuse, |d, _| flip_in(d, "<ds:DigestValue>")),
        c("signature-value-changed", After, Refuse, |d, _| flip_in(d, "<ds:SignatureValue>")),
        c("signed-info-changed", After, Refuse, |d, _| Some(d.replacen("<ds:Reference URI=\"\">", "<ds:Reference URI=\"\" Id=\"r\">", 1))),
    ]
}

#[path = "rng.rs"]
mod rng;
pub use rng::Rng;

/// Offsets of the start tags of elements inside the root (not the root, not the signature).
fn inner_start_tags(d: &str) -> Vec<usize> {
    let sig = d.find("<ds:Signature").unwrap_or(d.len());
    let root = d.find("<sr:Request").or_else(|| d.find("<Request")).unwrap_or(0);
    d.match_indices('<')
        .map(|(i, _)| i)
        .filter(|&i| i > root && i < sig)
        .filter(|&i| d[i + 1..].chars().next().is_some_and(|c| c.is_ascii_alphabetic()))
        .collect()
}

/// Adds `attr` to a random element's start tag.
fn attr_on_element(d: &str, r: &mut Rng, attr: &str) -> Option<String> {
    let tags = inner_start_tags(d);
    let at = *tags.get(r.below(tags.len()))?;
    let name_end = d[at..].find(|c: char| c.is_whitespace() || c == '>' || c == '/')? + at;
    Some(format!("{} {attr}{}", &d[..name_end], &d[name_end..]))
}

/// Inserts `what` before a random element inside the root.
fn between_elements(d: &str, r: &mut Rng, what: &str) -> String {
    let tags = inner_start_tags(d);
    let at = tags.get(r.below(tags.len())).copied().unwrap_or(0);
    format!("{}{what}{}", &d[..at], &d[at..])
}

/// Puts `what` into the text of an element that has text (a leaf value).
fn text_at(d: &str, r: &mut Rng, what: &str) -> Option<String> {
    let leaves: Vec<usize> = inner_start_tags(d)
        .into_iter()
        .filter_map(|i| {
            let close = d[i..].find('>')? + i + 1;
            let next = d[close..].find('<')? + close;
            (next > close && d[next..].starts_with("</")).then_some(close)
        })
        .collect();
    let at = *leaves.get(r.below(leaves.len()))?;
    Some(format!("{}{what}{}", &d[..at], &d[at..]))
}

fn edit_text(d: &str, r: &mut Rng) -> Option<String> {
    let marked = text_at(d, r, "\u{0}")?;
    let at = marked.find('\u{0}')?;
    let next = marked[at + 1..].chars().next()?;
    let repl = if next == 'A' { 'B' } else { 'A' };
    Some(format!("{}{}{}", &marked[..at], repl, &marked[at + 1 + next.len_utf8()..]))
}

fn insert_in(d: &str, open: &str, offset: usize, what: &str) -> Option<String> {
    let at = d.find(open)? + open.len() + offset;
    d.is_char_boundary(at).then(|| format!("{}{what}{}", &d[..at], &d[at..]))
}

fn flip_in(d: &str, open: &str) -> Option<String> {
    let at = d.find(open)? + open.len() + 3;
    let c = d[at..].chars().next()?;
    Some(format!("{}{}{}", &d[..at], if c == 'A' { 'B' } else { 'A' }, &d[at + c.len_utf8()..]))
}

/// The documents the variants start from (unsigned): the demo 6.23 (immediate and future
/// dated), and requests of other SRVs whose bodies hold text with references.
pub fn bases(w: &DemoWorld) -> Vec<String> {
    let immediate = w.request_623(7).to_xml();
    let future = sec_rules::demo::Request623 { execution: Some("2030-01-02T00:00:00Z".into()), ..w.request_623(8) }.to_xml();
    let other = |srv: &str, body: &str| {
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sr:Request xmlns:sr=\"http://www.dccinterface.co.uk/ServiceUserGateway\" schemaVersion=\"5.4\">\n  <sr:Header>\n    <sr:RequestID>90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A0:9</sr:RequestID>\n    <sr:CommandVariant>1</sr:CommandVariant>\n    <sr:ServiceReference>{sr}</sr:ServiceReference>\n    <sr:ServiceReferenceVariant>{srv}</sr:ServiceReferenceVariant>\n  </sr:Header>\n  <sr:Body>\n    {body}\n  </sr:Body>\n</sr:Request>",
            sr = srv.rsplit_once('.').filter(|_| srv.matches('.').count() > 1).map_or(srv, |(a, _)| a)
        )
    };
    vec![
        immediate,
        future,
        other("8.2", "<sr:ReadInventory>\n      <sr:DeviceID>00-DB-12-34-56-78-90-A0</sr:DeviceID>\n    </sr:ReadInventory>"),
        other("2.2", "<sr:UpdateDebt>\n      <sr:Note>a&amp;&#13;b &#13;x&amp;&#13;</sr:Note>\n      <sr:Note2>&#13;x &#13;</sr:Note2>\n    </sr:UpdateDebt>"),
    ]
}

/// The signature template xmlsec1 fills in (the DUIS profile; KeyInfo names the signer), or
/// a variation of it for the classes that vary the signature itself.
fn template(w: &DemoWorld, class: &str) -> String {
    let method = match class {
        "profile-inclusive-signedinfo" => "<ds:CanonicalizationMethod Algorithm=\"http://www.w3.org/TR/2001/REC-xml-c14n-20010315\"/>".to_owned(),
        "prefixlist-space" | "prefixlist-tab" => format!(
            "<ds:CanonicalizationMethod Algorithm=\"http://www.w3.org/2001/10/xml-exc-c14n#\"><ec:InclusiveNamespaces xmlns:ec=\"http://www.w3.org/2001/10/xml-exc-c14n#\" PrefixList=\"{}\"/></ds:CanonicalizationMethod>",
            if class == "prefixlist-tab" { "ds&#9;sr" } else { "ds sr" }
        ),
        _ => "<ds:CanonicalizationMethod Algorithm=\"http://www.w3.org/2001/10/xml-exc-c14n#\"/>".to_owned(),
    };
    format!(
        "<ds:Signature xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\"><ds:SignedInfo>{method}<ds:SignatureMethod Algorithm=\"http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256\"/><ds:Reference URI=\"\"><ds:Transforms><ds:Transform Algorithm=\"http://www.w3.org/2000/09/xmldsig#enveloped-signature\"></ds:Transform></ds:Transforms><ds:DigestMethod Algorithm=\"http://www.w3.org/2001/04/xmlenc#sha256\"/><ds:DigestValue></ds:DigestValue></ds:Reference></ds:SignedInfo><ds:SignatureValue></ds:SignatureValue><ds:KeyInfo><ds:X509Data><ds:X509IssuerSerial><ds:X509IssuerName>CN=Z1,OU=07</ds:X509IssuerName><ds:X509SerialNumber>{}</ds:X509SerialNumber></ds:X509IssuerSerial></ds:X509Data></ds:KeyInfo></ds:Signature>",
        w.xml_sign.serial_decimal()
    )
}

/// The place to run xmlsec1 in, with the signer's key and certificate.
pub struct Bench {
    dir: PathBuf,
    world: DemoWorld,
    store: TrustStore,
}

/// One variant's result.
#[derive(Debug, Clone)]
pub struct Verdict {
    /// Class name.
    pub class: &'static str,
    /// Variant index.
    pub index: usize,
    /// sec-rules' signature verdict.
    pub ours: bool,
    /// xmlsec1's.
    pub theirs: bool,
    /// What XML-DSig says.
    pub expect: Expect,
    /// The document judged.
    pub doc: Vec<u8>,
}

impl Verdict {
    /// Both verdicts equal and as expected.
    pub fn agrees(&self) -> bool {
        self.ours == self.theirs && self.ours == (self.expect == Expect::Verify)
    }

    /// A listed deliberate difference.
    pub fn documented(&self) -> Option<&'static str> {
        DOCUMENTED.iter().find(|(c, o, t, _)| *c == self.class && *o == self.ours && *t == self.theirs).map(|(_, _, _, why)| *why)
    }
}

/// Whether xmlsec1 can be run.
pub fn xmlsec1_available() -> bool {
    Command::new("xmlsec1").arg("--version").output().is_ok_and(|o| o.status.success())
}

impl Bench {
    /// A bench in a fresh temporary folder.
    pub fn new(tag: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("sec-rules-differential-{}-{tag}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let world = DemoWorld::new();
        std::fs::write(dir.join("signer.key"), world.xml_sign.private_key_pem()).expect("write key");
        std::fs::write(dir.join("signer.pem"), world.xml_sign.pem()).expect("write cert");
        let mut store = TrustStore::new();
        store.add_file("trust.pem", world.trust_pem().as_bytes()).expect("trust store");
        Self { dir, world, store }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    /// Signs with xmlsec1; `None` when xmlsec1 refuses to sign the document. xmlsec1 writes
    /// the document back from its own tree (line ends, declaration and character references
    /// rewritten), so its signature element is spliced into the variant as written: the bytes
    /// judged are the variant's, the signature is xmlsec1's.
    fn sign(&self, unsigned: &[u8], class: &str) -> Option<Vec<u8>> {
        let text = String::from_utf8_lossy(unsigned);
        let close = text.rfind("</")?;
        let tmpl = template(&self.world, class);
        let doc = format!("{}{tmpl}{}", &text[..close], &text[close..]);
        std::fs::write(self.path("tmpl.xml"), doc.as_bytes()).ok()?;
        let key = format!("{},{}", self.path("signer.key").display(), self.path("signer.pem").display());
        let out = Command::new("xmlsec1")
            .args(["--sign", "--privkey-pem", &key, "--output"])
            .arg(self.path("signed.xml"))
            .arg(self.path("tmpl.xml"))
            .output()
            .ok()?;
        if !out.status.success() {
            return None;
        }
        let signed = String::from_utf8(std::fs::read(self.path("signed.xml")).ok()?).ok()?;
        let (s, e) = (signed.find("<ds:Signature")?, signed.find("</ds:Signature>")? + "</ds:Signature>".len());
        Some(format!("{}{}{}", &text[..close], &signed[s..e], &text[close..]).into_bytes())
    }

    fn xmlsec1_verifies(&self, doc: &[u8]) -> bool {
        std::fs::write(self.path("doc.xml"), doc).is_ok()
            && Command::new("xmlsec1")
                .args(["--verify", "--pubkey-cert-pem"])
                .arg(self.path("signer.pem"))
                .arg(self.path("doc.xml"))
                .output()
                .is_ok_and(|o| o.status.success())
    }

    /// sec-rules' signature verdict: the document is read, fits the profile, and its digest
    /// and signature value verify with the signer KeyInfo names.
    pub fn ours_verifies(&self, doc: &[u8]) -> bool {
        let opts = Options { as_of: Date::parse("2024-03-01").expect("date"), all: true, draft: false };
        let r = duis::check_with("variant.xml", doc, &opts, &DuisInputs { trust: Some(&self.store), context: None, cache: None, crypto: None, roles: None });
        ["duis.xml.well-formed", "duis.signature.profile", "duis.signature.digest", "duis.signature.value"]
            .iter()
            .all(|rule| r.findings.iter().any(|f| f.rule.as_str() == *rule && f.outcome == Outcome::Pass))
    }

    /// Runs variant `index` (class `index % classes`, base and position from the index).
    /// `None` when the class does not apply to the chosen base.
    pub fn run(&self, classes: &[Class], index: usize) -> Option<Verdict> {
        let class = classes.get(index % classes.len())?;
        let bases = bases(&self.world);
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ (index as u64 + 1).wrapping_mul(0x1000_0001));
        // the base: chosen by the index, the next one when the class does not apply to it
        let first = rng.below(bases.len());
        let doc = match class.stage {
            Stage::Before => {
                let varied = (0..bases.len()).find_map(|k| (class.apply)(bases.get((first + k) % bases.len())?, &mut rng))?;
                match self.sign(varied.as_bytes(), class.name) {
                    Some(signed) => signed,
                    // xmlsec1 will not sign it: judge the unsigned variant (both must refuse)
                    None => {
                        return Some(Verdict {
                            class: class.name,
                            index,
                            ours: self.ours_reads(varied.as_bytes()),
                            theirs: false,
                            expect: class.expect,
                            doc: varied.into_bytes(),
                        })
                    }
                }
            }
            Stage::After => (0..bases.len())
                .find_map(|k| {
                    let signed = self.sign(bases.get((first + k) % bases.len())?.as_bytes(), class.name)?;
                    (class.apply)(&String::from_utf8(signed).ok()?, &mut rng)
                })?
                .into_bytes(),
        };
        Some(Verdict { class: class.name, index, ours: self.ours_verifies(&doc), theirs: self.xmlsec1_verifies(&doc), expect: class.expect, doc })
    }

    /// For a document xmlsec1 would not sign: does sec-rules read it (well-formed)?
    fn ours_reads(&self, doc: &[u8]) -> bool {
        let limits = sec_rules::duis::limits();
        sec_rules::xml::prepare(doc, &limits).is_ok_and(|p| p.parse(&limits).is_ok())
    }

    /// Writes a document for inspection.
    pub fn keep(&self, dir: &Path, v: &Verdict) {
        let _ = std::fs::create_dir_all(dir);
        let _ = std::fs::write(dir.join(format!("{:05}-{}.xml", v.index, v.class)), &v.doc);
    }
}

impl Drop for Bench {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Totals of a run.
#[derive(Debug, Default)]
pub struct Tally {
    /// Variants judged.
    pub variants: usize,
    /// Same verdict, as XML-DSig predicts.
    pub agree: usize,
    /// Listed deliberate differences.
    pub documented: usize,
    /// Everything else, with a line each.
    pub unexplained: Vec<String>,
}

impl Tally {
    /// Adds one verdict.
    pub fn add(&mut self, v: &Verdict) {
        self.variants += 1;
        if v.agrees() {
            self.agree += 1;
        } else if v.documented().is_some() {
            self.documented += 1;
        } else {
            self.unexplained.push(format!(
                "#{} {}: sec-rules {}, xmlsec1 {}, XML-DSig expects {}",
                v.index,
                v.class,
                if v.ours { "verifies" } else { "refuses" },
                if v.theirs { "verifies" } else { "refuses" },
                if v.expect == Expect::Verify { "verify" } else { "refuse" }
            ));
        }
    }

    /// The summary line.
    pub fn line(&self) -> String {
        format!(
            "differential: {} variants, {} agree, {} documented differences, {} unexplained",
            self.variants,
            self.agree,
            self.documented,
            self.unexplained.len()
        )
    }
}
