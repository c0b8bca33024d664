//! Where a SARIF result's file is, as SARIF 2.1.0 (§3.4, §3.14.14) wants it: a file under the
//! run's root is a relative reference with `uriBaseId` `%SRCROOT%` (the root itself given in
//! `originalUriBaseIds` as a `file://` URI); any other file an absolute `file://` URI; a name
//! with no place on disk (the page's files, standard input) a relative reference alone. Every
//! URI is percent-encoded (RFC 3986: only unreserved characters and `/` are left as they are).
//! Pure string work: the CLI gives the directories, the library reads nothing.

use serde_json::{json, Value};

/// The directories a log's file names are read against (absolute, `/`-separated; a Windows
/// drive path `C:\…` is read as `/C:/…`).
#[derive(Debug, Clone, Copy)]
pub struct SarifPaths<'a> {
    /// What a relative file name is relative to: the working directory.
    pub cwd: &'a str,
    /// The root results are given relative to (`%SRCROOT%`): the working directory, or `--sarif-root`.
    pub root: &'a str,
}

/// The base id of the root.
pub const SRCROOT: &str = "%SRCROOT%";

/// `text` percent-encoded, keeping unreserved characters and `/`.
pub fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A path as absolute `/`-separated segments, `.` and `..` resolved; `None` for a relative one.
fn segments(path: &str) -> Option<Vec<&str>> {
    let drive = path.as_bytes().get(1) == Some(&b':') && path.as_bytes().first().is_some_and(u8::is_ascii_alphabetic);
    if !path.starts_with('/') && !drive {
        return None;
    }
    let mut out: Vec<&str> = Vec::new();
    for s in path.split(['/', '\\']) {
        match s {
            "" | "." => {}
            ".." => {
                out.pop();
            }
            s => out.push(s),
        }
    }
    Some(out)
}

fn join(base: &str, name: &str) -> Vec<String> {
    let mut all = segments(base).unwrap_or_default().into_iter().map(str::to_owned).collect::<Vec<_>>();
    for s in name.split(['/', '\\']) {
        match s {
            "" | "." => {}
            ".." => {
                all.pop();
            }
            s => all.push(s.to_owned()),
        }
    }
    all
}

fn file_uri(segs: &[String]) -> String {
    let path: Vec<String> = segs.iter().map(|s| encode(s)).collect();
    format!("file:///{}", path.join("/"))
}

/// The `artifactLocation` of `file`.
pub fn artifact(file: &str, paths: Option<&SarifPaths<'_>>) -> Value {
    let Some(p) = paths else {
        return json!({ "uri": encode(file) });
    };
    if file == "-" || file == "<stdin>" {
        return json!({ "uri": "stdin" });
    }
    let abs: Vec<String> = match segments(file) {
        Some(s) => s.into_iter().map(str::to_owned).collect(),
        None => join(p.cwd, file),
    };
    let root: Vec<String> = join(p.root, "");
    if abs.len() > root.len() && abs.starts_with(&root) {
        let rel: Vec<String> = abs.iter().skip(root.len()).map(|s| encode(s)).collect();
        return json!({ "uri": rel.join("/"), "uriBaseId": SRCROOT });
    }
    json!({ "uri": file_uri(&abs) })
}

/// `originalUriBaseIds` for the run: the root as a `file://` URI ending in `/`.
pub fn base_ids(paths: &SarifPaths<'_>) -> Value {
    json!({ SRCROOT: { "uri": format!("{}/", file_uri(&join(paths.root, ""))) } })
}

#[cfg(test)]
mod tests {
    use super::*;

    const P: SarifPaths<'static> = SarifPaths { cwd: "/work/ci", root: "/work/ci" };

    #[test]
    fn under_the_root_relative_elsewhere_absolute_always_encoded() {
        assert_eq!(artifact("requests/x.xml", Some(&P)), json!({ "uri": "requests/x.xml", "uriBaseId": "%SRCROOT%" }));
        assert_eq!(artifact("/work/ci/requests/a b#1%.xml", Some(&P)), json!({ "uri": "requests/a%20b%231%25.xml", "uriBaseId": "%SRCROOT%" }));
        assert_eq!(artifact("./requests/../requests/x.xml", Some(&P)), json!({ "uri": "requests/x.xml", "uriBaseId": "%SRCROOT%" }));
        assert_eq!(artifact("/tmp/élan.xml", Some(&P)), json!({ "uri": "file:///tmp/%C3%A9lan.xml" }));
        assert_eq!(artifact("../other/x.xml", Some(&P)), json!({ "uri": "file:///work/other/x.xml" }));
        assert_eq!(
            artifact("/work/cix/y.xml", Some(&P)),
            json!({ "uri": "file:///work/cix/y.xml" }),
            "a sibling with the root's name as prefix is not under it"
        );
        assert_eq!(artifact("C:\\ci\\x.xml", Some(&P)), json!({ "uri": "file:///C%3A/ci/x.xml" }));
        assert_eq!(artifact("-", Some(&P)), json!({ "uri": "stdin" }));
        let other = SarifPaths { cwd: "/work/ci", root: "/work" };
        assert_eq!(artifact("requests/x.xml", Some(&other)), json!({ "uri": "ci/requests/x.xml", "uriBaseId": "%SRCROOT%" }));
        assert_eq!(base_ids(&P), json!({ "%SRCROOT%": { "uri": "file:///work/ci/" } }));
        // the page's names: relative references, encoded
        assert_eq!(artifact("day/a b.xml", None), json!({ "uri": "day/a%20b.xml" }));
    }
}
