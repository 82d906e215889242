fn main() {
    let _ = cta_core::cta_message! {
        to: "us.13491208655302741918",
        body: "Tap the button below to see available dates.",
        button: "See Dates",
        url: "https://www.luckyshrub.com",
    };
}
