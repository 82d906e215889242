// A template name or language code of a form Meta never gives is refused before the
// definitions are read, each on its literal.
cta_core::approved_template! {
    pub struct Shipped = "Order Shipped" in "en-US";
}

fn main() {}
