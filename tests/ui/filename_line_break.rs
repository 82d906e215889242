fn main() {
    let _ = cta_core::cta_message! {
        header: document("https://example.com/a.pdf", filename: "menu\n.pdf"),
        body: "b",
        button: "See Dates",
        url: "https://www.luckyshrub.com",
    };
}
