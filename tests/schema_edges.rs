//! XML Schema edge cases (issue 27), each with the specification's verdict: non-ASCII digits in
//! dates and times (a panic before), Unicode spaces between elements and any character in
//! empty content (false accepts), values split by comments, processing instructions or CDATA,
//! hexBinary enumerations by value, and xsi:type (false rejects). Documents are the project's
//! own: generated from the compiled schema, or the demo 6.23. Natively and under
//! wasm-bindgen-test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, missing_docs, reason = "tests")]

mod common;

use sec_rules::demo;
use sec_rules::request as duis;
use sec_rules::schema::sample;
use sec_rules::{Date, Options, Outcome, Report};

fn check(x: &str) -> Report {
    duis::check("x.xml", x.as_bytes(), &Options { as_of: Date::parse("2024-03-01").unwrap(), all: true, draft: false })
}

fn outcome(r: &Report, rule: &str) -> Outcome {
    r.findings.iter().find(|f| f.rule.as_str() == rule).unwrap_or_else(|| panic!("no {rule}")).outcome
}

fn messages(r: &Report, rule: &str) -> Vec<String> {
    r.findings.iter().filter(|f| f.rule.as_str() == rule && f.outcome == Outcome::Fail).map(|f| f.message.clone()).collect()
}

/// The schema's verdict on a document: header and body both pass.
fn schema_valid(x: &str) -> bool {
    let r = check(x);
    outcome(&r, "duis.schema.header") == Outcome::Pass && outcome(&r, "duis.schema.body") == Outcome::Pass
}

/// The demo 6.23 (unsigned), as text.
fn request_623() -> String {
    demo::request_623(1, 5)
}

/// A request whose Body element has empty content (ReadDeviceConfigurationGas, sr:ReadDataOnDemand).
fn empty_content_request() -> String {
    let def = sec_rules::catalogue::srvs().iter().find(|s| s.body == "ReadDeviceConfigurationGas").unwrap();
    let x = sample::request(def.srv, def.cv[0], def.body, 1).unwrap();
    assert!(x.contains("<sr:ReadDeviceConfigurationGas></sr:ReadDeviceConfigurationGas>"), "{x}");
    x
}

