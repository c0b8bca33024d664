//! CSV records with their 1-based line numbers, read through any `io::Read` without keeping
//! the text. The csv crate places a record where it began reading — before any blank lines it
//! skipped, and with CRLF on the `\n` of the previous line — so its positions do not give the
//! line. The reader is tapped instead: it notes where each non-blank line starts, and a record's
//! line is that of the first non-blank line at or after the record's position. Used by `tadp`
//! and `etmad`.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::io::Read;
use std::rc::Rc;

/// Where a non-blank line starts, and its number.
type LineStart = (u64, u32);

/// The longest line read (a record longer than this is not a CSV file sec-rules reads, and an
/// endless input such as `/dev/zero` must not be buffered whole).
pub const MAX_LINE: u64 = 1 << 20;

/// Notes the start of every non-blank line; the queue holds only lines read ahead of the parser.
struct LineTap<R> {
    inner: R,
    pos: u64,
    /// Where the current line began.
    line_start: u64,
    line: u32,
    /// At the start of a line, or after a lone `\r` there (the line may still be blank).
    at_start: bool,
    pending_cr: Option<u64>,
    starts: Rc<RefCell<VecDeque<LineStart>>>,
}

impl<R: Read> Read for LineTap<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let mut q = self.starts.borrow_mut();
        let data = buf.get(..n).unwrap_or_default();
        let mut i = 0;
        while i < data.len() {
            if !self.at_start {
                // inside a line: only its end matters
                match data.get(i..).and_then(|rest| rest.iter().position(|&b| b == b'\n')) {
                    Some(k) => {
                        i += k + 1;
                        self.line += 1;
                        self.at_start = true;
                        self.line_start = self.pos + i as u64;
                        continue;
                    }
                    None => {
                        if self.pos + n as u64 - self.line_start > MAX_LINE {
                            return Err(std::io::Error::other(format!("line {} is longer than {} bytes", self.line, MAX_LINE)));
                        }
                        break;
                    }
                }
            }
            let Some(&b) = data.get(i) else { break };
            let at = self.pos + i as u64;
            i += 1;
            if self.at_start {
                match (b, self.pending_cr) {
                    (b'\n', _) => {
                        self.pending_cr = None;
                        self.line += 1;
                        self.line_start = self.pos + i as u64;
                        continue;
                    }
                    (b'\r', None) => {
                        self.pending_cr = Some(at);
                        continue;
                    }
                    (_, cr) => {
                        q.push_back((cr.unwrap_or(at), self.line));
                        self.pending_cr = None;
                        self.at_start = false;
                    }
                }
            }
            if b == b'\n' {
                self.line += 1;
                self.at_start = true;
                self.line_start = self.pos + i as u64;
            }
        }
        self.pos += n as u64;
        Ok(n)
    }
}

/// A CSV reader (flexible rows, fields trimmed) that knows each record's line.
pub struct Rows<'a> {
    reader: csv::Reader<Box<dyn Read + 'a>>,
    starts: Rc<RefCell<VecDeque<LineStart>>>,
    line: u32,
}

impl<'a> Rows<'a> {
    /// Reads CSV from `src`, fields trimmed.
    pub fn new(src: Box<dyn Read + 'a>) -> Self {
        Self::with_trim(src, csv::Trim::All)
    }

    /// Reads CSV from `src` leaving fields as written, for a reader that trims only the
    /// fields it uses (faster on large files).
    pub fn untrimmed(src: Box<dyn Read + 'a>) -> Self {
        Self::with_trim(src, csv::Trim::None)
    }

    fn with_trim(src: Box<dyn Read + 'a>, trim: csv::Trim) -> Self {
        let starts = Rc::new(RefCell::new(VecDeque::new()));
        let tap = LineTap { inner: src, pos: 0, line_start: 0, line: 1, at_start: true, pending_cr: None, starts: Rc::clone(&starts) };
        let tap: Box<dyn Read + 'a> = Box::new(tap);
        let reader = csv::ReaderBuilder::new().flexible(true).trim(trim).from_reader(tap);
        Self { reader, starts, line: 1 }
    }

    /// The header row.
    pub fn headers(&mut self) -> Result<csv::StringRecord, String> {
        self.reader.headers().cloned().map_err(|e| e.to_string())
    }

    /// The line of the first non-blank line starting at or after `byte`.
    fn line_at(&mut self, byte: u64) -> u32 {
        let mut q = self.starts.borrow_mut();
        while q.front().is_some_and(|&(start, _)| start < byte) {
            q.pop_front();
        }
        if let Some(&(_, line)) = q.front() {
            self.line = line;
        }
        self.line
    }

    /// The next record and its line; `Ok(None)` at the end; `Err((line, message))` when the
    /// rest of the input is not readable CSV.
    pub fn next_record(&mut self, rec: &mut csv::StringRecord) -> Result<Option<u32>, (u32, String)> {
        match self.reader.read_record(rec) {
            Ok(false) => Ok(None),
            Ok(true) => Ok(Some(rec.position().map_or(self.line, |p| self.line_at(p.byte())))),
            Err(e) => {
                let line = e.position().map_or(self.line, |p| self.line_at(p.byte()));
                Err((line, e.to_string()))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Rows;

    #[test]
    fn an_endless_line_is_refused_at_the_cap() {
        let endless = std::io::Read::take(std::io::repeat(b'a'), 3 * super::MAX_LINE);
        let mut rows = Rows::new(Box::new(endless));
        let e = rows.headers().unwrap_err();
        assert!(e.contains("longer than"), "{e}");
    }

    #[test]
    fn lines_count_crlf_blank_lines_and_quoted_newlines() {
        let text = "a,b\r\n1,2\r\n\r\n\"x\ny\",3\r\n4,5\r\n";
        let mut rows = Rows::new(Box::new(text.as_bytes()));
        assert_eq!(rows.headers().unwrap().len(), 2);
        let mut rec = csv::StringRecord::new();
        let mut lines = Vec::new();
        while let Some(l) = rows.next_record(&mut rec).unwrap() {
            lines.push(l);
        }
        assert_eq!(lines, [2, 4, 6]);
        // the same file with LF endings gives the same lines
        let mut rows = Rows::new(Box::new(text.replace("\r\n", "\n").into_bytes().leak() as &[u8]));
        rows.headers().unwrap();
        let mut lf = Vec::new();
        while let Some(l) = rows.next_record(&mut rec).unwrap() {
            lf.push(l);
        }
        assert_eq!(lf, [2, 4, 6]);
    }
}
