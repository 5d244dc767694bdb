"""Import bodies, meetings and papers with their consultations and files from an OParl 1.1
system (the RIS). Incremental with ``modified_since``; every received object is validated
against the OParl schemas; what cannot be imported is skipped with the reason.

A paper drafted in Teilhabe and linked to its RIS paper (same OParl id or Drucksachen-Nr.)
takes its consultation results from the RIS; its own texts stay as they are.
"""

from __future__ import annotations

import urllib.parse
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from teilhabe.core.models import Municipality, User
from teilhabe.council import services
from teilhabe.council.models import (
    AgendaItem,
    Attachment,
    Committee,
    CommitteeKind,
    Consultation,
    ConsultationResult,
    ConsultationRole,
    ElectionPeriod,
    Meeting,
    MeetingStatus,
    OParlRun,
    Paper,
    PaperOrigin,
    PaperStatus,
    PaperType,
)
from teilhabe.council.oparl import people
from teilhabe.council.oparl.client import DirectorySource, FetchError, Source
from teilhabe.council.oparl.validation import check_object, type_name

MAX_PAGES = 5000
# The order in which objects of a list or a directory are read: what others refer to first.
ORDER = {
    name: rank
    for rank, name in enumerate(
        [
            "System",
            "Body",
            "LegislativeTerm",
            "Organization",
            "Person",
            "Membership",
            "Location",
            "Meeting",
            "AgendaItem",
            "Paper",
            "Consultation",
            "File",
        ]
    )
}
NOT_IMPORTED = {
    "Location": _lazy("Places are taken over only as the place of a meeting."),
    "Person": _lazy(
        "Persons are taken over only when the municipality switches it on in the council settings."
    ),
    "Membership": _lazy(
        "Memberships are taken over only when the municipality switches it on in the council "
        "settings."
    ),
}
BODY_TYPES_IMPORTED = {"", "gremium", "externes gremium"}


@dataclass
class Report:
    counts: Counter[str] = field(default_factory=Counter)
    skipped: list[dict[str, str]] = field(default_factory=list)
    notes: list[dict[str, str]] = field(default_factory=list)

    def skip(self, url: str, kind: str, reason: str) -> None:
        self.skipped.append({"url": url, "type": kind, "reason": reason})
        self.counts[f"skipped_{kind}"] += 1

    def note(self, url: str, kind: str, text: str) -> None:
        self.notes.append({"url": url, "type": kind, "reason": text})


def committee_kind(name: str) -> str:
    lower = name.lower()
    rules = [
        ("integrationsrat", CommitteeKind.INTEGRATION_COUNCIL),
        ("integrationskommission", CommitteeKind.INTEGRATION_COMMISSION),
        ("beirat für migration", CommitteeKind.ADVISORY_COUNCIL),
        ("migrationsbeirat", CommitteeKind.ADVISORY_COUNCIL),
        ("ausländerbeirat", CommitteeKind.ADVISORY_COUNCIL),
        ("magistrat", CommitteeKind.ADMINISTRATIVE),
        ("stadtvorstand", CommitteeKind.ADMINISTRATIVE),
        ("verwaltungsvorstand", CommitteeKind.ADMINISTRATIVE),
        ("bezirksvertretung", CommitteeKind.DISTRICT),
        ("ortsbeirat", CommitteeKind.DISTRICT),
        ("ausschuss", CommitteeKind.COMMITTEE),
        ("stadtverordnetenversammlung", CommitteeKind.COUNCIL),
        ("gemeindevertretung", CommitteeKind.COUNCIL),
        ("kreistag", CommitteeKind.COUNCIL),
        ("stadtrat", CommitteeKind.COUNCIL),
        ("rat der stadt", CommitteeKind.COUNCIL),
        ("gemeinderat", CommitteeKind.COUNCIL),
    ]
    for word, kind in rules:
        if word in lower:
            return kind
    return CommitteeKind.COUNCIL if lower.strip() in ("rat", "stadtrat") else CommitteeKind.OTHER


