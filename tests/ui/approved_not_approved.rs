// Only an APPROVED template can be sent; each other status is its own error.
cta_core::approved_template! {
    pub struct Sale = "summer_sale" in "en_US";
}

cta_core::approved_template! {
    pub struct Promo = "old_promo" in "en_US";
}

cta_core::approved_template! {
    pub struct Seats = "workshop_seats" in "de";
}

fn main() {}
