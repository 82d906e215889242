//! The HTTP requests of a business number, for any HTTP client: sending a message, and
//! marking a received one read (with the typing indicator or without).

use http::header::{AUTHORIZATION, CONTENT_TYPE};
use http::{HeaderValue, Method, Request};

use super::OutgoingMessage;
use super::config::SendConfig;
use super::error::RequestError;
use super::parts::PhoneNumberId;
use crate::MessageId;
use cta_rules::json;

impl SendConfig {
    /// The request that sends `message`: `POST {base}/{version}/{phone_number_id}/messages`
    /// with `Authorization: Bearer …`, `Content-Type: application/json` and the message's
    /// JSON as its body, written by its `to_json_vec` (the bytes of `serde_json::to_vec`, in
    /// one allocation). The message is a [`CtaUrlMessage`](crate::CtaUrlMessage) or an
    /// [`ApprovedMessage`](crate::ApprovedMessage). Send it with any HTTP client, then read the
    /// answer with [`parse_response`](super::parse_response).
    ///
    /// The `Authorization` value is marked sensitive: `http`'s `Debug` prints `Sensitive`
    /// in its place.
    ///
    /// # Errors
    ///
    /// A [`RequestError`] if `http` refuses the URL, which the checks of
    /// [`SendConfig::with_base_url`] are there to prevent.
    ///
    /// ```
    /// use cta_core::cta_message;
    /// use cta_core::send::SendConfig;
    ///
    /// let config = SendConfig::new("106540352242922", "EAAG-secret")?;
    /// let message = cta_message! {
    ///     to: "+16505551234",
    ///     body: "Tap the button below to see available dates.",
    ///     button: "See Dates",
    ///     url: "https://www.luckyshrub.com",
    /// };
    /// let request = config.request(&message)?;
    /// assert_eq!(request.method(), "POST");
    /// assert_eq!(request.uri(), "https://graph.facebook.com/v25.0/106540352242922/messages");
    /// assert_eq!(request.headers()["content-type"], "application/json");
    /// assert_eq!(request.body(), &serde_json::to_vec(&message)?);
    /// assert!(!format!("{request:?}").contains("EAAG-secret"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn request(
        &self,
        message: &impl OutgoingMessage,
    ) -> Result<Request<Vec<u8>>, RequestError> {
        self.request_from(self.phone_number_id(), message)
    }

    /// The request that sends `message` from the business number `from`, as
    /// [`request`](Self::request) does from the configured one. One access token may serve
    /// several numbers of a business account: reply from the number that received the
    /// user's message (its webhook's `metadata.phone_number_id`).
    ///
    /// # Errors
    ///
    /// As [`request`](Self::request).
    ///
    /// ```
    /// use cta_core::cta_message;
    /// use cta_core::send::{PhoneNumberId, SendConfig};
    ///
    /// let config = SendConfig::new("106540352242922", "EAAG-secret")?;
    /// let other: PhoneNumberId = "109876543210987".parse()?;
    /// let message = cta_message! {
    ///     to: "+16505551234",
    ///     body: "Tap the button below to see available dates.",
    ///     button: "See Dates",
    ///     url: "https://www.luckyshrub.com",
    /// };
    /// let request = config.request_from(&other, &message)?;
    /// assert_eq!(request.uri(), "https://graph.facebook.com/v25.0/109876543210987/messages");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn request_from(
        &self,
        from: &PhoneNumberId,
        message: &impl OutgoingMessage,
    ) -> Result<Request<Vec<u8>>, RequestError> {
        self.post(from, message.outgoing_json())
    }

    /// The request that marks the received message `message_id` read, from the business
    /// number `from` that received it (its webhook's `metadata.phone_number_id`); with
    /// `typing`, it also shows the user "typing…" until the reply arrives or 25 seconds
    /// pass. \[Meta\]
    ///
    /// The body is `{"messaging_product":"whatsapp","status":"read","message_id":"<WAMID>"}`,
    /// and with `typing`, `"typing_indicator":{"type":"text"}` after it. Read the answer with
    /// [`parse_read_receipt`](Self::parse_read_receipt).
    ///
    /// # Errors
    ///
    /// As [`request`](Self::request).
    ///
    /// ```
    /// use cta_core::MessageId;
    /// use cta_core::send::SendConfig;
    ///
    /// let config = SendConfig::new("106540352242922", "EAAG-secret")?;
    /// let read: MessageId = "wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=".parse()?;
    /// let request = config.mark_read_request(config.phone_number_id(), &read, true)?;
    /// assert_eq!(request.uri(), "https://graph.facebook.com/v25.0/106540352242922/messages");
    /// assert_eq!(
    ///     std::str::from_utf8(request.body())?,
    ///     r#"{"messaging_product":"whatsapp","status":"read","message_id":"wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=","typing_indicator":{"type":"text"}}"#
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn mark_read_request(
        &self,
        from: &PhoneNumberId,
        message_id: &MessageId,
        typing: bool,
    ) -> Result<Request<Vec<u8>>, RequestError> {
        self.post(from, read_receipt_body(message_id, typing))
    }

    /// `POST` of a JSON `body` to the messages endpoint of `from`.
    fn post(&self, from: &PhoneNumberId, body: Vec<u8>) -> Result<Request<Vec<u8>>, RequestError> {
        Request::builder()
            .method(Method::POST)
            .uri(self.messages_url_from(from))
            .header(AUTHORIZATION, self.access_token().bearer_header().clone())
            .header(CONTENT_TYPE, HeaderValue::from_static("application/json"))
            .body(body)
            .map_err(RequestError::Http)
    }
}

/// The body of a read receipt, in the key order of Meta's documentation.
fn read_receipt_body(message_id: &MessageId, typing: bool) -> Vec<u8> {
    const START: &str = r#"{"messaging_product":"whatsapp","status":"read","message_id":""#;
    const TYPING: &str = r#","typing_indicator":{"type":"text"}"#;
    let id = message_id.as_str();
    let mut body = Vec::with_capacity(START.len() + json::escaped_len(id) + TYPING.len() + 2);
    body.extend_from_slice(START.as_bytes());
    // A WAMID is `wamid.` and base64 in practice, but the rule of `MessageId` allows any
    // one-line text: escaped as every other string of a request.
    json::write_escaped(id, &mut body);
    body.push(b'"');
    if typing {
        body.extend_from_slice(TYPING.as_bytes());
    }
    body.push(b'}');
    body
}
