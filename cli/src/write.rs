//! Output files: checked before any long work, then replaced atomically.

use std::fs;
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

use crate::error::{Error, Result};

/// The directory a file will be written into (`.` for a bare file name).
fn parent(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Checks, before any long work, that `path` can be written: its directory exists and it
/// is not itself a directory. `what` names the option for the message.
pub fn check_writable(path: &str, what: &str) -> Result<()> {
    let p = Path::new(path);
    if p.file_name().is_none() || p.is_dir() {
        return Err(Error::input(format!(
            "{what} {path}: is a directory, not a file name"
        )));
    }
    if !parent(p).is_dir() {
        return Err(Error::input(format!(
            "{what} {path}: the directory {} does not exist",
            parent(p).display()
        )));
    }
    Ok(())
}

/// What makes two paths the same file: the device and inode of the file they resolve to
/// (through links, hard or symbolic), or for a file that does not exist yet the path it
/// would be created at.
#[derive(PartialEq, Eq)]
enum Identity {
    #[cfg(unix)]
    Inode(u64, u64),
    Path(PathBuf),
}

fn identity(path: &str) -> Option<Identity> {
    #[cfg(unix)]
    if let Ok(m) = fs::metadata(path) {
        use std::os::unix::fs::MetadataExt;
        return Some(Identity::Inode(m.dev(), m.ino()));
    }
    resolve(Path::new(path)).ok().map(Identity::Path)
}

/// A file a command reads or writes, with what it is for the messages: `("-o", "m.tmlp")`,
/// `("the data file", "data.csv")`.
pub type Named<'a> = (&'a str, &'a str);

/// Refuses, before any work, an output that is one of the inputs or another output, by file
/// identity (`./data.csv`, an absolute path, a link to it), not by spelling.
pub fn check_distinct(inputs: &[Named<'_>], outputs: &[Named<'_>]) -> Result<()> {
    for (k, &(option, path)) in outputs.iter().enumerate() {
        let Some(id) = identity(path) else { continue };
        let others = inputs.iter().chain(outputs.get(..k).unwrap_or(&[]));
        for &(what, other) in others {
            if identity(other).as_ref() == Some(&id) {
                return Err(Error::input(format!(
                    "{option} {path}: that is {what} {other}; choose another name"
                )));
            }
        }
    }
    Ok(())
}

/// Where the bytes for `path` go: through symbolic links to the file they name (so that a
/// link stays a link and its target is replaced), or the path itself in its real directory.
fn resolve(path: &Path) -> io::Result<PathBuf> {
    if let Ok(real) = fs::canonicalize(path) {
        return Ok(real);
    }
    let name = path.file_name().ok_or(io::ErrorKind::InvalidInput)?;
    Ok(fs::canonicalize(parent(path))?.join(name))
}

/// A temporary file in `dir`, readable as a file made with `File::create` would be.
fn temporary_in(dir: &Path) -> io::Result<NamedTempFile> {
    let mut builder = tempfile::Builder::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // The umask applies, as for `File::create`; tempfile's default is 0600.
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    builder.prefix(".tinymlp-").tempfile_in(dir)
}

/// Writes `bytes` to `path` so that `path` is either untouched or complete: the bytes go to
/// a temporary file in the same directory (a rename is atomic only within one file system),
/// which is synced and then renamed over `path`. On failure the temporary file is removed.
/// A `path` that exists and is not a regular file (a device, a FIFO) is written directly.
pub fn write_atomic(path: &str, bytes: &[u8]) -> Result<()> {
    write_atomic_with(path, |out| Ok(out.write_all(bytes)?))
}

/// [`write_atomic`], with the bytes written by `fill` as they come (through a buffer), so that
/// a large output is never held whole. An error of `fill` leaves `path` untouched.
pub fn write_atomic_with(
    path: &str,
    fill: impl FnOnce(&mut dyn io::Write) -> Result<()>,
) -> Result<()> {
    let io_error = |e: io::Error| Error::io("cannot write", path, &e);
    // Inside `fill`, `?` takes a failed write for one to stdout; here it was to `path`.
    let fill = |out: &mut dyn io::Write| match fill(out) {
        Err(Error::Stdout(e)) => Err(io_error(e)),
        other => other,
    };
    let target = resolve(Path::new(path)).map_err(io_error)?;
    if fs::metadata(&target).is_ok_and(|m| !m.is_file()) {
        // A device or a FIFO (`-o /dev/null`) is written to, never replaced by a file.
        let file = fs::OpenOptions::new()
            .write(true)
            .open(&target)
            .map_err(io_error)?;
        let mut out = io::BufWriter::new(file);
        fill(&mut out)?;
        return out.flush().map_err(io_error);
    }
    let tmp = temporary_in(parent(&target)).map_err(io_error)?;
    let mut out = io::BufWriter::new(tmp);
    fill(&mut out)?;
    let tmp = out.into_inner().map_err(|e| io_error(e.into_error()))?;
    tmp.as_file().sync_all().map_err(io_error)?;
    tmp.persist(&target).map_err(|e| io_error(e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_or_leaves_alone() {
        let dir = std::env::temp_dir().join(format!("tinymlp-out-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let file = dir.join("m.bin");
        let path = file.to_str().unwrap();
        write_atomic(path, b"one").unwrap();
        write_atomic(path, b"two").unwrap();
        assert_eq!(fs::read(&file).unwrap(), b"two");
        let missing = dir.join("nope/m.bin");
        assert!(write_atomic(missing.to_str().unwrap(), b"x").is_err());
        assert!(check_writable(missing.to_str().unwrap(), "-o").is_err());
        assert!(check_writable(dir.to_str().unwrap(), "-o").is_err());
        assert!(check_writable(path, "-o").is_ok());
        #[cfg(unix)]
        {
            // A symbolic link stays a link; the file it names gets the bytes.
            let link = dir.join("link.bin");
            std::os::unix::fs::symlink(&file, &link).unwrap();
            write_atomic(link.to_str().unwrap(), b"three").unwrap();
            assert!(fs::symlink_metadata(&link).unwrap().is_symlink());
            assert_eq!(fs::read(&file).unwrap(), b"three");
            fs::remove_file(&link).unwrap();
        }
        let names: Vec<_> = fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["m.bin"]);
        fs::remove_dir_all(&dir).unwrap();
    }
}
