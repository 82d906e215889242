//! Sends Meta's approved `order_shipped` template to a customer who last wrote days ago, when
//! an interactive CTA URL message would be refused (131047). The template's definition is read
//! from `examples/whatsapp-templates.json` while this example compiles: the struct's fields are
//! the values the approved template needs, and the output is the request body, Meta's template
//! send format. Then a value Meta would refuse is caught before sending, naming the field.
//!
//! Run it from the repository root with `cargo run --example approved_template`.

use cta_core::{ApprovedError, Recipient, approved_template};

approved_template! {
    /// Sent when an order ships, at any time.
    pub struct OrderShipped = "order_shipped" in "en_US";
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let message = OrderShipped {
        first_name: "Ada",
        order_id: "A-1001",
        // The end of the button's URL; percent-encoded, so that `A/1001` stays one value.
        url_0: "A/1001",
    }
    .render()?
    .to(Recipient::new("+16505551234")?);
    println!("{}", String::from_utf8(message.to_json_vec())?);

    // A line break is refused in a template value: the error names the field and the rule.
    let refused = OrderShipped {
        first_name: "Ada\nLovelace",
        order_id: "A-1001",
        url_0: "A-1001",
    }
    .render();
    match refused {
        Err(error @ ApprovedError::LineBreakOrTab { .. }) => println!("refused: {error}"),
        Err(error) => return Err(error.into()),
        Ok(_) => return Err("a line break in a template value must be refused".into()),
    }
    Ok(())
}
