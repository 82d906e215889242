cta_core::cta_template! {
    struct Greeting {
        body: "Hi {name}",
        footer: "  ",
        button: "Open",
        url: "https://example.com",
    }
}

fn main() {}
