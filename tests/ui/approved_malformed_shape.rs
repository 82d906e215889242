// A definitions file that is not of Meta's shape: each missing member is named, all at once.
cta_core::approved_template! {
    pub struct Malformed = "malformed_shape" in "en_US";
}

fn main() {}
