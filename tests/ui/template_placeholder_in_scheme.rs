cta_core::cta_template! {
    struct Link {
        body: "Hi",
        button: "Open",
        url: "{scheme}://example.com",
    }
}

fn main() {}
