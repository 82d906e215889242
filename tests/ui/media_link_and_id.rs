fn main() {
    let _ = cta_core::cta_message! {
        header: image("https://example.com/a.png", id: "123"),
        body: "b",
        button: "See Dates",
        url: "https://www.luckyshrub.com",
    };
}
