fn main() {
    let _ = cta_core::cta_message! {
        header: image("https://example.com/a.png", filename: "a.png"),
        body: "b",
        button: "See Dates",
        url: "https://www.luckyshrub.com",
    };
}
