// `workshop_seats` exists in `de`, `en_US` and `fr`; the error lists them.
cta_core::approved_template! {
    pub struct Seats = "workshop_seats" in "es";
}

fn main() {}
