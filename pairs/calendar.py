"""The private iCalendar feed (RFC 5545) of one person's plan activities, log entries and
methodical sessions."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone

from orgs.tenancy import scopes_disabled

from . import extensions
from .models import LogEntry, PairMember, Plan, PlanActivity

DOMAIN = "nastavnichestvo"


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


def _event(uid: str, day: datetime.date, summary: str, description: str, stamp: str) -> list[str]:
    return [
        "BEGIN:VEVENT",
        f"UID:{uid}@{DOMAIN}",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
        f"DTEND;VALUE=DATE:{day + datetime.timedelta(days=1):%Y%m%d}",
        f"SUMMARY:{_escape(summary)}",
        f"DESCRIPTION:{_escape(description)}",
        "END:VEVENT",
    ]


def calendar_feed(user) -> str:
    """Activities of the plans the person works on, and their pairs' log entries.

    The feed has no session: the person's own pairs are a deliberate, narrow cross-tenant
    read, filtered explicitly by their staff card."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Портал наставничества//RU",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_escape('Наставничество')}",
        f"X-WR-TIMEZONE:{settings.TIME_ZONE}",
    ]
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    staff_id = user.staff_member_id
    if staff_id:
        with scopes_disabled():
            memberships = dict(
                PairMember.objects.filter(staff_id=staff_id).values_list("pair", "role")
            )
            mentor_pairs = [p for p, r in memberships.items() if r == PairMember.Role.MENTOR]
            plans = Plan.objects.filter(pair__in=mentor_pairs) | Plan.objects.filter(
                mentee_id=staff_id
            )
            activities = (
                PlanActivity.objects.filter(plan__in=plans.values("pk"))
                .exclude(status=PlanActivity.Status.CANCELLED)
                .select_related("plan__mentee")
                .order_by("deadline", "pk")
            )
            for a in activities:
                day = a.done_on or a.deadline
                status = "выполнено" if a.status == PlanActivity.Status.DONE else "план"
                lines += _event(
                    f"activity-{a.pk}",
                    day,
                    f"{a.title} ({status})",
                    f"ИОМ: {a.plan.mentee.full_name}. {a.get_form_display()}. {a.expected_result}",
                    stamp,
                )
            entries = LogEntry.objects.filter(pair__in=list(memberships)).order_by(
                "happened_on", "pk"
            )
            for e in entries:
                lines += _event(
                    f"log-{e.pk}",
                    e.happened_on,
                    f"{e.get_kind_display()}: {e.topic}",
                    e.notes,
                    stamp,
                )
            for s in extensions.sessions_of([staff_id]):
                lines += _event(
                    f"session-{s.session_id}",
                    s.date,
                    f"{s.series_title}: {s.topic}",
                    f"Ведёт {s.leader}." if s.leader else "",
                    stamp,
                )
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
