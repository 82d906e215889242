cta_core::cta_template! {
    struct Greeting {
        to: "+16505551234",
        body: "Hi {name}",
        button: "Open",
        url: "https://example.com",
    }
}

fn main() {}
