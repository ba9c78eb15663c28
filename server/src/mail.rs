//! Sending reminder e-mails over SMTP (lettre).

use std::time::Duration;

use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use readiness_rules::{Lang, Reminder};

/// Why a message did not go out. The SMTP address is never part of it (it may hold a password).
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("the SMTP address cannot be used ({0})")]
    Url(String),
    #[error("the sender address cannot be read ({0})")]
    From(String),
    #[error("the recipient address cannot be read ({0})")]
    To(String),
    #[error("the message cannot be built ({0})")]
    Build(String),
    #[error("the SMTP server did not take the message ({0})")]
    Send(String),
    /// A permanent refusal (5xx, e.g. an unknown recipient): trying again will not help.
    #[error("the SMTP server refused the message for good ({0})")]
    Refused(String),
}

/// An SMTP connection setting and the sender.
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl MailError {
    /// The operator's message in the command line's language.
    pub fn said(&self) -> String {
        let (sv, en) = match self {
            MailError::Url(d) => (
                format!("SMTP-adressen går inte att använda ({d})"),
                format!("the SMTP address cannot be used ({d})"),
            ),
            MailError::From(d) => (
                format!("avsändaradressen går inte att läsa ({d})"),
                format!("the sender address cannot be read ({d})"),
            ),
            MailError::To(d) => (
                format!("mottagaradressen går inte att läsa ({d})"),
                format!("the recipient address cannot be read ({d})"),
            ),
            MailError::Build(d) => (
                format!("meddelandet går inte att bygga ({d})"),
                format!("the message cannot be built ({d})"),
            ),
            MailError::Send(d) => (
                format!("SMTP-servern tog inte emot meddelandet ({d})"),
                format!("the SMTP server did not take the message ({d})"),
            ),
            MailError::Refused(d) => (
                format!("SMTP-servern avvisade meddelandet för gott ({d})"),
                format!("the SMTP server refused the message for good ({d})"),
            ),
        };
        crate::cli::say(sv, en)
    }
}

impl Mailer {
    /// `url` as lettre reads it: `smtp://host:25` (plain, for a relay on the same network),
    /// `smtp://user:password@host:587?tls=required` (STARTTLS), `smtps://host:465` (TLS).
    /// `hello`: the name to greet the server with (EHLO), else lettre's `localhost`.
    pub fn new(url: &str, from: &str, hello: Option<&str>) -> Result<Mailer, MailError> {
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| MailError::Url(e.to_string()))?
            .timeout(Some(Duration::from_secs(30)));
        if let Some(hello) = hello {
            builder = builder.hello_name(lettre::transport::smtp::extension::ClientId::Domain(
                hello.to_string(),
            ));
        }
        let transport = builder.build();
        let from = from
            .parse::<Mailbox>()
            .map_err(|e| MailError::From(e.to_string()))?;
        Ok(Mailer { transport, from })
    }

    /// Sends `message` to `to` as plain text with an HTML alternative.
    pub async fn send(&self, to: &str, message: &Reminder, lang: Lang) -> Result<(), MailError> {
        let to = to
            .parse::<Mailbox>()
            .map_err(|e| MailError::To(e.to_string()))?;
        let email = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(&message.subject)
            .multipart(MultiPart::alternative_plain_html(
                message.text(),
                message.html(lang),
            ))
            .map_err(|e| MailError::Build(e.to_string()))?;
        self.transport.send(email).await.map(|_| ()).map_err(|e| {
            if e.is_permanent() {
                MailError::Refused(e.to_string())
            } else {
                MailError::Send(e.to_string())
            }
        })
    }
}
