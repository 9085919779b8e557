//! Reading numeric CSV files (feature `alloc`): a header line, then rows of numbers.
//!
//! This is the reader of the `tinymlp` command-line tool, in the library so that it can be
//! tested and fuzzed on its own. It reads the CSV that spreadsheets and data loggers write:
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
//! Everything else is an [`Error`] carrying the 1-based line and column (and the column's
//! name) where it was found, so a tool can print `data.csv:7:3: …`: an empty file, a file
//! without rows, a missing or non-numeric value, NaN or ∞, a row with another number of
//! fields than the header, a header that is all numbers (the header line is probably
//! missing, and the first row would be lost). Nothing here panics, whatever the input.
//!
//! # Examples
//!
//! ```
//! use tinymlp_cli::csv::{ErrorKind, Table};
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
//! # Ok::<(), tinymlp_cli::csv::Error>(())
//! ```

use core::fmt;
use std::borrow::Cow;
use std::string::{String, ToString};
use std::vec::Vec;

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
        let mut last_line = head.line;
        while let Some(rec) = records.next_record()? {
            last_line = rec.line;
            rows.push(parse_row(&rec, &header)?);
        }
        if rows.is_empty() {
            return Err(Error::at(last_line + 1, 1, None, ErrorKind::NoRows));
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
    /// use tinymlp_cli::csv::{ErrorKind, Table};
    ///
    /// let err = Table::parse_bytes(b"a,b\n1,\xff\n").unwrap_err();
    /// assert_eq!((err.line, err.column, err.kind), (2, 2, ErrorKind::InvalidUtf8));
    /// ```
    pub fn parse_bytes(bytes: &[u8]) -> Result<Table, Error> {
        match core::str::from_utf8(bytes) {
            Ok(text) => Table::parse(text),
            Err(e) => {
                let before = bytes.get(..e.valid_up_to()).unwrap_or(&[]);
                let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
                let line_start = before
                    .iter()
                    .rposition(|&b| b == b'\n')
                    .map_or(0, |p| p + 1);
                let in_line = before.get(line_start..).unwrap_or(&[]);
                let column = 1 + in_line.iter().filter(|&&b| b == b',').count();
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
    /// Something other than a comma or the end of the line follows a closing quote.
    TextAfterQuote,
    /// A double quote inside a field that does not start with one.
    QuoteInField,
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
            name: name.map(ToString::to_string),
            kind,
        }
    }

    /// `column 3 ("x2")`, or `column 3` without a name.
    fn column_label(&self) -> ColumnLabel<'_> {
        ColumnLabel {
            column: self.column,
            name: self.name.as_deref(),
        }
    }
}

/// Formats a column as `column 3 ("x2")`; names are `Debug`-quoted so that a name with a
/// newline or a quote cannot break a one-line message.
struct ColumnLabel<'a> {
    column: usize,
    name: Option<&'a str>,
}

impl fmt::Display for ColumnLabel<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "column {}", self.column)?;
        match self.name {
            Some(name) => write!(f, " ({name:?})"),
            None => Ok(()),
        }
    }
}

impl fmt::Display for Error {
    /// `LINE:COLUMN: message`, on one line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: ", self.line, self.column)?;
        let col = self.column_label();
        match &self.kind {
            ErrorKind::Empty => f.write_str(
                "the file is empty: a header line with the column names and data rows are needed",
            ),
            ErrorKind::NoRows => f.write_str("no data rows after the header"),
            ErrorKind::InvalidUtf8 => f.write_str("the file is not UTF-8 text"),
            ErrorKind::UnterminatedQuote => write!(f, "{col}: a quoted field is never closed"),
            ErrorKind::TextAfterQuote => {
                write!(f, "{col}: text after the closing quote of a field")
            }
            ErrorKind::QuoteInField => {
                write!(f, "{col}: a double quote inside a field that is not quoted")
            }
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
                plural(*found)
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

impl core::error::Error for Error {}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// One field's text: unquoted with `""` unescaped, or trimmed if it was not quoted.
struct Field<'a> {
    text: Cow<'a, str>,
}

/// One record: its fields and the line it starts on.
struct Record<'a> {
    line: usize,
    fields: Vec<Field<'a>>,
}

/// Splits CSV text into records.
struct Records<'a> {
    text: &'a str,
    pos: usize,
    line: usize,
}

