//! From one template definition to what the struct needs: its fields, and for each component
//! with variables the pieces of its text and the order its parameters are sent in. Every
//! component this crate cannot fill yet is a problem, said in words; all of them are reported.

use cta_rules::Field;
use cta_rules::HeaderKind;
use cta_rules::template::UrlPosition;

use super::json::Json;
use crate::parse::template::is_field_name;

/// What a field of the struct holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FieldKind {
    /// A `&str` value of a text variable (in the header or the body).
    Text,
    /// A `&str` value ending the URL of the button at this index. Its own kind, so that a
    /// variable named like it (`{{url_1}}`) is a collision, never one value sent twice.
    UrlSuffix(usize),
    /// The media of a media header.
    Media(HeaderKind),
}

impl FieldKind {
    /// Whether the field is a `&str`.
    pub(crate) fn is_text(self) -> bool {
        matches!(self, FieldKind::Text | FieldKind::UrlSuffix(_))
    }

    /// What gives the field its value, for the message of a collision.
    fn what(self, name: &str) -> String {
        match self {
            FieldKind::Text => format!("the variable `{{{{{name}}}}}`"),
            FieldKind::UrlSuffix(index) => format!("the end of URL button {index}'s URL"),
            FieldKind::Media(kind) => format!("the {} of the header", kind.name()),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FieldPlan {
    pub(crate) name: String,
    pub(crate) kind: FieldKind,
}

/// A piece of a text component.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum TextPiece {
    Fixed(String),
    /// The field filling a variable, by index.
    Field(usize),
}

/// A text component with variables (the text header or the body).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TextPlan {
    pub(crate) pieces: Vec<TextPiece>,
    /// The fields sent as its parameters, in Meta's order: by number (positional), or by first
    /// appearance (named).
    pub(crate) parameters: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum HeaderPlan {
    None,
    Text(TextPlan),
    Media(HeaderKind, usize),
}

/// A URL button whose URL ends in a variable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct UrlButtonPlan {
    /// Its index among all the template's buttons.
    pub(crate) index: usize,
    /// The URL before the variable.
    pub(crate) prefix: String,
    pub(crate) position: UrlPosition,
    pub(crate) field: usize,
}

/// What a button is, for the preview.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ButtonKind {
    QuickReply,
    PhoneNumber,
    Url,
}

/// A button as approved: its kind, its label and, for a URL button, its URL (with `{{1}}`
/// when it ends in a variable).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ButtonText {
    pub(crate) kind: ButtonKind,
    pub(crate) label: String,
    pub(crate) url: Option<String>,
}

/// The approved text of every component, variables included, for the preview.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct ApprovedText {
    /// A text header's pieces.
    pub(crate) header: Option<Vec<TextPiece>>,
    pub(crate) body: Vec<TextPiece>,
    pub(crate) footer: Option<String>,
    pub(crate) buttons: Vec<ButtonText>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Plan {
    pub(crate) named: bool,
    pub(crate) fields: Vec<FieldPlan>,
    pub(crate) header: HeaderPlan,
    pub(crate) body: Option<TextPlan>,
    pub(crate) buttons: Vec<UrlButtonPlan>,
    /// The approved text, for the struct's docs.
    pub(crate) docs: Vec<String>,
    /// The approved text, for the preview.
    pub(crate) text: ApprovedText,
}

/// A variable of a template text, as written between `{{` and `}}`.
enum Variable<'a> {
    Number(usize),
    Name(&'a str),
}

/// The text split into fixed runs and variables. A `{{` not followed by a variable and `}}` is
/// kept as text, as Meta shows it.
fn split_variables(text: &str) -> Vec<Result<&str, Variable<'_>>> {
    let mut out = Vec::new();
    let mut rest = text;
    let mut fixed_start = 0;
    let mut offset = 0;
    while let Some(open) = rest.find("{{") {
        let after = &rest[open + 2..];
        let variable = after.find("}}").and_then(|close| {
            let inner = &after[..close];
            let variable = if !inner.is_empty() && inner.bytes().all(|byte| byte.is_ascii_digit()) {
                inner.parse().ok().map(Variable::Number)
            } else if inner.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
                && inner
                    .bytes()
                    .all(|byte| byte.is_ascii_lowercase() || byte.is_ascii_digit() || byte == b'_')
            {
                Some(Variable::Name(inner))
            } else {
                None
            };
            variable.map(|variable| (variable, close))
        });
        if let Some((variable, close)) = variable {
            let start = offset + open;
            if start > fixed_start {
                out.push(Ok(&text[fixed_start..start]));
            }
            out.push(Err(variable));
            let end = start + 2 + close + 2;
            fixed_start = end;
            offset = end;
            rest = &text[end..];
        } else {
            offset += open + 2;
            rest = &text[offset..];
        }
    }
    if fixed_start < text.len() {
        out.push(Ok(&text[fixed_start..]));
    }
    out
}