def role_from_text(text: str, authoritative: bool) -> str:
    lower = (text or "").lower()
    if "anhör" in lower:
        return ConsultationRole.HEARING
    if "kenntnis" in lower:
        return ConsultationRole.NOTICE
    if "entscheid" in lower or "beschl" in lower or authoritative:
        return ConsultationRole.DECISION
    return ConsultationRole.PRELIMINARY


def result_from_text(text: str) -> tuple[str, bool]:
    """An agenda item's result in the RIS's words → (result, unanimous)."""
    lower = (text or "").lower()
    unanimous = "einstimmig" in lower
    rules = [
        ("ohne votum", ConsultationResult.FORWARDED),
        ("ohne empfehlung", ConsultationResult.FORWARDED),
        ("geändert", ConsultationResult.ADOPTED_AMENDED),
        ("mit änderung", ConsultationResult.ADOPTED_AMENDED),
        ("abgelehnt", ConsultationResult.REJECTED),
        ("verwiesen", ConsultationResult.REFERRED),
        ("vertagt", ConsultationResult.POSTPONED),
        ("zurückgestellt", ConsultationResult.POSTPONED),
        ("abgesetzt", ConsultationResult.WITHDRAWN),
        ("zurückgezogen", ConsultationResult.WITHDRAWN),
        ("kenntnis", ConsultationResult.NOTED),
        ("empfohlen", ConsultationResult.RECOMMENDED),
        ("empfehl", ConsultationResult.RECOMMENDED),
        ("beschlossen", ConsultationResult.ADOPTED),
        ("zugestimmt", ConsultationResult.ADOPTED),
    ]
    for word, result in rules:
        if word in lower:
            return result, unanimous
    return "", unanimous


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _with_modified_since(url: str, since: datetime | None) -> str:
    if since is None:
        return url
    parts = urllib.parse.urlsplit(url)
    query = [*urllib.parse.parse_qsl(parts.query), ("modified_since", since.isoformat())]
    return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query)))


