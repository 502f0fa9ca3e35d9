"""Forms sent twice or at once. A create form carries a one-time token, claimed in the same
transaction as what it makes, so sending it again (a double click, a retry after a slow answer, two
tabs) finds the first record instead of making another. A unique row that another request saved a
moment earlier becomes the form's error, as if it had been saved first, never a server error."""

import re
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from crispy_forms_gds.layout import Hidden
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.shortcuts import redirect
from django.utils import timezone

from .models import Person, Submission

FIELD = "once"
SENT_TWICE = "You sent this form twice; it was saved once."
# Long enough for any retry or second tab; older tokens are forgotten as the person sends new ones.
KEPT_FOR = timedelta(days=1)


def new_token() -> str:
    return secrets.token_urlsafe(24)


TOKEN = re.compile(r"[A-Za-z0-9_-]{32}")


def posted_token(request) -> str:
    """The form's token as `new_token` makes them; anything else posted counts as none."""
    token = request.POST.get(FIELD, "")
    return token if TOKEN.fullmatch(token) else ""


def claim(token: str, *, by: Person) -> tuple[Submission, bool]:
    """Claims `token` for `by` in the caller's transaction: the submission and True the first time;
    else the earlier one and False, once it is saved (a first still saving is waited for, and if it
    fails this one becomes the first)."""
    Submission.objects.filter(person=by, sent_at__lt=timezone.now() - KEPT_FOR).delete()
    try:
        with transaction.atomic():
            return Submission.objects.create(person=by, token=token), True
    except IntegrityError:
        return Submission.objects.get(person=by, token=token), False


class OnceMixin:
    """For a view whose valid form creates (or changes) records: the form carries a hidden one-time
    token; posted again, it sends the person to what the first post made. A form posted without a
    token (an older page, a script) still saves, once per post. A service's ValidationError (see
    `unique_or_invalid`), or a unique value of the form's record taken meanwhile, shows on the form."""

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        # A form shown again with its errors keeps its token, so it too is saved once.
        form.helper.add_input(Hidden(FIELD, posted_token(self.request) or new_token()))
        self.once_form = form
        return form

    def post(self, request, *args, **kwargs):
        token = posted_token(request)
        try:
            with transaction.atomic():
                if not token:
                    return super().post(request, *args, **kwargs)
                submission, first = claim(token, by=request.user)
                if not first:
                    messages.info(request, SENT_TWICE)
                    return redirect(submission.url or request.get_full_path())
                response = super().post(request, *args, **kwargs)
                if response.status_code == 302:
                    submission.url = response.url
                    submission.save(update_fields=["url"])
                else:  # the form had errors and saved nothing: corrected, it may be sent again
                    submission.delete()
                return response
        except ValidationError as clash:
            return self.shown_on_form(clash)
        except IntegrityError:
            # A form that saves its record itself (form.save()), not through unique_or_invalid.
            instance = getattr(getattr(self, "once_form", None), "instance", None)
            if instance is None:
                raise
            try:
                raise_unique_clash(instance)
            except ValidationError as clash:
                return self.shown_on_form(clash)
            raise

    def shown_on_form(self, clash: ValidationError):
        form = self.once_form
        for field, errors in clash.update_error_dict({}).items():
            form.add_error(field if field in form.fields else None, errors)
        return self.form_invalid(form)


@contextmanager
def unique_or_invalid(record: models.Model) -> Iterator[None]:
    """One transaction saving `record`: if a unique field or constraint clashes with a row another
    request saved meanwhile, the ValidationError the form gives when that row was there first."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError:
        raise_unique_clash(record)
        raise


def raise_unique_clash(record: models.Model) -> None:
    """After saving `record` failed on the database's integrity: the ValidationError naming the
    field whose value another request saved meanwhile, in the words its form uses; none if the
    failure was something else."""
    record.validate_unique()
    record.validate_constraints()
