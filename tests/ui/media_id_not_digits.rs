fn main() {
    let _ = cta_core::cta_message! {
        header: video(id: "abc123"),
        body: "b",
        button: "See Dates",
        url: "https://www.luckyshrub.com",
    };
}
