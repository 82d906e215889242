//! Reading every page of an account's message templates from the Graph API.

use std::fmt;
use std::time::Duration;

use cta_core::send::{
    AccessToken, ApiVersion, BaseUrl, ConfigError, DEFAULT_API_VERSION, DEFAULT_BASE_URL,
};
use reqwest::Url;
use serde_json::Value;

/// How long one page may take, body included. \[chosen\]
const PAGE_TIMEOUT: Duration = Duration::from_mins(1);

/// Templates asked for per page; Meta's default page is smaller. \[chosen\]
const PAGE_SIZE: u32 = 100;

/// The largest page body read, so that a misbehaving proxy cannot exhaust memory. A page of a
/// hundred templates is well under a megabyte. \[chosen\]
const MAX_PAGE_BYTES: usize = 16 << 20;

/// The most pages followed: far more than any account has (Meta allows a few hundred
/// templates), so that paging that never ends is an error, not a hang. \[chosen\]
const MAX_PAGES: usize = 1000;

/// The longest excerpt of Meta's own error message shown. \[chosen\]
const MESSAGE_EXCERPT: usize = 300;

/// Where and as whom to read, from the environment.
pub struct Settings {
    token: AccessToken,
    account: String,
    base: BaseUrl,
    version: ApiVersion,
}

impl Settings {
    /// `WHATSAPP_ACCESS_TOKEN`, `WHATSAPP_BUSINESS_ACCOUNT_ID`, and optionally
    /// `WHATSAPP_API_BASE` and `WHATSAPP_API_VERSION`.
    pub fn from_env() -> Result<Self, Error> {
        let token = AccessToken::new(required("WHATSAPP_ACCESS_TOKEN")?).map_err(|problem| {
            Error::Setting {
                name: "WHATSAPP_ACCESS_TOKEN",
                problem,
            }
        })?;
        let account = required("WHATSAPP_BUSINESS_ACCOUNT_ID")?;
        if !account.bytes().all(|byte| byte.is_ascii_digit()) {
            return Err(Error::Malformed {
                name: "WHATSAPP_BUSINESS_ACCOUNT_ID",
                expected: Expected::AccountId,
                length: account.chars().count(),
            });
        }
        // The values are never shown, not even in part (cta-core's own errors quote what they
        // can): a token pasted into the wrong variable must not reach a CI log.
        let base = match optional("WHATSAPP_API_BASE")? {
            Some(base) => BaseUrl::new(base.as_str()).map_err(|_| Error::Malformed {
                name: "WHATSAPP_API_BASE",
                expected: Expected::BaseUrl,
                length: base.chars().count(),
            })?,
            None => BaseUrl::new(DEFAULT_BASE_URL).map_err(|_| Error::Defaults)?,
        };
        let version = match optional("WHATSAPP_API_VERSION")? {
            Some(version) => ApiVersion::new(version.as_str()).map_err(|_| Error::Malformed {
                name: "WHATSAPP_API_VERSION",
                expected: Expected::ApiVersion,
                length: version.chars().count(),
            })?,
            None => ApiVersion::new(DEFAULT_API_VERSION).map_err(|_| Error::Defaults)?,
        };
        Ok(Settings {
            token,
            account,
            base,
            version,
        })
    }

    /// The first page's URL.
    fn first_page(&self) -> Result<Url, Error> {
        let text = format!(
            "{}/{}/{}/message_templates?limit={PAGE_SIZE}",
            self.base.as_str().trim_end_matches('/'),
            self.version,
            self.account
        );
        Url::parse(&text).map_err(|_| Error::BadBase)
    }

    /// The URL of the next page: Meta's `paging.next` when it points at the configured host
    /// (without any token Meta put in its query: the token goes in a header), else the first
    /// page's URL with the `after` cursor.
    fn next_page(&self, paging: &Value) -> Result<Option<Url>, Error> {
        let first = self.first_page()?;
        if let Some(next) = paging["next"]
            .as_str()
            .and_then(|next| Url::parse(next).ok())
            && next.origin() == first.origin()
        {
            let mut next = next;
            let kept: Vec<(String, String)> = next
                .query_pairs()
                .filter(|(name, _)| name != "access_token")
                .map(|(name, value)| (name.into_owned(), value.into_owned()))
                .collect();
            next.query_pairs_mut().clear().extend_pairs(kept);
            return Ok(Some(next));
        }
        let Some(after) = paging["cursors"]["after"].as_str() else {
            return Ok(None);
        };
        // Without `next` Meta says there is no further page, even when it gives a cursor.
        if paging.get("next").is_none_or(Value::is_null) {
            return Ok(None);
        }
        let mut url = first;
        url.query_pairs_mut().append_pair("after", after);
        Ok(Some(url))
    }

