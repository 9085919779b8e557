//! Numeric CSV files: a header line, then rows of numbers, read with the `csv` crate.
//!
//! The reader of the `tinymlp` command-line tool, in the crate's library target so that it
//! can be tested and fuzzed on its own. It reads the CSV that spreadsheets and data loggers
//! write:
//!
//! - the first non-blank line is the header: one name per column (names must differ, and
//!   none may be empty);
//! - every other non-blank line is a row with exactly one finite number per column
//!   (anything [`f32::from_str`](core::str::FromStr) accepts: `3`, `-0.5`, `1e-3`, `.5`);
//! - fields are separated by commas; spaces and tabs around a field are ignored; a field
//!   may be enclosed in double quotes (`"1.5"`, `"a name, with a comma"`), with `""` for a
//!   quote inside it;
//! - lines end with `\n` or `\r\n`; blank lines are skipped; a leading UTF-8 byte-order
//!   mark is ignored;
//! - the text is UTF-8 without NUL bytes: reading stops at the first one (so an endless
//!   stream like `/dev/zero` ends at once).
//!
//! [`Table`] holds a whole file; [`Reader`] reads one row at a time from any
//! [`std::io::Read`], holding only the current record.
//!
//! The `csv` crate splits the text into records and fields; this module adds what it leaves
//! to its users: the line each record starts on, blank lines, trimming, the header rules,
//! numbers, and an unclosed quote (which `csv` reads to the end of the file). Everything
//! else is an [`Error`] carrying the 1-based line and column (and the column's name) where
//! it was found, so a tool can print `data.csv:7:3: …`. Nothing here panics, whatever the
//! input.
//!
//! # Examples
//!
//! ```
//! use tinymlp_cli::table::{ErrorKind, Table};
//!
//! let table = Table::parse("x0,x1,label\r\n0.5,-1,1\r\n\"2.5\", 3e-1 ,0\r\n")?;
//! assert_eq!(table.header(), ["x0", "x1", "label"]);
//! assert_eq!(table.column("label"), Some(2));
//! assert_eq!(table.rows()[1].values, [2.5, 0.3, 0.0]);
//! assert_eq!(table.rows()[1].line, 3);
//!
//! let err = Table::parse("x0,x1,label\n0.5,abc,1\n").unwrap_err();
//! assert_eq!((err.line, err.column), (2, 2));
//! assert_eq!(err.kind, ErrorKind::NotANumber { text: "abc".into() });
//! assert_eq!(err.to_string(), r#"2:2: column 2 ("x1"): "abc" is not a number"#);
//! # Ok::<(), tinymlp_cli::table::Error>(())
//! ```

use std::collections::HashMap;
use std::fmt;
use std::io::{self, Read};

/// A parsed CSV file: the column names and the rows of numbers.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    header: Header,
    rows: Vec<Row>,
}

/// One data row of a [`Table`].
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// The 1-based line of the file on which the row starts, for error messages.
    pub line: usize,
    /// One finite value per column.
    pub values: Vec<f32>,
}

/// The header line of a CSV file: the column names and where they are.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Header {
    names: Vec<String>,
    line: usize,
}

impl Header {
    /// The column names, in file order.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// The 1-based line of the header (1 unless blank lines precede it).
    pub fn line(&self) -> usize {
        self.line
    }

    /// The number of columns.
    pub fn width(&self) -> usize {
        self.names.len()
    }

    /// The index (0-based) of the column named `name`, if there is one.
    pub fn column(&self, name: &str) -> Option<usize> {
        self.names.iter().position(|h| h == name)
    }
}

/// A CSV file read row by row from a stream, holding one record at a time: for files too
/// large to hold, and to stop at the first bad row without reading the rest.
///
/// # Examples
///
/// ```
/// use tinymlp_cli::table::Reader;
///
/// let mut reader = Reader::new(&b"x,y\n1,2\n\n3,4\n"[..])?;
/// assert_eq!(reader.header().names(), ["x", "y"]);
/// let mut values = Vec::new();
/// assert_eq!(reader.next_row(&mut values)?, Some(2));
/// assert_eq!(values, [1.0, 2.0]);
/// assert_eq!(reader.next_row(&mut values)?, Some(4));
/// assert_eq!(reader.next_row(&mut values)?, None);
/// # Ok::<(), tinymlp_cli::table::Error>(())
/// ```
pub struct Reader<R> {
    records: Records<R>,
    header: Header,
    rows: usize,
}

