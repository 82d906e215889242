cta_core::cta_template! {
    struct Greeting {
        body: "Hi {first-name}, your {1st} order",
        footer: "Type: {type}",
        button: "Open",
        url: "https://example.com",
    }
}

fn main() {}
