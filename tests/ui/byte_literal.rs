fn main() {
    let _ = cta_core::cta_message! {
        body: "b",
        button: b'x',
        url: "https://www.luckyshrub.com",
    };
}
