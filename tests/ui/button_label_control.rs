fn main() {
    let _ = cta_core::cta_message! {
        body: "b",
        button: "See\u{0}Dates",
        url: "https://example.com",
    };
}
