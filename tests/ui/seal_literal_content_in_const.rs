// Content written by hand as the two literals of an all-literal invocation, with a button
// label over its 20 characters: it does not compile in a `const`.
use cta_core::CtaUrlContent;

const TOO_LONG: CtaUrlContent = cta_core::__private::literal_content(
    ",\"type\":\"interactive\",\"interactive\":{\"type\":\"cta_url\",\"body\":{\"text\":\"Hi\"},\"action\":{\"name\":\"cta_url\",\"parameters\":{\"display_text\":\"xxxxxxxxxxxxxxxxxxxxx\",\"url\":\"https://example.com\"}}}}",
    &[
        0, 0, 186, 1, 0, 0, 0, 0, 0, 70, 2, 0, 132, 1, 21, 0, 162, 1, 19, 0, 0, 0,
    ],
);

fn main() {
    let _ = TOO_LONG.body();
}
