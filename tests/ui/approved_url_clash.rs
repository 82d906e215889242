// A variable named like a URL button's field (`{{url_1}}` beside a variable URL button 1)
// would send one value in the body and as the URL's end: refused, whatever the order of the
// components.
cta_core::approved_template! {
    pub struct BodyFirst = "url_clash" in "en_US";
}

cta_core::approved_template! {
    pub struct ButtonsFirst = "url_clash" in "fr";
}

fn main() {}
