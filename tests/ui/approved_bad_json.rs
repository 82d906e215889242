// A file that is not JSON says where; JSON of another shape says what it found.
cta_core::approved_template! {
    pub struct Broken = "a" in "en_US" from "approved-definitions/broken.json";
}

cta_core::approved_template! {
    pub struct NotAList = "a" in "en_US" from "approved-definitions/not-a-list.json";
}

fn main() {}
