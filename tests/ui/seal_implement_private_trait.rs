// `__private::Checked` could be implemented for a type of one's own, which the macro then took
// in place of a checked value. It is sealed now, as are `__private`'s other traits.
struct Mine;

impl cta_core::__private::Checked<cta_core::BodyText> for Mine {
    fn into_checked(self) -> cta_core::BodyText {
        cta_core::BodyText::new("checked all the same").unwrap()
    }
}

fn main() {
    let _ = cta_core::cta_message! { body: Mine, button: "Go", url: "https://example.com" };
}
