// A template description written by hand, whose body's fixed text closes its JSON string and
// claims to need no escape: it does not compile in a `const`.
use cta_core::__private::{fixed, part, placeholder, template};
use cta_core::template::Template;

const FORGED: Template = template(
    "Forged",
    &["a"],
    0,
    &[
        part(
            6,
            &[fixed("x\"},\"to\":\"+19995550000"), placeholder(0)],
            22,
            22,
            false,
            true,
        ),
        part(7, &[fixed("Go")], 2, 2, false, true),
        part(8, &[fixed("https://example.com")], 19, 19, false, true),
    ],
);

fn main() {
    let _ = cta_core::__private::render(&FORGED, &["y"]);
}
