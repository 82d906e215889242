cta_core::cta_template! {
    enum Greeting {
        body: "Hi {name}",
        button: "Open",
        url: "https://example.com",
    }
}

fn main() {}