impl<R: Read> Reader<R> {
    /// Reads the header line.
    ///
    /// # Errors
    ///
    /// An [`Error`] in the header (see the [module docs](self)), or [`ErrorKind::Empty`].
    pub fn new(input: R) -> Result<Self, Error> {
        let mut records = Records::new(input);
        let Some(head) = records.next_record()? else {
            return Err(Error::at(1, 1, None, ErrorKind::Empty));
        };
        let names = parse_header(&head)?;
        Ok(Reader {
            records,
            header: Header {
                names,
                line: head.line,
            },
            rows: 0,
        })
    }

    /// The header.
    pub fn header(&self) -> &Header {
        &self.header
    }

    /// Reads the next data row into `values` (one finite value per column) and returns the
    /// 1-based line it starts on, or `None` after the last row.
    ///
    /// # Errors
    ///
    /// An [`Error`] locating the problem in the row, or [`ErrorKind::NoRows`] if the file
    /// ends before its first row.
    pub fn next_row(&mut self, values: &mut Vec<f32>) -> Result<Option<usize>, Error> {
        let Some(rec) = self.records.next_record()? else {
            if self.rows == 0 {
                let line = self.header.line + 1;
                return Err(Error::at(line, 1, None, ErrorKind::NoRows));
            }
            return Ok(None);
        };
        parse_row(&rec, &self.header.names, values)?;
        self.rows += 1;
        Ok(Some(rec.line))
    }

    /// The bytes read from the stream so far (after a byte-order mark).
    pub fn bytes_read(&self) -> u64 {
        self.records.bytes_read()
    }
}

impl Table {
    /// Parses CSV text.
    ///
    /// # Errors
    ///
    /// An [`Error`] locating the first problem; see the [module docs](self) for the rules.
    pub fn parse(text: &str) -> Result<Table, Error> {
        Table::read(text.as_bytes())
    }

    /// Parses CSV bytes, which must be UTF-8 (a file read with `std::fs::read`).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidUtf8`] at the first invalid byte's line, or any error of
    /// [`parse`](Self::parse).
    ///
    /// # Examples
    ///
    /// ```
    /// use tinymlp_cli::table::{ErrorKind, Table};
    ///
    /// let err = Table::parse_bytes(b"a,b\n1,\xff\n").unwrap_err();
    /// assert_eq!((err.line, err.column, err.kind), (2, 2, ErrorKind::InvalidUtf8));
    /// ```
    pub fn parse_bytes(bytes: &[u8]) -> Result<Table, Error> {
        Table::read(bytes)
    }

    /// Reads a whole table from a stream (see [`Reader`] to read it row by row).
    ///
    /// # Errors
    ///
    /// As [`parse`](Self::parse), and [`ErrorKind::Read`] if the stream fails.
    pub fn read(input: impl Read) -> Result<Table, Error> {
        let mut reader = Reader::new(input)?;
        let mut rows = Vec::new();
        let mut values = Vec::new();
        while let Some(line) = reader.next_row(&mut values)? {
            rows.push(Row {
                line,
                values: values.clone(),
            });
        }
        Ok(Table {
            header: reader.header,
            rows,
        })
    }

    /// The column names, in file order.
    pub fn header(&self) -> &[String] {
        &self.header.names
    }

    /// The header: the names and their line.
    pub fn columns(&self) -> &Header {
        &self.header
    }

    /// The 1-based line of the header (1 unless blank lines precede it).
    pub fn header_line(&self) -> usize {
        self.header.line
    }

    /// The number of columns.
    pub fn width(&self) -> usize {
        self.header.width()
    }

    /// The data rows, in file order (never empty).
    pub fn rows(&self) -> &[Row] {
        &self.rows
    }

    /// The index (0-based) of the column named `name`, if there is one.
    pub fn column(&self, name: &str) -> Option<usize> {
        self.header.column(name)
    }
}

/// The 1-based line and column (field number, counting commas) of byte `offset`.
fn locate(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = bytes.get(..offset).unwrap_or(bytes);
    let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let in_line = before.get(line_start..).unwrap_or(&[]);
    (line, 1 + in_line.iter().filter(|&&b| b == b',').count())
}

