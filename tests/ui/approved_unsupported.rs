// Components this crate cannot fill yet: each is named, all at once.
cta_core::approved_template! {
    pub struct Carousel = "carousel_promo" in "en_US";
}

cta_core::approved_template! {
    pub struct Login = "login_code" in "en_US";
}

cta_core::approved_template! {
    pub struct Many = "many_unsupported" in "en_US";
}

// A NAMED template with a positional variable, and a variable that is a Rust keyword.
cta_core::approved_template! {
    pub struct Mixed = "mixed_format" in "en_US";
}

fn main() {}