class Importer:
    def __init__(
        self,
        *,
        municipality: Municipality,
        source: Source,
        modified_since: datetime | None = None,
    ) -> None:
        self.municipality = municipality
        self.source = source
        self.since = modified_since
        self.report = Report()
        self.committees = {
            c.oparl_id: c
            for c in Committee.objects.filter(municipality=municipality).exclude(oparl_id="")
        }
        self.meetings = {
            m.oparl_id: m
            for m in Meeting.objects.filter(municipality=municipality).exclude(oparl_id="")
        }
        self.agenda: dict[str, dict[str, str]] = {}
        self._failed_refs: set[str] = set()
        # Objects met embedded where the schema references them: read from here, not again.
        self.known: dict[str, dict[str, Any]] = {}
        self._done: set[tuple[str, str]] = set()
        # The newest ``modified`` received, and whether everything could be read: only a
        # complete run moves the last-import time (to this value, never to the clock).
        self.newest: datetime | None = None
        self.complete = True
        self.people = services.council_settings_ensure(municipality=municipality).oparl_people

    # --- reading ------------------------------------------------------------------------

    def _fetch(self, url: str, kind: str) -> Any:
        if url in self.known:
            return self.known[url]
        try:
            return self.source.fetch(url)
        except FetchError as exc:
            self._failed(exc)
            self.report.skip(url, kind, str(exc))
            return None

    def _failed(self, exc: FetchError) -> None:
        """A missing object (404) is the source's content; anything else means the run did
        not see everything, so it must not move the last-import time."""
        if exc.status != 404:
            self.complete = False

    def _resolve(self, url: str, kind: str) -> dict[str, Any] | None:
        found = self._fetch(url, kind)
        return found if isinstance(found, dict) else None

    def _remember(self, obj: dict[str, Any]) -> str:
        self.known.setdefault(str(obj["id"]), obj)
        return str(obj["id"])

    def _first(self, kind: str, url: str) -> bool:
        """True the first time this run meets the object (a directory may hold it twice)."""
        if (kind, url) in self._done:
            return False
        self._done.add((kind, url))
        return True

    def iter_list(self, url: str, kind: str) -> Iterator[Any]:
        """The objects of an external list, page by page; a 404 means an empty list."""
        seen: set[str] = set()
        next_url: str | None = _with_modified_since(url, self.since)
        pages = 0
        while next_url and next_url not in seen and pages < MAX_PAGES:
            seen.add(next_url)
            pages += 1
            try:
                page = self.source.fetch(next_url)
            except FetchError as exc:
                self._failed(exc)
                if exc.status == 404:
                    self.report.note(next_url, kind, _("list answered 404: read as empty"))
                else:
                    self.report.skip(next_url, kind, _("list not readable: %(e)s") % {"e": exc})
                return
            if isinstance(page, list):
                yield from page
                return
            if not isinstance(page, dict):
                self.report.skip(next_url, kind, _("the list is not a JSON object"))
                return
            if type_name(page):  # a single object where a list was expected
                self.report.note(next_url, kind, _("a single object instead of a list"))
                yield page
                return
            data = page.get("data")
            if isinstance(data, dict):
                self.report.note(next_url, kind, _("a single object instead of a list"))
            yield from _as_list(data)
            links = page.get("links") or {}
            following = links.get("next") if isinstance(links, dict) else None
            next_url = urllib.parse.urljoin(next_url, following) if following else None

    def _object(self, item: Any, kind: str, base: str = "") -> dict[str, Any] | None:
        """Resolve a URL to its object, repair, validate; None when it must be skipped."""
        url = item if isinstance(item, str) else str((item or {}).get("id", ""))
        if isinstance(item, str):
            item = self._fetch(item, kind)
            if item is None:
                return None
        if isinstance(item, dict) and item.get("deleted") is True:
            return item
        cleaned, check = check_object(
            item, kind, base=url or base, resolve=self._resolve, remember=self._remember
        )
        for note in check.notes:
            self.report.note(url, kind, note)
        for child_id, child_type, reason in check.dropped:
            self.report.skip(child_id, child_type, reason)
        if not check.ok or cleaned is None:
            self.report.skip(url, kind, "; ".join(check.errors[:3]))
            return None
        modified = parse_datetime(str(cleaned.get("modified", "")))
        if modified is not None and not timezone.is_naive(modified):
            self.newest = max(self.newest or modified, modified)
        incremental = kind in ("Organization", "Meeting", "Paper")
        if incremental and self.since and modified and modified < self.since:
            self.report.counts[f"unchanged_{kind}"] += 1
            return None
        return cleaned

    # --- the run ------------------------------------------------------------------------

    def run(self, entry: str) -> Report:
        """Import from a system, a body, a list or a single object."""
        data = self._fetch(entry, "System")
        if data is None:
            self.complete = False
            return self.report
        with transaction.atomic():
            if type_name(data):
                self.dispatch(data, entry)
            else:
                self.objects(self.iter_list(entry, "Object"))
        return self.report

    def run_directory(self, source: DirectorySource) -> Report:
        """Import every object saved in a directory (single objects or list pages)."""
        found: list[Any] = []
        for name, content in source.files():
            if isinstance(content, FetchError):
                self.complete = False
                self.report.skip(name, "File", str(content))
            elif isinstance(content, dict) and not type_name(content):
                found += _as_list(content.get("data"))
            else:
                found += _as_list(content)
        with transaction.atomic():
            self.objects(found)
        return self.report

    def objects(self, items: Any) -> None:
        """Import objects of any type, the referenced kinds first."""
        listed = [i for i in items if isinstance(i, dict)]
        for item in sorted(listed, key=lambda i: ORDER.get(type_name(i), len(ORDER))):
            self.dispatch(item)

    def dispatch(self, item: dict[str, Any], base: str = "") -> None:
        kind = type_name(item)
        url = str(item.get("id", base))
        if kind not in ORDER:
            self.report.skip(url, kind or "Object", _("not an OParl object Teilhabe reads"))
            return
        if kind not in ("Organization", "Meeting", "Paper") and not self._first(kind, url):
            return
        if kind == "Person" and self.people:
            people.person(self, item)
            return
        if kind == "Membership" and self.people:
            people.membership(self, item)
            return
        if kind in NOT_IMPORTED:
            self.report.skip(url, kind, str(NOT_IMPORTED[kind]))
            return
        if kind in ("System", "Body"):
            obj = self._object(item, kind, base)
            if obj is not None:
                self.report.counts[f"read_{kind}"] += 1
            if obj is not None and kind == "Body":
                self._body(obj)
            elif obj is not None:
                self._body_list(obj)
            return
        handler = {
            "LegislativeTerm": self._term_object,
            "Organization": self._organization,
            "Meeting": self._meeting,
            "Paper": self._paper,
            "AgendaItem": self._agenda_object,
            "Consultation": self._consultation_object,
            "File": self._file_object,
        }[kind]
        handler(item)

    def _body_list(self, system: dict[str, Any]) -> None:
        bodies = [
            b
            for b in (self._object(i, "Body") for i in self.iter_list(system["body"], "Body"))
            if b
        ]
        body = self._choose_body(bodies)
        if body is not None:
            self._body(body)

    def _choose_body(self, bodies: list[dict[str, Any]]) -> dict[str, Any] | None:
        ars, ags = self.municipality.ars, self.municipality.ags
        matching = [b for b in bodies if b.get("rgs") == ars or (ags and b.get("ags") == ags)]
        chosen = matching[0] if matching else (bodies[0] if len(bodies) == 1 else None)
        for body in bodies:
            if body is not chosen:
                self.report.skip(
                    body["id"], "Body", _("the key (rgs/ags) does not match this municipality")
                )
        return chosen

    def _body(self, body: dict[str, Any]) -> None:
        for term in _as_list(body.get("legislativeTerm")):
            self._term(term)
        for item in self.iter_list(body["organization"], "Organization"):
            self._organization(item)
        for item in self.iter_list(body["meeting"], "Meeting"):
            self._meeting(item)
        for item in self.iter_list(body["paper"], "Paper"):
            self._paper(item)

    def _term_object(self, item: Any) -> None:
        term = self._object(item, "LegislativeTerm")
        if term is not None:
            self._term(term)

    def _term(self, term: dict[str, Any]) -> None:
        if isinstance(term, str):  # referenced, not embedded
            found = self._object(term, "LegislativeTerm")
            if found is None:
                return
            term = found
        start = parse_date(str(term.get("startDate", "")))
        if not term.get("id") or start is None:
            self.report.skip(str(term.get("id", "")), "LegislativeTerm", _("no start date"))
            return
        period = ElectionPeriod.objects.filter(
            municipality=self.municipality, oparl_id=term["id"]
        ).first() or ElectionPeriod(municipality=self.municipality, oparl_id=term["id"])
        period.name = str(term.get("name") or start.year)[:100]
        period.start = start
        period.end = parse_date(str(term.get("endDate", "")))
        services.election_period_save(period=period)
        self.report.counts["LegislativeTerm"] += 1

    # --- organizations ------------------------------------------------------------------

    def _organization(self, item: Any) -> Committee | None:
        org = self._object(item, "Organization")
        if org is None:
            return None
        url = org["id"]
        if not self._first("Organization", url):
            return self.committees.get(url)
        if org.get("deleted"):
            committee = self.committees.get(url)
            if committee is not None and committee.is_active:
                committee.is_active = False
                committee.save(update_fields=["is_active"])
                self.report.counts["deleted_Organization"] += 1
            return None
        org_type = str(org.get("organizationType", "")).strip().lower()
        if org_type not in BODY_TYPES_IMPORTED:
            self.report.skip(
                url,
                "Organization",
                _("not a body but “%(t)s”") % {"t": org.get("organizationType")},
            )
            return None
        name = str(org.get("name") or "").strip()
        if not name:
            self.report.skip(url, "Organization", _("has no name"))
            return None
        committee = (
            self.committees.get(url)
            or Committee.objects.filter(
                municipality=self.municipality, name=name, oparl_id=""
            ).first()
        )
        if committee is None:
            committee = Committee(
                municipality=self.municipality, name=name, kind=committee_kind(name)
            )
            self.report.counts["created_Organization"] += 1
        else:
            self.report.counts["updated_Organization"] += 1
            if committee.name != name:
                self.report.note(
                    url,
                    "Organization",
                    _("the RIS calls the body “%(ris)s”; Teilhabe keeps “%(own)s”")
                    % {"ris": name, "own": committee.name},
                )
        committee.oparl_id = url
        committee.short_name = str(org.get("shortName") or committee.short_name)[:40]
        committee.is_active = (
            not org.get("endDate")
            or (parse_date(str(org.get("endDate"))) or timezone.localdate()) >= timezone.localdate()
        )
        services.committee_save(committee=committee)
        self.committees[url] = committee
        if self.people:
            for membership in _as_list(org.get("membership")):
                people.membership(self, membership)
        return committee

    def _committee_ref(self, url: str, kind: str, owner: str) -> Committee | None:
        if url in self.committees:
            return self.committees[url]
        if url in self._failed_refs:
            return None
        committee = self._organization(url)
        if committee is None:
            self._failed_refs.add(url)
        return committee

    # --- meetings -----------------------------------------------------------------------

    def _meeting(self, item: Any) -> Meeting | None:
        data = self._object(item, "Meeting")
        if data is None:
            return None
        url = data["id"]
        if not self._first("Meeting", url):
            return self.meetings.get(url)
        meeting = self.meetings.get(url)
        if data.get("deleted"):
            if meeting is not None:
                if meeting.consultations.exists():
                    meeting.status = MeetingStatus.CANCELLED
                    meeting.save(update_fields=["status"])
                else:
                    meeting.delete()
                    self.meetings.pop(url, None)
                self.report.counts["deleted_Meeting"] += 1
            return None
        committee = None
        for org_url in _as_list(data.get("organization")):
            committee = self._committee_ref(org_url, "Organization", url)
            if committee is not None:
                break
        if committee is None:
            self.report.skip(url, "Meeting", _("refers to no known body"))
            return None
        start = parse_datetime(str(data.get("start", "")))
        if start is None:
            self.report.skip(url, "Meeting", _("has no start date"))
            return None
        if timezone.is_naive(start):
            start = timezone.make_aware(start)
        created = meeting is None
        if meeting is None:
            meeting = Meeting(municipality=self.municipality, oparl_id=url)
        meeting.committee = committee
        meeting.name = str(data.get("name") or "")[:200]
        meeting.start = start
        location = data.get("location") or {}
        meeting.location = str(
            location.get("description") or location.get("streetAddress") or meeting.location
        )[:200]
        if data.get("cancelled"):
            meeting.status = MeetingStatus.CANCELLED
        elif start < timezone.now():
            meeting.status = MeetingStatus.HELD
        else:
            meeting.status = MeetingStatus.PLANNED
        meeting.web = str(data.get("web") or "")[:500]
        services.meeting_save(meeting=meeting)
        self.meetings[url] = meeting
        self.report.counts["created_Meeting" if created else "updated_Meeting"] += 1
        for index, agenda in enumerate(_as_list(data.get("agendaItem")), start=1):
            self._agenda_item(meeting, agenda, index)
        return meeting

    def _agenda_item(self, meeting: Meeting, data: Any, index: int) -> None:
        if not isinstance(data, dict) or not data.get("id"):
            self.report.skip(str(data), "AgendaItem", _("not an embedded object with an id"))
            return
        url = data["id"]
        if data.get("deleted"):
            AgendaItem.objects.filter(meeting=meeting, oparl_id=url).delete()
            return
        item = AgendaItem.objects.filter(meeting=meeting, oparl_id=url).first() or AgendaItem(
            meeting=meeting, oparl_id=url
        )
        item.number = str(data.get("number") or index)[:20]
        item.title = str(data.get("name") or _("(without title)"))[:500]
        item.is_public = data.get("public", True) is not False
        item.result = str(data.get("result") or "")[:200]
        item.resolution_text = str(data.get("resolutionText") or "")
        order = data.get("order")
        item.position = order + 1 if isinstance(order, int) and order >= 0 else index
        services.agenda_item_save(item=item)
        self.agenda[url] = {"result": item.result, "resolution": item.resolution_text}
        self.report.counts["AgendaItem"] += 1

    def _meeting_ref(self, url: str) -> Meeting | None:
        if url in self.meetings:
            return self.meetings[url]
        if url in self._failed_refs:
            return None
        meeting = self._meeting(url)
        if meeting is None:
            self._failed_refs.add(url)
        return meeting

    # --- papers -------------------------------------------------------------------------

    def _paper_type(self, name: str) -> PaperType:
        name = (name or str(_("Paper from the RIS"))).strip()[:100]
        found = PaperType.objects.filter(municipality=self.municipality, name__iexact=name).first()
        if found is not None:
            return found
        lower = name.lower()
        informative = any(w in lower for w in ("mitteilung", "information", "anfrage", "bericht"))
        return services.paper_type_save(
            paper_type=PaperType(
                municipality=self.municipality,
                name=name,
                has_resolution=not informative,
                position=100,
            )
        )

    def _paper(self, item: Any) -> None:
        data = self._object(item, "Paper")
        if data is None:
            return
        url = data["id"]
        if not self._first("Paper", url):
            return
        paper = Paper.objects.filter(municipality=self.municipality, oparl_id=url).first()
        reference = str(data.get("reference") or "").strip()
        if paper is None and reference:
            paper = Paper.objects.filter(
                municipality=self.municipality, reference=reference, oparl_id=""
            ).first()
        if data.get("deleted"):
            if paper is not None:
                if paper.origin == PaperOrigin.RIS and not paper.links.exists():
                    paper.delete()
                    self.report.counts["deleted_Paper"] += 1
                else:
                    self.report.note(
                        url, "Paper", _("deleted in the RIS; the paper in Teilhabe is kept")
                    )
            return
        created = paper is None
        if paper is None:
            paper = Paper(
                municipality=self.municipality,
                origin=PaperOrigin.RIS,
                status=PaperStatus.SUBMITTED,
                finance_none=True,
            )
        if paper.origin == PaperOrigin.RIS:
            paper.paper_type = self._paper_type(str(data.get("paperType") or ""))
            paper.subject = str(data.get("name") or reference or _("(without subject)"))[:500]
            if not data.get("name"):
                self.report.note(
                    url, "Paper", _("no “name”; “%(s)s” is used") % {"s": paper.subject}
                )
            paper.date = parse_date(str(data.get("date", ""))) or paper.date
        elif paper.status in (PaperStatus.DRAFT, PaperStatus.SIGNOFF, PaperStatus.READY):
            paper.status = PaperStatus.SUBMITTED
        paper.oparl_id = url
        paper.reference = reference or paper.reference
        paper.ris_url = str(data.get("web") or paper.ris_url)[:500]
        paper.oparl_modified = parse_datetime(str(data.get("modified", ""))) or paper.oparl_modified
        paper.full_clean()
        paper.save()
        self.report.counts["created_Paper" if created else "updated_Paper"] += 1
        files = ([data["mainFile"]] if isinstance(data.get("mainFile"), dict) else []) + [
            f for f in _as_list(data.get("auxiliaryFile")) if isinstance(f, dict)
        ]
        for index, file in enumerate(files):
            self._file(paper, file, is_main=index == 0 and "mainFile" in data)
        for position, consultation in enumerate(_as_list(data.get("consultation")), start=1):
            self._consultation(paper, consultation, position)
        services.paper_status_refresh(paper=paper)

    def _file(self, paper: Paper, data: dict[str, Any], is_main: bool) -> None:
        url = data.get("id", "")
        if data.get("deleted"):
            Attachment.objects.filter(paper=paper, oparl_id=url).delete()
            return
        access = data.get("accessUrl") or data.get("downloadUrl") or ""
        if not access:
            self.report.skip(url, "File", _("has no access URL"))
            return
        attachment = Attachment.objects.filter(paper=paper, oparl_id=url).first()
        if attachment is None:
            services.attachment_add(
                paper=paper,
                title=str(data.get("name") or data.get("fileName") or access)[:300],
                url=access[:500],
                is_main=is_main,
            )
            paper.attachments.filter(url=access[:500], oparl_id="").update(oparl_id=url)
            self.report.counts["File"] += 1

    def _consultation(self, paper: Paper, data: Any, position: int) -> None:
        if not isinstance(data, dict):
            self.report.skip(str(data), "Consultation", _("not an embedded object"))
            return
        url = str(data.get("id", ""))
        existing = paper.consultations.filter(oparl_id=url).first() if url else None
        if data.get("deleted"):
            if existing is not None and existing.from_ris:
                existing.delete()
            return
        meeting = self._meeting_ref(data["meeting"]) if data.get("meeting") else None
        committee = None
        for org_url in _as_list(data.get("organization")):
            committee = self._committee_ref(org_url, "Organization", url)
            if committee is not None:
                break
        if committee is None and meeting is not None:
            committee = meeting.committee
        if committee is None:
            self.report.skip(url, "Consultation", _("refers to no known body or meeting"))
            return
        if data.get("meeting") and meeting is None:
            self.report.note(url, "Consultation", _("the meeting is missing in the RIS"))
        authoritative = bool(data.get("authoritative"))
        role = role_from_text(str(data.get("role", "")), authoritative)
        agenda = self.agenda.get(str(data.get("agendaItem", "")))
        if agenda is None and data.get("agendaItem"):
            stored = AgendaItem.objects.filter(oparl_id=data["agendaItem"]).first()
            if stored is not None:
                agenda = {"result": stored.result, "resolution": stored.resolution_text}
        consultation = existing or self._match(paper, committee, meeting, role)
        if consultation is None:
            current = services.current_consultations(paper)
            consultation = Consultation(
                paper=paper,
                position=(max((c.position for c in current), default=0) + 1)
                if paper.origin == PaperOrigin.TEILHABE
                else position,
                plan_round=current[0].plan_round if current else 1,
                from_ris=True,
            )
            self.report.counts["created_Consultation"] += 1
        consultation.committee = committee
        consultation.meeting = meeting
        consultation.planned_date = meeting.day if meeting else consultation.planned_date
        consultation.role = role
        consultation.authoritative = authoritative or consultation.authoritative
        consultation.oparl_id = url
        consultation.full_clean()
        consultation.save()
        if agenda and agenda.get("result"):
            result, unanimous = result_from_text(agenda["result"])
            if result and (result, unanimous) != (consultation.result, consultation.unanimous):
                try:
                    with transaction.atomic():
                        services.consultation_record_result(
                            consultation=consultation,
                            result=result,
                            unanimous=unanimous,
                            resolution_text=agenda.get("resolution")
                            or consultation.resolution_text,
                        )
                except ValidationError as exc:
                    self.report.skip(
                        url,
                        "Consultation",
                        _("result “%(r)s” not taken over: %(e)s")
                        % {"r": agenda["result"], "e": " ".join(exc.messages)},
                    )
                else:
                    self.report.counts["result_Consultation"] += 1
            elif not result:
                self.report.note(
                    url,
                    "Consultation",
                    _("result “%(r)s” not understood; please record it by hand")
                    % {"r": agenda["result"]},
                )

    # --- objects met on their own (a list or a directory of single objects) -------------

    def _paper_of(self, url: str) -> Paper | None:
        paper = Paper.objects.filter(municipality=self.municipality, oparl_id=url).first()
        if paper is None and url not in self._failed_refs:
            self._paper(url)
            paper = Paper.objects.filter(municipality=self.municipality, oparl_id=url).first()
            if paper is None:
                self._failed_refs.add(url)
        return paper

    def _agenda_object(self, item: Any) -> None:
        data = self._object(item, "AgendaItem")
        if data is None:
            return
        if data["id"] in self.agenda:  # read with its meeting already
            return
        meeting = self._meeting_ref(data["meeting"]) if data.get("meeting") else None
        if meeting is None:
            self.report.skip(data["id"], "AgendaItem", _("belongs to no known meeting"))
            return
        self._agenda_item(meeting, data, int(data.get("order") or 0) + 1)

    def _consultation_object(self, item: Any) -> None:
        data = self._object(item, "Consultation")
        if data is None:
            return
        paper = self._paper_of(data["paper"]) if data.get("paper") else None
        if paper is None:
            self.report.skip(data["id"], "Consultation", _("belongs to no known paper"))
            return
        if not paper.consultations.filter(oparl_id=data["id"]).exists():
            self._consultation(paper, data, paper.consultations.count() + 1)
            services.paper_status_refresh(paper=paper)

    def _file_object(self, item: Any) -> None:
        data = self._object(item, "File")
        if data is None:
            return
        papers = [p for p in (self._paper_of(u) for u in _as_list(data.get("paper"))) if p]
        if not papers:
            self.report.skip(
                data["id"], "File", _("belongs to no paper; Teilhabe keeps files of papers only")
            )
            return
        for paper in papers:
            self._file(paper, data, is_main=False)

    def _match(
        self, paper: Paper, committee: Committee, meeting: Meeting | None, role: str
    ) -> Consultation | None:
        for consultation in services.current_consultations(paper):
            if consultation.oparl_id or consultation.committee_id != committee.pk:
                continue
            if meeting is not None and (
                consultation.meeting_id == meeting.pk or consultation.planned_date == meeting.day
            ):
                return consultation
        return None


