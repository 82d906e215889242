// A misspelled template name: the error suggests the closest one.
cta_core::approved_template! {
    pub struct Delivery = "delivery_windows" in "en_US";
}

// A name nothing is close to: no suggestion.
cta_core::approved_template! {
    pub struct Unknown = "black_friday" in "en_US";
}

fn main() {}