/// A problem in a CSV file, with where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    /// The 1-based line.
    pub line: usize,
    /// The 1-based column (field number).
    pub column: usize,
    /// The column's name from the header, if the header has been read and has this column.
    pub name: Option<String>,
    /// What is wrong.
    pub kind: ErrorKind,
}

/// What is wrong in a CSV file.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The file has no header (it is empty or blank).
    Empty,
    /// The file has a header but no data rows.
    NoRows,
    /// The file is not valid UTF-8 text.
    InvalidUtf8,
    /// A quoted field is never closed.
    UnterminatedQuote,
    /// A field is empty.
    MissingValue,
    /// A field is not a number.
    NotANumber {
        /// The field's text (at most 40 characters of it).
        text: String,
    },
    /// A field is NaN or infinite.
    NotFinite {
        /// The field's text (at most 40 characters of it).
        text: String,
    },
    /// A field is a number too large for `f32`.
    OutOfRange {
        /// The field's text (at most 40 characters of it).
        text: String,
    },
    /// A row has fewer fields than the header.
    TooFewFields {
        /// Fields in the row.
        found: usize,
        /// Fields in the header.
        expected: usize,
    },
    /// A row has more fields than the header.
    TooManyFields {
        /// Fields in the row.
        found: usize,
        /// Fields in the header.
        expected: usize,
    },
    /// Two columns have the same name.
    DuplicateName {
        /// The 1-based column that has the name first.
        first: usize,
    },
    /// Every field of the first line is a number: the header line is probably missing.
    NumericHeader,
    /// A column of the header has no name.
    EmptyName,
    /// Lines end with a carriage return alone (old Mac OS), which the reader does not take
    /// for a line end.
    BareCr,
    /// The file holds a NUL byte, which no text file has: it is binary, or UTF-16 text.
    NulByte,
    /// The input could not be read (at the line reached so far).
    Read {
        /// What went wrong, as the reader reported it.
        kind: io::ErrorKind,
        /// The reader's message.
        message: String,
    },
}

impl Error {
    fn at(line: usize, column: usize, name: Option<&str>, kind: ErrorKind) -> Self {
        Error {
            line,
            column,
            name: name.map(str::to_string),
            kind,
        }
    }
}

impl fmt::Display for Error {
    /// `LINE:COLUMN: message`, on one line. Names are `Debug`-quoted so that a name with a
    /// newline or a quote cannot break the line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: ", self.line, self.column)?;
        let col = match &self.name {
            Some(name) => format!("column {} ({name:?})", self.column),
            None => format!("column {}", self.column),
        };
        match &self.kind {
            ErrorKind::Empty => f.write_str(
                "the file is empty: a header line with the column names and data rows are needed",
            ),
            ErrorKind::NoRows => f.write_str("no data rows after the header"),
            ErrorKind::InvalidUtf8 => f.write_str("the file is not UTF-8 text"),
            ErrorKind::UnterminatedQuote => write!(f, "{col}: a quoted field is never closed"),
            ErrorKind::MissingValue => write!(f, "{col}: missing value"),
            ErrorKind::NotANumber { text } => {
                write!(f, "{col}: {text:?} is not a number")?;
                if text.contains([';', '\t']) {
                    f.write_str(" (fields must be separated by commas)")?;
                }
                Ok(())
            }
            ErrorKind::NotFinite { text } => write!(f, "{col}: {text:?} is not a finite number"),
            ErrorKind::OutOfRange { text } => {
                write!(f, "{col}: {text:?} is too large for a 32-bit float")
            }
            ErrorKind::TooFewFields { found, expected } => write!(
                f,
                "the row has {found} field{} but the header has {expected}: {col} is missing",
                if *found == 1 { "" } else { "s" }
            ),
            ErrorKind::TooManyFields { found, expected } => write!(
                f,
                "the row has {found} fields but the header has {expected}"
            ),
            ErrorKind::DuplicateName { first } => write!(
                f,
                "{col} has the same name as column {first}: column names must differ"
            ),
            ErrorKind::NumericHeader => f.write_str(
                "the first line holds only numbers: a header line with the column names is required",
            ),
            ErrorKind::EmptyName => write!(f, "column {} has no name", self.column),
            ErrorKind::BareCr => f.write_str(
                "lines end with a bare carriage return (CR); convert the file to LF or CRLF line endings",
            ),
            ErrorKind::NulByte => f.write_str(
                "the file holds a NUL byte: it is not UTF-8 text (a binary file, or UTF-16?)",
            ),
            ErrorKind::Read { message, .. } => write!(f, "cannot read the file: {message}"),
        }
    }
}

