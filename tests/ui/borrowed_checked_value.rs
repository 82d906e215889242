use cta_core::BodyText;

fn main() -> Result<(), cta_core::RuleError> {
    let body = BodyText::new("Made at run time")?;
    let _ = cta_core::cta_message! {
        body: &body,
        button: "See Dates",
        url: "https://www.luckyshrub.com",
    };
    Ok(())
}
