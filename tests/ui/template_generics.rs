cta_core::cta_template! {
    struct Greeting<'a> {
        body: "Hi {name}",
        button: "Open",
        url: "https://example.com",
    }
}

fn main() {}
