"""The demo's portal: the adopted concept, its indicators and welcome texts approved for the
public."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from teilhabe.concept.models import (
    Goal,
    Guideline,
    Measure,
    PoliticalState,
    Recommendation,
    StrategicGoal,
    Vision,
)
from teilhabe.core.models import Municipality
from teilhabe.portal import page_cache
from teilhabe.portal.models import PortalSettings, PortalText
from teilhabe.statistics.models import Indicator


def demo_portal(koeln: Municipality) -> None:
    """Approve the demo's adopted concept, its indicators and texts for the portal."""
    now = timezone.now()
    with transaction.atomic():
        PortalSettings.objects.get_or_create(
            municipality=koeln,
            defaults={
                "languages": ["de", "en", "tr", "ar", "uk"],
                "contact_email": "integration@koeln.example",
                "known_issues": (
                    "Einige ältere PDF-Dokumente im Ratsinformationssystem sind nicht "
                    "barrierefrei. Auf Anfrage senden wir Ihnen die Inhalte in einer "
                    "zugänglichen Form."
                ),
            },
        )
        for model in (Vision, Guideline, StrategicGoal, Goal, Recommendation):
            model.objects.filter(municipality=koeln, published_at__isnull=True).update(
                published_at=now
            )
        Measure.objects.filter(
            municipality=koeln,
            published_at__isnull=True,
            political_state__in=[PoliticalState.ADOPTED, PoliticalState.ACKNOWLEDGED],
        ).update(published_at=now)
        Indicator.objects.filter(municipality=koeln, published_at__isnull=True).update(
            published_at=now
        )
        texts = {
            ("welcome", "de"): (
                "Willkommen",
                "Köln ist vielfältig. Hier sehen Sie, was die Stadt mit ihrem "
                "Integrationskonzept vorhat, was schon umgesetzt ist und wo Sie Angebote "
                "finden.\n\nSie können mitreden: in Befragungen und bei Veranstaltungen.",
            ),
            ("welcome", "en"): (
                "Welcome",
                "Cologne is diverse. Here you can see what the city plans in its integration "
                "concept, what has been done and where to find offers.",
            ),
            ("welcome", "tr"): (
                "Hoş geldiniz",
                "Köln çok renkli bir şehir. Burada şehrin uyum konseptinde neler planladığını "
                "ve hangi hizmetleri bulabileceğinizi görebilirsiniz.",
            ),
            ("welcome", "ar"): (
                "أهلاً وسهلاً",
                "كولونيا مدينة متنوعة. هنا ترون ما تخطط له المدينة في مفهوم الاندماج وأين "
                "تجدون العروض.",
            ),
            ("welcome", "uk"): (
                "Ласкаво просимо",
                "Кельн — різноманітне місто. Тут ви бачите, що місто планує у своїй концепції "
                "інтеграції та де знайти пропозиції.",
            ),
        }
        for (key, language), (title, body) in texts.items():
            PortalText.objects.get_or_create(
                municipality=koeln,
                key=key,
                language=language,
                defaults={"title": title, "body": body},
            )
    page_cache.bump(koeln.pk)
