"""Why an email could not be delivered, in one place: the server's words kept on the delivery
(`error_text`), and what they mean for the person and for the admin (`explain`)."""

import re
import smtplib
from dataclasses import dataclass

# "550", or "550 5.1.1", at the start of the server's reply as error_text keeps it.
_REPLY = re.compile(r":\s*(?P<code>[245]\d\d)(?:\s+(?P<status>[245]\.\d{1,3}\.\d{1,3}))?")


def _reply(code: int, message: bytes | str) -> str:
    text = message.decode(errors="replace") if isinstance(message, bytes) else message
    return f"{code} {' '.join(text.split())}"


def error_text(error: Exception) -> str:
    """The exception as the server said it: "SMTPRecipientsRefused: 550 5.1.1 User unknown"."""
    name = type(error).__name__
    if isinstance(error, smtplib.SMTPRecipientsRefused) and error.recipients:
        code, message = next(iter(error.recipients.values()))
        return f"{name}: {_reply(code, message)}"
    if isinstance(error, smtplib.SMTPResponseException):
        return f"{name}: {_reply(error.smtp_code, error.smtp_error)}"
    return f"{name}: {error}"


@dataclass(frozen=True)
class Failure:
    for_person: str
    what_to_do: str  # for the partnership's admins
    server_said: str


PERSON_ADDRESS = (
    "Your mail server refused the message: the address may be wrong. "
    "Check your email address on your profile."
)
PERSON_FULL = "Your mailbox was full, so the message could not be delivered. Make some room in it."
PERSON_OURS = (
    "Accord could not send the message because of a problem on our side. "
    "The partnership's admins can see it and send it again."
)
PERSON_REFUSED = (
    "Your mail server refused the message. If this keeps happening, ask your IT team "
    "to accept email from Accord."
)
PERSON_LATER = "Your mail server could not take the message for now. It will be sent again."


def explain(last_error: str) -> Failure:
    """What a delivery's stored error means. Codes from RFC 5321 and the enhanced codes of RFC 3463."""
    name = last_error.split(":", 1)[0]
    reply = _REPLY.search(last_error)
    code = reply["code"] if reply else ""
    status = (reply["status"] or "") if reply else ""
    # The server's reply when there is one ("550 5.1.1 User unknown"); else the error as it came.
    said = last_error.split(":", 1)[1].strip() if code else last_error

    if status.startswith(("5.2.2", "4.2.2")) or code == "552" or (code == "452" and "full" in said.lower()):
        return Failure(PERSON_FULL, "Their mailbox is full. Ask them to make room, then send it again.", said)
    if code.startswith("4"):
        return Failure(
            PERSON_LATER,
            "Their mail server refused it for now, several times. Send it again later; if it keeps "
            "failing, ask them to check with their IT team.",
            said,
        )
    if status.startswith("5.1.") or code in ("550", "551", "553") or name == "SMTPRecipientsRefused":
        return Failure(
            PERSON_ADDRESS,
            "Their mail server refused the address. Ask them to check the email address on their profile "
            "(or correct it in the admin), then send it again.",
            said,
        )
    if code.startswith("5"):
        return Failure(
            PERSON_REFUSED,
            "Their mail server refused the message. Ask their IT team to accept email from the "
            "partnership's sender address, then send it again.",
            said,
        )
    if name.startswith("SMTP") or name.endswith(("ConnectionRefusedError", "TimeoutError", "gaierror")):
        return Failure(
            PERSON_OURS,
            "Accord could not reach its mail server, or the server broke off. Check the mail server "
            "settings (EMAIL_URL) and that the server is up, then send it again.",
            said,
        )
    return Failure(
        PERSON_OURS,
        "A fault in Accord stopped this email. Tell the people who run Accord; send it again once fixed.",
        said,
    )
