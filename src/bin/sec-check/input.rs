//! Input files: folders walked (sorted), `-` for standard input, every read capped at the
//! kind's limit + 1 byte so an endless or huge input is refused at once in constant memory.

use std::io::Read;
use std::path::{Path, PathBuf};

/// Where an input comes from.
#[derive(Debug, Clone)]
pub enum Source {
    /// A file.
    Path(PathBuf),
    /// Standard input (`-`).
    Stdin,
}

/// One input, named as the user gave it (or as found in a folder).
#[derive(Debug, Clone)]
pub struct Item {
    /// The name reports use.
    pub name: String,
    /// Where to read it.
    pub source: Source,
}

/// Largest inputs read whole, by kind (the XML limit comes from the catalogue).
pub const ADT_MAX: u64 = 64 << 20;
/// Largest JSON input (context, models, state).
pub const JSON_MAX: u64 = 64 << 20;
/// Largest certificate file.
pub const CERT_MAX: u64 = 1 << 20;
/// Largest inventory read from standard input (files are streamed from disk).
pub const STDIN_INVENTORY_MAX: u64 = 1 << 30;
/// How much of a file `check` reads to tell its kind.
pub const SNIFF: u64 = 64 << 10;

/// The inputs named on the command line: files as given, folders walked recursively in name
/// order (hidden entries skipped). A folder that holds no file is reported in `notes`.
pub fn expand(args: &[String], notes: &mut Vec<String>) -> Vec<Item> {
    let mut out = Vec::new();
    for a in args {
        if a == "-" {
            out.push(Item { name: "-".into(), source: Source::Stdin });
            continue;
        }
        let p = Path::new(a);
        if p.is_dir() {
            let before = out.len();
            walk(p, &mut out, notes);
            if out.len() == before {
                notes.push(format!("{a}: a folder with no file in it"));
            }
        } else {
            out.push(Item { name: a.clone(), source: Source::Path(p.to_path_buf()) });
        }
    }
    out
}

fn walk(dir: &Path, out: &mut Vec<Item>, notes: &mut Vec<String>) {
    let mut entries: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(rd) => rd.filter_map(Result::ok).map(|e| e.path()).collect(),
        Err(e) => {
            notes.push(format!("{}: cannot list the folder: {e}", dir.display()));
            return;
        }
    };
    entries.sort();
    for p in entries {
        if p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with('.')) {
            continue;
        }
        if p.is_dir() {
            walk(&p, out, notes);
        } else {
            out.push(Item { name: p.display().to_string(), source: Source::Path(p) });
        }
    }
}

/// Opens an input for reading.
pub fn open(item: &Item) -> Result<Box<dyn Read>, String> {
    match &item.source {
        Source::Stdin => Ok(Box::new(std::io::stdin())),
        Source::Path(p) => {
            if p.is_dir() {
                return Err("is a folder".into());
            }
            std::fs::File::open(p).map(|f| Box::new(f) as Box<dyn Read>).map_err(|e| format!("cannot read: {e}"))
        }
    }
}

/// Reads at most `max` bytes from `r` into `buf`; `Err` when there is more (or it cannot be read).
pub fn read_capped(r: &mut dyn Read, buf: &mut Vec<u8>, max: u64, what: &str) -> Result<(), String> {
    let room = (max + 1).saturating_sub(buf.len() as u64);
    r.take(room).read_to_end(buf).map_err(|e| format!("cannot read: {e}"))?;
    if buf.len() as u64 > max {
        return Err(format!("larger than the {} limit for {what}: refused unread", size(max)));
    }
    Ok(())
}

/// Reads a whole input of at most `max` bytes.
pub fn read(item: &Item, max: u64, what: &str) -> Result<Vec<u8>, String> {
    let mut r = open(item)?;
    let mut buf = Vec::new();
    read_capped(&mut *r, &mut buf, max, what)?;
    Ok(buf)
}

/// A byte count for messages.
pub fn size(n: u64) -> String {
    if n >= 1 << 20 && n % (1 << 20) == 0 {
        format!("{} MiB", n >> 20)
    } else if n >= 1 << 10 && n % (1 << 10) == 0 {
        format!("{} KiB", n >> 10)
    } else {
        format!("{n} bytes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_are_refused_past_the_cap_without_reading_on() {
        let mut endless = std::io::repeat(0);
        let mut buf = Vec::new();
        let e = read_capped(&mut endless, &mut buf, 1000, "a DUIS document").unwrap_err();
        assert!(e.contains("limit for a DUIS document"), "{e}");
        assert_eq!(buf.len(), 1001, "one byte past the cap, no more");
        let mut small: &[u8] = b"abc";
        let mut buf = Vec::new();
        read_capped(&mut small, &mut buf, 3, "x").unwrap();
        assert_eq!(buf, b"abc");
        assert_eq!(size(4 << 20), "4 MiB");
    }
}