def oparl_run(
    *,
    municipality: Municipality,
    source: Source,
    entry: str = "",
    full: bool = False,
    user: User | None = None,
) -> OParlRun:
    """Import from ``entry`` (without it: every object of a saved directory) and keep the
    report; incremental unless ``full``. Only a run that read everything moves the
    last-import time, and only to the newest ``modified`` it received: an object changed
    while the run was under way is asked for again next time."""
    rule = services.council_settings_ensure(municipality=municipality)
    since = None if full else rule.oparl_last_sync
    label = entry or str(getattr(source, "directory", ""))
    run = OParlRun.objects.create(
        municipality=municipality, source=label[:500], modified_since=since, started_by=user
    )
    importer = Importer(municipality=municipality, source=source, modified_since=since)
    if entry:
        report = importer.run(entry)
    elif isinstance(source, DirectorySource):
        report = importer.run_directory(source)
    else:
        raise ValueError("an entry address is needed to read over HTTP")
    run.counts = dict(report.counts)
    run.skipped = report.skipped + [dict(n, note="1") for n in report.notes]
    run.finished_at = timezone.now()
    run.completed = importer.complete
    run.save()
    newest = importer.newest
    if importer.complete and newest and (since is None or newest > since):
        rule.oparl_last_sync = newest
        rule.save(update_fields=["oparl_last_sync"])
    return run
