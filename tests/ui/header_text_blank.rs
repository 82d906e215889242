fn main() {
    let _ = cta_core::cta_message! {
        header: text(" "),
        body: "b",
        button: "See Dates",
        url: "https://www.luckyshrub.com",
    };
}
