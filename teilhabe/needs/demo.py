"""Demo content of the needs assessment for Köln, built from its real population data (the
statistics demo), its demo inventory and its demo participation: target groups, needs with
evidence, proposals and a recorded weighing of the steering group. What in the concept answers
the needs is linked by the concept's demo. Idempotent."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from teilhabe.core.models import Area, FieldOfAction, Membership, Municipality, Role, User
from teilhabe.needs import services
from teilhabe.needs.models import (
    Need,
    NeedProposal,
    NeedProposalStatus,
    NeedStatus,
    ProposalSource,
    TargetGroup,
)

TARGET_GROUPS = [
    "Neuzugewanderte",
    "Geflüchtete",
    "Kinder und Jugendliche",
    "Eltern",
    "Frauen",
    "Ältere Menschen mit Migrationsgeschichte",
    "Migrantenorganisationen",
    "Ausländische Fachkräfte",
    "Ehrenamtliche",
]

# (field, title, statement, target groups, areas, indicator code or "", keywords for
#  contributions, statement (by, text) or None, recommendation/measure keyword or "")
NEEDS: list[tuple[str, str, str, list[str], list[str], str, list[str], Any, str]] = [
    (
        "Sprache",
        "Sprachkurse mit Kinderbetreuung in Chorweiler",
        "Eltern, vor allem Mütter, können Sprachkurse nicht besuchen, weil es keine "
        "Kinderbetreuung während der Kurszeiten gibt. In Chorweiler ist der Anteil der "
        "Einwohnerinnen und Einwohner mit Migrationshintergrund besonders hoch.",
        ["Eltern", "Frauen", "Neuzugewanderte"],
        ["Chorweiler"],
        "anteil-mh",
        ["Kinderbetreuung", "Sprachkurs"],
        (
            "AG Sprache",
            "Die Kurse der Träger im Kölner Norden haben lange Wartelisten; "
            "Mütter mit kleinen Kindern brechen Kurse ab, wenn die Betreuung fehlt.",
        ),
        "Sprach",
    ),
    (
        "Sprache",
        "Mehr Sprachmittlung in Behörden und Beratungsstellen",
        "Termine in Ämtern scheitern an fehlender Verständigung; Kinder übersetzen für ihre "
        "Eltern. Es braucht einen Pool qualifizierter Sprachmittlerinnen und Sprachmittler.",
        ["Neuzugewanderte", "Geflüchtete"],
        [],
        "anteil-auslaender",
        ["Dolmetsch", "Sprachmittl", "übersetz"],
        (
            "Integrationsrat",
            "Sprachmittlung ist eine Voraussetzung für gleichen Zugang zu "
            "den Leistungen der Stadt.",
        ),
        "Sprachmittl",
    ),
    (
        "Sprache",
        "Alphabetisierungskurse für Erwachsene im Rechtsrheinischen",
        "Für Erwachsene, die nicht lesen und schreiben können, gibt es rechtsrheinisch zu "
        "wenige Kurse.",
        ["Neuzugewanderte"],
        ["Kalk", "Mülheim"],
        "anteil-auslaender",
        ["Alphabet", "lesen"],
        None,
        "",
    ),
    (
        "Bildung",
        "Kita-Plätze für Kinder aus neu zugewanderten Familien",
        "Kinder aus neu zugewanderten Familien besuchen seltener eine Kita. In Stadtteilen mit "
        "hohem Ausländeranteil fehlen Plätze und Eltern kennen das Anmeldeverfahren nicht.",
        ["Kinder und Jugendliche", "Eltern", "Neuzugewanderte"],
        ["Meschenich", "Seeberg"],
        "anteil-auslaender",
        ["Kita", "Kindergarten"],
        (
            "Amt für Kinder, Jugend und Familie",
            "Die Versorgungsquote U3 liegt in den "
            "betroffenen Stadtteilen deutlich unter dem städtischen Durchschnitt.",
        ),
        "Kita",
    ),
    (
        "Bildung",
        "Hausaufgabenhilfe und Lernförderung in Kalk",
        "Schülerinnen und Schüler brauchen Unterstützung beim Lernen, die Eltern nicht "
        "leisten können.",
        ["Kinder und Jugendliche"],
        ["Kalk", "Humboldt/Gremberg"],
        "anteil-mh",
        ["Hausaufgab", "Nachhilfe", "Lern"],
        None,
        "Lern",
    ),
    (
        "Bildung",
        "Elternbegleitung beim Übergang in die weiterführende Schule",
        "Eltern brauchen Informationen in ihrer Sprache über das Schulsystem und die "
        "Schulformempfehlung.",
        ["Eltern"],
        [],
        "",
        ["Eltern", "Schule"],
        (
            "AG Bildung",
            "Viele Eltern erfahren zu spät, welche Möglichkeiten ihr Kind nach der "
            "Grundschule hat.",
        ),
        "Eltern",
    ),
    (
        "Arbeit und Qualifizierung",
        "Schnellere Anerkennung ausländischer Berufsabschlüsse",
        "Fachkräfte warten lange auf die Anerkennung und arbeiten in der Zwischenzeit unter "
        "ihrer Qualifikation.",
        ["Ausländische Fachkräfte", "Neuzugewanderte"],
        [],
        "",
        ["Anerkennung", "Abschluss"],
        (
            "IHK Köln",
            "Die Beratung zur Anerkennung ist ausgelastet; Wartezeiten von drei "
            "Monaten sind die Regel.",
        ),
        "Anerkennung",
    ),
    (
        "Arbeit und Qualifizierung",
        "Berufsorientierung für junge Geflüchtete in Porz",
        "Junge Geflüchtete finden nach dem Schulabschluss selten den Weg in eine Ausbildung.",
        ["Geflüchtete", "Kinder und Jugendliche"],
        ["Porz", "Finkenberg"],
        "anteil-auslaender",
        ["Ausbildung", "Praktikum", "Beruf"],
        None,
        "Ausbildung",
    ),
    (
        "Arbeit und Qualifizierung",
        "Beratung für zugewanderte Frauen zum Berufseinstieg",
        "Frauen mit Migrationsgeschichte sind seltener erwerbstätig; es fehlen Angebote, die "
        "Kinderbetreuung und Teilzeit mitdenken.",
        ["Frauen"],
        ["Mülheim"],
        "anteil-deutsche-mh",
        ["Frauen", "Job"],
        None,
        "",
    ),
    (
        "Gesundheit",
        "Psychosoziale Beratung für traumatisierte Geflüchtete",
        "Geflüchtete mit Traumafolgen warten monatelang auf einen Therapieplatz; es fehlen "
        "Angebote mit Sprachmittlung.",
        ["Geflüchtete"],
        [],
        "",
        ["Trauma", "psychisch", "Therapie"],
        (
            "Psychosoziales Zentrum für Flüchtlinge",
            "Die Warteliste umfasst über 100 "
            "Personen; Erstgespräche sind erst nach vier Monaten möglich.",
        ),
        "Gesundheit",
    ),
    (
        "Gesundheit",
        "Gesundheitslotsinnen in Chorweiler und Seeberg",
        "Viele Familien kennen Vorsorgeuntersuchungen und das Gesundheitssystem nicht; "
        "muttersprachliche Lotsinnen fehlen im Kölner Norden.",
        ["Eltern", "Frauen"],
        ["Chorweiler", "Seeberg"],
        "anteil-mh",
        ["Arzt", "Vorsorge", "Gesundheit"],
        None,
        "Lots",
    ),
    (
        "Gesundheit",
        "Kultursensible Pflege für ältere Migrantinnen und Migranten",
        "Die Zahl älterer Menschen mit Migrationsgeschichte wächst; Pflegedienste sind darauf "
        "kaum vorbereitet.",
        ["Ältere Menschen mit Migrationsgeschichte"],
        [],
        "anteil-eingebuergerte",
        ["Pflege", "Senioren"],
        (
            "Seniorenvertretung",
            "Ältere Migrantinnen und Migranten nehmen Pflegeberatung kaum "
            "in Anspruch, weil sie sie nicht kennen.",
        ),
        "",
    ),
    (
        "Wohnen",
        "Bezahlbarer Wohnraum für Familien aus Gemeinschaftsunterkünften",
        "Familien bleiben jahrelang in Gemeinschaftsunterkünften, weil sie keine Wohnung "
        "finden; Vermieter lehnen sie ab.",
        ["Geflüchtete", "Eltern"],
        [],
        "",
        ["Wohnung", "Unterkunft", "Vermieter"],
        (
            "Amt für Wohnungswesen",
            "Rund 2.000 Personen mit Aufenthaltstitel leben noch in städtischen Unterkünften.",
        ),
        "Wohn",
    ),
    (
        "Wohnen",
        "Nachbarschaftsarbeit in Großwohnsiedlungen",
        "In Großwohnsiedlungen wie Chorweiler und Finkenberg fehlen Treffpunkte und "
        "Quartiersmanagement.",
        ["Neuzugewanderte", "Ehrenamtliche"],
        ["Chorweiler", "Finkenberg"],
        "anteil-auslaender",
        ["Nachbar", "Quartier", "Treffpunkt"],
        None,
        "Quartier",
    ),
    (
        "Wohnen",
        "Beratung zu Mietrecht und Wohnberechtigungsschein",
        "Neuzugewanderte kennen ihre Rechte als Mieterinnen und Mieter nicht.",
        ["Neuzugewanderte"],
        ["Kalk"],
        "",
        ["Miete", "Wohnberechtigungsschein"],
        None,
        "",
    ),
    (
        "Freizeit und Sport",
        "Schwimmkurse für Kinder und Frauen",
        "Viele Kinder aus zugewanderten Familien können nicht schwimmen; Kurse für Frauen "
        "in geschütztem Rahmen fehlen.",
        ["Kinder und Jugendliche", "Frauen"],
        [],
        "",
        ["Schwimm"],
        (
            "Stadtsportbund Köln",
            "Die Wartelisten für Anfängerschwimmkurse sind lang; "
            "Hallenzeiten für Frauenkurse gibt es kaum.",
        ),
        "Schwimm",
    ),
    (
        "Freizeit und Sport",
        "Offene Jugendtreffs in Bocklemünd/Mengenich",
        "Jugendliche haben im Stadtteil keinen Ort für ihre Freizeit.",
        ["Kinder und Jugendliche"],
        ["Bocklemünd/Mengenich"],
        "anteil-mh",
        ["Jugend", "Treff"],
        None,
        "",
    ),
    (
        "Kultur",
        "Interkulturelle Öffnung der Kultureinrichtungen",
        "Menschen mit Migrationsgeschichte nutzen Museen und Bühnen selten; Programme und "
        "Werbung sprechen sie nicht an.",
        ["Migrantenorganisationen"],
        [],
        "",
        ["Kultur", "Museum", "Theater"],
        (
            "AG Kultur",
            "Kultureinrichtungen sollen mit Migrantenorganisationen gemeinsam "
            "planen, nicht nur für sie.",
        ),
        "Kultur",
    ),
    (
        "Politische Partizipation",
        "Höhere Beteiligung an der Wahl zum Integrationsrat",
        "Die Wahlbeteiligung zum Integrationsrat ist niedrig; viele Wahlberechtigte kennen "
        "den Integrationsrat nicht.",
        ["Neuzugewanderte", "Migrantenorganisationen"],
        [],
        "",
        ["Integrationsrat", "Wahl"],
        ("Integrationsrat", "Bei der letzten Wahl lag die Beteiligung unter 15 Prozent."),
        "Integrationsrat",
    ),
    (
        "Politische Partizipation",
        "Einbürgerungsberatung und kürzere Wartezeiten",
        "Die Wartezeiten für Einbürgerungsanträge sind lang; Beratung in einfacher Sprache fehlt.",
        ["Neuzugewanderte"],
        [],
        "anteil-eingebuergerte",
        ["Einbürgerung"],
        None,
        "Einbürger",
    ),
]

STEERING_MEMBERS = [
    ("steuerung@koeln.example", "Maria", "Schneider", ""),
    ("aydin@koeln.example", "Yusuf", "Aydın", ""),
    (
        "lehmann@koeln.example",
        "Petra",
        "Lehmann",
        "Caritasverband: Träger von Migrationsberatung und Sprachkursen",
    ),
    ("haddad@koeln.example", "Samira", "Haddad", ""),
]


def _area(koeln: Municipality, name: str) -> Area | None:
    return Area.objects.filter(municipality=koeln, name=name).order_by("-parent_id").first()


def _steering_users(koeln: Municipality) -> list[tuple[User, str]]:
    from teilhabe.core.demo import DEMO_PASSWORD

    out = []
    for email, first, last, conflict in STEERING_MEMBERS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email, DEMO_PASSWORD, first_name=first, last_name=last)
        Membership.objects.get_or_create(user=user, municipality=koeln, role=Role.STEERING)
        out.append((user, conflict))
    return out


def _score(i: int, j: int, c: int) -> int:
    """Deterministic scores 1–5: a level per need, an offset per criterion, a little spread
    between members, and clear disagreement on every fourth need."""
    base = 2 + (i * 7 % 4)
    criterion = (i + c) % 3 - 1
    member = (i + 2 * j + c) % 3 - 1
    dissent = 3 if (j == 3 and i % 4 == 1) else 0
    return max(1, min(5, base + criterion + member - dissent))


def _evidence(need: Need, koeln: Municipality, spec: tuple[Any, ...], admin: User | None) -> None:
    from teilhabe.participation.models import Contribution
    from teilhabe.statistics.models import Indicator

    (field_name, _t, _s, _g, area_names, code, keywords, statement, _link) = spec
    if code:
        indicator = Indicator.objects.filter(municipality=koeln, code=code).first()
        found = [a for a in (_area(koeln, n) for n in area_names) if a is not None]
        areas: list[Area | None] = list(found) or [None]
        for area in areas[:2]:
            if indicator is None:
                break
            try:
                services.evidence_add_indicator(
                    need=need, indicator=indicator, area=area, user=admin
                )
            except ValidationError:
                continue
    q = Q()
    for word in keywords:
        q |= Q(text__icontains=word)
    contributions = list(
        Contribution.objects.filter(municipality=koeln)
        .filter(q)
        .filter(Q(field_of_action__name=field_name) | Q(field_of_action__isnull=True))
        .order_by("pk")[:3]
    )
    for contribution in contributions:
        services.evidence_add_contribution(need=need, contribution=contribution, user=admin)
    if statement:
        by, text = statement
        services.evidence_add_statement(
            need=need, text=text, stated_by=by, stated_on=date(2025, 11, 18), user=admin
        )


def demo_target_groups(koeln: Municipality) -> None:
    for name in TARGET_GROUPS:
        TargetGroup.objects.get_or_create(municipality=koeln, name=name)


@transaction.atomic
def demo_needs(koeln: Municipality) -> None:
    if Need.objects.filter(municipality=koeln).exists():
        return
    admin = User.objects.filter(email="integration@koeln.example").first()
    fields = {f.name: f for f in FieldOfAction.objects.filter(municipality=koeln)}
    groups = {g.name: g for g in TargetGroup.objects.filter(municipality=koeln)}
    settings = services.settings_for(municipality=koeln)
    settings.deviation_threshold = Decimal("15.0")
    settings.gap_min_population = 30000
    services.settings_save(need_settings=settings)
    services.criteria_ensure(municipality=koeln)

    needs: list[Need] = []
    for index, spec in enumerate(NEEDS):
        field_name, title, statement, tgroups, area_names, _c, _k, _st, _link = spec
        field = fields.get(field_name)
        if field is None:
            continue
        areas = [a for a in (_area(koeln, n) for n in area_names) if a is not None]
        m2m: dict[str, Any] = {
            "target_groups": [groups[g] for g in tgroups if g in groups],
            "areas": areas,
        }
        need = services.need_save(
            need=Need(
                municipality=koeln,
                title=title,
                statement=statement,
                field=field,
                citywide=not areas,
                status=NeedStatus.CANDIDATE if index in (5, 16) else NeedStatus.ACCEPTED,
                created_by=admin,
            ),
            expected_version=None,
            m2m=m2m,
            user=admin,
        )
        if index != 14:  # one need is left without evidence, to show the marker
            _evidence(need, koeln, spec, admin)
        needs.append(need)

    # Proposals from the real data; accept the strongest of each kind, dismiss one.
    services.proposals_refresh(municipality=koeln)
    for source, take in (
        (ProposalSource.INDICATOR, 4),
        (ProposalSource.GAP, 2),
        (ProposalSource.WAITING_LIST, 2),
        (ProposalSource.CLUSTER, 2),
    ):
        for proposal in NeedProposal.objects.filter(
            municipality=koeln, source=source, status=NeedProposalStatus.OPEN
        ).order_by("-strength", "pk")[:take]:
            field = proposal.field or fields.get("Wohnen") or fields.get("Sprache")
            title = proposal.title
            if source == ProposalSource.INDICATOR and proposal.area is not None:
                # The data say where many people with a migration history live; staff word
                # the need.
                title = f"Quartiersarbeit und Beratung vor Ort in {proposal.area.name}"
            needs.append(
                services.proposal_accept(proposal=proposal, user=admin, field=field, title=title)
            )
    dismissed = (
        NeedProposal.objects.filter(municipality=koeln, status=NeedProposalStatus.OPEN)
        .order_by("strength", "pk")
        .first()
    )
    if dismissed is not None:
        services.proposal_dismiss(
            proposal=dismissed,
            note="Bereits durch das Quartiersmanagement abgedeckt.",
            user=admin,
        )
    _demo_weighing(koeln, admin)
    # Accepted needs with a decided priority are approved for publication.
    for need in Need.objects.filter(
        municipality=koeln, status=NeedStatus.ACCEPTED, priority__isnull=False
    ):
        if admin is not None:
            services.need_publication_set(need=need, approved=True, user=admin)


def _demo_weighing(koeln: Municipality, admin: User | None) -> None:
    members = _steering_users(koeln)
    chosen = list(
        Need.objects.filter(municipality=koeln, status=NeedStatus.ACCEPTED).order_by("pk")[:18]
    )
    weighing = services.round_open(
        municipality=koeln,
        title="Gewichtung der Bedarfe 2026",
        needs=chosen,
        user=admin,
    )
    for i, need in enumerate(chosen):
        for j, (member, conflict) in enumerate(members):
            declared = bool(conflict) and need.field.name == "Sprache"
            services.rating_save(
                weighing=weighing,
                need=need,
                member=member,
                scores={str(c["id"]): _score(i, j, k) for k, c in enumerate(weighing.criteria)},
                conflict_of_interest=declared,
                conflict_note=conflict if declared else "",
                comment="Dringend, die Wartelisten sind lang." if (i + j) % 7 == 0 else "",
            )
    services.round_close(weighing=weighing)
    from teilhabe.needs.selectors import round_ranking, suggested_priority

    priorities = suggested_priority(round_ranking(weighing=weighing))
    services.round_decide(
        weighing=weighing,
        decided_on=date(2026, 3, 12),
        body_name="Lenkungsgruppe Integrationskonzept",
        priorities=priorities,
        note="Die Lenkungsgruppe folgt der Rangfolge; die Bedarfe mit hoher Priorität gehen "
        "vorrangig in die Maßnahmenplanung.",
    )
    weighing.closed_at = datetime(2026, 3, 5, 16, 0, tzinfo=UTC)
    weighing.opened_at = weighing.closed_at - timedelta(days=21)
    weighing.save(update_fields=["closed_at", "opened_at"])


def demo_step(koeln: Municipality) -> None:
    """The needs assessment's demo step (registered in wiring.py): target groups, then needs."""
    demo_target_groups(koeln)
    demo_needs(koeln)
