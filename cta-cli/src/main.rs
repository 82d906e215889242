//! `cta`: keeps a file of the message templates Meta approved for a WhatsApp Business Account,
//! for the `approved_template!` macro of `cta-core` to check messages against while the code
//! compiles.
//!
//! ```text
//! cta templates pull  [--file PATH]   write every template of the account to the file
//! cta templates check [--file PATH]   exit 1, naming each difference, if the file is stale
//! ```
//!
//! The file is `whatsapp-templates.json` unless `--file` names another. Both commands read the
//! account's templates, page after page, from `GET /<version>/<WABA_ID>/message_templates`,
//! with these environment variables:
//!
//! - `WHATSAPP_ACCESS_TOKEN`: a token with the `whatsapp_business_management` permission;
//! - `WHATSAPP_BUSINESS_ACCOUNT_ID`: the WhatsApp Business Account's ID (digits);
//! - `WHATSAPP_API_BASE` (optional): the Graph API's base URL, Meta's by default;
//! - `WHATSAPP_API_VERSION` (optional): the Graph API version, cta-core's by default.
//!
//! The file is a JSON array of Meta's template objects as the API gives them, sorted by name
//! then language, its keys sorted and pretty-printed, so that a change to one template is a
//! small diff. It can be written by hand too. `pull` writes it whole or not at all.
//!
//! Exit codes: 0 done (or, for `check`, the file agrees), 1 the file differs from the live
//! definitions, 2 an error (told on stderr). The access token is never printed, nor the value
//! of a variable in error (only its name, the form it must have and its length).

mod args;
mod graph;
mod templates;

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use args::{Command, USAGE};
use graph::Settings;

fn main() -> ExitCode {
    let command = match args::parse(std::env::args_os().skip(1)) {
        Ok(command) => command,
        Err(problem) => {
            eprintln!("error: {problem}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let outcome = match command {
        Command::Help => {
            print!("{USAGE}");
            Ok(ExitCode::SUCCESS)
        }
        Command::Version => {
            println!("cta {}", env!("CARGO_PKG_VERSION"));
            Ok(ExitCode::SUCCESS)
        }
        Command::Pull { file } => pull(&file),
        Command::Check { file } => check(&file),
    };
    outcome.unwrap_or_else(|error| {
        eprintln!("error: {error}");
        ExitCode::from(2)
    })
}

/// Reads every template of the account and writes them, sorted, to `file`.
fn pull(file: &Path) -> Result<ExitCode, Error> {
    let settings = Settings::from_env()?;
    let mut live = fetch(&settings)?;
    templates::sort(&mut live);
    templates::check_unique(&live).map_err(Error::Live)?;
    templates::write_atomically(file, &templates::render(&live)).map_err(|source| {
        Error::Write {
            file: file.display().to_string(),
            source,
        }
    })?;
    eprintln!(
        "wrote {} to {}",
        templates_count(live.len()),
        file.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// Compares `file` with the live templates: exit 1 and one line per difference if they differ.
fn check(file: &Path) -> Result<ExitCode, Error> {
    // The file first: a missing or broken file needs no network to be told.
    let written = templates::read(file)?;
    let settings = Settings::from_env()?;
    let live = fetch(&settings)?;
    templates::check_unique(&live).map_err(Error::Live)?;
    let differences = templates::compare(&written, &live);
    if differences.is_empty() {
        eprintln!(
            "{} agrees with the live definitions ({})",
            file.display(),
            templates_count(live.len())
        );
        return Ok(ExitCode::SUCCESS);
    }
    let mut stdout = std::io::stdout().lock();
    for difference in &differences {
        // A closed stdout (`| head`) must not hide the verdict, which the exit code carries.
        let _ = writeln!(stdout, "{difference}");
    }
    eprintln!(
        "{} differs from the live definitions in {}; `cta templates pull` rewrites it",
        file.display(),
        templates_count(differences.len()),
    );
    Ok(ExitCode::from(1))
}

/// Every page, with a progress line per page on stderr.
fn fetch(settings: &Settings) -> Result<Vec<serde_json::Value>, Error> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(Error::Runtime)?;
    let live = runtime.block_on(graph::fetch_all(settings, |page, count, total| {
        eprintln!("page {page}: {} ({total} in all)", templates_count(count));
    }))?;
    Ok(live)
}

/// `1 template`, `3 templates`.
fn templates_count(count: usize) -> String {
    if count == 1 {
        "1 template".to_owned()
    } else {
        format!("{count} templates")
    }
}

/// Everything that ends a command with exit code 2.
#[derive(Debug)]
enum Error {
    /// The environment, the network or the Graph API.
    Graph(graph::Error),
    /// The definitions file cannot be read or is not of the expected shape.
    File(templates::FileError),
    /// The live definitions are not one object per name and language.
    Live(String),
    /// The file cannot be written.
    Write {
        file: String,
        source: std::io::Error,
    },
    /// The async runtime cannot start.
    Runtime(std::io::Error),
}

impl From<graph::Error> for Error {
    fn from(error: graph::Error) -> Self {
        Error::Graph(error)
    }
}

impl From<templates::FileError> for Error {
    fn from(error: templates::FileError) -> Self {
        Error::File(error)
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Graph(error) => error.fmt(f),
            Error::File(error) => error.fmt(f),
            Error::Live(problem) => write!(f, "the live definitions cannot be used: {problem}"),
            Error::Write { file, source } => {
                write!(
                    f,
                    "cannot write {file}: {source}; the file was left as it was"
                )
            }
            Error::Runtime(source) => write!(f, "cannot start the async runtime: {source}"),
        }
    }
}
