fn main() {
    let _ = cta_core::cta_message! {
        body: "b",
        button: "",
        url: "https://www.luckyshrub.com",
    };
}
