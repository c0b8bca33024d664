//! Where in an input a finding points.

use serde::Serialize;

/// A place as a check records it: a byte offset into the source (XML) or a row/column (CSV),
/// plus an element path. Turned into a [`Location`] when the report is built.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Place {
    /// Byte offset into the input text, when the input is text with a source position.
    pub offset: Option<usize>,
    /// 1-based line, when already known (CSV rows).
    pub line: Option<u32>,
    /// 1-based column, when already known.
    pub column: Option<u32>,
    /// Element path, e.g. `/Request/Header/CommandVariant`.
    pub path: Option<String>,
}

impl Place {
    /// A byte offset plus an element path.
    pub fn at(offset: usize, path: impl Into<String>) -> Self {
        Self { offset: Some(offset), path: Some(path.into()), ..Self::default() }
    }

    /// A byte offset alone.
    pub fn offset(offset: usize) -> Self {
        Self { offset: Some(offset), ..Self::default() }
    }

    /// A line (and column) already known.
    pub fn line_col(line: u32, column: Option<u32>) -> Self {
        Self { line: Some(line), column, ..Self::default() }
    }
}

/// A location in the report (contract §2 `findings[].location`): 1-based line and column
/// (column counted in characters), and the element path for XML.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Location {
    /// 1-based line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    /// 1-based column, in characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<u32>,
    /// Element path.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
}

/// Maps byte offsets of a text to 1-based line and column.
pub(crate) struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Self { text, starts }
    }

    /// Line and column (characters) of a byte offset; offsets past the end clamp to the end.
    pub(crate) fn line_col(&self, offset: usize) -> (u32, u32) {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts.get(line - 1).copied().unwrap_or(0);
        let column = self.text.get(start..offset).map_or(offset - start, |s| s.chars().count()) + 1;
        (u32::try_from(line).unwrap_or(u32::MAX), u32::try_from(column).unwrap_or(u32::MAX))
    }

    pub(crate) fn resolve(&self, place: &Place) -> Location {
        let (line, column) = match (place.offset, place.line) {
            (Some(o), _) => {
                let (l, c) = self.line_col(o);
                (Some(l), Some(c))
            }
            (None, l) => (l, place.column),
        };
        Location { line, column, path: place.path.clone() }
    }
}

/// Line and column of a byte offset in possibly invalid UTF-8 (for decoding errors).
pub(crate) fn line_col_in_bytes(bytes: &[u8], offset: usize) -> (u32, u32) {
    let prefix = bytes.get(..offset).unwrap_or(bytes);
    let line = prefix.iter().filter(|&&b| b == b'\n').count() + 1;
    let start = prefix.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
    let col_bytes = prefix.get(start..).unwrap_or(&[]);
    let column = String::from_utf8_lossy(col_bytes).chars().count() + 1;
    (u32::try_from(line).unwrap_or(u32::MAX), u32::try_from(column).unwrap_or(u32::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_are_one_based_and_count_characters() {
        let idx = LineIndex::new("ab\ncé<x/>\n");
        assert_eq!(idx.line_col(0), (1, 1));
        assert_eq!(idx.line_col(3), (2, 1));
        assert_eq!(idx.line_col(6), (2, 3)); // after "cé" (é is two bytes)
    }

    #[test]
    fn byte_positions_in_invalid_utf8() {
        assert_eq!(line_col_in_bytes(b"<a>\n  \xff</a>", 6), (2, 3));
    }
}
