fn main() {
    let footer = String::from("built at run time");
    let _ = cta_core::cta_message! {
        body: "b",
        button: "See Dates",
        url: "https://www.luckyshrub.com",
        footer: footer,
    };
}
