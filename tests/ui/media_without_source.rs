fn main() {
    let _ = cta_core::cta_message! {
        header: document(filename: "menu.pdf"),
        body: "b",
        button: "See Dates",
        url: "https://www.luckyshrub.com",
    };
}
