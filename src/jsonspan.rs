//! Where things are in a JSON file that serde has already accepted: the byte offset of each
//! item of a top-level array (`"users": [ {…}, {…} ]`), so a fault found after parsing (an
//! entry with no User ID, an ID in two Users) can name its line and column. serde_json keeps
//! no positions for values; this scanner only skips strings and counts brackets.

/// Byte offsets of the items of the array under the top-level key `key`, in order. Empty
/// when the key is absent or not an array.
pub fn array_items(text: &str, key: &str) -> Vec<usize> {
    let b = text.as_bytes();
    let mut depth = 0usize;
    let mut i = 0usize;
    let mut wanted_key = false;
    while let Some(&c) = b.get(i) {
        match c {
            b'"' => {
                let end = string_end(b, i);
                if depth == 1 {
                    let s = text.get(i + 1..end.saturating_sub(1)).unwrap_or("");
                    let after = skip_ws(b, end);
                    if b.get(after) == Some(&b':') {
                        wanted_key = s == key;
                        i = after + 1;
                        continue;
                    }
                }
                i = end;
            }
            b'{' | b'[' => {
                depth += 1;
                if depth == 2 && c == b'[' && wanted_key {
                    return items(b, i + 1);
                }
                i += 1;
            }
            b'}' | b']' => {
                depth = depth.saturating_sub(1);
                i += 1;
            }
            _ => i += 1,
        }
    }
    Vec::new()
}

/// The items of the array whose first byte after `[` is at `start`.
fn items(b: &[u8], start: usize) -> Vec<usize> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut i = skip_ws(b, start);
    if b.get(i) != Some(&b']') {
        out.push(i);
    }
    while let Some(&c) = b.get(i) {
        match c {
            b'"' => i = string_end(b, i),
            b'{' | b'[' => {
                depth += 1;
                i += 1;
            }
            b'}' | b']' if depth == 0 => return out,
            b'}' | b']' => {
                depth -= 1;
                i += 1;
            }
            b',' if depth == 0 => {
                i = skip_ws(b, i + 1);
                out.push(i);
            }
            _ => i += 1,
        }
    }
    out
}

/// The offset just past the string starting at `i` (a `"`).
fn string_end(b: &[u8], i: usize) -> usize {
    let mut j = i + 1;
    while let Some(&c) = b.get(j) {
        match c {
            b'\\' => j += 2,
            b'"' => return j + 1,
            _ => j += 1,
        }
    }
    j
}

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while b.get(i).is_some_and(|c| matches!(c, b' ' | b'\t' | b'\n' | b'\r')) {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_each_item_of_a_top_level_array() {
        let t = "{ \"a\": {\"users\": [9]}, \"s\": \"users\\\"\",\n  \"users\": [ {\"x\": [1, {\"y\": \"]\"}]},\n   {\"z\": \"a,b\"} , 3 ] }";
        let at = array_items(t, "users");
        assert_eq!(at.len(), 3);
        assert!(t[at[0]..].starts_with("{\"x\""));
        assert!(t[at[1]..].starts_with("{\"z\""));
        assert!(t[at[2]..].starts_with('3'));
        assert!(array_items(t, "devices").is_empty());
        assert!(array_items("{\"users\": []}", "users").is_empty());
    }
}
