cta_core::cta_template! {
    struct Greeting {
        body: "Hi {}, welcome",
        button: "Open",
        url: "https://example.com",
    }
}

fn main() {}