impl std::error::Error for Error {}

/// One non-blank record: its trimmed fields and the line it starts on.
struct Record {
    line: usize,
    fields: Vec<String>,
}

/// The input as `csv` reads it, without a leading byte-order mark, keeping the bytes from
/// the start of the current record on (`window`), so that a record's lines, its raw text
/// and an unclosed quote can be found without holding the whole file. Stops at the first NUL
/// byte, which no text file has (`/dev/zero`, a binary or UTF-16 file), instead of reading
/// on.
struct Tap<R> {
    inner: R,
    /// The bytes from stream offset `base` to `total`.
    window: Vec<u8>,
    base: u64,
    total: u64,
    /// The first bytes, held back until a byte-order mark is ruled out.
    start: Option<Vec<u8>>,
    eof: bool,
    /// The stream offset of the first NUL byte; the stream ends there.
    nul: Option<u64>,
}

impl<R: Read> Tap<R> {
    fn new(inner: R) -> Self {
        Tap {
            inner,
            window: Vec::new(),
            base: 0,
            total: 0,
            start: None,
            eof: false,
            nul: None,
        }
    }

    /// Reads the first three bytes (or fewer at the end) and drops a UTF-8 byte-order mark.
    fn read_start(&mut self) -> io::Result<Vec<u8>> {
        let mut head = Vec::with_capacity(3);
        (&mut self.inner).take(3).read_to_end(&mut head)?;
        if head == b"\xef\xbb\xbf" {
            head.clear();
        }
        Ok(head)
    }

    /// Forgets the bytes before stream offset `to`, returning the line ends among them.
    fn forget(&mut self, to: u64) -> usize {
        let cut = usize::try_from(to.saturating_sub(self.base))
            .unwrap_or(usize::MAX)
            .min(self.window.len());
        let lines = self
            .window
            .iter()
            .take(cut)
            .filter(|&&b| b == b'\n')
            .count();
        self.window.drain(..cut);
        self.base += cut as u64;
        lines
    }

    /// The bytes from stream offset `from` to `to` (both within the window).
    fn bytes(&self, from: u64, to: u64) -> &[u8] {
        let at = |o: u64| usize::try_from(o.saturating_sub(self.base)).unwrap_or(usize::MAX);
        let (a, b) = (
            at(from).min(self.window.len()),
            at(to).min(self.window.len()),
        );
        self.window.get(a..b.max(a)).unwrap_or(&[])
    }
}

impl<R: Read> Read for Tap<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.nul.is_some() || buf.is_empty() {
            return Ok(0);
        }
        let head = match &mut self.start {
            Some(head) => std::mem::take(head),
            None => {
                let head = self.read_start()?;
                self.start = Some(Vec::new());
                head
            }
        };
        let n = if head.is_empty() {
            self.inner.read(buf)?.min(buf.len())
        } else {
            let n = head.len().min(buf.len());
            buf[..n].copy_from_slice(&head[..n]);
            if let Some(rest) = head.get(n..).filter(|r| !r.is_empty()) {
                self.start = Some(rest.to_vec());
            }
            n
        };
        let read = &buf[..n];
        let n = match read.iter().position(|&b| b == 0) {
            Some(k) => {
                self.nul = Some(self.total + k as u64);
                k
            }
            None => n,
        };
        self.eof |= n == 0;
        self.window.extend_from_slice(&buf[..n]);
        self.total += n as u64;
        Ok(n)
    }
}

/// The records of a stream, with the lines they start on.
struct Records<R> {
    reader: csv::Reader<Tap<R>>,
    record: csv::ByteRecord,
    /// The 1-based line of the first byte of the tap's window.
    line: usize,
}

impl<R: Read> Records<R> {
    fn new(input: R) -> Self {
        let reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .terminator(csv::Terminator::Any(b'\n'))
            .from_reader(Tap::new(input));
        Records {
            reader,
            record: csv::ByteRecord::new(),
            line: 1,
        }
    }

    /// The bytes read so far (without a byte-order mark).
    fn bytes_read(&self) -> u64 {
        self.reader.get_ref().total
    }

