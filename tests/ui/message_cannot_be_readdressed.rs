// A full message has a recipient; only content is addressed with `to`.
fn main() {
    let message = cta_core::cta_message! {
        to: "+16505551234",
        body: "b",
        button: "See Dates",
        url: "https://www.luckyshrub.com",
    };
    let other = cta_core::Recipient::new("+441632960961").unwrap();
    let _ = message.to(other);
}
