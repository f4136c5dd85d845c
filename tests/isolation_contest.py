"""Routes of the mentor's portfolio and the municipal contest, for ``tests/test_isolation``:
an object of school A (or municipality M1) and text that must never reach an outsider."""

from __future__ import annotations


def victims(Victim, school_a) -> dict:  # noqa: N803
    def teacher(c):
        return {"pk": c.teacher_a.pk}

    def surname(c):
        return c.teacher_a.last_name

    return {
        "portfolio:detail": Victim(teacher, school_a, surname),
        "portfolio:pdf": Victim(teacher, school_a, surname),
    }
