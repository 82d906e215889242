fn main() {
    let _ = cta_core::cta_message! {
        body: "b",
        display_text: "See Dates",
        url: "https://www.luckyshrub.com",
    };
}
