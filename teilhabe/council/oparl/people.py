"""Members of the bodies from the RIS, where the municipality switched it on: persons with
their name only and their memberships with the role, as the RIS publishes them. A person
removed on request (services.person_remove) is left out of every later import."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from teilhabe.council.models import CouncilMembership, CouncilPerson, RemovedPerson

if TYPE_CHECKING:
    from teilhabe.council.oparl.importer import Importer


def person_hash(oparl_id: str) -> str:
    return hashlib.sha256(oparl_id.encode("utf-8")).hexdigest()


def _removed(imp: Importer, oparl_id: str) -> bool:
    return RemovedPerson.objects.filter(
        municipality=imp.municipality, oparl_hash=person_hash(oparl_id)
    ).exists()


def person(imp: Importer, item: Any) -> CouncilPerson | None:
    data = imp._object(item, "Person")
    if data is None:
        return None
    url = data["id"]
    if _removed(imp, url):
        imp.report.skip(url, "Person", _("removed on request; not taken over again"))
        return None
    found = CouncilPerson.objects.filter(municipality=imp.municipality, oparl_id=url).first()
    if data.get("deleted"):
        if found is not None:
            found.delete()
            imp.report.counts["deleted_Person"] += 1
        return None
    name = (
        str(data.get("name") or "").strip()
        or " ".join(str(data.get(k) or "").strip() for k in ("givenName", "familyName")).strip()
    )
    if not name:
        imp.report.skip(url, "Person", _("has no name"))
        return None
    if found is None:
        found = CouncilPerson(municipality=imp.municipality, oparl_id=url)
        imp.report.counts["created_Person"] += 1
    else:
        imp.report.counts["updated_Person"] += 1
    found.name = name[:200]
    found.full_clean()
    found.save()
    for embedded in data.get("membership") or []:
        membership(imp, embedded, found)
    return found


def membership(imp: Importer, item: Any, member: CouncilPerson | None = None) -> None:
    data = imp._object(item, "Membership")
    if data is None:
        return
    url = data["id"]
    if data.get("deleted"):
        CouncilMembership.objects.filter(
            oparl_id=url, person__municipality=imp.municipality
        ).delete()
        return
    if member is None and data.get("person"):
        member = CouncilPerson.objects.filter(
            municipality=imp.municipality, oparl_id=data["person"]
        ).first() or person(imp, data["person"])
    if member is None:
        if not (data.get("person") and _removed(imp, data["person"])):
            imp.report.skip(url, "Membership", _("refers to no known person"))
        return
    committee = (
        imp._committee_ref(data["organization"], "Organization", url)
        if data.get("organization")
        else None
    )
    if committee is None:
        imp.report.skip(url, "Membership", _("refers to no known body"))
        return
    seat = CouncilMembership.objects.filter(committee=committee, oparl_id=url).first()
    imp.report.counts["updated_Membership" if seat else "created_Membership"] += 1
    seat = seat or CouncilMembership(committee=committee, oparl_id=url)
    seat.person = member
    seat.role = str(data.get("role") or "")[:200]
    seat.start_date = parse_date(str(data.get("startDate", "")))
    seat.end_date = parse_date(str(data.get("endDate", "")))
    seat.full_clean()
    seat.save()
