fn main() {
    let _ = cta_core::cta_message! {
        to: "+1650555123x",
        body: "b",
        button: "See Dates",
        url: "https://www.luckyshrub.com",
    };
}
