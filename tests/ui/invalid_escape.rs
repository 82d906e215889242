fn main() {
    let _ = cta_core::cta_message! {
        body: "Tap \q the button",
        button: "See Dates",
        url: "https://www.luckyshrub.com",
    };
}