struct Builder {
    named: bool,
    fields: Vec<FieldPlan>,
    problems: Vec<String>,
}

impl Builder {
    /// The index of the field `name`, added when new.
    fn field(&mut self, name: String, kind: FieldKind) -> usize {
        if let Some(index) = self.fields.iter().position(|field| field.name == name) {
            let found = self.fields[index].kind;
            // A name shared by the header and the body is one value sent in both; anything
            // else sharing a name would send one value where the template wants two.
            if found != kind {
                self.problems.push(format!(
                    "{} and {} would both be the field `{name}`, one value sent in both; \
                     rename the variable in the template",
                    found.what(&name),
                    kind.what(&name)
                ));
            }
            return index;
        }
        if !is_field_name(&name) {
            self.problems.push(format!(
                "the variable `{{{{{name}}}}}` cannot be a field: `{name}` is a Rust keyword"
            ));
        }
        self.fields.push(FieldPlan { name, kind });
        self.fields.len() - 1
    }

    /// Reads a text component's variables; `part` is `header` or `body`.
    fn text(&mut self, part: &str, text: &str) -> TextPlan {
        let mut pieces = Vec::new();
        let mut numbered: Vec<(usize, usize)> = Vec::new();
        let mut parameters = Vec::new();
        for piece in split_variables(text) {
            match piece {
                Ok(fixed) => pieces.push(TextPiece::Fixed(fixed.to_owned())),
                Err(Variable::Number(number)) if !self.named => {
                    let field = self.field(format!("{part}_{number}"), FieldKind::Text);
                    if !numbered.iter().any(|&(seen, _)| seen == number) {
                        numbered.push((number, field));
                    }
                    pieces.push(TextPiece::Field(field));
                }
                Err(Variable::Name(name)) if self.named => {
                    let field = self.field(name.to_owned(), FieldKind::Text);
                    if !parameters.contains(&field) {
                        parameters.push(field);
                    }
                    pieces.push(TextPiece::Field(field));
                }
                Err(Variable::Number(number)) => self.problems.push(format!(
                    "the {part} has the positional variable `{{{{{number}}}}}` but the template's \
                     `parameter_format` is NAMED"
                )),
                Err(Variable::Name(name)) => self.problems.push(format!(
                    "the {part} has the named variable `{{{{{name}}}}}` but the template's \
                     `parameter_format` is POSITIONAL (or absent); Meta would refuse it (132012)"
                )),
            }
        }
        if !self.named {
            numbered.sort_unstable();
            let expected: Vec<usize> = (1..=numbered.len()).collect();
            let found: Vec<usize> = numbered.iter().map(|&(number, _)| number).collect();
            if found != expected {
                self.problems.push(format!(
                    "the {part}'s variables are numbered {found:?}; Meta numbers them from 1 \
                     without gaps"
                ));
            }
            parameters = numbered.into_iter().map(|(_, field)| field).collect();
        }
        TextPlan { pieces, parameters }
    }
}

fn string_member<'a>(object: &'a Json, key: &str) -> Option<&'a str> {
    object.get(key).and_then(Json::as_str)
}

impl Builder {
    /// The string `key` of `object`, which Meta always gives; when it is missing, a problem
    /// naming `what` (the definitions file is not of Meta's shape) and an empty text, never
    /// used since the template is refused.
    fn required<'j>(&mut self, object: &'j Json, key: &str, what: &str) -> &'j str {
        string_member(object, key).unwrap_or_else(|| {
            self.problems.push(format!(
                "{what} has no `{key}` string, which Meta always gives"
            ));
            ""
        })
    }
}

