"""What records with a status workflow (projects, bids) share."""

from collections.abc import Collection, Mapping


class StatusWorkflow:
    """A record whose `status` moves only along its model's TRANSITIONS ({status: the statuses it may
    become}). It keeps `status` as last saved, so that clean() can tell which moves are allowed.
    Comes before models.Model in the bases; the model has a `Status` choices class."""

    TRANSITIONS: Mapping[str, Collection[str]] = {}

    @classmethod
    def from_db(cls, db, field_names, values):
        record = super().from_db(db, field_names, values)
        record._saved_status = record.__dict__.get("status")
        return record

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self._saved_status = self.status

    @property
    def saved_status(self) -> str | None:
        """None for a record not saved yet."""
        return getattr(self, "_saved_status", None)

    def can_move_to(self, status: str, *, current: str | None = None) -> bool:
        current = current or self.status
        return status == current or status in self.TRANSITIONS[current]

    def next_statuses(self) -> list[str]:
        """The statuses it may have when saved: any for a new record (it may be recorded after the
        event), otherwise its saved status or the next ones along."""
        saved = self.saved_status
        if saved is None:
            return list(self.Status.values)
        return [status for status in self.Status.values if self.can_move_to(status, current=saved)]

    def status_errors(self) -> dict[str, str]:
        """For clean(): why the status may not move from the saved one, if it may not."""
        saved = self.saved_status
        if saved is None or self.can_move_to(self.status, current=saved):
            return {}
        return {
            "status": f"A {self._meta.verbose_name} that is {self.Status(saved).label.lower()} cannot "
            f"become {self.Status(self.status).label.lower()}."
        }
