//! Arguments: each subcommand declares its options once ([`Opt`]); the parser, the help text
//! and the "did you mean" suggestions all come from that declaration.

use crate::Failure;
use sec_rules::Date;

/// One option of a subcommand.
pub struct Opt {
    /// `--name`.
    pub name: &'static str,
    /// `-x`, if it has a short form.
    pub short: Option<char>,
    /// The value's placeholder (`FILE`, `DATE`…); `None` for a flag.
    pub value: Option<&'static str>,
    /// What it does, with its default.
    pub help: &'static str,
}

/// Options every checking subcommand takes (duis, adt, eligibility, check).
pub const OUTPUT: &[Opt] = &[
    Opt { name: "--as-of", short: None, value: Some("DATE"), help: "evaluate the rules in force on DATE (YYYY-MM-DD); default: today (UTC)" },
    Opt {
        name: "--format",
        short: Some('f'),
        value: Some("FORMAT"),
        help: "text (default), json (JSON Lines: one report per file, contract §2), sarif (SARIF 2.1.0 for code scanning) or csv (one row per finding)",
    },
    Opt { name: "--output", short: Some('o'), value: Some("FILE"), help: "write the reports to FILE instead of standard output" },
    Opt {
        name: "--sarif-root",
        short: None,
        value: Some("DIR"),
        help: "sarif: files under DIR are given relative to it (uriBaseId %SRCROOT%), others as file:// URIs; default: the working directory",
    },
    Opt { name: "--quiet", short: Some('q'), value: None, help: "text: print only files that are not accepted, and no tally" },
    Opt { name: "--verbose", short: Some('v'), value: None, help: "text: print every finding under each file (not-evaluated runs folded into one line)" },
    Opt { name: "--color", short: None, value: Some("WHEN"), help: "auto (default: colour on a terminal unless NO_COLOR is set), always or never" },
    Opt {
        name: "--fail-on",
        short: None,
        value: Some("WHAT"),
        help: "incomplete (default: exit 1 if any file is rejected or incomplete) or rejected (exit 1 only if one is rejected)",
    },
    Opt {
        name: "--detailed-exit-codes",
        short: None,
        value: None,
        help: "exit 1 only for a rejected file and 3 when none is rejected but some are incomplete",
    },
    Opt { name: "--help", short: Some('h'), value: None, help: "print this help" },
];

/// Parsed arguments of one subcommand.
#[derive(Debug, Default)]
pub struct Args {
    values: Vec<(&'static str, String)>,
    flags: Vec<&'static str>,
    /// Positional arguments (files; `-` is standard input).
    pub files: Vec<String>,
}

/// Levenshtein distance, for suggestions.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev.get(j).copied().unwrap_or(0) + usize::from(ca != *cb);
            let del = prev.get(j + 1).copied().unwrap_or(0) + 1;
            let ins = cur.get(j).copied().unwrap_or(0) + 1;
            cur.push(sub.min(del).min(ins));
        }
        prev = cur;
    }
    prev.last().copied().unwrap_or(0)
}

/// The nearest of `candidates` to `word`, when near enough to be a typo.
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates.into_iter().map(|c| (distance(word, c), c)).filter(|(d, c)| *d <= 2.max(c.len() / 4)).min_by_key(|(d, _)| *d).map(|(_, c)| c)
}

fn did_you_mean(word: &str, candidates: impl IntoIterator<Item = &'static str>) -> String {
    nearest(word, candidates).map(|c| format!(" (did you mean {c}?)")).unwrap_or_default()
}

