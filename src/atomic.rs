//! Atomic file writes: write to a temporary file beside the target, then rename.

use std::io::Write;
use std::path::Path;

/// Writes `bytes` to `path` so that readers see the old file or the new one, never a half-written one.
///
/// Parent folders are created as needed.
///
/// ```
/// let dir = tempfile::tempdir().unwrap();
/// let p = dir.path().join("a/b.txt");
/// frontline::atomic::write(&p, b"one").unwrap();
/// frontline::atomic::write(&p, b"two").unwrap();
/// assert_eq!(std::fs::read(&p).unwrap(), b"two");
/// ```
pub fn write(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut tmp = temp_beside(path)?;
    // Through the plain file, so an error is the system's own (no temporary path in it).
    tmp.as_file_mut().write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Like [`write()`], with the content written by `body` through a buffer as it is made,
/// so a large file never has to be held in memory whole.
///
/// ```
/// use std::io::Write;
/// let dir = tempfile::tempdir().unwrap();
/// let p = dir.path().join("lines.txt");
/// frontline::atomic::write_with(&p, |w| (0..3).try_for_each(|i| writeln!(w, "{i}"))).unwrap();
/// assert_eq!(std::fs::read_to_string(&p).unwrap(), "0\n1\n2\n");
/// ```
pub fn write_with(
    path: &Path,
    body: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let mut tmp = temp_beside(path)?;
    {
        let mut w = std::io::BufWriter::with_capacity(1 << 20, tmp.as_file_mut());
        body(&mut w)?;
        w.flush()?;
    }
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// A temporary file in the folder of `path` (created as needed), to be persisted as
/// `path` once complete; readable by all like any other output (mode 0644 on Unix).
pub fn temp_beside(path: &Path) -> std::io::Result<tempfile::NamedTempFile> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir)?;
    let mut b = tempfile::Builder::new();
    b.prefix(".frontline-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        b.permissions(std::fs::Permissions::from_mode(0o644));
    }
    b.tempfile_in(dir)
}

#[cfg(all(test, unix))]
mod tests {
    #[test]
    fn outputs_are_readable_by_all() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.geojson");
        super::write(&p, b"{}").unwrap();
        let mode = std::fs::metadata(&p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode & 0o444, 0o444, "{mode:o}");
    }
}
