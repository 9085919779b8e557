//! Numeric CSV files: a header line, then rows of numbers, read with the `csv` crate.
//!
//! The reader of the `tinymlp` command-line tool, in the crate's library target so that it
//! can be tested and fuzzed on its own. It reads the CSV that spreadsheets and data loggers
//! write:
//!
//! - the first non-blank line is the header: one name per column (names must differ);
//! - every other non-blank line is a row with exactly one finite number per column
//!   (anything [`f32::from_str`](core::str::FromStr) accepts: `3`, `-0.5`, `1e-3`, `.5`);
//! - fields are separated by commas; spaces and tabs around a field are ignored; a field
//!   may be enclosed in double quotes (`"1.5"`, `"a name, with a comma"`), with `""` for a
//!   quote inside it;
//! - lines end with `\n` or `\r\n`; blank lines are skipped; a leading UTF-8 byte-order
//!   mark is ignored.
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

/// A parsed CSV file: the column names and the rows of numbers.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    header: Vec<String>,
    header_line: usize,
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

impl Table {
    /// Parses CSV text.
    ///
    /// # Errors
    ///
    /// An [`Error`] locating the first problem; see the [module docs](self) for the rules.
    pub fn parse(text: &str) -> Result<Table, Error> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut records = Records::new(text);
        let Some(head) = records.next_record()? else {
            return Err(Error::at(1, 1, None, ErrorKind::Empty));
        };
        let header = parse_header(&head)?;
        let mut rows = Vec::new();
        while let Some(rec) = records.next_record()? {
            rows.push(parse_row(&rec, &header)?);
        }
        if rows.is_empty() {
            return Err(Error::at(head.line + 1, 1, None, ErrorKind::NoRows));
        }
        Ok(Table {
            header,
            header_line: head.line,
            rows,
        })
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
        match std::str::from_utf8(bytes) {
            Ok(text) => Table::parse(text),
            Err(e) => {
                let (line, column) = locate(bytes, e.valid_up_to());
                Err(Error::at(line, column, None, ErrorKind::InvalidUtf8))
            }
        }
    }

    /// The column names, in file order.
    pub fn header(&self) -> &[String] {
        &self.header
    }

    /// The 1-based line of the header (1 unless blank lines precede it).
    pub fn header_line(&self) -> usize {
        self.header_line
    }

    /// The number of columns.
    pub fn width(&self) -> usize {
        self.header.len()
    }

    /// The data rows, in file order (never empty).
    pub fn rows(&self) -> &[Row] {
        &self.rows
    }

    /// The index (0-based) of the column named `name`, if there is one.
    pub fn column(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|h| h == name)
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
        }
    }
}

impl std::error::Error for Error {}

/// One non-blank record: its trimmed fields and the line it starts on.
struct Record {
    line: usize,
    fields: Vec<String>,
}

/// The records of a text, with the lines they start on.
struct Records<'a> {
    text: &'a str,
    reader: csv::Reader<&'a [u8]>,
    record: csv::StringRecord,
    /// A byte offset and its 1-based line, advanced record by record (so counting lines is
    /// linear in the file).
    cursor: (usize, usize),
}

impl<'a> Records<'a> {
    fn new(text: &'a str) -> Self {
        let reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .terminator(csv::Terminator::Any(b'\n'))
            .from_reader(text.as_bytes());
        Records {
            text,
            reader,
            record: csv::StringRecord::new(),
            cursor: (0, 1),
        }
    }

    /// The 1-based line of byte `offset` (at or after the previous one asked for).
    fn line_at(&mut self, offset: usize) -> usize {
        let (from, line) = self.cursor;
        let skipped = self.text.as_bytes().get(from..offset).unwrap_or(&[]);
        let line = line + skipped.iter().filter(|&&b| b == b'\n').count();
        self.cursor = (offset.max(from), line);
        line
    }

    /// The next non-blank record, or `None` at the end of the text.
    fn next_record(&mut self) -> Result<Option<Record>, Error> {
        loop {
            // `csv` reports where it started reading, before the line ends it skips.
            let from = self.reader.position().byte() as usize;
            let read = self.reader.read_record(&mut self.record);
            let bytes = self.text.as_bytes();
            let start = from
                + bytes
                    .get(from..)
                    .unwrap_or(&[])
                    .iter()
                    .take_while(|&&b| b == b'\n')
                    .count();
            let line = self.line_at(start);
            match read {
                Ok(true) => {}
                Ok(false) => return Ok(None),
                // Reading text from memory, `csv` has no I/O or UTF-8 error to report.
                Err(_) => return Err(Error::at(line, 1, None, ErrorKind::InvalidUtf8)),
            }
            let end = self.reader.position().byte() as usize;
            if end >= bytes.len() {
                if let Some((lines, column)) = unclosed_quote(bytes.get(start..).unwrap_or(&[])) {
                    let kind = ErrorKind::UnterminatedQuote;
                    return Err(Error::at(line + lines, column, None, kind));
                }
            }
            let fields: Vec<String> = self.record.iter().map(field).collect();
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

fn parse_row(rec: &Record, header: &[String]) -> Result<Row, Error> {
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
    let mut values = Vec::with_capacity(found);
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
    Ok(Row {
        line: rec.line,
        values,
    })
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

    #[test]
    fn invalid_utf8_is_located() {
        let e = Table::parse_bytes(b"a,b\n1,2\n3,4\xc3\n").unwrap_err();
        assert_eq!((e.line, e.column, e.kind), (3, 2, ErrorKind::InvalidUtf8));
        assert!(Table::parse_bytes(b"a,b\n1,2\n").is_ok());
    }
}
