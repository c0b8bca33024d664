//! A small argument parser: `--name VALUE` options (repeatable), `--flag`s, positionals.

use crate::Fatal;
use sec_rules::Date;

/// Parsed arguments of one subcommand.
pub struct Args {
    values: Vec<(String, String)>,
    flags: Vec<String>,
    /// Positional arguments (files).
    pub files: Vec<String>,
}

impl Args {
    /// Parses `argv` given the option names that take a value and the flag names.
    pub fn parse(argv: &[String], with_value: &[&str], flags: &[&str]) -> Result<Self, Fatal> {
        let mut a = Args { values: Vec::new(), flags: Vec::new(), files: Vec::new() };
        let mut it = argv.iter();
        while let Some(arg) = it.next() {
            if arg == "--" {
                a.files.extend(it.by_ref().cloned());
            } else if let Some((name, v)) = arg.split_once('=').filter(|(n, _)| with_value.contains(n)) {
                a.values.push((name.to_owned(), v.to_owned()));
            } else if with_value.contains(&arg.as_str()) {
                let v = it.next().ok_or_else(|| Fatal(format!("option {arg} needs a value")))?;
                a.values.push((arg.clone(), v.clone()));
            } else if flags.contains(&arg.as_str()) {
                a.flags.push(arg.clone());
            } else if arg.starts_with("--") {
                return Err(Fatal(format!("unknown option {arg}")));
            } else {
                a.files.push(arg.clone());
            }
        }
        Ok(a)
    }

    /// The last value of an option.
    pub fn value(&self, name: &str) -> Option<&str> {
        self.values.iter().rev().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    /// Every value of a repeatable option.
    pub fn values(&self, name: &str) -> Vec<&str> {
        self.values.iter().filter(|(n, _)| n == name).map(|(_, v)| v.as_str()).collect()
    }

    /// Whether a flag is set.
    pub fn flag(&self, name: &str) -> bool {
        self.flags.iter().any(|f| f == name)
    }

    /// `--as-of`, or today (UTC).
    pub fn as_of(&self) -> Result<Date, Fatal> {
        match self.value("--as-of") {
            Some(s) => Date::parse(s).ok_or_else(|| Fatal(format!("--as-of: \"{s}\" is not a date YYYY-MM-DD"))),
            None => {
                let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
                Ok(Date::from_days_since_epoch(i64::try_from(secs / 86_400).unwrap_or(0)))
            }
        }
    }

    /// `--format`, checked against the allowed names.
    pub fn format(&self, allowed: &[&'static str]) -> Result<&'static str, Fatal> {
        let f = self.value("--format").unwrap_or("text");
        allowed.iter().copied().find(|a| *a == f).ok_or_else(|| Fatal(format!("--format: \"{f}\" is not one of {}", allowed.join(", "))))
    }
}
