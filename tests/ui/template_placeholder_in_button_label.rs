cta_core::cta_template! {
    struct Greeting {
        body: "Hi {name}",
        button: "Open {name}",
        url: "https://example.com",
    }
}

fn main() {}
