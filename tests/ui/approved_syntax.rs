// The invocation's own shape.
cta_core::approved_template! {
    pub struct Delivery { name: "delivery_window" }
}

cta_core::approved_template! {
    pub struct Seats = workshop_seats in "en_US";
}

fn main() {}
