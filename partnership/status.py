"""What records with a status workflow (projects, bids) share."""


class RemembersSavedStatus:
    """Keeps `status` as last saved, so that clean() can tell which moves of the status are allowed.
    Comes before models.Model in the bases."""

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
