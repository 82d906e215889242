fn main() {
    let _ = cta_core::cta_message! {
        to: "12",
        header: imag("x"),
        body: "",
        button: "This label is far too long",
        url: "javascript:alert(1)",
        fotter: "x",
    };
}
