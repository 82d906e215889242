//! Renders one `cta_template!` for three customers and prints each request body, then shows a
//! value refused: an order number too long for the header, named in the error.
//!
//! Run it from the repository root with `cargo run --example template`.

use cta_core::{Recipient, RuleError, cta_template};

cta_template! {
    /// Sent when an order ships.
    pub struct OrderShipped {
        header: text("Order {order} shipped"),
        body: "Hi {name}, your order {order} is on its way. 📦",
        button: "Track order",
        url: "https://shop.example.com/track/{order}?src=wa&click={click}",
        footer: "Reply STOP to opt out",
    }
}

/// A customer and their order, as they would come from a database.
struct Customer {
    phone: &'static str,
    name: &'static str,
    order: &'static str,
    click: &'static str,
}

fn main() -> Result<(), RuleError> {
    let customers = [
        Customer {
            phone: "+16505551234",
            name: "Ada",
            order: "A-1001",
            click: "c7f3",
        },
        Customer {
            phone: "+441632960961",
            name: "Zoë \"Z\" O'Brien",
            order: "B/2002 #7",
            click: "x&y=z",
        },
        Customer {
            phone: "+33612345678",
            name: "Émilie",
            order: "C-3003",
            click: "k1",
        },
    ];
    for customer in &customers {
        let template = OrderShipped {
            name: customer.name,
            order: customer.order,
            click: customer.click,
        };
        match template.render() {
            Ok(content) => {
                let message = content.into_message(Recipient::new(customer.phone)?);
                println!("{}", String::from_utf8_lossy(&message.to_json_vec()));
            }
            Err(error) => eprintln!("not sent to {}: {error}", customer.phone),
        }
    }
    let too_long = OrderShipped {
        name: "Ada",
        order: "C-3003-and-a-very-long-order-number-indeed-0123456789",
        click: "k1",
    };
    if let Err(error) = too_long.render() {
        eprintln!("refused: {error}");
    }
    Ok(())
}
