fn main() {
    let _ = cta_core::cta_message! {
        body: "b",
        button: "See\nDates",
        url: "https://www.luckyshrub.com",
    };
}
