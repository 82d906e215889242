// A crate cannot write a `Spec` of its own: its fields are private, and `spec` is the one way
// to one.
use cta_core::__private::approved::{ApprovedText, Spec};

static FORGED: Spec = Spec {
    name: "anything at all",
    language: "xx",
    named: false,
    fields: &[],
    header: None,
    body: None,
    buttons: &[],
    text: ApprovedText {
        header: None,
        body: &[],
        footer: None,
        buttons: &[],
    },
};

fn main() {
    let _ = cta_core::__private::approved::render(&FORGED, &[], None);
}