both! {
    fn non_ascii_digits_in_dates_and_times_are_invalid_values_not_a_panic() {
        let base = demo::Request623 { execution: Some("2030-01-02T00:00:00Z".into()), ..demo::Request623::placeholder(1, 5) }.to_xml();
        assert!(schema_valid(&base), "the base document is valid");
        let start = base.find("<sr:ExecutionDateTime>").unwrap() + "<sr:ExecutionDateTime>".len();
        let end = base.find("</sr:ExecutionDateTime>").unwrap();
        for v in ["٢٠٣٠-٠١-٠٢T٠٠:٠٠:٠٠Z", "2030-01-02T00:00:00+٠١:٠٠", "2030-01-02T٠٠:00:00Z", "２０３０-01-02T00:00:00Z", "2030-01-02T00:00:00é", "2030-01-02T00:00:00+01:0é", "é"] {
            let doc = format!("{}{v}{}", &base[..start], &base[end..]);
            let r = check(&doc);
            assert_eq!(outcome(&r, "duis.schema.body"), Outcome::Fail, "{v}");
            assert!(messages(&r, "duis.schema.body").iter().any(|m| m.contains("xs:dateTime")), "{v}: {:?}", messages(&r, "duis.schema.body"));
        }
    }

    fn unicode_spaces_between_elements_are_characters_not_white_space() {
        let x = request_623();
        let at = x.find("<sr:CommandVariant>").unwrap();
        for (sp, what) in [("\u{A0}", "U+00A0"), ("&#160;", "U+00A0"), ("<![CDATA[\u{A0}]]>", "U+00A0"), ("\u{2003}", "U+2003"), ("\u{3000}", "U+3000"), ("\u{85}", "U+0085"), ("\u{2028}", "U+2028"), ("\u{1680}", "U+1680"), ("\u{202F}", "U+202F"), ("\u{2009}", "U+2009")] {
            let doc = format!("{}{sp}{}", &x[..at], &x[at..]);
            let r = check(&doc);
            assert_eq!(outcome(&r, "duis.schema.header"), Outcome::Fail, "{what}");
            let m = messages(&r, "duis.schema.header");
            assert!(m.iter().any(|m| m.contains("text is not allowed directly inside Header") && m.contains(&format!("{what} is not XML white space"))), "{what}: {m:?}");
        }
        // XML's own white space (and white-space CDATA) stays allowed there
        for sp in [" ", "\t", "\r\n", "&#32;", "&#x9;", "<![CDATA[ ]]>", "<![CDATA[]]>", "<!-- c -->"] {
            assert!(schema_valid(&format!("{}{sp}{}", &x[..at], &x[at..])), "{sp:?}");
        }
    }

    fn empty_content_holds_no_character_not_even_white_space() {
        let x = empty_content_request();
        assert!(schema_valid(&x));
        let empty = "<sr:ReadDeviceConfigurationGas></sr:ReadDeviceConfigurationGas>";
        for inner in [" ", "\n", "\n    ", "&#32;", "<![CDATA[ ]]>", "x", "\u{A0}"] {
            let doc = x.replace(empty, &format!("<sr:ReadDeviceConfigurationGas>{inner}</sr:ReadDeviceConfigurationGas>"));
            let r = check(&doc);
            assert_eq!(outcome(&r, "duis.schema.body"), Outcome::Fail, "{inner:?}");
            assert!(messages(&r, "duis.schema.body").iter().any(|m| m.starts_with("ReadDeviceConfigurationGas must be empty")), "{:?}", messages(&r, "duis.schema.body"));
        }
        // nothing, a comment, a processing instruction or an empty CDATA section is no character
        for inner in ["", "<!--c-->", "<?pi x?>", "<![CDATA[]]>"] {
            assert!(schema_valid(&x.replace(empty, &format!("<sr:ReadDeviceConfigurationGas>{inner}</sr:ReadDeviceConfigurationGas>"))), "{inner:?}");
        }
        assert!(schema_valid(&x.replace(empty, "<sr:ReadDeviceConfigurationGas/>")));
    }

    fn a_value_split_by_a_comment_pi_or_cdata_is_the_whole_value_for_every_rule() {
        let x = request_623();
        let splits = [
            ("<sr:ServiceReference>6.23</sr:ServiceReference>", "<sr:ServiceReference>6.<!--x-->23</sr:ServiceReference>"),
            ("<sr:ServiceReferenceVariant>6.23</sr:ServiceReferenceVariant>", "<sr:ServiceReferenceVariant>6<?pi?>.2<![CDATA[3]]></sr:ServiceReferenceVariant>"),
            ("<sr:CommandVariant>1</sr:CommandVariant>", "<sr:CommandVariant><!--c-->1<!--d--></sr:CommandVariant>"),
        ];
        for (from, to) in splits {
            assert!(x.contains(from), "{from}");
            let r = check(&x.replace(from, to));
            for rule in ["duis.schema.header", "duis.request-id.format", "duis.command-variant.allowed", "duis.body.matches-srv"] {
                assert_eq!(outcome(&r, rule), Outcome::Pass, "{to}: {rule}: {:?}", r.findings.iter().find(|f| f.rule.as_str() == rule).map(|f| &f.message));
            }
        }
        // a RequestID split by a comment is read whole by the schema and by the RequestID rule
        let rid = x.find("<sr:RequestID>").unwrap() + "<sr:RequestID>".len() + 10;
        let r = check(&format!("{}<!--split-->{}", &x[..rid], &x[rid..]));
        assert_eq!(outcome(&r, "duis.schema.header"), Outcome::Pass);
        assert_eq!(outcome(&r, "duis.request-id.format"), Outcome::Pass);
    }

    fn hex_binary_enumerations_compare_octets_not_letters() {
        let doc = (0..200u64)
            .flat_map(|v| sample::response_body_elements().into_iter().filter_map(move |b| sample::response(b, v)))
            .find(|d| d.contains("<sr:FutureDatedAlertCode>"))
            .expect("a response with a FutureDatedAlertCode");
        let start = doc.find("<sr:FutureDatedAlertCode>").unwrap() + "<sr:FutureDatedAlertCode>".len();
        let end = doc.find("</sr:FutureDatedAlertCode>").unwrap();
        for (v, valid) in [("8F66", true), ("8f66", true), ("8F67", true), ("8f67", true), (" 8f66 ", true), ("8F68", false), ("8F6", false)] {
            assert_eq!(schema_valid(&format!("{}{v}{}", &doc[..start], &doc[end..])), valid, "{v}");
        }
    }

    fn xsi_type_naming_the_declared_type_or_one_derived_from_it_is_valid() {
        let x = request_623();
        let xsi = "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xmlns:xs=\"http://www.w3.org/2001/XMLSchema\" xmlns:other=\"http://www.dccinterface.co.uk/ServiceUserGateway\"";
        let on = |el: &str, ty: &str| x.replacen(&format!("<sr:{el}>"), &format!("<sr:{el} {xsi} xsi:type=\"{ty}\">"), 1);
        // the root's own type, under its prefix, another prefix, with spaces
        for ty in ["sr:Request", "other:Request", "  sr:Request\t"] {
            let doc = x.replacen("<sr:Request ", &format!("<sr:Request {xsi} xsi:type=\"{ty}\" "), 1);
            assert!(schema_valid(&doc), "root {ty:?}: {:?}", messages(&check(&doc), "duis.schema.header"));
        }
        // the CommandVariant's own named type, and a built-in its value also fits? (sr:CommandVariant restricts xs:positiveInteger)
        assert!(schema_valid(&on("CommandVariant", "sr:CommandVariant")));
        for (ty, why) in [
            ("xs:positiveInteger", "a base is not derived from its restriction"),
            ("xs:string", "not derived"),
            ("sr:NoSuchType", "unknown"),
            ("nope:CommandVariant", "undeclared prefix"),
            ("sr:FutureDatedAbstractType", "abstract"),
            ("xs:ID", "unsupported"),
        ] {
            let r = check(&on("CommandVariant", ty));
            assert_eq!(outcome(&r, "duis.schema.header"), Outcome::Fail, "{ty}: {why}");
            assert!(messages(&r, "duis.schema.header").iter().any(|m| m.starts_with(&format!("xsi:type=\"{ty}\" on CommandVariant is refused"))), "{ty}: {:?}", messages(&r, "duis.schema.header"));
        }
    }

    fn xsi_type_on_built_in_and_derived_declarations() {
        // elements declared with a built-in type, a DUIS named restriction, and a simple type
        // extended by a complex one: their derived types are accepted when the value fits
        let docs: Vec<String> = (0..60u64).flat_map(|v| sample::request_body_elements().into_iter().filter_map(move |b| sample::request("8.2", 8, b, v))).collect();
        let find = |open: &str| docs.iter().find(|d| d.contains(open)).cloned();
        let xsi = "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xmlns:xs=\"http://www.w3.org/2001/XMLSchema\"";
        let mut tried = 0;
        // (element, an xsi:type derived from its declared type, one that is not): DayName is
        // declared sr:ElecDayName (sr:ElecReferencedDayName extends it with a required index),
        // StandingCharge xs:unsignedInt
        for (el, derived, extra, underived) in [
            ("DayName", "sr:ElecDayName", "", "xs:unsignedShort"),
            ("DayName", "sr:ElecReferencedDayName", " index=\"1\"", "sr:range_1_8"),
            ("StandingCharge", "xs:unsignedShort", "", "xs:int"),
            ("StandingCharge", "xs:unsignedInt", "", "xs:integer"),
        ] {
            let Some(doc) = find(&format!("<sr:{el}>")) else { continue };
            tried += 1;
            let with = |ty: &str, extra: &str| doc.replacen(&format!("<sr:{el}>"), &format!("<sr:{el} {xsi} xsi:type=\"{ty}\"{extra}>"), 1);
            let ok = with(derived, extra);
            assert!(schema_valid(&ok), "{el} as {derived}: {:?}", messages(&check(&ok), "duis.schema.body"));
            let bad = with(underived, "");
            assert!(!schema_valid(&bad), "{el} as {underived}");
            assert!(messages(&check(&bad), "duis.schema.body").iter().any(|m| m.contains("is not derived from the element's declared type")), "{el} as {underived}");
        }
        // a derived type whose value does not fit: 70000 is an xs:unsignedInt, not an xs:unsignedShort
        if let Some(doc) = find("<sr:StandingCharge>") {
            let start = doc.find("<sr:StandingCharge>").unwrap() + "<sr:StandingCharge>".len();
            let end = start + doc[start..].find('<').unwrap();
            let big = format!("{}70000{}", &doc[..start], &doc[end..]);
            assert!(schema_valid(&big));
            let as_short = big.replacen("<sr:StandingCharge>", &format!("<sr:StandingCharge {xsi} xsi:type=\"xs:unsignedShort\">"), 1);
            assert!(!schema_valid(&as_short), "70000 does not fit xs:unsignedShort");
        }
        assert_eq!(tried, 4, "the samples hold both elements");
    }
}
