fn main() {
    let _ = cta_core::cta_message! {
        body: "b",
        button: 20,
        url: "https://www.luckyshrub.com",
    };
}
