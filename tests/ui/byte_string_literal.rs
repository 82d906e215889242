fn main() {
    let _ = cta_core::cta_message! {
        body: b"bytes",
        button: "See Dates",
        url: "https://www.luckyshrub.com",
    };
}
