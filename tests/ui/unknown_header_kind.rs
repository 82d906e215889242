fn main() {
    let _ = cta_core::cta_message! {
        header: imag("https://example.com/a.png"),
        body: "b",
        button: "See Dates",
        url: "https://www.luckyshrub.com",
    };
}
