// A template description written by hand whose button opens `javascript:`: it does not compile
// in a `const`.
use cta_core::__private::{fixed, part, template};
use cta_core::template::Template;

const FORGED: Template = template(
    "Forged",
    &[],
    0,
    &[
        part(6, &[fixed("Hi")], 2, 2, false, true),
        part(7, &[fixed("Go")], 2, 2, false, true),
        part(8, &[fixed("javascript:alert(1)")], 19, 19, false, true),
    ],
);

fn main() {
    let _ = cta_core::__private::render(&FORGED, &[]);
}