    /// `text` with every occurrence of the access token replaced by `***`.
    fn scrub(&self, text: &str) -> String {
        text.replace(self.token.expose_secret(), "***")
    }
}

fn required(name: &'static str) -> Result<String, Error> {
    optional(name)?.ok_or(Error::Missing { name })
}

fn optional(name: &'static str) -> Result<Option<String>, Error> {
    match std::env::var(name) {
        Ok(value) if value.is_empty() => Ok(None),
        Ok(value) => Ok(Some(value)),
        Err(std::env::VarError::NotPresent) => Ok(None),
        Err(std::env::VarError::NotUnicode(_)) => Err(Error::NotUnicode { name }),
    }
}

/// Every template of the account (the items of each page's `data`), in the order the pages
/// give them. `progress` is told the page's number, its templates and the count so far.
pub async fn fetch_all(
    settings: &Settings,
    mut progress: impl FnMut(usize, usize, usize),
) -> Result<Vec<Value>, Error> {
    let http = cta_core::send::http_client().map_err(|error| Error::Setup(error.to_string()))?;
    let mut templates = Vec::new();
    let mut url = Some(settings.first_page()?);
    let mut seen = Vec::new();
    let mut page = 0;
    while let Some(current) = url {
        page += 1;
        if page > MAX_PAGES || seen.contains(&current) {
            return Err(Error::EndlessPaging { page });
        }
        let body = fetch_page(settings, &http, &current, page).await?;
        let Some(data) = body["data"].as_array() else {
            return Err(Error::Shape {
                page,
                problem: "it has no `data` array",
            });
        };
        if !data.iter().all(Value::is_object) {
            return Err(Error::Shape {
                page,
                problem: "an item of `data` is not an object",
            });
        }
        templates.extend(data.iter().cloned());
        progress(page, data.len(), templates.len());
        seen.push(current);
        url = settings.next_page(&body["paging"])?;
    }
    Ok(templates)
}

/// One page's JSON, or the error its answer tells.
async fn fetch_page(
    settings: &Settings,
    http: &reqwest::Client,
    url: &Url,
    page: usize,
) -> Result<Value, Error> {
    let host = url.host_str().unwrap_or_default().to_owned();
    let network = |error: reqwest::Error| Error::Network {
        host: host.clone(),
        page,
        cause: settings.scrub(&describe(&error.without_url())),
    };
    let mut response = http
        .get(url.clone())
        .bearer_auth(settings.token.expose_secret())
        .timeout(PAGE_TIMEOUT)
        .send()
        .await
        .map_err(network)?;
    let status = response.status();
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(network)? {
        if body.len() + chunk.len() > MAX_PAGE_BYTES {
            return Err(Error::Shape {
                page,
                problem: "its body is larger than 16 MiB",
            });
        }
        body.extend_from_slice(&chunk);
    }
    let json: Option<Value> = serde_json::from_slice(&body).ok();
    if status.is_success() {
        return json.ok_or(Error::Shape {
            page,
            problem: "its body is not JSON",
        });
    }
    let error = json.as_ref().map(|json| &json["error"]);
    let code = error.and_then(|error| error["code"].as_i64());
    let subcode = error.and_then(|error| error["error_subcode"].as_i64());
    let message = error
        .and_then(|error| error["message"].as_str())
        .map(|message| excerpt(&settings.scrub(message)));
    let status = status.as_u16();
    // Meta's code decides; the HTTP status only when the body has none (a proxy's answer).
    let refused_token = code == Some(190) || (code.is_none() && status == 401);
    // 100/33: "Object with ID … does not exist, cannot be loaded due to missing permissions".
    let unknown_account =
        (code == Some(100) && subcode == Some(33)) || (code.is_none() && status == 404);
    Err(if refused_token {
        Error::BadToken {
            status,
            code,
            message,
        }
    } else if unknown_account {
        Error::UnknownAccount {
            account: settings.account.clone(),
            status,
            message,
        }
    } else {
        Error::Graph {
            status,
            code,
            message,
            page,
        }
    })
}

/// The error and each of its causes, as `a: b: c`.
fn describe(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}

fn excerpt(message: &str) -> String {
    match message.char_indices().nth(MESSAGE_EXCERPT) {
        Some((end, _)) => format!("{}…", &message[..end]),
        None => message.to_owned(),
    }
}

