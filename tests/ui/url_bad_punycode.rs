fn main() {
    let _ = cta_core::cta_message! {
        body: "b",
        button: "See Dates",
        url: "https://xn--a.com/dates",
    };
}
