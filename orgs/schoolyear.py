"""The school calendar: a school year runs from 1 September to 31 August."""

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone


@dataclass(frozen=True)
class SchoolYear:
    start_year: int

    @classmethod
    def containing(cls, day: datetime.date | None = None) -> "SchoolYear":
        day = day or timezone.localdate()
        return cls(day.year if day.month >= 9 else day.year - 1)

    @property
    def starts_on(self) -> datetime.date:
        return datetime.date(self.start_year, 9, 1)

    @property
    def ends_on(self) -> datetime.date:
        return datetime.date(self.start_year + 1, 8, 31)

    def __str__(self) -> str:
        return f"{self.start_year}/{str(self.start_year + 1)[-2:]} учебный год"

    def overlapping(self, start: str, end: str, *, open_start=False, open_end=False) -> Q:
        """The rows whose period (the dates in fields ``start``–``end``, one field for a
        single day) touches this school year. An empty ``end`` of an ``open_end`` field means
        «still going» (a pair not ended, a person still employed); an empty ``open_start``,
        «since always»."""
        starts = Q(**{f"{start}__lte": self.ends_on})
        if open_start:
            starts |= Q(**{f"{start}__isnull": True})
        ends = Q(**{f"{end}__gte": self.starts_on})
        if open_end:
            ends |= Q(**{f"{end}__isnull": True})
        return starts & ends
