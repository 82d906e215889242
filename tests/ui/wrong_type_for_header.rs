fn main() {
    let header = String::from("Lucky Shrub");
    let _ = cta_core::cta_message! {
        header: header,
        body: "Tap the button below to see available dates.",
        button: "See Dates",
        url: "https://www.luckyshrub.com",
    };
}
