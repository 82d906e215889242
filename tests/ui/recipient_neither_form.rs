fn main() {
    let _ = cta_core::cta_message! {
        to: "hello",
        body: "Tap the button below to see available dates.",
        button: "See Dates",
        url: "https://www.luckyshrub.com",
    };
}