impl<'a> Records<'a> {
    fn new(text: &'a str) -> Self {
        Records {
            text,
            pos: 0,
            line: 1,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    /// The next non-blank record, or `None` at the end of the text.
    fn next_record(&mut self) -> Result<Option<Record<'a>>, Error> {
        loop {
            if self.pos >= self.text.len() {
                return Ok(None);
            }
            let rec = self.record()?;
            let blank = match rec.fields.as_slice() {
                [only] => only.text.is_empty(),
                _ => false,
            };
            if !blank {
                return Ok(Some(rec));
            }
        }
    }

    /// Reads one record, through its line end.
    fn record(&mut self) -> Result<Record<'a>, Error> {
        let line = self.line;
        let mut fields = Vec::new();
        loop {
            let column = fields.len() + 1;
            let field = self.field(column)?;
            fields.push(field);
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'\n') => {
                    self.pos += 1;
                    self.line += 1;
                    break;
                }
                // `field` stops only at a comma, a line end or the end of the text.
                _ => break,
            }
        }
        Ok(Record { line, fields })
    }

    /// Reads one field, stopping before the comma or line end that ends it.
    fn field(&mut self, column: usize) -> Result<Field<'a>, Error> {
        self.skip_blanks();
        if self.peek() == Some(b'"') {
            return self.quoted(column);
        }
        let bytes = self.text.as_bytes();
        let start = self.pos;
        while let Some(&b) = bytes.get(self.pos) {
            match b {
                b',' | b'\n' => break,
                b'"' => return Err(Error::at(self.line, column, None, ErrorKind::QuoteInField)),
                _ => self.pos += 1,
            }
        }
        // Every stop is at an ASCII byte or the end, so these are char boundaries.
        let raw = self.text.get(start..self.pos).unwrap_or("");
        Ok(Field {
            text: Cow::Borrowed(trim(raw)),
        })
    }

    /// Reads a field that starts with a double quote.
    fn quoted(&mut self, column: usize) -> Result<Field<'a>, Error> {
        let open_line = self.line;
        self.pos += 1;
        let bytes = self.text.as_bytes();
        let mut start = self.pos;
        let mut owned: Option<String> = None;
        loop {
            match bytes.get(self.pos) {
                None => {
                    return Err(Error::at(
                        open_line,
                        column,
                        None,
                        ErrorKind::UnterminatedQuote,
                    ));
                }
                Some(b'"') => {
                    let piece = self.text.get(start..self.pos).unwrap_or("");
                    if bytes.get(self.pos + 1) == Some(&b'"') {
                        // An escaped quote: keep the text so far and one quote.
                        let s = owned.get_or_insert_with(String::new);
                        s.push_str(piece);
                        s.push('"');
                        self.pos += 2;
                        start = self.pos;
                        continue;
                    }
                    self.pos += 1;
                    let text = match owned {
                        Some(mut s) => {
                            s.push_str(piece);
                            Cow::Owned(s)
                        }
                        None => Cow::Borrowed(piece),
                    };
                    self.skip_blanks();
                    return match self.peek() {
                        None | Some(b',' | b'\n') => Ok(Field { text }),
                        Some(_) => Err(Error::at(
                            self.line,
                            column,
                            None,
                            ErrorKind::TextAfterQuote,
                        )),
                    };
                }
                Some(b'\n') => {
                    self.line += 1;
                    self.pos += 1;
                }
                Some(_) => self.pos += 1,
            }
        }
    }

    /// Skips spaces, tabs and a carriage return that ends a line.
    fn skip_blanks(&mut self) {
        let bytes = self.text.as_bytes();
        while let Some(&b) = bytes.get(self.pos) {
            let cr_ending_line =
                b == b'\r' && matches!(bytes.get(self.pos + 1), Some(b'\n') | None);
            if b == b' ' || b == b'\t' || cr_ending_line {
                self.pos += 1;
            } else {
                break;
            }
        }
    }
}

/// Strips spaces, tabs and a line-ending carriage return from both ends.
fn trim(s: &str) -> &str {
    s.trim_matches([' ', '\t', '\r'])
}

/// At most 40 characters of a field, for an error message.
fn excerpt(s: &str) -> String {
    match s.char_indices().nth(40) {
        Some((cut, _)) => {
            let mut e = s.get(..cut).unwrap_or("").to_string();
            e.push('…');
            e
        }
        None => s.to_string(),
    }
}

fn parse_header(rec: &Record<'_>) -> Result<Vec<String>, Error> {
    let names: Vec<String> = rec.fields.iter().map(|f| f.text.to_string()).collect();
    for (k, name) in names.iter().enumerate() {
        if let Some(first) = names.iter().take(k).position(|n| n == name) {
            return Err(Error::at(
                rec.line,
                k + 1,
                Some(name),
                ErrorKind::DuplicateName { first: first + 1 },
            ));
        }
    }
    if names
        .iter()
        .all(|n| !n.is_empty() && n.parse::<f32>().is_ok())
    {
        return Err(Error::at(rec.line, 1, None, ErrorKind::NumericHeader));
    }
    Ok(names)
}

fn parse_row(rec: &Record<'_>, header: &[String]) -> Result<Row, Error> {
    let (found, expected) = (rec.fields.len(), header.len());
    if found < expected {
        let name = header.get(found).map(String::as_str);
        return Err(Error::at(
            rec.line,
            found + 1,
            name,
            ErrorKind::TooFewFields { found, expected },
        ));
    }
    if found > expected {
        return Err(Error::at(
            rec.line,
            expected + 1,
            None,
            ErrorKind::TooManyFields { found, expected },
        ));
    }
    let mut values = Vec::with_capacity(found);
    for (k, (field, name)) in rec.fields.iter().zip(header).enumerate() {
        let at = |kind| Error::at(rec.line, k + 1, Some(name), kind);
        let text = field.text.as_ref();
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
    use std::format;
    use std::vec;

    fn err(text: &str) -> Error {
        Table::parse(text).unwrap_err()
    }

    #[test]
    fn reads_plain_quoted_and_crlf_files() {
        let t = Table::parse(
            "a, \"b, with comma\" ,\"say \"\"hi\"\"\"\r\n1,2,3\r\n\r\n  4 ,\t5,\"6\"\r\n",
        )
        .unwrap();
        assert_eq!(t.header(), ["a", "b, with comma", "say \"hi\""]);
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
            ("a,b\n1,\"2\"x\n", 2, 2, ErrorKind::TextAfterQuote),
            ("a,b\n1,2\"\n", 2, 2, ErrorKind::QuoteInField),
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
