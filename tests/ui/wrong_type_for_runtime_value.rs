fn main() {
    let _ = cta_core::cta_message! {
        body: String::from("built at run time"),
        button: "See Dates",
        url: "https://www.luckyshrub.com",
    };
}
