// A missing, misspelled or extra value is rustc's own error at the struct literal.
cta_core::approved_template! {
    pub struct Delivery = "delivery_window" in "en_US";
}

cta_core::approved_template! {
    pub struct Seats = "workshop_seats" in "en_US";
}

fn main() {
    let _missing = Delivery {
        customer: "Sam",
        parcel_id: "P-77",
        day: "Friday",
    };
    let _misspelled = Delivery {
        customr: "Sam",
        parcel_id: "P-77",
        day: "Friday",
        url_1: "P-77",
    };
    let _extra = Delivery {
        customer: "Sam",
        parcel_id: "P-77",
        day: "Friday",
        url_1: "P-77",
        url_0: "x",
    };
    // The image header takes media, not a text.
    let _text_for_image = Seats {
        header: "banner.png",
        body_1: "4",
        body_2: "Potting",
        body_3: "Friday",
        url_0: "potting",
    };
}
