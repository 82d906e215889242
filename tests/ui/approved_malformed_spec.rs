// `spec` checks the description it is given while the code compiles: a template name, a
// language code, field indexes and URL buttons no `approved_template!` would write are each a
// compile error in the static.
use cta_core::__private::approved::{
    ApprovedText, ButtonKind, ButtonText, Piece, Spec, TextSpec, UrlButton, spec,
};
use cta_core::template::Position;

const NO_TEXT: ApprovedText = ApprovedText {
    header: None,
    body: &[],
    footer: None,
    buttons: &[],
};

static BAD_NAME: Spec = spec(
    "Order Shipped",
    "en_US",
    false,
    &[],
    None,
    None,
    &[],
    NO_TEXT,
);

static BAD_LANGUAGE: Spec = spec(
    "order_shipped",
    "english",
    false,
    &[],
    None,
    None,
    &[],
    NO_TEXT,
);

static FIELD_OUT_OF_BOUNDS: Spec = spec(
    "order_shipped",
    "en_US",
    false,
    &["body_1"],
    None,
    Some(TextSpec {
        pieces: &[Piece::Field(3)],
        parameters: &[0],
    }),
    &[],
    NO_TEXT,
);

// A suffix standing in the host could send the button to another site.
static VALUE_IN_THE_HOST: Spec = spec(
    "order_shipped",
    "en_US",
    false,
    &["url_0"],
    None,
    None,
    &[UrlButton {
        index: "0",
        prefix: "https://",
        position: Position::UrlPath,
        field: 0,
    }],
    ApprovedText {
        header: None,
        body: &[],
        footer: None,
        buttons: &[ButtonText {
            kind: ButtonKind::Url,
            label: "Open",
            url: Some("https://{{1}}"),
        }],
    },
);

// The button at index 1 does not exist.
static NO_SUCH_BUTTON: Spec = spec(
    "order_shipped",
    "en_US",
    false,
    &["url_1"],
    None,
    None,
    &[UrlButton {
        index: "1",
        prefix: "https://shop.example.com/track/",
        position: Position::UrlPath,
        field: 0,
    }],
    ApprovedText {
        header: None,
        body: &[],
        footer: None,
        buttons: &[ButtonText {
            kind: ButtonKind::Url,
            label: "Track",
            url: Some("https://shop.example.com/track/{{1}}"),
        }],
    },
);

fn main() {}
