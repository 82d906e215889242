cta_core::cta_template! {
    struct Link {
        body: "Hi",
        button: "Open",
        url: "https://example.com:{port}/login",
    }
}

fn main() {}
