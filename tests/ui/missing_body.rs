fn main() {
    let _ = cta_core::cta_message! {
        to: "+16505551234",
        button: "See Dates",
        url: "https://www.luckyshrub.com",
    };
}