/// The plan for `template`, or every problem found in it.
pub(crate) fn plan(template: &Json) -> Result<Plan, Vec<String>> {
    let named = match string_member(template, "parameter_format") {
        Some("NAMED") => true,
        None | Some("POSITIONAL") => false,
        Some(other) => {
            return Err(vec![format!(
                "unknown `parameter_format` \"{other}\"; expected NAMED or POSITIONAL"
            )]);
        }
    };
    let mut builder = Builder {
        named,
        fields: Vec::new(),
        problems: Vec::new(),
    };
    let mut header = HeaderPlan::None;
    let mut body = None;
    let mut buttons = Vec::new();
    let mut docs = Vec::new();
    let mut approved = ApprovedText::default();
    let Some(components) = template.get("components").and_then(Json::as_array) else {
        return Err(vec!["it has no `components` array".to_owned()]);
    };
    for component in components {
        let kind = builder.required(component, "type", "a component");
        match kind.to_ascii_uppercase().as_str() {
            // Said already.
            "" => {}
            "HEADER" => {
                if let Some(plan) = header_plan(&mut builder, component, &mut docs, &mut approved) {
                    header = plan;
                }
            }
            "BODY" => {
                let text = builder.required(component, "text", "the BODY component");
                docs.push(format!("Body: {text}"));
                let plan = builder.text("body", text);
                approved.body.clone_from(&plan.pieces);
                if !plan.parameters.is_empty() {
                    body = Some(plan);
                }
            }
            "FOOTER" => {
                let text = builder.required(component, "text", "the FOOTER component");
                docs.push(format!("Footer: {text}"));
                approved.footer = Some(text.to_owned());
            }
            "BUTTONS" => {
                let Some(list) = component.get("buttons").and_then(Json::as_array) else {
                    builder.problems.push(
                        "the BUTTONS component has no `buttons` array, which Meta always gives"
                            .to_owned(),
                    );
                    continue;
                };
                for (index, button) in list.iter().enumerate() {
                    button_plan(&mut builder, index, button, &mut buttons, &mut docs);
                    approved.buttons.extend(button_text(button));
                }
            }
            "CAROUSEL" => builder
                .problems
                .push("a carousel cannot be filled by this crate yet".to_owned()),
            "LIMITED_TIME_OFFER" => builder
                .problems
                .push("a limited-time offer cannot be filled by this crate yet".to_owned()),
            _ => builder.problems.push(format!(
                "a component of type {kind:?} cannot be filled by this crate yet"
            )),
        }
    }
    if builder.problems.is_empty() {
        Ok(Plan {
            named,
            fields: builder.fields,
            header,
            body,
            buttons,
            docs,
            text: approved,
        })
    } else {
        Err(builder.problems)
    }
}

/// The header's plan, or `None` when it has no variable (or cannot be filled, a problem
/// recorded in `builder`).
fn header_plan(
    builder: &mut Builder,
    component: &Json,
    docs: &mut Vec<String>,
    approved: &mut ApprovedText,
) -> Option<HeaderPlan> {
    match builder.required(component, "format", "the HEADER component") {
        // Said already.
        "" => {}
        "TEXT" => {
            let text = builder.required(component, "text", "the text HEADER component");
            docs.push(format!("Header: {text}"));
            let plan = builder.text("header", text);
            approved.header = Some(plan.pieces.clone());
            if plan.parameters.len() > 1 {
                builder.problems.push(format!(
                    "the text header has {} variables; Meta allows at most one",
                    plan.parameters.len()
                ));
            }
            if !plan.parameters.is_empty() {
                return Some(HeaderPlan::Text(plan));
            }
        }
        format @ ("IMAGE" | "VIDEO" | "DOCUMENT") => {
            let media = match format {
                "IMAGE" => HeaderKind::Image,
                "VIDEO" => HeaderKind::Video,
                _ => HeaderKind::Document,
            };
            docs.push(format!(
                "Header: {} (the field `header`)",
                format.to_lowercase()
            ));
            let field = builder.field("header".to_owned(), FieldKind::Media(media));
            return Some(HeaderPlan::Media(media, field));
        }
        "LOCATION" => builder
            .problems
            .push("a location header cannot be filled by this crate yet".to_owned()),
        other => builder.problems.push(format!(
            "a header of format {other} cannot be filled by this crate yet"
        )),
    }
    None
}

