"""Forms sent once: see partnership/once.py."""

from django.db import models

from .people import Person


class Submission(models.Model):
    """A create form's one-time token, claimed by the person who sent it in the same transaction as
    what it made, with where that record is, for the form sent again."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=64)
    sent_at = models.DateTimeField(auto_now_add=True, db_index=True)
    url = models.CharField(max_length=500, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "token"], name="one_submission_per_token")]

    def __str__(self):
        return f"{self.person}'s form {self.token}"
