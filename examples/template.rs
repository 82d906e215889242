//! Renders one `cta_template!` as the reply to three customers who asked about a workshop, and
//! prints each request body, then shows a value refused: a workshop name too long for the
//! header, named in the error.
//!
//! A CTA URL message is a reply: Meta accepts it only within 24 hours of the customer's last
//! message. To write to a customer after that, send an approved template instead (see the
//! `approved_template` example).
//!
//! Run it from the repository root with `cargo run --example template`.

use cta_core::{Recipient, RuleError, cta_template};

cta_template! {
    /// The dates of a workshop, in reply to a customer who asked.
    pub struct WorkshopDates {
        header: text("{workshop} workshops"),
        body: "Hi {name}, here are the next dates for {workshop}. 🌱",
        button: "See dates",
        url: "https://www.luckyshrub.com/workshops/{slug}?src=wa&click={click}",
        footer: "Dates subject to change.",
    }
}

/// A customer who just wrote, and the workshop they asked about.
struct Question {
    phone: &'static str,
    name: &'static str,
    workshop: &'static str,
    slug: &'static str,
    click: &'static str,
}

fn main() -> Result<(), RuleError> {
    let questions = [
        Question {
            phone: "+16505551234",
            name: "Ada",
            workshop: "Potting",
            slug: "potting",
            click: "c7f3",
        },
        Question {
            phone: "+441632960961",
            name: "Zoë \"Z\" O'Brien",
            workshop: "Pots & pans",
            slug: "pots/pans #2",
            click: "x&y=z",
        },
        Question {
            phone: "+33612345678",
            name: "Émilie",
            workshop: "Bonsaï",
            slug: "bonsai",
            click: "k1",
        },
    ];
    for question in &questions {
        let reply = WorkshopDates {
            name: question.name,
            workshop: question.workshop,
            slug: question.slug,
            click: question.click,
        };
        match reply.render() {
            Ok(content) => {
                let message = content.into_message(Recipient::new(question.phone)?);
                println!("{}", String::from_utf8_lossy(&message.to_json_vec()));
            }
            Err(error) => eprintln!("not sent to {}: {error}", question.phone),
        }
    }
    let too_long = WorkshopDates {
        name: "Ada",
        workshop: "Potting, glazing and firing for the whole family, weekends",
        slug: "potting",
        click: "k1",
    };
    if let Err(error) = too_long.render() {
        eprintln!("refused: {error}");
    }
    Ok(())
}
