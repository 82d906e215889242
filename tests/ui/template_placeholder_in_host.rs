cta_core::cta_template! {
    struct Link {
        body: "Hi",
        button: "Open",
        url: "https://{shop}.example.com/login",
    }
}

fn main() {}
