cta_core::cta_template! {
    struct Greeting {
        header: text("Hello\n{name}"),
        body: "Hi",
        button: "Open",
        url: "https://example.com",
    }
}

fn main() {}