/// What stops a read. None holds the access token: Meta's messages and the network's errors
/// are scrubbed of it.
#[derive(Debug)]
pub enum Error {
    Missing {
        name: &'static str,
    },
    NotUnicode {
        name: &'static str,
    },
    /// The access token cannot be used; cta-core's error says why, never holding the token.
    Setting {
        name: &'static str,
        problem: ConfigError,
    },
    /// A setting that is not of the form it must have. Its value is not kept.
    Malformed {
        name: &'static str,
        expected: Expected,
        length: usize,
    },
    /// cta-core's own defaults were refused: a bug, never the user's settings.
    Defaults,
    BadBase,
    Setup(String),
    Network {
        host: String,
        page: usize,
        cause: String,
    },
    BadToken {
        status: u16,
        code: Option<i64>,
        message: Option<String>,
    },
    UnknownAccount {
        account: String,
        status: u16,
        message: Option<String>,
    },
    Graph {
        status: u16,
        code: Option<i64>,
        message: Option<String>,
        page: usize,
    },
    Shape {
        page: usize,
        problem: &'static str,
    },
    EndlessPaging {
        page: usize,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Missing { name } => write!(f, "{name} is not set"),
            Error::NotUnicode { name } => write!(f, "{name} is not valid UTF-8"),
            Error::Setting { name, problem } => write!(f, "{name}: {problem}"),
            Error::Malformed {
                name,
                expected,
                length,
            } => write!(
                f,
                "{name} must be {expected}; its value, {length} characters, is not (not shown, \
                 in case it is a secret set in the wrong variable)"
            ),
            Error::Defaults => f.write_str(
                "cta-core's default Graph API base URL or version was refused; please report \
                 this bug",
            ),
            Error::BadBase => f.write_str("WHATSAPP_API_BASE does not make a valid URL"),
            Error::Setup(problem) => f.write_str(problem),
            Error::Network { host, page, cause } => write!(
                f,
                "cannot read page {page} of the templates from {host} (network failure): {cause}"
            ),
            Error::BadToken {
                status,
                code,
                message,
            } => {
                f.write_str("the access token was refused (")?;
                if let Some(code) = code {
                    write!(f, "Graph API error {code}, ")?;
                }
                write!(
                    f,
                    "HTTP {status}): it is invalid, expired or revoked; set \
                     WHATSAPP_ACCESS_TOKEN to a valid token with the \
                     whatsapp_business_management permission"
                )?;
                with_message(f, message.as_deref())
            }
            Error::UnknownAccount {
                account,
                status,
                message,
            } => {
                write!(
                    f,
                    "the WhatsApp Business Account {account} does not exist or this token \
                     cannot see it (HTTP {status}); check WHATSAPP_BUSINESS_ACCOUNT_ID"
                )?;
                with_message(f, message.as_deref())
            }
            Error::Graph {
                status,
                code,
                message,
                page,
            } => {
                write!(
                    f,
                    "the Graph API refused page {page} of the templates (HTTP {status}"
                )?;
                if let Some(code) = code {
                    write!(f, ", error {code}")?;
                }
                f.write_str(")")?;
                with_message(f, message.as_deref())
            }
            Error::Shape { page, problem } => write!(
                f,
                "page {page} of the templates is not what the Graph API answers: {problem}"
            ),
            Error::EndlessPaging { page } => write!(
                f,
                "the Graph API's paging does not end (page {page} repeats a page or passes \
                 {MAX_PAGES})"
            ),
        }
    }
}

/// The form a setting must have.
#[derive(Debug, Clone, Copy)]
pub enum Expected {
    AccountId,
    BaseUrl,
    ApiVersion,
}

impl fmt::Display for Expected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Expected::AccountId => f.write_str("the account's ID, digits only"),
            Expected::BaseUrl => write!(
                f,
                "an absolute `https://` or `http://` URL with a host and no user-info, query or \
                 fragment, such as {DEFAULT_BASE_URL:?}"
            ),
            Expected::ApiVersion => write!(
                f,
                "a Graph API version of the form `v<major>.<minor>`, such as \
                 {DEFAULT_API_VERSION:?}"
            ),
        }
    }
}

fn with_message(f: &mut fmt::Formatter<'_>, message: Option<&str>) -> fmt::Result {
    match message {
        Some(message) => write!(f, "; Meta says: {message:?}"),
        None => Ok(()),
    }
}
