// The definitions file does not exist.
cta_core::approved_template! {
    pub struct Delivery = "delivery_window" in "en_US" from "no-such-file.json";
}

fn main() {}
