fn main() {
    let _ = cta_core::cta_message! {
        body:,
        button: "See Dates",
        url: "https://www.luckyshrub.com",
    };
}
