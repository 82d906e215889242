cta_core::cta_template! {
    struct Greeting {
        body: "Hi {name:>10}, welcome",
        button: "Open",
        url: "https://example.com",
    }
}

fn main() {}