    /// The next non-blank record, or `None` at the end of the text.
    fn next_record(&mut self) -> Result<Option<Record>, Error> {
        loop {
            // `csv` reports where it started reading, before the line ends it skips.
            let from = self.reader.position().byte();
            self.line += self.reader.get_mut().forget(from);
            let read = self.reader.read_byte_record(&mut self.record);
            let tap = self.reader.get_ref();
            let blank = tap.window.iter().take_while(|&&b| b == b'\n').count();
            let (start, line) = (from + blank as u64, self.line + blank);
            let end = self.reader.position().byte();
            let raw = tap.bytes(start, end);
            // A record that ends at the NUL byte (not at a line end before it) holds it.
            let nul = tap.nul.filter(|&nul| end >= nul && !raw.ends_with(b"\n"));
            if let Some(nul) = nul.or(tap.nul.filter(|_| matches!(read, Ok(false)))) {
                let (lines, column) = locate(tap.bytes(start, nul), usize::MAX);
                return Err(Error::at(
                    line + lines - 1,
                    column,
                    None,
                    ErrorKind::NulByte,
                ));
            }
            match read {
                Ok(true) => {}
                Ok(false) => return Ok(None),
                Err(e) => {
                    let e = match e.into_kind() {
                        csv::ErrorKind::Io(e) => e,
                        other => io::Error::other(format!("{other:?}")),
                    };
                    let kind = ErrorKind::Read {
                        kind: e.kind(),
                        message: e.to_string(),
                    };
                    return Err(Error::at(line, 1, None, kind));
                }
            }
            if let Err(e) = std::str::from_utf8(raw) {
                let (lines, column) = locate(raw, e.valid_up_to());
                return Err(Error::at(
                    line + lines - 1,
                    column,
                    None,
                    ErrorKind::InvalidUtf8,
                ));
            }
            let cr = raw
                .windows(2)
                .position(|w| w[0] == b'\r' && !matches!(w[1], b'\r' | b'\n'));
            if let Some(k) = cr {
                let (lines, column) = locate(raw, k);
                return Err(Error::at(line + lines - 1, column, None, ErrorKind::BareCr));
            }
            if tap.eof && end >= tap.total {
                if let Some((lines, column)) = unclosed_quote(raw) {
                    let kind = ErrorKind::UnterminatedQuote;
                    return Err(Error::at(line + lines, column, None, kind));
                }
            }
            // The raw text is UTF-8, and so are its unquoted fields.
            let text = |f: &[u8]| field(&String::from_utf8_lossy(f));
            let fields: Vec<String> = self.record.iter().map(text).collect();
            let blank = matches!(fields.as_slice(), [only] if only.is_empty());
            if !blank {
                return Ok(Some(Record { line, fields }));
            }
        }
    }
}

/// Where a quote opened in the last record of a file is still open at its end (the `csv`
/// crate then takes the rest of the file as the field): the lines before the quote and the
/// 1-based field. Follows `csv`'s rules: a quote opens a field only as its first byte, and
/// `""` inside a quoted field is a quote.
fn unclosed_quote(record: &[u8]) -> Option<(usize, usize)> {
    let (mut lines, mut field, mut open) = (0, 1, None);
    let (mut quoted, mut at_start, mut after_close) = (false, true, false);
    for &b in record {
        if quoted {
            match b {
                b'"' => (quoted, after_close) = (false, true),
                b'\n' => lines += 1,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' if at_start || after_close => {
                if at_start {
                    open = Some((lines, field));
                }
                quoted = true;
            }
            b',' => field += 1,
            b'\n' => (lines, field) = (lines + 1, 1),
            _ => {}
        }
        at_start = matches!(b, b',' | b'\n');
        after_close = false;
    }
    if quoted { open } else { None }
}

/// A field's text: without the spaces, tabs and line-ending carriage return around it, and
/// without its quotes if spaces came before them (`csv` unquotes only a field that starts
/// with the quote).
fn field(raw: &str) -> String {
    let trimmed = raw.trim_matches([' ', '\t', '\r']);
    let quoted = trimmed.strip_prefix('"').and_then(|s| s.strip_suffix('"'));
    match quoted {
        Some(inner) if raw.starts_with([' ', '\t']) => inner.replace("\"\"", "\""),
        _ => trimmed.to_string(),
    }
}

/// At most 40 characters of a field, for an error message.
fn excerpt(s: &str) -> String {
    match s.char_indices().nth(40) {
        Some((cut, _)) => format!("{}…", s.get(..cut).unwrap_or("")),
        None => s.to_string(),
    }
}

