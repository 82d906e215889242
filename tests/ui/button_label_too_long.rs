fn main() {
    let _ = cta_core::cta_message! {
        to: "+16505551234",
        body: "Tap the button below to see available dates.",
        button: "See available dates!!",
        url: "https://www.luckyshrub.com",
    };
}
