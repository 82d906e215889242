//! The command line, parsed by hand: two subcommands and one option need no framework.

use std::ffi::OsString;
use std::path::PathBuf;

/// The file written and read unless `--file` names another.
pub const DEFAULT_FILE: &str = "whatsapp-templates.json";

/// What `--help` prints, and what follows a usage error.
pub const USAGE: &str = "\
Usage:
  cta templates pull  [--file PATH]   write the account's message templates to PATH
  cta templates check [--file PATH]   exit 1, naming each template that differs, if PATH is stale

PATH is whatsapp-templates.json unless given.

Environment:
  WHATSAPP_ACCESS_TOKEN          a token with the whatsapp_business_management permission
  WHATSAPP_BUSINESS_ACCOUNT_ID   the WhatsApp Business Account's ID
  WHATSAPP_API_BASE              the Graph API's base URL (default https://graph.facebook.com)
  WHATSAPP_API_VERSION           the Graph API version (default cta-core's)

Exit codes: 0 done or the file agrees, 1 the file differs, 2 an error.
";

/// What the command line asks for.
#[derive(Debug, PartialEq, Eq)]
pub enum Command {
    Pull { file: PathBuf },
    Check { file: PathBuf },
    Help,
    Version,
}

/// Reads the arguments after the program's name.
pub fn parse(arguments: impl IntoIterator<Item = OsString>) -> Result<Command, String> {
    let mut arguments = arguments.into_iter();
    let first = arguments.next();
    match first.as_ref().and_then(|first| first.to_str()) {
        None if first.is_none() => return Err("a command is needed".to_owned()),
        Some("-h" | "--help" | "help") => return Ok(Command::Help),
        Some("-V" | "--version") => return Ok(Command::Version),
        Some("templates") => {}
        _ => {
            let found = first.unwrap_or_default();
            return Err(format!("unknown command {:?}", found.to_string_lossy()));
        }
    }
    let pull = match arguments.next().as_ref().and_then(|action| action.to_str()) {
        Some("pull") => true,
        Some("check") => false,
        Some("-h" | "--help") => return Ok(Command::Help),
        Some(other) => {
            return Err(format!(
                "unknown templates command {other:?}: `pull` or `check`"
            ));
        }
        None => return Err("`cta templates` needs `pull` or `check`".to_owned()),
    };
    let mut file: Option<PathBuf> = None;
    while let Some(argument) = arguments.next() {
        let path = match argument.to_str() {
            Some("-h" | "--help") => return Ok(Command::Help),
            Some("--file") => arguments
                .next()
                .ok_or_else(|| "`--file` needs a path".to_owned())?,
            Some(text) if text.starts_with("--file=") => OsString::from(&text["--file=".len()..]),
            _ => {
                return Err(format!(
                    "unexpected argument {:?}",
                    argument.to_string_lossy()
                ));
            }
        };
        if path.is_empty() {
            return Err("`--file` needs a path, not an empty one".to_owned());
        }
        if file.replace(PathBuf::from(path)).is_some() {
            return Err("`--file` is given twice".to_owned());
        }
    }
    let file = file.unwrap_or_else(|| PathBuf::from(DEFAULT_FILE));
    Ok(if pull {
        Command::Pull { file }
    } else {
        Command::Check { file }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_words(words: &str) -> Result<Command, String> {
        parse(words.split_whitespace().map(OsString::from))
    }

    #[test]
    fn pull_and_check_take_a_file_or_the_default() {
        assert_eq!(
            parse_words("templates pull"),
            Ok(Command::Pull {
                file: PathBuf::from(DEFAULT_FILE)
            })
        );
        assert_eq!(
            parse_words("templates check --file a/b.json"),
            Ok(Command::Check {
                file: PathBuf::from("a/b.json")
            })
        );
        assert_eq!(
            parse_words("templates pull --file=x.json"),
            Ok(Command::Pull {
                file: PathBuf::from("x.json")
            })
        );
    }

    #[test]
    fn mistakes_are_told() {
        for (words, expected) in [
            ("", "a command is needed"),
            ("template pull", "unknown command \"template\""),
            ("templates", "needs `pull` or `check`"),
            ("templates push", "unknown templates command \"push\""),
            ("templates pull --file", "`--file` needs a path"),
            ("templates pull --file=", "not an empty one"),
            ("templates pull --file a --file b", "given twice"),
            ("templates check extra", "unexpected argument \"extra\""),
        ] {
            let problem = parse_words(words).expect_err(words);
            assert!(problem.contains(expected), "{words:?}: {problem}");
        }
    }

    #[test]
    fn help_and_version() {
        assert_eq!(parse_words("--help"), Ok(Command::Help));
        assert_eq!(parse_words("templates pull -h"), Ok(Command::Help));
        assert_eq!(parse_words("--version"), Ok(Command::Version));
    }
}
