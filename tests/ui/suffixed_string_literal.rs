fn main() {
    let _ = cta_core::cta_message! {
        body: "b"u8,
        button: "See Dates",
        url: "https://www.luckyshrub.com",
    };
}
