fn main() {
    let _ = cta_core::cta_message! {
        body: "b",
        button: "See Dates",
        url: "https://[zz::1]/dates",
    };
}
