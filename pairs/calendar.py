"""The private iCalendar feed (RFC 5545) of one person's plan activities, log entries and
methodical sessions.

A subscriber's calendar polls the feed every few minutes to hours, so the feed answers a
repeat with 304 Not Modified: its ETag is the feed's version, and Last-Modified the moment
this server first served that version. Where the database counts data versions
(PostgreSQL, orgs/data_versions.py) the version is those counters of the places the feed
reads, so a 304 reads no event at all; elsewhere it is a digest of the events."""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Value
from django.utils import timezone

from orgs.models import Municipality, Organisation, Region
from orgs.tenancy import scopes_disabled

from . import extensions
from .models import LogEntry, PairMember, Plan, PlanActivity

# How long this server remembers when it first served a feed's version; forgotten, the
# next answer is stamped anew (later, so a client's If-Modified-Since only gets a 200).
FIRST_SERVED_SECONDS = 90 * 24 * 60 * 60


@dataclass(frozen=True)
class Event:
    uid: str  # unique per portal: ``activity-12``, ``log-7``, ``session-3``
    day: datetime.date
    summary: str
    description: str


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space."""
    out, current = [], ""
    for char in line:
        if len((current + char).encode()) > 75:
            out.append(current)
            current = " " + char
        else:
            current += char
    out.append(current)
    return "\r\n".join(out)


def _vevent(event: Event, stamp: str) -> list[str]:
    # Globally unique and stable (RFC 5545 3.8.4.7): the portal's configured host, never the
    # request's, so the same activity keeps its id whichever address the feed is read at.
    return [
        "BEGIN:VEVENT",
        f"UID:{event.uid}@{settings.PORTAL_HOST}",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{event.day:%Y%m%d}",
        f"DTEND;VALUE=DATE:{event.day + datetime.timedelta(days=1):%Y%m%d}",
        f"SUMMARY:{_escape(event.summary)}",
        f"DESCRIPTION:{_escape(event.description)}",
        "END:VEVENT",
    ]


class PersonalFeed:
    """One person's feed: its version, read cheaply, and its events, read only when needed.

    The feed has no session: the person's own pairs and sessions are a deliberate, narrow
    cross-tenant read, filtered explicitly by their staff card."""

    def __init__(self, user):
        self.user = user
        self.staff_id = user.staff_member_id
        self._events: list[Event] | None = None

    def _unscoped(self, read):
        with scopes_disabled():
            return read()

    def version(self) -> str:
        """Changes whenever an event of the feed may have changed, and with the code."""
        if connection.vendor == "postgresql":
            raw = f"v:{self._unscoped(self._data_versions)}"
        else:
            raw = f"e:{self.events()!r}"
        raw = f"{settings.PORTAL_HOST}:{settings.RELEASE}:{self.user.data_version}:{raw}"
        return hashlib.blake2b(raw.encode(), digest_size=16).hexdigest()

    def _data_versions(self) -> list:
        """The counters of every place whose rows the feed shows: the person's school, its
        municipality and region, their pairs' schools and their series' places. Three
        queries."""
        places = set()
        if self.staff_id:
            places |= set(
                PairMember.objects.filter(staff_id=self.staff_id).values_list(
                    "pair__organisation_id", "pair__municipality_id", "pair__region_id"
                )
            )
            places |= extensions.session_places_of([self.staff_id])
            staff = self.user.staff_member
            places.add((staff.organisation_id, staff.municipality_id, staff.region_id))
        keys = [{key for key in column if key} for column in zip(*places, strict=True)]
        if not keys:
            return []
        orgs, municipalities, regions = keys
        versions = (
            Organisation.objects.filter(pk__in=orgs)
            .values_list(Value("o"), "pk", "data_version")
            .union(
                Municipality.objects.filter(pk__in=municipalities).values_list(
                    Value("m"), "pk", "data_version"
                ),
                Region.objects.filter(pk__in=regions).values_list(Value("r"), "pk", "data_version"),
                all=True,
            )
        )
        return sorted(versions)

    def events(self) -> list[Event]:
        if self._events is None:
            self._events = self._unscoped(self._read_events) if self.staff_id else []
        return self._events

    def _read_events(self) -> list[Event]:
        """Activities of the plans the person works on, their pairs' log entries and their
        methodical sessions."""
        staff_id = self.staff_id
        memberships = dict(PairMember.objects.filter(staff_id=staff_id).values_list("pair", "role"))
        mentor_pairs = [p for p, r in memberships.items() if r == PairMember.Role.MENTOR]
        plans = Plan.objects.filter(pair__in=mentor_pairs) | Plan.objects.filter(mentee_id=staff_id)
        activities = (
            PlanActivity.objects.filter(plan__in=plans.values("pk"))
            .exclude(status=PlanActivity.Status.CANCELLED)
            .select_related("plan__mentee")
            .order_by("deadline", "pk")
        )
        events = []
        for a in activities:
            status = "выполнено" if a.status == PlanActivity.Status.DONE else "план"
            events.append(
                Event(
                    f"activity-{a.pk}",
                    a.done_on or a.deadline,
                    f"{a.title} ({status})",
                    f"ИОМ: {a.plan.mentee.full_name}. {a.get_form_display()}. {a.expected_result}",
                )
            )
        entries = LogEntry.objects.filter(pair__in=list(memberships)).order_by("happened_on", "pk")
        for e in entries:
            events.append(
                Event(f"log-{e.pk}", e.happened_on, f"{e.get_kind_display()}: {e.topic}", e.notes)
            )
        for s in extensions.sessions_of([staff_id]):
            events.append(
                Event(
                    f"session-{s.session_id}",
                    s.date,
                    f"{s.series_title}: {s.topic}",
                    f"Ведёт {s.leader}." if s.leader else "",
                )
            )
        return events

    def text(self, *, stamp: datetime.datetime) -> str:
        """The feed as RFC 5545 text; every event's DTSTAMP is the version's first serving,
        so the same version always reads the same."""
        lines = [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//Портал наставничества//RU",
            "CALSCALE:GREGORIAN",
            f"X-WR-CALNAME:{_escape('Наставничество')}",
            f"X-WR-TIMEZONE:{settings.TIME_ZONE}",
        ]
        utc = stamp.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
        for event in self.events():
            lines += _vevent(event, utc)
        lines.append("END:VCALENDAR")
        return "\r\n".join(_fold(line) for line in lines) + "\r\n"


def first_served(token: str, version: str) -> datetime.datetime:
    """When this server first served this version of the feed behind ``token`` (whole
    seconds, as Last-Modified has them). A new version, or a version served again after
    another, is stamped now, and at least a second after the one before: Last-Modified
    always moves forward, so If-Modified-Since can never hide a change, not even two changes
    within one second."""
    key = "calendar-feed:" + hashlib.blake2b(token.encode(), digest_size=16).hexdigest()
    seen = cache.get(key)
    if seen and seen[0] == version:
        return seen[1]
    now = timezone.now().replace(microsecond=0)
    if seen:
        now = max(now, seen[1] + datetime.timedelta(seconds=1))
    cache.set(key, (version, now), FIRST_SERVED_SECONDS)
    return now
