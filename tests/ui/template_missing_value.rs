cta_core::cta_template! {
    struct Greeting {
        body: "Hi {name}, order {order}",
        button: "Open",
        url: "https://example.com",
    }
}

fn main() {
    let _ = Greeting { name: "Ada" }.render();
    let _ = Greeting {
        name: "Ada",
        order: "1",
        ordr: "2",
    }
    .render();
}
