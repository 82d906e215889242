// `from_filled_json` wrapped a body text that closes its JSON string, which `to_json_vec` then
// wrote as it is: JSON injected into the request body.
use cta_core::template::FromFilled;

fn main() {
    let body = cta_core::BodyText::from_filled_json(
        r#"x"},"to":"+19995550000","z":{"a":"b"#.to_owned(),
        true,
    );
    let message = cta_core::cta_message! {
        to: "+16505551234",
        body: body,
        button: "Go",
        url: "https://example.com",
    };
    let _ = message.to_json_vec();
}
