fn main() {
    let _ = cta_core::cta_message! {
        body: "b",
        button: br"x",
        url: "https://www.luckyshrub.com",
    };
}
