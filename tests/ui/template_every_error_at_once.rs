cta_core::cta_template! {
    struct Greeting {
        to: "+16505551234",
        header: text("Hi {}"),
        body: "Hi {name:?} {name",
        button: "Open {name}",
        url: "https://{host}/x",
    }
}

fn main() {
    // The struct stands in after the errors: using it raises no second error.
    let _ = Greeting {
        name: "Ada",
        host: "example.com",
    }
    .render();
}
