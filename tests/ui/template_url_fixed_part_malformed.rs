cta_core::cta_template! {
    struct Link {
        body: "Hi",
        button: "Open",
        url: "ftp://example.com/{path}",
    }
}

fn main() {}
