fn main() {
    let _ = cta_core::cta_message! {
        reply_to: "wamid.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        body: "b",
        button: "See Dates",
        url: "https://www.luckyshrub.com",
    };
}
