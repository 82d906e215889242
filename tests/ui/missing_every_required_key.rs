fn main() {
    let _ = cta_core::cta_message! {
        to: "+16505551234",
    };
}
