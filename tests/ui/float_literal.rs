fn main() {
    let _ = cta_core::cta_message! {
        body: "b",
        button: 1.5,
        url: "https://www.luckyshrub.com",
    };
}
