"""Deadlines (Fristen) from every part of Teilhabe, in one list.

Each part registers the kinds of deadline it knows and a provider per kind from its
``wiring.py``; the provider returns the *open* deadlines of a municipality up to a date, so a
done item (a paper submitted, a proof of use uploaded, a mandate closed) leaves every list by
itself::

    from teilhabe.core import deadlines

    deadlines.register_kind("proof", _("Proof of use"), position=40)

    @deadlines.register("proof")
    def proofs(municipality, today, until):
        for p in ...:
            yield deadlines.Deadline(kind="proof", key=f"proof-{p.pk}", day=p.due_on, ...)

The Fristen page, the dashboard, the handover view, the e-mail digest and the calendar feed
all read through ``deadlines_for``. This module imports no model of a part.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from itertools import groupby

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from teilhabe.core.models import Municipality, Role
from teilhabe.core.permissions import Access, can_read


@dataclass(frozen=True)
class Kind:
    key: str
    label: Promise
    check: Callable[[Access], bool] = can_read  # who may see deadlines of this kind
    position: int = 50


@dataclass(frozen=True)
class Deadline:
    kind: str
    # Stable within the municipality and independent of the date: the calendar event's UID
    # and the digest's memory of the date are keyed by it, so a moved date moves the event.
    key: str
    day: date
    title: str  # the object the deadline belongs to
    action: str  # what is to be done
    url: str  # where it is done
    responsible: str = ""  # office or person
    org_unit_id: int | None = None
    field_ids: frozenset[int] = frozenset()
    # An overdue sign-off or report-back shows on the dashboard of the owing office and of
    # the integration office.
    escalate: bool = False
    ars: str = ""  # filled in by the registry

    def is_overdue(self, today: date) -> bool:
        return self.day < today

    @property
    def kind_label(self) -> str:
        return kind_label(self.kind)

    @property
    def uid(self) -> str:
        return f"{self.ars}-{self.key}@teilhabe"


Provider = Callable[[Municipality, date, date], Iterable[Deadline]]

_kinds: dict[str, Kind] = {}
_providers: dict[str, list[Provider]] = {}


def register_kind(
    key: str, label: Promise, *, check: Callable[[Access], bool] = can_read, position: int = 50
) -> None:
    _kinds[key] = Kind(key=key, label=label, check=check, position=position)


def register(kind: str) -> Callable[[Provider], Provider]:
    """Register a provider of open deadlines of ``kind`` (registered before)."""
    if kind not in _kinds:
        raise ValueError(f"unknown deadline kind {kind!r}")

    def decorator(func: Provider) -> Provider:
        providers = _providers.setdefault(kind, [])
        if func not in providers:
            providers.append(func)
        return func

    return decorator


def kinds() -> list[Kind]:
    return sorted(_kinds.values(), key=lambda k: (k.position, k.key))


def kind_label(key: str) -> str:
    kind = _kinds.get(key)
    return str(kind.label) if kind else key


def municipality_deadlines(
    municipality: Municipality, *, until: date, today: date | None = None
) -> list[Deadline]:
    """Every open deadline of the municipality up to ``until``, overdue ones included,
    earliest first."""
    today = today or timezone.localdate()
    out: list[Deadline] = []
    for kind in kinds():
        for provider in _providers.get(kind.key, []):
            for item in provider(municipality, today, until):
                if item.day <= until:
                    out.append(replace(item, ars=municipality.ars))
    out.sort(key=lambda d: (d.day, _kinds[d.kind].position, d.title, d.key))
    return out


# People who run the process (and the council and steering group, who read everything) see
# every deadline their role may read; a responsible office or a working group sees its own.
_SEE_ALL = frozenset({Role.ADMIN, Role.EDITOR, Role.MODERATOR, Role.STEERING, Role.READER})


def visible(access: Access, item: Deadline) -> bool:
    kind = _kinds.get(item.kind)
    if kind is None or not kind.check(access):
        return False
    if access.has_role(*_SEE_ALL):
        return True
    return item.org_unit_id in access.org_unit_ids or bool(item.field_ids & access.field_ids)


def deadlines_for(access: Access, *, until: date, today: date | None = None) -> list[Deadline]:
    """The deadlines of the access's municipality that its holder may see."""
    return [
        d
        for d in municipality_deadlines(access.municipality, until=until, today=today)
        if visible(access, d)
    ]


def filtered(
    items: list[Deadline],
    *,
    today: date,
    kind: str = "",
    org_unit_id: int | None = None,
    field_id: int | None = None,
    overdue_only: bool = False,
) -> list[Deadline]:
    """The filters of the Fristen page."""
    return [
        d
        for d in items
        if (not kind or d.kind == kind)
        and (org_unit_id is None or d.org_unit_id == org_unit_id)
        and (field_id is None or field_id in d.field_ids)
        and (not overdue_only or d.is_overdue(today))
    ]


# The Fristen page and the calendar feed reach three years ahead: the integration report's
# cycle (Landshut: every three years) and an external moderation's contract fit in.
HORIZON_DAYS = 3 * 366

# The dashboard lists every deadline of the next 90 days; past this many it points to the
# Fristen page as well.
DASHBOARD_DAYS = 90
DASHBOARD_LONG = 12


def escalated(access: Access, items: list[Deadline], today: date) -> list[Deadline]:
    """Overdue sign-offs and report-backs for the integration office (admins) and for the
    office that owes them."""
    return [
        d
        for d in items
        if d.escalate
        and d.is_overdue(today)
        and (access.has_role(Role.ADMIN) or d.org_unit_id in access.org_unit_ids)
    ]


@dataclass
class WeekGroup:
    title: str
    items: list[Deadline] = field(default_factory=list)
    overdue: bool = False


def by_week(items: list[Deadline], today: date) -> list[WeekGroup]:
    """Overdue items first, then one group per calendar week (Monday to Sunday)."""
    groups: list[WeekGroup] = []
    overdue = [d for d in items if d.is_overdue(today)]
    if overdue:
        groups.append(WeekGroup(title=_("Overdue"), items=overdue, overdue=True))
    this_monday = today - timedelta(days=today.weekday())

    def monday(d: Deadline) -> date:
        return d.day - timedelta(days=d.day.weekday())

    for start, week in groupby((d for d in items if not d.is_overdue(today)), key=monday):
        end = start + timedelta(days=6)
        if start == this_monday:
            label = _("This week")
        elif start == this_monday + timedelta(days=7):
            label = _("Next week")
        else:
            label = _("Week %(week)s") % {"week": start.isocalendar().week}
        title = f"{label} ({start:%d.%m.} – {end:%d.%m.%Y})"
        groups.append(WeekGroup(title=title, items=list(week)))
    return groups
