"""The school calendar: a school year runs from 1 September to 31 August."""

import datetime
from dataclasses import dataclass

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
