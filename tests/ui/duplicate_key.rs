fn main() {
    let _ = cta_core::cta_message! {
        body: "b",
        button: "See Dates",
        body: "again",
        url: "https://www.luckyshrub.com",
    };
}
