cta_core::cta_template! {
    struct Greeting {
        body: "Hi {name, welcome",
        button: "Open",
        url: "https://example.com",
    }
}

fn main() {}
