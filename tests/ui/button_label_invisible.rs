fn main() {
    let _ = cta_core::cta_message! {
        body: "b",
        button: "\u{200B}\u{3164}",
        url: "https://www.luckyshrub.com",
    };
}