impl Args {
    /// Parses `argv` against the subcommand's options. `-h`/`--help` anywhere is reported as
    /// `Ok(None)`.
    pub fn parse(argv: &[String], specs: &[&[Opt]]) -> Result<Option<Self>, Failure> {
        let all = || specs.iter().flat_map(|s| s.iter());
        let mut a = Args::default();
        let mut it = argv.iter();
        while let Some(arg) = it.next() {
            if arg == "--" {
                a.files.extend(it.by_ref().cloned());
                break;
            }
            if arg == "-" || !arg.starts_with('-') {
                a.files.push(arg.clone());
                continue;
            }
            let (word, inline) = match arg.split_once('=') {
                Some((w, v)) if arg.starts_with("--") => (w, Some(v.to_owned())),
                _ => (arg.as_str(), None),
            };
            let spec = if let Some(long) = word.strip_prefix("--") {
                all().find(|o| o.name.get(2..) == Some(long))
            } else {
                let mut chars = word.chars().skip(1);
                match (chars.next(), chars.next()) {
                    (Some(c), None) => all().find(|o| o.short == Some(c)),
                    _ => None,
                }
            };
            let Some(spec) = spec else {
                let names = all().map(|o| o.name);
                return Err(Failure::Usage(format!("unknown option {word}{}", did_you_mean(word, names))));
            };
            if spec.name == "--help" {
                return Ok(None);
            }
            match spec.value {
                Some(meta) => {
                    let v = match inline {
                        Some(v) => v,
                        None => it.next().cloned().ok_or_else(|| Failure::Usage(format!("option {} needs a value ({meta})", spec.name)))?,
                    };
                    a.values.push((spec.name, v));
                }
                None if inline.is_some() => return Err(Failure::Usage(format!("option {} takes no value", spec.name))),
                None => a.flags.push(spec.name),
            }
        }
        Ok(Some(a))
    }

    /// The last value of an option.
    pub fn value(&self, name: &str) -> Option<&str> {
        self.values.iter().rev().find(|(n, _)| *n == name).map(|(_, v)| v.as_str())
    }

    /// Every value of a repeatable option.
    pub fn values(&self, name: &str) -> Vec<&str> {
        self.values.iter().filter(|(n, _)| *n == name).map(|(_, v)| v.as_str()).collect()
    }

    /// Whether a flag is set.
    pub fn flag(&self, name: &str) -> bool {
        self.flags.contains(&name)
    }

    /// `--as-of`, or today (UTC).
    pub fn as_of(&self) -> Result<Date, Failure> {
        match self.value("--as-of") {
            Some(s) => Date::parse(s).ok_or_else(|| Failure::Usage(format!("--as-of: \"{s}\" is not a date YYYY-MM-DD"))),
            None => {
                let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
                Ok(Date::from_days_since_epoch(i64::try_from(secs / 86_400).unwrap_or(0)))
            }
        }
    }

    /// An option's value checked against the allowed words (`default` when absent).
    pub fn choice(&self, name: &str, allowed: &[&'static str], default: &'static str) -> Result<&'static str, Failure> {
        let v = self.value(name).unwrap_or(default);
        allowed
            .iter()
            .copied()
            .find(|a| *a == v)
            .ok_or_else(|| Failure::Usage(format!("{name}: \"{v}\" is not one of {}{}", allowed.join(", "), did_you_mean(v, allowed.iter().copied()))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: &[Opt] = &[Opt { name: "--trust", short: None, value: Some("PATH"), help: "" }, Opt { name: "--all", short: None, value: None, help: "" }];

    fn parse(v: &[&str]) -> Result<Option<Args>, Failure> {
        Args::parse(&v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>(), &[SPEC, OUTPUT])
    }

    #[test]
    fn short_long_inline_values_stdin_and_end_of_options() {
        let a = parse(&["-f", "json", "--trust=a.pem", "--trust", "b", "--all", "-", "x.xml", "--", "-weird.xml"]).unwrap().unwrap();
        assert_eq!(a.value("--format"), Some("json"));
        assert_eq!(a.values("--trust"), ["a.pem", "b"]);
        assert!(a.flag("--all"));
        assert_eq!(a.files, ["-", "x.xml", "-weird.xml"]);
        assert!(parse(&["x", "-h"]).unwrap().is_none());
    }

    #[test]
    fn unknown_options_suggest_the_nearest() {
        let Err(Failure::Usage(m)) = parse(&["--trsut", "x"]) else { panic!() };
        assert!(m.contains("did you mean --trust?"), "{m}");
        let Err(Failure::Usage(m)) = parse(&["-x"]) else { panic!() };
        assert!(m.contains("unknown option -x"), "{m}");
        let Err(Failure::Usage(m)) = parse(&["--all=yes"]) else { panic!() };
        assert!(m.contains("takes no value"));
        assert_eq!(nearest("dius", ["duis", "adt", "rules"]), Some("duis"));
        assert_eq!(nearest("zzzzzz", ["duis", "adt"]), None);
    }
}