fn parse_header(rec: &Record) -> Result<Vec<String>, Error> {
    let mut seen: HashMap<&str, usize> = HashMap::with_capacity(rec.fields.len());
    for (k, name) in rec.fields.iter().enumerate() {
        if name.is_empty() {
            return Err(Error::at(rec.line, k + 1, None, ErrorKind::EmptyName));
        }
        if let Some(first) = seen.insert(name, k + 1) {
            return Err(Error::at(
                rec.line,
                k + 1,
                Some(name),
                ErrorKind::DuplicateName { first },
            ));
        }
    }
    let numeric = |n: &String| !n.is_empty() && n.parse::<f32>().is_ok();
    if rec.fields.iter().all(numeric) {
        return Err(Error::at(rec.line, 1, None, ErrorKind::NumericHeader));
    }
    Ok(rec.fields.clone())
}

fn parse_row(rec: &Record, header: &[String], values: &mut Vec<f32>) -> Result<(), Error> {
    let (found, expected) = (rec.fields.len(), header.len());
    if found < expected {
        let name = header.get(found).map(String::as_str);
        let kind = ErrorKind::TooFewFields { found, expected };
        return Err(Error::at(rec.line, found + 1, name, kind));
    }
    if found > expected {
        let kind = ErrorKind::TooManyFields { found, expected };
        return Err(Error::at(rec.line, expected + 1, None, kind));
    }
    values.clear();
    for (k, (text, name)) in rec.fields.iter().zip(header).enumerate() {
        let at = |kind| Error::at(rec.line, k + 1, Some(name), kind);
        if text.is_empty() {
            return Err(at(ErrorKind::MissingValue));
        }
        let value: f32 = text.parse().map_err(|_| {
            at(ErrorKind::NotANumber {
                text: excerpt(text),
            })
        })?;
        if !value.is_finite() {
            let lower = text.to_ascii_lowercase();
            let text = excerpt(text);
            return Err(at(if lower.contains("inf") || lower.contains("nan") {
                ErrorKind::NotFinite { text }
            } else {
                ErrorKind::OutOfRange { text }
            }));
        }
        values.push(value);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> Error {
        Table::parse(text).unwrap_err()
    }

    #[test]
    fn reads_plain_quoted_and_crlf_files() {
        let t = Table::parse(
            " \"a\",\"b, with comma\" ,\"say \"\"hi\"\"\"\r\n1,2,3\r\n\r\n  4 ,\t5,\"6\"\r\n",
        );
        let t = t.unwrap();
        assert_eq!(t.header(), ["a", "b, with comma", "say \"hi\""]);
        // A quoted field with a comma in it must start with its quote: `csv` splits
        // ` "b, c"` at the comma.
        assert_eq!(
            err("a, \"b, c\"\n1,2\n").kind,
            ErrorKind::TooFewFields {
                found: 2,
                expected: 3
            }
        );
        assert_eq!(t.width(), 3);
        assert_eq!(
            t.rows(),
            [
                Row {
                    line: 2,
                    values: vec![1.0, 2.0, 3.0]
                },
                Row {
                    line: 4,
                    values: vec![4.0, 5.0, 6.0]
                }
            ]
        );
        assert_eq!(t.column("say \"hi\""), Some(2));
        assert_eq!(t.column("c"), None);
    }

    #[test]
    fn a_byte_order_mark_and_a_missing_final_newline_are_fine() {
        let t = Table::parse("\u{feff}x,y\n1,\"2\"\r").unwrap();
        assert_eq!(t.header(), ["x", "y"]);
        assert_eq!(t.rows()[0].values, [1.0, 2.0]);
    }

    #[test]
    fn blank_lines_and_line_ends_keep_the_line_numbers() {
        let t = Table::parse("\n\na,b\r\n\r\n\n1,2\n \t\n3, \"4\" \n").unwrap();
        assert_eq!(t.header_line(), 3);
        let lines: Vec<usize> = t.rows().iter().map(|r| r.line).collect();
        assert_eq!(lines, [6, 8]);
        assert_eq!(t.rows()[1].values, [3.0, 4.0]);
    }

    #[test]
    fn numbers_parse_to_the_nearest_f32() {
        let t = Table::parse("v\n0.1\n-1e-3\n.5\n+7\n3.4028235e38\n1e-46\n").unwrap();
        let v: Vec<f32> = t.rows().iter().map(|r| r.values[0]).collect();
        assert_eq!(v, [0.1, -1e-3, 0.5, 7.0, f32::MAX, 0.0]);
    }

    #[test]
    fn a_quoted_field_may_span_lines_and_later_lines_are_counted() {
        let t = Table::parse("\"a\nb\",c\n1,2\n").unwrap();
        assert_eq!(t.header()[0], "a\nb");
        assert_eq!(t.rows()[0].line, 3);
        let e = err("\"a\nb\",c\n1,x\n");
        assert_eq!((e.line, e.column), (3, 2));
        // The name is quoted in the message, so the message stays on one line.
        assert!(!e.to_string().contains('\n'), "{e}");
    }

    #[test]
    fn every_bad_file_names_line_and_column() {
        let cases: &[(&str, usize, usize, ErrorKind)] = &[
            ("", 1, 1, ErrorKind::Empty),
            ("\n \r\n\n", 1, 1, ErrorKind::Empty),
            ("a,b\n", 2, 1, ErrorKind::NoRows),
            ("a,b\n\n\n", 2, 1, ErrorKind::NoRows),
            ("a,b\n1,\n", 2, 2, ErrorKind::MissingValue),
            ("a,b\n1, \"\" \n", 2, 2, ErrorKind::MissingValue),
            ("a,b\n1,\"\"\n", 2, 2, ErrorKind::MissingValue),
            (
                "a,b\n1,2\n3,x7\n",
                3,
                2,
                ErrorKind::NotANumber { text: "x7".into() },
            ),
            (
                "a,b\n1,NaN\n",
                2,
                2,
                ErrorKind::NotFinite { text: "NaN".into() },
            ),
            (
                "a,b\n-inf,1\n",
                2,
                1,
                ErrorKind::NotFinite {
                    text: "-inf".into(),
                },
            ),
            (
                "a,b\n1,1e39\n",
                2,
                2,
                ErrorKind::OutOfRange {
                    text: "1e39".into(),
                },
            ),
            (
                "a,b,c\n1,2\n",
                2,
                3,
                ErrorKind::TooFewFields {
                    found: 2,
                    expected: 3,
                },
            ),
            (
                "a,b\n1,2,3\n",
                2,
                3,
                ErrorKind::TooManyFields {
                    found: 3,
                    expected: 2,
                },
            ),
            ("a,b\n1,\"2\n", 2, 2, ErrorKind::UnterminatedQuote),
            (
                "a,b\n1,2\n\"3\"\"\n,4\n",
                3,
                1,
                ErrorKind::UnterminatedQuote,
            ),
            (
                "a,b\n1,\"2\"x\n",
                2,
                2,
                ErrorKind::NotANumber { text: "2x".into() },
            ),
            (
                "a,b\n1,2\"\n",
                2,
                2,
                ErrorKind::NotANumber { text: "2\"".into() },
            ),
            (
                "a,b,a\n1,2,3\n",
                1,
                3,
                ErrorKind::DuplicateName { first: 1 },
            ),
            ("1,2,3\n4,5,6\n", 1, 1, ErrorKind::NumericHeader),
            ("a,,b\n1,2,3\n", 1, 2, ErrorKind::EmptyName),
            ("a,b,\n1,2,3\n", 1, 3, ErrorKind::EmptyName),
            (",,\n1,2,3\n", 1, 1, ErrorKind::EmptyName),
        ];
        for (text, line, column, kind) in cases {
            let e = err(text);
            assert_eq!(
                (e.line, e.column, &e.kind),
                (*line, *column, kind),
                "{text:?}"
            );
            let shown = e.to_string();
            assert!(shown.starts_with(&format!("{line}:{column}: ")), "{shown}");
            assert!(!shown.contains('\n'), "{shown}");
        }
    }

    #[test]
    fn messages_name_the_column() {
        assert_eq!(
            err("x0,label\n1,two\n").to_string(),
            r#"2:2: column 2 ("label"): "two" is not a number"#
        );
        assert_eq!(
            err("a,b,c\n1\n").to_string(),
            r#"2:2: the row has 1 field but the header has 3: column 2 ("b") is missing"#
        );
        assert_eq!(
            err("a,b\n1;2\n").to_string(),
            "2:2: the row has 1 field but the header has 2: column 2 (\"b\") is missing"
        );
        assert!(
            err("a;b\n1;2\n")
                .to_string()
                .ends_with("(fields must be separated by commas)")
        );
        let long = "9".repeat(30) + &"x".repeat(30);
        let e = err(&format!("a\n{long}\n"));
        assert!(e.to_string().contains('…'), "{e}");
    }

    /// The duplicate-name check is linear: a 300 000-column header (2.4 MB) is read at once.
    /// With a check of every pair, as the hand-written reader had, it takes 4.5·10¹⁰ string
    /// comparisons (minutes), and a 600 000-column header took ten.
    #[test]
    fn a_very_wide_header_is_read_in_linear_time() {
        let n = 300_000;
        let names: Vec<String> = (0..n).map(|k| format!("c{k}")).collect();
        let mut text = names.join(",");
        text.push('\n');
        text.push_str(&vec!["1"; n].join(","));
        text.push('\n');
        let t = Table::parse(&text).unwrap();
        assert_eq!(t.width(), n);
        assert_eq!(t.column("c299999"), Some(n - 1));
        // The same header with one duplicate at the end is refused where it is.
        let dup = text.replacen("c299999\n", "c0\n", 1);
        let e = Table::parse(&dup).unwrap_err();
        assert_eq!((e.line, e.column), (1, n));
    }

    #[test]
    fn bare_carriage_returns_are_refused_where_they_are() {
        for (text, line, column) in [
            ("a,b\r1,2\r", 1, 2),
            ("a,b\n1,2\n3\r,4\n", 3, 1),
            ("a,b\n1,\"2\r3\"\n", 2, 2),
        ] {
            let e = err(text);
            assert_eq!(
                (e.line, e.column, e.kind),
                (line, column, ErrorKind::BareCr),
                "{text:?}"
            );
        }
        assert!(Table::parse("a,b\r\n1,2\r\r\n3,4\r").is_ok());
    }

    #[test]
    fn a_nul_byte_ends_the_reading() {
        let e = Table::parse_bytes(b"a,b\n1,2\n3,\x004\n").unwrap_err();
        assert_eq!((e.line, e.column, e.kind), (3, 2, ErrorKind::NulByte));
        // The row before the NUL byte is read (and its error reported) first.
        let e = Table::parse_bytes(b"a,b\n1,x\n\0").unwrap_err();
        assert_eq!((e.line, e.column), (2, 2));
        let e = Table::parse_bytes(b"a,b\n1,2\n\0").unwrap_err();
        assert_eq!((e.line, e.column, e.kind), (3, 1, ErrorKind::NulByte));
        // An endless stream of zeros stops at the first one.
        let e = Table::read(std::io::repeat(0)).unwrap_err();
        assert_eq!((e.line, e.column, e.kind), (1, 1, ErrorKind::NulByte));
    }

    #[test]
    fn a_failing_stream_is_a_read_error_and_rows_stream() {
        let failing = (&b"a,b\n1,2\n3,4\n"[..]).chain(FailAfter);
        let e = Table::read(failing).unwrap_err();
        assert_eq!(e.line, 4);
        assert!(matches!(e.kind, ErrorKind::Read { .. }), "{e}");
        // A reader handing out one byte at a time reads the same table.
        let text = "\u{feff}\"a\nb\",c\r\n\r\n1,\"2\"\r\n3,4";
        let one = OneByte(text.as_bytes());
        assert_eq!(Table::read(one), Table::parse(text));
        assert_eq!(Table::parse(text).unwrap().rows()[1].line, 5);
    }

    struct FailAfter;

    impl Read for FailAfter {
        fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
            Err(io::Error::other("disk on fire"))
        }
    }

    struct OneByte<'a>(&'a [u8]);

    impl Read for OneByte<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            match (self.0.split_first(), buf.first_mut()) {
                (Some((&b, rest)), Some(slot)) => {
                    *slot = b;
                    self.0 = rest;
                    Ok(1)
                }
                _ => Ok(0),
            }
        }
    }

    #[test]
    fn invalid_utf8_is_located() {
        let e = Table::parse_bytes(b"a,b\n1,2\n3,4\xc3\n").unwrap_err();
        assert_eq!((e.line, e.column, e.kind), (3, 2, ErrorKind::InvalidUtf8));
        assert!(Table::parse_bytes(b"a,b\n1,2\n").is_ok());
    }
}
