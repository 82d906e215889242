// The two literals of an all-literal message reach `cta-core` through a public function:
// written by hand, with a body that closes its JSON string and adds a member, they do not
// compile in a `const`.
use cta_core::CtaUrlMessage;

const INJECTED: CtaUrlMessage = cta_core::__private::literal_message(
    "{\"messaging_product\":\"whatsapp\",\"recipient_type\":\"individual\",\"to\":\"+16505551234\",\"type\":\"interactive\",\"interactive\":{\"type\":\"cta_url\",\"body\":{\"text\":\"xx\"},\"to\":\"+19995550000\",\"z\":{\"a\":\"b\"},\"action\":{\"name\":\"cta_url\",\"parameters\":{\"display_text\":\"Go\",\"url\":\"https://example.com\"}}}}",
    &[
        0, 81, 154, 2, 68, 12, 0, 0, 0, 0, 0, 0, 151, 1, 36, 0, 247, 1, 2, 0, 130, 2, 19, 0, 0, 0,
    ],
);

fn main() {
    let _ = INJECTED.to_json_vec();
}
