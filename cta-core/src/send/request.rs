//! The HTTP request that sends a message, for any HTTP client.

use http::header::{AUTHORIZATION, CONTENT_TYPE};
use http::{HeaderValue, Method, Request};

use super::config::SendConfig;
use super::error::RequestError;
use crate::CtaUrlMessage;

impl SendConfig {
    /// The request that sends `message`: `POST {base}/{version}/{phone_number_id}/messages`
    /// with `Authorization: Bearer …`, `Content-Type: application/json` and the message's
    /// JSON as its body, written by [`CtaUrlMessage::to_json_vec`] (the bytes of
    /// `serde_json::to_vec`, in one allocation). Send it with any HTTP client, then read the answer with
    /// [`parse_response`](super::parse_response).
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
    pub fn request(&self, message: &CtaUrlMessage) -> Result<Request<Vec<u8>>, RequestError> {
        let body = message.to_json_vec();
        Request::builder()
            .method(Method::POST)
            .uri(self.messages_url())
            .header(AUTHORIZATION, self.access_token().bearer_header().clone())
            .header(CONTENT_TYPE, HeaderValue::from_static("application/json"))
            .body(body)
            .map_err(RequestError::Http)
    }
}
