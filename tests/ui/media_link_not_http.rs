fn main() {
    let _ = cta_core::cta_message! {
        header: image("file:///etc/passwd"),
        body: "b",
        button: "See Dates",
        url: "https://www.luckyshrub.com",
    };
}
