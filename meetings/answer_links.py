"""An invitation email's answer links ("I will attend", "I will not attend"): signed, so they work
without signing in, and good for 30 days and never once the meeting has started."""

from dataclasses import dataclass
from datetime import timedelta

from django.core import signing
from django.urls import reverse

from partnership.site import absolute_url
from reminders.links import load

ANSWER_SALT = "meetings.answer"
ANSWER_LINK_AGE = timedelta(days=30)


@dataclass(frozen=True)
class Answer:
    person_id: int
    meeting_id: int
    response: str


def answer_url(person, meeting, response: str) -> str:
    token = signing.dumps(
        {"person": person.pk, "meeting": meeting.pk, "response": response}, salt=ANSWER_SALT
    )
    return absolute_url(reverse("meetings:answer-by-email", args=[token]))


def read_answer(token: str) -> Answer:
    data = load(
        token,
        salt=ANSWER_SALT,
        max_age=ANSWER_LINK_AGE,
        expired="This link has expired. Sign in to Accord to answer the invitation on the meeting's page.",
    )
    return Answer(data["person"], data["meeting"], data["response"])
