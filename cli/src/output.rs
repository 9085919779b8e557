//! Writing results: files replaced atomically, JSON, numbers for people.

use std::fmt::{self, Write as _};
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::CliError;

/// An I/O error's message without the "(os error 2)" suffix.
pub fn io(e: &std::io::Error) -> String {
    let s = e.to_string();
    match s.find(" (os error") {
        Some(k) => s[..k].to_string(),
        None => s,
    }
}

/// The directory a file will be written into (`.` for a bare file name).
fn parent(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Checks, before any long work, that `path` can be written: its directory exists and it
/// is not itself a directory. `what` names the option for the message.
pub fn check_writable(path: &str, what: &str) -> Result<(), CliError> {
    let p = Path::new(path);
    if p.file_name().is_none() || p.is_dir() {
        return Err(CliError::input(format!(
            "{what} {path}: is a directory, not a file name"
        )));
    }
    if !parent(p).is_dir() {
        return Err(CliError::input(format!(
            "{what} {path}: the directory {} does not exist",
            parent(p).display()
        )));
    }
    Ok(())
}

/// Writes `bytes` to `path` so that `path` is either untouched or complete: the bytes go to
/// a temporary file in the same directory (a rename is atomic only within one file system),
/// which is synced and then renamed over `path`. On failure the temporary file is removed.
pub fn write_atomic(path: &str, bytes: &[u8]) -> Result<(), CliError> {
    let p = Path::new(path);
    let name = p
        .file_name()
        .ok_or_else(|| CliError::input(format!("cannot write {path}: not a file name")))?;
    let mut tmp_name = std::ffi::OsString::from(".");
    tmp_name.push(name);
    tmp_name.push(format!(".tmp-{}", std::process::id()));
    let tmp: PathBuf = parent(p).join(tmp_name);
    let result = (|| {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        fs::rename(&tmp, p)
    })();
    result.map_err(|e| {
        let _ = fs::remove_file(&tmp);
        CliError::input(format!("cannot write {path}: {}", io(&e)))
    })
}

/// A JSON value, written compactly on one line.
pub enum Json {
    Null,
    Bool(bool),
    /// A number already formatted (see [`Json::f32`]).
    Num(String),
    Str(String),
    Arr(Vec<Json>),
    Obj(Vec<(&'static str, Json)>),
}

impl Json {
    /// An `f32` with the shortest digits that read back to the same value; NaN and ∞, which
    /// JSON cannot represent, become `null`.
    pub fn f32(v: f32) -> Json {
        if v.is_finite() {
            Json::Num(format!("{v:?}"))
        } else {
            Json::Null
        }
    }

    pub fn int(v: usize) -> Json {
        Json::Num(v.to_string())
    }

    pub fn str(s: &str) -> Json {
        Json::Str(s.to_string())
    }
}

impl fmt::Display for Json {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Json::Null => f.write_str("null"),
            Json::Bool(b) => write!(f, "{b}"),
            Json::Num(n) => f.write_str(n),
            Json::Str(s) => {
                f.write_char('"')?;
                for c in s.chars() {
                    match c {
                        '"' => f.write_str("\\\"")?,
                        '\\' => f.write_str("\\\\")?,
                        '\n' => f.write_str("\\n")?,
                        '\r' => f.write_str("\\r")?,
                        '\t' => f.write_str("\\t")?,
                        c if (c as u32) < 0x20 => write!(f, "\\u{:04x}", c as u32)?,
                        c => f.write_char(c)?,
                    }
                }
                f.write_char('"')
            }
            Json::Arr(items) => {
                f.write_char('[')?;
                for (k, item) in items.iter().enumerate() {
                    if k > 0 {
                        f.write_char(',')?;
                    }
                    write!(f, "{item}")?;
                }
                f.write_char(']')
            }
            Json::Obj(fields) => {
                f.write_char('{')?;
                for (k, (key, value)) in fields.iter().enumerate() {
                    if k > 0 {
                        f.write_char(',')?;
                    }
                    write!(f, "{}:{value}", Json::str(key))?;
                }
                f.write_char('}')
            }
        }
    }
}

/// A number with 4 significant digits, for people: `0.1235`, `12.35`, `1.235e-5`.
pub fn sig(v: f32) -> String {
    if !v.is_finite() {
        return v.to_string();
    }
    if v == 0.0 {
        return "0".into();
    }
    let mag = v.abs().log10().floor() as i32;
    if (-3..5).contains(&mag) {
        format!("{v:.*}", (3 - mag).max(0) as usize)
    } else {
        format!("{v:.3e}")
    }
}

/// `97.78 % (44/45)`.
pub fn percent(hits: usize, total: usize) -> String {
    format!(
        "{:.2} % ({hits}/{total})",
        100.0 * hits as f64 / total.max(1) as f64
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_is_compact_escaped_and_has_no_nan() {
        let j = Json::Obj(vec![
            ("a", Json::f32(0.1)),
            ("b", Json::f32(f32::NAN)),
            ("c", Json::Arr(vec![Json::int(3), Json::Bool(true)])),
            ("d", Json::str("q\"\\\n\u{1}")),
        ]);
        assert_eq!(
            j.to_string(),
            r#"{"a":0.1,"b":null,"c":[3,true],"d":"q\"\\\n\u0001"}"#
        );
    }

    #[test]
    fn numbers_for_people() {
        assert_eq!(sig(0.123456), "0.1235");
        assert_eq!(sig(12.3456), "12.35");
        assert_eq!(sig(0.0), "0");
        assert_eq!(sig(1.5e-5), "1.500e-5");
        assert_eq!(percent(44, 45), "97.78 % (44/45)");
    }

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
        let names: Vec<_> = fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["m.bin"]);
        fs::remove_dir_all(&dir).unwrap();
    }
}
