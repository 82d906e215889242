fn main() {
    let _ = cta_core::cta_message! {
        header: text("Hello", "again"),
        body: "b",
        button: "See Dates",
        url: "https://www.luckyshrub.com",
    };
}
