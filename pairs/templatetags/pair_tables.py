"""What every pair table repeats on each row, written in Python: a template include per
row and role cost more than the rest of the row."""

from django import template
from django.utils.html import format_html, format_html_join

register = template.Library()


@register.simple_tag
def members(pair, role: str):
    """``{% members pair "mentor" %}``: the pair's mentors (or mentees) from its listed
    members (``pairs.selectors.with_listed_members``), one per line; a network mentor from
    another school shows that school."""
    return format_html_join(
        "",
        "<div>{}{}</div>",
        (
            (member.staff.full_name, _other_school(pair, member.staff))
            for member in pair.listed_members
            if member.role == role
        ),
    )


def _other_school(pair, staff) -> str:
    if staff.organisation_id == pair.organisation_id:
        return ""
    return format_html(
        ' <span class="badge text-bg-info" title="Сетевой наставник">{}</span>',
        staff.organisation.short_name,
    )
