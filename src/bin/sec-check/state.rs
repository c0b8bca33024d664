//! The ADT sequence-number state (`--state FILE`): read strictly, written atomically — a
//! temporary file in the same folder, synced, the previous state copied to `FILE.bak`, then
//! renamed over — so a full disk or a crash never leaves a cut-off file, and the replay
//! protection it holds is never lost.

use crate::Failure;
use sec_rules::tadp::SequenceState;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Reads the state; a missing file is an empty state, a corrupt one an error naming the place.
pub fn read(path: &str) -> Result<SequenceState, Failure> {
    match std::fs::read(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(SequenceState::new()),
        Err(e) => Err(Failure::Io(format!("--state {path}: cannot read: {e}"))),
        Ok(b) => serde_json::from_slice(&b).map_err(|e| {
            Failure::Usage(format!(
                "--state {path}: line {} column {}: {e} (expected {{ \"<User ID>\": <last accepted sequence number> }}; the file is left as it is)",
                e.line(),
                e.column()
            ))
        }),
    }
}

fn temp_path(path: &Path) -> PathBuf {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "state".into());
    path.with_file_name(format!(".{name}.{}.tmp", std::process::id()))
}

/// Writes `state` to `path` atomically, keeping the previous file as `path.bak`. `create`
/// opens the temporary file (a test passes one that fails).
pub fn write_with<W: Write>(
    path: &Path,
    state: &SequenceState,
    create: impl FnOnce(&Path) -> std::io::Result<W>,
    sync: impl FnOnce(W) -> std::io::Result<()>,
) -> Result<(), Failure> {
    let shown = path.display();
    let text = serde_json::to_string_pretty(state).map_err(|e| Failure::Io(e.to_string()))? + "\n";
    let tmp = temp_path(path);
    let attempt = (|| -> std::io::Result<()> {
        let mut w = create(&tmp)?;
        w.write_all(text.as_bytes())?;
        sync(w)?;
        if path.exists() {
            let mut bak = path.as_os_str().to_owned();
            bak.push(".bak");
            std::fs::copy(path, PathBuf::from(bak))?;
        }
        std::fs::rename(&tmp, path)?;
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            // the rename itself survives a crash once the folder is synced (best effort)
            let _ = std::fs::File::open(dir).and_then(|d| d.sync_all());
        }
        Ok(())
    })();
    attempt.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        Failure::Io(format!("--state {shown}: cannot write the new state ({e}); the previous state is unchanged"))
    })
}

/// Writes `state` to `path` atomically (see [`write_with`]).
pub fn write(path: &str, state: &SequenceState) -> Result<(), Failure> {
    write_with(Path::new(path), state, |p| std::fs::File::create(p), |f| f.sync_all())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A writer that fails after `left` bytes, as a full disk does.
    struct Full {
        left: usize,
    }

    impl Write for Full {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            if self.left == 0 {
                return Err(std::io::Error::other("No space left on device"));
            }
            let n = buf.len().min(self.left);
            self.left -= n;
            Ok(n)
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_failing_write_leaves_the_old_state_whole() {
        let dir = std::env::temp_dir().join(format!("sec-check-state-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("state.json");
        let mut old = SequenceState::new();
        old.insert("90-B3-D5-1F-30-01-00-00".into(), 7);
        write(path.to_str().unwrap(), &old).unwrap();
        let before = std::fs::read(&path).unwrap();
        let mut new = old.clone();
        new.insert("90-B3-D5-1F-30-01-00-00".into(), 8);
        let err = write_with(&path, &new, |_| Ok(Full { left: 10 }), |_| Ok(())).unwrap_err();
        assert!(matches!(err, Failure::Io(ref m) if m.contains("previous state is unchanged")));
        assert_eq!(std::fs::read(&path).unwrap(), before, "the old state survives");
        assert_eq!(read(path.to_str().unwrap()).unwrap(), old);
        assert!(!temp_path(&path).exists(), "no temporary file left behind");
        // a good write keeps the previous state as .bak
        write(path.to_str().unwrap(), &new).unwrap();
        assert_eq!(read(path.to_str().unwrap()).unwrap(), new);
        assert_eq!(std::fs::read(dir.join("state.json.bak")).unwrap(), before);
    }
}
