fn main() {
    let _ = cta_core::cta_message! {
        header: text("New dates\u{2028}announced"),
        body: "b",
        button: "See Dates",
        url: "https://www.luckyshrub.com",
    };
}
