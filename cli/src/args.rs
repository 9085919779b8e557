//! Hand-written argument parsing: `--name value`, `--name=value`, `-o value`, flags, and
//! positional arguments (a lone `--` ends the options). No dependency is worth this much.

use std::collections::BTreeMap;
use std::str::FromStr;

use crate::CliError;

/// An option a subcommand accepts.
pub struct Opt {
    /// The long name, with its dashes: `--epochs`.
    pub long: &'static str,
    /// A short alias, if any: `-o`.
    pub short: Option<&'static str>,
    /// Whether it takes a value (otherwise it is a flag).
    pub value: bool,
}

/// Shorthand for an option that takes a value.
pub const fn val(long: &'static str) -> Opt {
    Opt {
        long,
        short: None,
        value: true,
    }
}

/// Shorthand for a flag.
pub const fn flag(long: &'static str) -> Opt {
    Opt {
        long,
        short: None,
        value: false,
    }
}

/// The parsed command line of one subcommand.
pub struct Args {
    usage: &'static str,
    positional: Vec<String>,
    values: BTreeMap<&'static str, String>,
    flags: Vec<&'static str>,
}

/// What the command line asks for: run with these arguments, or print the help.
pub enum Parsed {
    Run(Args),
    Help,
}

/// Parses `argv` (the arguments after the subcommand) against `spec`.
///
/// # Errors
///
/// A usage error for an unknown option, a missing value, or an option given twice.
pub fn parse(argv: &[String], spec: &[Opt], usage: &'static str) -> Result<Parsed, CliError> {
    let mut args = Args {
        usage,
        positional: Vec::new(),
        values: BTreeMap::new(),
        flags: Vec::new(),
    };
    let mut it = argv.iter();
    while let Some(arg) = it.next() {
        if arg == "--" {
            args.positional.extend(it.by_ref().cloned());
            break;
        }
        if arg == "-h" || arg == "--help" {
            return Ok(Parsed::Help);
        }
        if !arg.starts_with('-') || arg == "-" {
            args.positional.push(arg.clone());
            continue;
        }
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) if arg.starts_with("--") => (n, Some(v.to_string())),
            _ => (arg.as_str(), None),
        };
        let Some(opt) = spec
            .iter()
            .find(|o| o.long == name || o.short == Some(name))
        else {
            return Err(CliError::usage(format!("unknown option {name}"), usage));
        };
        if opt.value {
            let value = match inline {
                Some(v) => v,
                None => it
                    .next()
                    .cloned()
                    .ok_or_else(|| CliError::usage(format!("{} needs a value", opt.long), usage))?,
            };
            if args.values.insert(opt.long, value).is_some() {
                return Err(CliError::usage(
                    format!("{} is given more than once", opt.long),
                    usage,
                ));
            }
        } else {
            if inline.is_some() {
                return Err(CliError::usage(
                    format!("{} takes no value", opt.long),
                    usage,
                ));
            }
            if args.flags.contains(&opt.long) {
                return Err(CliError::usage(
                    format!("{} is given more than once", opt.long),
                    usage,
                ));
            }
            args.flags.push(opt.long);
        }
    }
    Ok(Parsed::Run(args))
}

impl Args {
    /// The positional arguments, which must be exactly `names` (for the message).
    pub fn positional<const N: usize>(&self, names: [&str; N]) -> Result<[&str; N], CliError> {
        if self.positional.len() != N {
            let msg = if self.positional.len() < N {
                format!(
                    "missing {}",
                    names
                        .get(self.positional.len())
                        .copied()
                        .unwrap_or("argument")
                )
            } else {
                format!(
                    "unexpected argument {:?}",
                    self.positional.get(N).map_or("", String::as_str)
                )
            };
            return Err(CliError::usage(msg, self.usage));
        }
        Ok(core::array::from_fn(|k| {
            self.positional.get(k).map_or("", String::as_str)
        }))
    }

    /// Whether a flag is present.
    pub fn flag(&self, long: &str) -> bool {
        self.flags.contains(&long)
    }

    /// An option's raw value.
    pub fn value(&self, long: &str) -> Option<&str> {
        self.values.get(long).map(String::as_str)
    }

    /// An option's value parsed as `T`, or `default`; `check` says what is allowed (its
    /// message completes "--name must be …").
    pub fn get<T: FromStr + Copy>(
        &self,
        long: &str,
        default: T,
        check: (&str, fn(T) -> bool),
    ) -> Result<T, CliError> {
        let Some(raw) = self.value(long) else {
            return Ok(default);
        };
        match raw.trim().parse::<T>() {
            Ok(v) if check.1(v) => Ok(v),
            _ => Err(self.bad(long, raw, check.0)),
        }
    }

    /// A usage error for a bad value.
    pub fn bad(&self, long: &str, raw: &str, expected: &str) -> CliError {
        CliError::usage(
            format!("{long} must be {expected}, not {raw:?}"),
            self.usage,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: &[Opt] = &[
        val("--epochs"),
        Opt {
            long: "--out",
            short: Some("-o"),
            value: true,
        },
        flag("--json"),
    ];

    fn run(argv: &[&str]) -> Result<Args, CliError> {
        let argv: Vec<String> = argv.iter().map(|s| s.to_string()).collect();
        match parse(&argv, SPEC, "usage")? {
            Parsed::Run(a) => Ok(a),
            Parsed::Help => Err(CliError::usage("help".into(), "usage")),
        }
    }

    #[test]
    fn values_flags_and_positionals() {
        let a = run(&[
            "data.csv",
            "--epochs=5",
            "-o",
            "m.tmlp",
            "--json",
            "--",
            "-x",
        ])
        .unwrap();
        assert_eq!(a.positional(["DATA", "X"]).unwrap(), ["data.csv", "-x"]);
        assert_eq!(a.get("--epochs", 1usize, ("> 0", |n| n > 0)).unwrap(), 5);
        assert_eq!(a.value("--out"), Some("m.tmlp"));
        assert!(a.flag("--json"));
        assert!(a.positional(["DATA"]).is_err());
        assert!(a.positional(["DATA", "X", "Y"]).is_err());
    }

    #[test]
    fn mistakes_are_usage_errors() {
        for argv in [
            &["--epochs"][..],
            &["--nope"],
            &["--json=1"],
            &["--json", "--json"],
            &["--epochs", "1", "--epochs", "2"],
        ] {
            let e = run(argv).err().expect("an error");
            assert_eq!(e.code, 2, "{argv:?}");
        }
        let a = run(&["--epochs", "0"]).unwrap();
        let e = a.get("--epochs", 1usize, ("a positive integer", |n| n > 0));
        assert_eq!(
            e.err().unwrap().message,
            "error: --epochs must be a positive integer, not \"0\""
        );
    }
}