/// The button as approved; `None` for a kind [`button_plan`] refuses.
fn button_text(button: &Json) -> Option<ButtonText> {
    let kind = match string_member(button, "type")? {
        "QUICK_REPLY" => ButtonKind::QuickReply,
        "PHONE_NUMBER" => ButtonKind::PhoneNumber,
        "URL" => ButtonKind::Url,
        _ => return None,
    };
    let url = match kind {
        ButtonKind::Url => Some(string_member(button, "url")?.to_owned()),
        ButtonKind::QuickReply | ButtonKind::PhoneNumber => None,
    };
    Some(ButtonText {
        kind,
        label: string_member(button, "text")?.to_owned(),
        url,
    })
}

fn button_plan(
    builder: &mut Builder,
    index: usize,
    button: &Json,
    buttons: &mut Vec<UrlButtonPlan>,
    docs: &mut Vec<String>,
) {
    let what = format!("button {index}");
    let kind = builder.required(button, "type", &what);
    let text = match kind {
        "QUICK_REPLY" | "PHONE_NUMBER" | "URL" => builder.required(button, "text", &what),
        _ => "",
    };
    match kind {
        // Said already.
        "" => {}
        "QUICK_REPLY" => docs.push(format!("Button {index}: quick reply \"{text}\"")),
        "PHONE_NUMBER" => docs.push(format!("Button {index}: call \"{text}\"")),
        "URL" => {
            let url = builder.required(button, "url", &what);
            if !url.contains("{{") {
                docs.push(format!("Button {index}: \"{text}\" opens {url}"));
                return;
            }
            let Some(prefix) = url
                .strip_suffix("{{1}}")
                .filter(|prefix| !prefix.contains("{{"))
            else {
                builder.problems.push(format!(
                    "URL button {index}'s URL {url:?} has a variable elsewhere than one `{{{{1}}}}` \
                     at its end, which is all Meta allows"
                ));
                return;
            };
            let Some(position) = url_position(prefix) else {
                builder.problems.push(format!(
                    "URL button {index}'s variable stands in the URL's host ({url:?}); a value \
                     could send the button to another site"
                ));
                return;
            };
            // The fixed part is checked as if the value were `x`, as `cta_template!` does.
            if let Err(error) = cta_rules::check(Field::ButtonUrl, &format!("{prefix}x")) {
                builder
                    .problems
                    .push(format!("URL button {index}'s URL {url:?}: {error}"));
                return;
            }
            let name = format!("url_{index}");
            docs.push(format!(
                "Button {index}: \"{text}\" opens {url} (the field `{name}`)"
            ));
            let field = builder.field(name, FieldKind::UrlSuffix(index));
            buttons.push(UrlButtonPlan {
                index,
                prefix: prefix.to_owned(),
                position,
                field,
            });
        }
        "COPY_CODE" => builder.problems.push(format!(
            "button {index} is a copy-code button, which this crate cannot fill yet"
        )),
        "FLOW" => builder.problems.push(format!(
            "button {index} is a flow button, which this crate cannot fill yet"
        )),
        "OTP" => builder.problems.push(format!(
            "button {index} is a one-time password (OTP) button, which this crate cannot fill yet"
        )),
        other => builder.problems.push(format!(
            "button {index} is of type {other:?}, which this crate cannot fill yet"
        )),
    }
}

/// Where a value appended to `prefix` stands, or `None` when it would be in the scheme, the
/// host or the port.
fn url_position(prefix: &str) -> Option<UrlPosition> {
    let position = cta_rules::template::url_position(prefix);
    position.allowed().then_some(position)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_variables() {
        let pieces = split_variables("Hi {{name}}, {{ x }} {{1}}{{2}}!");
        let shown: Vec<String> = pieces
            .iter()
            .map(|piece| match piece {
                Ok(text) => format!("[{text}]"),
                Err(Variable::Number(number)) => format!("#{number}"),
                Err(Variable::Name(name)) => format!("${name}"),
            })
            .collect();
        assert_eq!(shown, ["[Hi ]", "$name", "[, {{ x }} ]", "#1", "#2", "[!]"]);
    }

    #[test]
    fn finds_the_url_position() {
        assert_eq!(url_position("https://a.com/x/"), Some(UrlPosition::Path));
        assert_eq!(url_position("https://a.com/?id="), Some(UrlPosition::Query));
        assert_eq!(url_position("https://a.com/#"), Some(UrlPosition::Fragment));
        assert_eq!(url_position("https://"), None);
        assert_eq!(url_position("https://a.com"), None);
    }
}
