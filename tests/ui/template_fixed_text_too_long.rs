cta_core::cta_template! {
    struct Greeting {
        header: text("Hello {name}, this header is far too long to fit in WhatsApp's limit of sixty"),
        body: "Hi",
        button: "Open",
        url: "https://example.com",
    }
}

fn main() {}
