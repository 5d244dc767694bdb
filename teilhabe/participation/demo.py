"""Demo content of participation for Stadt Köln (idempotent)."""

from __future__ import annotations

import random
import uuid
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from teilhabe.core.models import Area, FieldOfAction, Municipality, User
from teilhabe.participation import services
from teilhabe.participation.models import (
    Answer,
    Audience,
    Channel,
    Contribution,
    ContributionChannel,
    Event,
    EventKind,
    GroupMember,
    MemberRole,
    Question,
    QuestionKind,
    Response,
    SteeringGroup,
    Survey,
    WorkingGroup,
)

LANGS = ["de", "ls", "en", "tr", "ar", "uk", "ru", "fa"]

TITLE = {
    "de": "Zusammenleben in Köln – Ihre Meinung zählt",
    "ls": "Zusammen leben in Köln – Was denken Sie?",
    "en": "Living together in Cologne – your opinion counts",
    "tr": "Köln'de birlikte yaşam – görüşünüz önemli",
    "ar": "العيش المشترك في كولونيا – رأيك مهم",
    "uk": "Спільне життя в Кельні – ваша думка важлива",
    "ru": "Совместная жизнь в Кёльне – ваше мнение важно",
    "fa": "زندگی مشترک در کلن – نظر شما مهم است",
}
INTRO = {
    "de": "Die Stadt Köln schreibt ihr Integrationskonzept fort. Sagen Sie uns, was gut läuft und was fehlt. Das Ausfüllen dauert etwa 5 Minuten.",
    "ls": "Die Stadt Köln macht einen Plan. Der Plan heißt: Integrations-Konzept. Wir möchten wissen: Was ist gut? Was fehlt? Das dauert 5 Minuten.",
    "en": "The City of Cologne is updating its integration concept. Tell us what works well and what is missing. It takes about 5 minutes.",
    "tr": "Köln Belediyesi uyum konseptini güncelliyor. Neyin iyi gittiğini ve neyin eksik olduğunu bize söyleyin. Yaklaşık 5 dakika sürer.",
    "ar": "تقوم مدينة كولونيا بتحديث مفهوم الاندماج. أخبرنا بما يسير بشكل جيد وما الذي ينقص. يستغرق ذلك حوالي 5 دقائق.",
    "uk": "Місто Кельн оновлює свою концепцію інтеграції. Розкажіть нам, що працює добре, а чого бракує. Це займе близько 5 хвилин.",
    "ru": "Город Кёльн обновляет свою концепцию интеграции. Расскажите нам, что работает хорошо, а чего не хватает. Это займёт около 5 минут.",
    "fa": "شهر کلن مفهوم ادغام خود را به‌روز می‌کند. به ما بگویید چه چیزی خوب است و چه چیزی کم است. حدود ۵ دقیقه طول می‌کشد.",
}
PRIVACY = {
    "de": "Verantwortlich ist die Stadt Köln, Amt für Integration und Vielfalt, Willy-Brandt-Platz 2, 50679 Köln; Datenschutzbeauftragte: datenschutz@stadt-koeln.example. Zweck: Fortschreibung des Integrationskonzepts. Rechtsgrundlage: Art. 6 Abs. 1 lit. e DSGVO. Die Teilnahme ist freiwillig und anonym; wir speichern keine Namen, IP-Adressen oder Gerätedaten. Die einzelnen Antworten werden 12 Monate nach Ende der Befragung gelöscht, zusammengefasste Ergebnisse bleiben. Sie können sich bei der Landesbeauftragten für Datenschutz NRW beschweren.",
    "ls": "Die Stadt Köln macht die Befragung. Sie müssen nicht mitmachen. Wir wissen nicht, wer Sie sind. Wir speichern keinen Namen. Nach 12 Monaten löschen wir Ihre Antworten. Dann gibt es nur noch die Zahlen für alle zusammen. Fragen zum Daten-Schutz? Schreiben Sie an: datenschutz@stadt-koeln.example",
    "en": "Controller: City of Cologne, Office for Integration and Diversity, Willy-Brandt-Platz 2, 50679 Köln; data protection officer: datenschutz@stadt-koeln.example. Purpose: updating the integration concept. Legal basis: Art. 6 (1) (e) GDPR. Taking part is voluntary and anonymous; we store no names, IP addresses or device data. Individual answers are deleted 12 months after the survey ends; aggregated results remain. You may complain to the data protection authority of North Rhine-Westphalia.",
    "tr": "Sorumlu: Köln Belediyesi, Uyum ve Çeşitlilik Dairesi, Willy-Brandt-Platz 2, 50679 Köln; veri koruma görevlisi: datenschutz@stadt-koeln.example. Amaç: uyum konseptinin güncellenmesi. Hukuki dayanak: GVKY md. 6 (1) (e). Katılım gönüllü ve anonimdir; isim, IP adresi veya cihaz bilgisi kaydetmiyoruz. Tek tek yanıtlar anketin bitiminden 12 ay sonra silinir; toplu sonuçlar kalır. Kuzey Ren-Vestfalya veri koruma makamına şikâyette bulunabilirsiniz.",
    "ar": "الجهة المسؤولة: مدينة كولونيا، مكتب الاندماج والتنوع، Willy-Brandt-Platz 2، 50679 كولونيا؛ مسؤول حماية البيانات: datenschutz@stadt-koeln.example. الغرض: تحديث مفهوم الاندماج. الأساس القانوني: المادة 6 (1) (هـ) من اللائحة العامة لحماية البيانات. المشاركة طوعية ومجهولة الهوية؛ لا نحفظ الأسماء أو عناوين IP أو بيانات الأجهزة. تُحذف الإجابات الفردية بعد 12 شهرًا من انتهاء الاستبيان، وتبقى النتائج المجمّعة. يمكنك تقديم شكوى إلى هيئة حماية البيانات في ولاية شمال الراين-وستفاليا.",
    "uk": "Відповідальний: місто Кельн, Управління з питань інтеграції та різноманіття, Willy-Brandt-Platz 2, 50679 Köln; уповноважений із захисту даних: datenschutz@stadt-koeln.example. Мета: оновлення концепції інтеграції. Правова підстава: ст. 6 (1) (e) GDPR. Участь добровільна й анонімна; ми не зберігаємо імен, IP-адрес чи даних пристроїв. Окремі відповіді видаляються через 12 місяців після завершення опитування; узагальнені результати залишаються. Ви можете подати скаргу до органу із захисту даних землі Північний Рейн-Вестфалія.",
    "ru": "Ответственный: город Кёльн, Управление по вопросам интеграции и многообразия, Willy-Brandt-Platz 2, 50679 Köln; уполномоченный по защите данных: datenschutz@stadt-koeln.example. Цель: обновление концепции интеграции. Правовое основание: ст. 6 (1) (e) GDPR. Участие добровольное и анонимное; мы не сохраняем имена, IP-адреса или данные устройств. Отдельные ответы удаляются через 12 месяцев после окончания опроса; обобщённые результаты сохраняются. Вы можете подать жалобу в орган по защите данных земли Северный Рейн-Вестфалия.",
    "fa": "مسئول: شهر کلن، اداره ادغام و تنوع، Willy-Brandt-Platz 2، 50679 کلن؛ مسئول حفاظت از داده‌ها: datenschutz@stadt-koeln.example. هدف: به‌روزرسانی مفهوم ادغام. مبنای قانونی: ماده ۶ (۱) (ه) مقررات عمومی حفاظت از داده‌ها. شرکت داوطلبانه و ناشناس است؛ ما نام، نشانی IP یا اطلاعات دستگاه را ذخیره نمی‌کنیم. پاسخ‌های جداگانه ۱۲ ماه پس از پایان نظرسنجی حذف می‌شوند؛ نتایج کلی باقی می‌مانند. می‌توانید به مرجع حفاظت از داده‌های ایالت نوردراین-وستفالن شکایت کنید.",
}

# (kind, text per language, options per language or None, extra)
QUESTIONS: list[dict] = [
    {
        "kind": QuestionKind.SECTION,
        "text": {
            "de": "Über Sie",
            "ls": "Über Sie",
            "en": "About you",
            "tr": "Sizin hakkınızda",
            "ar": "عنك",
            "uk": "Про вас",
            "ru": "О вас",
            "fa": "درباره شما",
        },
    },
    {
        "kind": QuestionKind.AREA,
        "text": {
            "de": "In welchem Stadtbezirk wohnen Sie?",
            "ls": "Wo wohnen Sie?",
            "en": "In which borough do you live?",
            "tr": "Hangi ilçede yaşıyorsunuz?",
            "ar": "في أي حي تسكن؟",
            "uk": "У якому районі ви живете?",
            "ru": "В каком районе вы живёте?",
            "fa": "در کدام منطقه زندگی می‌کنید؟",
        },
    },
    {
        "kind": QuestionKind.SINGLE,
        "required": True,
        "text": {
            "de": "Wie lange leben Sie schon in Köln?",
            "ls": "Wie lange wohnen Sie schon in Köln?",
            "en": "How long have you lived in Cologne?",
            "tr": "Ne zamandır Köln'de yaşıyorsunuz?",
            "ar": "منذ متى تعيش في كولونيا؟",
            "uk": "Як довго ви живете в Кельні?",
            "ru": "Как долго вы живёте в Кёльне?",
            "fa": "چه مدت است که در کلن زندگی می‌کنید؟",
        },
        "options": [
            {
                "de": "weniger als 1 Jahr",
                "ls": "weniger als 1 Jahr",
                "en": "less than 1 year",
                "tr": "1 yıldan az",
                "ar": "أقل من سنة",
                "uk": "менше 1 року",
                "ru": "меньше 1 года",
                "fa": "کمتر از ۱ سال",
            },
            {
                "de": "1 bis 5 Jahre",
                "ls": "1 bis 5 Jahre",
                "en": "1 to 5 years",
                "tr": "1 ila 5 yıl",
                "ar": "من 1 إلى 5 سنوات",
                "uk": "від 1 до 5 років",
                "ru": "от 1 до 5 лет",
                "fa": "۱ تا ۵ سال",
            },
            {
                "de": "mehr als 5 Jahre",
                "ls": "mehr als 5 Jahre",
                "en": "more than 5 years",
                "tr": "5 yıldan fazla",
                "ar": "أكثر من 5 سنوات",
                "uk": "понад 5 років",
                "ru": "больше 5 лет",
                "fa": "بیش از ۵ سال",
            },
            {
                "de": "seit meiner Geburt",
                "ls": "seit ich geboren bin",
                "en": "since I was born",
                "tr": "doğduğumdan beri",
                "ar": "منذ ولادتي",
                "uk": "з народження",
                "ru": "с рождения",
                "fa": "از زمان تولد",
            },
        ],
    },
    {
        "kind": QuestionKind.SECTION,
        "text": {
            "de": "Leben in Köln",
            "ls": "Leben in Köln",
            "en": "Life in Cologne",
            "tr": "Köln'de yaşam",
            "ar": "الحياة في كولونيا",
            "uk": "Життя в Кельні",
            "ru": "Жизнь в Кёльне",
            "fa": "زندگی در کلن",
        },
    },
    {
        "kind": QuestionKind.SCALE,
        "required": True,
        "text": {
            "de": "Wie wohl fühlen Sie sich in Ihrem Stadtteil?",
            "ls": "Fühlen Sie sich wohl in Ihrem Stadt-Teil?",
            "en": "How comfortable do you feel in your neighbourhood?",
            "tr": "Mahallenizde kendinizi ne kadar rahat hissediyorsunuz?",
            "ar": "ما مدى شعورك بالراحة في حيّك؟",
            "uk": "Наскільки комфортно ви почуваєтеся у своєму районі?",
            "ru": "Насколько комфортно вы чувствуете себя в своём районе?",
            "fa": "در محله خود چقدر احساس راحتی می‌کنید؟",
        },
        "scale": {
            "de": ("gar nicht wohl", "sehr wohl"),
            "ls": ("gar nicht", "sehr"),
            "en": ("not at all", "very"),
            "tr": ("hiç", "çok"),
            "ar": ("إطلاقًا", "جدًا"),
            "uk": ("зовсім ні", "дуже"),
            "ru": ("совсем нет", "очень"),
            "fa": ("اصلاً", "خیلی زیاد"),
        },
    },
    {
        "kind": QuestionKind.MULTIPLE,
        "allow_other": True,
        "text": {
            "de": "Was ist für Sie in Köln schwierig?",
            "ls": "Was ist schwer für Sie in Köln?",
            "en": "What is difficult for you in Cologne?",
            "tr": "Köln'de sizin için zor olan nedir?",
            "ar": "ما الصعب بالنسبة لك في كولونيا؟",
            "uk": "Що для вас складно в Кельні?",
            "ru": "Что для вас трудно в Кёльне?",
            "fa": "چه چیزی در کلن برای شما دشوار است؟",
        },
        "options": [
            {
                "de": "eine Wohnung finden",
                "ls": "eine Wohnung finden",
                "en": "finding a flat",
                "tr": "ev bulmak",
                "ar": "إيجاد شقة",
                "uk": "знайти житло",
                "ru": "найти жильё",
                "fa": "پیدا کردن خانه",
            },
            {
                "de": "einen Sprachkurs finden",
                "ls": "einen Deutsch-Kurs finden",
                "en": "finding a language course",
                "tr": "dil kursu bulmak",
                "ar": "إيجاد دورة لغة",
                "uk": "знайти мовний курс",
                "ru": "найти языковой курс",
                "fa": "پیدا کردن کلاس زبان",
            },
            {
                "de": "Termine bei Ämtern",
                "ls": "Termine beim Amt",
                "en": "appointments at public offices",
                "tr": "resmi dairelerden randevu",
                "ar": "المواعيد في الدوائر الرسمية",
                "uk": "записи до установ",
                "ru": "записи в ведомства",
                "fa": "وقت گرفتن از ادارات",
            },
            {
                "de": "Arbeit finden",
                "ls": "Arbeit finden",
                "en": "finding work",
                "tr": "iş bulmak",
                "ar": "إيجاد عمل",
                "uk": "знайти роботу",
                "ru": "найти работу",
                "fa": "پیدا کردن کار",
            },
            {
                "de": "Kita- oder Schulplatz",
                "ls": "Platz in Kita oder Schule",
                "en": "a place in day care or school",
                "tr": "kreş veya okul yeri",
                "ar": "مكان في الحضانة أو المدرسة",
                "uk": "місце в садочку чи школі",
                "ru": "место в детсаду или школе",
                "fa": "جا در مهدکودک یا مدرسه",
            },
        ],
    },
    {
        "kind": QuestionKind.MATRIX,
        "text": {
            "de": "Wie gut fühlen Sie sich informiert über …",
            "ls": "Wissen Sie genug über …",
            "en": "How well informed do you feel about …",
            "tr": "Aşağıdakiler hakkında ne kadar bilgilisiniz …",
            "ar": "ما مدى اطلاعك على …",
            "uk": "Наскільки ви поінформовані про …",
            "ru": "Насколько вы информированы о …",
            "fa": "چقدر درباره این موارد اطلاع دارید …",
        },
        "options": [
            {
                "de": "gut",
                "ls": "ja",
                "en": "well",
                "tr": "iyi",
                "ar": "جيد",
                "uk": "добре",
                "ru": "хорошо",
                "fa": "خوب",
            },
            {
                "de": "teils",
                "ls": "ein bisschen",
                "en": "partly",
                "tr": "kısmen",
                "ar": "جزئيًا",
                "uk": "частково",
                "ru": "частично",
                "fa": "تا حدی",
            },
            {
                "de": "schlecht",
                "ls": "nein",
                "en": "poorly",
                "tr": "kötü",
                "ar": "سيئ",
                "uk": "погано",
                "ru": "плохо",
                "fa": "بد",
            },
        ],
        "rows": [
            {
                "de": "Beratungsangebote",
                "ls": "Beratung",
                "en": "advice services",
                "tr": "danışmanlık hizmetleri",
                "ar": "خدمات الاستشارة",
                "uk": "консультаційні послуги",
                "ru": "консультационные услуги",
                "fa": "خدمات مشاوره",
            },
            {
                "de": "Sprachkurse",
                "ls": "Deutsch-Kurse",
                "en": "language courses",
                "tr": "dil kursları",
                "ar": "دورات اللغة",
                "uk": "мовні курси",
                "ru": "языковые курсы",
                "fa": "کلاس‌های زبان",
            },
            {
                "de": "Freizeitangebote",
                "ls": "Freizeit",
                "en": "leisure activities",
                "tr": "boş zaman etkinlikleri",
                "ar": "أنشطة الترفيه",
                "uk": "дозвілля",
                "ru": "досуг",
                "fa": "فعالیت‌های اوقات فراغت",
            },
        ],
    },
    {
        "kind": QuestionKind.LONG_TEXT,
        "text": {
            "de": "Was sollte die Stadt Köln als Erstes verbessern?",
            "ls": "Was soll die Stadt Köln zuerst besser machen?",
            "en": "What should the City of Cologne improve first?",
            "tr": "Köln Belediyesi önce neyi iyileştirmeli?",
            "ar": "ما الذي يجب أن تحسّنه مدينة كولونيا أولًا؟",
            "uk": "Що місто Кельн має покращити насамперед?",
            "ru": "Что город Кёльн должен улучшить в первую очередь?",
            "fa": "شهر کلن اول باید چه چیزی را بهتر کند؟",
        },
    },
]

FREE_TEXTS = [
    "Mehr Sprachkurse am Abend, damit Berufstätige teilnehmen können.",
    "Die Wartezeit bei der Ausländerbehörde ist viel zu lang.",
    "Bezahlbare Wohnungen in Kalk und Mülheim fehlen.",
    "Mehr Dolmetscher bei Arztbesuchen.",
    "Treffpunkte für Familien im Stadtteil, zum Beispiel ein Sprachcafé.",
]

CONTRIBUTIONS = [
    (
        "need",
        "Es fehlen Deutschkurse mit Kinderbetreuung in Chorweiler.",
        "Chorweiler",
        "Mütter mit kleinen Kindern",
    ),
    (
        "idea",
        "Ein Sprachcafé in der Stadtbibliothek Kalk, einmal pro Woche, mit Ehrenamtlichen.",
        "Kalk",
        "Neuzugewanderte",
    ),
    (
        "criticism",
        "Termine bei der Ausländerbehörde gibt es nur online und nur auf Deutsch.",
        "Innenstadt",
        "",
    ),
    ("need", "Mehr Sprachkurse am Abend für Berufstätige.", "Ehrenfeld", "Berufstätige"),
    (
        "idea",
        "Abendkurse Deutsch für Berufstätige anbieten, auch am Samstag.",
        "Ehrenfeld",
        "Berufstätige",
    ),
    ("praise", "Die Integrationslotsen im Veedel helfen sehr bei Behördengängen.", "Mülheim", ""),
    (
        "need",
        "Beratung zur Anerkennung ausländischer Berufsabschlüsse in mehreren Sprachen.",
        "Innenstadt",
        "Fachkräfte",
    ),
    (
        "idea",
        "Patenschaften zwischen Sportvereinen und Unterkünften für Geflüchtete.",
        "Porz",
        "Jugendliche",
    ),
    (
        "criticism",
        "Wohnungsbesichtigungen scheitern oft schon am ausländischen Namen.",
        "Nippes",
        "",
    ),
    (
        "need",
        "Psychosoziale Beratung für traumatisierte Geflüchtete, Wartezeiten über sechs Monate.",
        "Lindenthal",
        "Geflüchtete",
    ),
    (
        "idea",
        "Mehrsprachige Elternabende an Grundschulen mit Sprachmittlung.",
        "Chorweiler",
        "Eltern",
    ),
    ("need", "Hausaufgabenhilfe für Kinder in Sammelunterkünften.", "Porz", "Kinder"),
    (
        "idea",
        "Ein interkulturelles Fest im Stadtgarten mit Vereinen aus allen Stadtbezirken.",
        "Innenstadt",
        "",
    ),
    ("criticism", "Der Integrationsrat ist in den Stadtteilen kaum bekannt.", "Rodenkirchen", ""),
    ("need", "Kostenlose Schwimmkurse für Mädchen und Frauen.", "Kalk", "Frauen und Mädchen"),
]


def _tr(values: dict[str, str]) -> dict[str, str]:
    return {lang: values[lang] for lang in LANGS if lang in values}


@transaction.atomic
def demo_participation(koeln: Municipality) -> None:
    if Survey.objects.filter(municipality=koeln).exists():
        return
    settings_obj = services.settings_for(municipality=koeln)
    settings_obj.controller = (
        "Stadt Köln, Amt für Integration und Vielfalt, Willy-Brandt-Platz 2, 50679 Köln. "
        "Datenschutzbeauftragte der Stadt Köln: datenschutz@stadt-koeln.example"
    )
    settings_obj.save()
    fields = {f.name: f for f in FieldOfAction.objects.filter(municipality=koeln)}
    areas = {a.name: a for a in Area.objects.filter(municipality=koeln, parent__isnull=True)}
    admin = User.objects.filter(email="integration@koeln.example").first()
    now = timezone.now()

    survey = Survey.objects.create(
        municipality=koeln,
        title=TITLE["de"],
        audience=Audience.PUBLIC,
        opens_at=now - timedelta(days=20),
        closes_at=now + timedelta(days=40),
        texts={
            lang: {"title": TITLE[lang], "intro": INTRO[lang], "privacy": PRIVACY[lang]}
            for lang in LANGS
        },
        translation_status={lang: "checked" for lang in LANGS if lang != "de"}
        | {"ru": "machine", "fa": "machine"},
    )
    questions = []
    for position, spec in enumerate(QUESTIONS, start=1):
        options = [
            {"key": f"o{i}", "text": _tr(o)} for i, o in enumerate(spec.get("options", []), start=1)
        ]
        rows = [
            {"key": f"o{i}", "text": _tr(r)} for i, r in enumerate(spec.get("rows", []), start=1)
        ]
        scale = spec.get("scale", {})
        questions.append(
            Question.objects.create(
                survey=survey,
                position=position * 10,
                kind=spec["kind"],
                text=_tr(spec["text"]),
                required=spec.get("required", False),
                options=options,
                rows=rows,
                allow_other=spec.get("allow_other", False),
                scale_labels={k: {"low": lo, "high": hi} for k, (lo, hi) in scale.items()},
            )
        )
    # A follow-up question shown only to newcomers (display condition).
    newcomer = Question.objects.create(
        survey=survey,
        position=35,
        kind=QuestionKind.SINGLE,
        text=_tr(
            {
                "de": "Haben Sie schon einen Integrationskurs besucht?",
                "ls": "Waren Sie schon in einem Integrations-Kurs?",
                "en": "Have you attended an integration course yet?",
                "tr": "Bir uyum kursuna katıldınız mı?",
                "ar": "هل حضرت دورة اندماج؟",
                "uk": "Чи відвідували ви вже інтеграційний курс?",
                "ru": "Вы уже посещали интеграционный курс?",
                "fa": "آیا تا به حال در دوره ادغام شرکت کرده‌اید؟",
            }
        ),
        options=[
            {
                "key": "o1",
                "text": _tr(
                    {
                        "de": "ja",
                        "ls": "ja",
                        "en": "yes",
                        "tr": "evet",
                        "ar": "نعم",
                        "uk": "так",
                        "ru": "да",
                        "fa": "بله",
                    }
                ),
            },
            {
                "key": "o2",
                "text": _tr(
                    {
                        "de": "nein",
                        "ls": "nein",
                        "en": "no",
                        "tr": "hayır",
                        "ar": "لا",
                        "uk": "ні",
                        "ru": "нет",
                        "fa": "خیر",
                    }
                ),
            },
        ],
        condition_question=questions[2],
        condition_values=["o1", "o2"],
    )
    _demo_responses(survey, questions, newcomer, list(areas.values()))

    staff = Survey.objects.create(
        municipality=koeln,
        title="Interkulturelle Öffnung der Verwaltung – Mitarbeitendenbefragung",
        audience=Audience.STAFF,
        staff_council_note="Der Gesamtpersonalrat der Stadt Köln wurde beteiligt und hat der Befragung am 14.01.2026 zugestimmt.",
        texts={"de": {"privacy": PRIVACY["de"]}},
    )
    Question.objects.create(
        survey=staff,
        position=10,
        kind=QuestionKind.SCALE,
        required=True,
        text={
            "de": "Wie gut können Sie Kundinnen und Kunden mit geringen Deutschkenntnissen beraten?"
        },
        scale_labels={"de": {"low": "gar nicht", "high": "sehr gut"}},
    )
    Question.objects.create(
        survey=staff,
        position=20,
        kind=QuestionKind.RANKING,
        text={"de": "Welche Unterstützung wäre am hilfreichsten?"},
        options=[
            {"key": "o1", "text": {"de": "Dolmetscherpool"}},
            {"key": "o2", "text": {"de": "Schulung interkulturelle Kompetenz"}},
            {"key": "o3", "text": {"de": "Mehrsprachige Formulare"}},
        ],
    )
    services.invitations_create(
        survey=staff,
        recipients=["Bürgeramt Innenstadt", "Ausländerbehörde", "Jobcenter-Kooperation"],
    )

    steering = SteeringGroup.objects.create(
        municipality=koeln,
        name="Steuerungsgruppe Integrationskonzept",
        description="Begleitet die Fortschreibung, bewertet die Handlungsempfehlungen und schlägt sie dem Integrationsrat und den Ausschüssen vor.",
    )
    for name, org, role, interests in (
        ("Maria Schneider", "Dezernat Soziales, Gesundheit und Wohnen", MemberRole.CHAIR, ""),
        ("Dr. Yusuf Aydın", "Integrationsrat der Stadt Köln", MemberRole.DEPUTY, ""),
        (
            "Petra Lehmann",
            "Caritasverband für die Stadt Köln",
            MemberRole.MEMBER,
            "Träger von Migrationsberatung und Sprachkursen",
        ),
        ("Samira Haddad", "Verband der Migrantenorganisationen Köln", MemberRole.MEMBER, ""),
    ):
        user = (
            User.objects.filter(email="steuerung@koeln.example").first()
            if role == MemberRole.CHAIR
            else None
        )
        GroupMember.objects.create(
            steering_group=steering,
            name=name,
            organisation=org,
            role=role,
            interests=interests,
            user=user,
        )

    groups = {}
    for name in ("Sprache", "Bildung", "Wohnen"):
        if name not in fields:
            continue
        group = WorkingGroup.objects.create(
            municipality=koeln,
            name=f"AG {name}",
            field_of_action=fields[name],
            description=f"Sammelt Bedarfe und Ideen im Handlungsfeld {name} und entwirft Handlungsempfehlungen.",
        )
        groups[name] = group
    if "Sprache" in groups:
        olena = User.objects.filter(email="ag-sprache@koeln.example").first()
        GroupMember.objects.create(
            working_group=groups["Sprache"],
            user=olena,
            name="Olena Kovalenko",
            organisation="Volkshochschule Köln",
            role=MemberRole.CHAIR,
        )
        GroupMember.objects.create(
            working_group=groups["Sprache"],
            name="Ahmet Yıldız",
            organisation="Türkischer Elternverein Köln",
            role=MemberRole.MEMBER,
        )

    today = timezone.localdate()
    conference = Event.objects.create(
        municipality=koeln,
        kind=EventKind.CONFERENCE,
        title="Integrationskonferenz 2026",
        date=today - timedelta(days=30),
        place="Rathaus, Spanischer Bau",
        area=areas.get("Innenstadt"),
        participants=142,
        participant_structure="38 Migrantenorganisationen, 41 Träger und Vereine, 27 Verwaltung, 19 Politik, 17 Bürgerinnen und Bürger",
        organisations="Caritasverband für die Stadt Köln\nDiakonie Köln\nIntegrationsrat der Stadt Köln\nVolkshochschule Köln\nJobcenter Köln",
        agenda="1. Begrüßung\n2. Bilanz des Integrationskonzepts\n3. Themenwerkstätten je Handlungsfeld\n4. Ergebnisse im Plenum",
        minutes="Die Themenwerkstätten haben 64 Beiträge gesammelt. Schwerpunkte: Sprachkurse mit Kinderbetreuung, Wartezeiten in der Ausländerbehörde, Wohnraum.",
    )
    market = Event.objects.create(
        municipality=koeln,
        kind=EventKind.MARKET_STAND,
        title="Marktstand Wochenmarkt Kalk",
        date=today - timedelta(days=12),
        place="Kalker Hauptstraße",
        area=areas.get("Kalk"),
        participants=57,
    )
    Event.objects.create(
        municipality=koeln,
        kind=EventKind.VISIONS_CAFE,
        title="VisionsCafé „Köln 2035“",
        date=today - timedelta(days=45),
        place="Bürgerzentrum Ehrenfeld",
        area=areas.get("Ehrenfeld"),
        participants=48,
        minutes="Aus den Tischen haben sich die Arbeitsgruppen Sprache, Bildung und Wohnen gebildet.",
    )
    if "Sprache" in groups:
        Event.objects.create(
            municipality=koeln,
            kind=EventKind.WORKING_GROUP,
            title="AG Sprache – 1. Sitzung",
            date=today - timedelta(days=7),
            place="Amt für Integration und Vielfalt, Raum 3.12",
            working_group=groups["Sprache"],
            participants=11,
            agenda="1. Kennenlernen\n2. Auswertung der Beiträge zum Handlungsfeld Sprache\n3. Erste Handlungsempfehlungen",
            minutes="Die AG schlägt vor, Abendkurse und Kurse mit Kinderbetreuung zu priorisieren.",
        )
        Event.objects.create(
            municipality=koeln,
            kind=EventKind.STEERING_GROUP,
            title="Steuerungsgruppe – Auftaktsitzung",
            date=today - timedelta(days=60),
            steering_group=steering,
            participants=9,
            agenda="1. Zeitplan der Fortschreibung\n2. Beteiligungskonzept",
        )
    for i, (kind, text, area_name, target) in enumerate(CONTRIBUTIONS):
        event = conference if i % 3 else market
        services.contribution_create(
            contribution=Contribution(
                municipality=koeln,
                text=text,
                kind=kind,
                channel=ContributionChannel.EVENT,
                event=event,
                area=areas.get(area_name),
                target_group=target,
            ),
            user=admin,
        )


def _demo_responses(
    survey: Survey, questions: list[Question], newcomer: Question, areas: list[Area]
) -> None:
    rng = random.Random(2026)  # noqa: S311 - demo data, not security
    area_q, years_q, _s, scale_q, multi_q, matrix_q, text_q = (
        questions[1],
        questions[2],
        questions[3],
        questions[4],
        questions[5],
        questions[6],
        questions[7],
    )
    languages = ["de"] * 12 + ["tr"] * 3 + ["ar"] * 3 + ["uk"] * 2 + ["en", "ru", "fa", "ls"]
    responses = []
    answers: list[tuple[int, Answer]] = []
    start = timezone.localdate() - timedelta(days=20)
    for i in range(320):
        responses.append(
            Response(
                survey=survey,
                submitted_on=start + timedelta(days=rng.randrange(20)),
                language=rng.choice(languages),
                channel=Channel.PAPER if i % 9 == 0 else Channel.ONLINE,
                idempotency_key=uuid.UUID(int=rng.getrandbits(128)),
            )
        )
        if areas and rng.random() < 0.85:
            answers.append((i, Answer(question=area_q, choice=rng.choice(areas).key)))
        years = rng.choices(["o1", "o2", "o3", "o4"], weights=[1, 3, 4, 2])[0]
        answers.append((i, Answer(question=years_q, choice=years)))
        if years in ("o1", "o2"):
            answers.append((i, Answer(question=newcomer, choice=rng.choice(["o1", "o2"]))))
        value = rng.choices([1, 2, 3, 4, 5], weights=[1, 2, 4, 6, 3])[0]
        answers.append((i, Answer(question=scale_q, choice=str(value), number=float(value))))
        for key in rng.sample(["o1", "o2", "o3", "o4", "o5"], rng.randint(0, 3)):
            answers.append((i, Answer(question=multi_q, choice=key)))
        for row in ("o1", "o2", "o3"):
            answers.append(
                (i, Answer(question=matrix_q, row=row, choice=rng.choice(["o1", "o2", "o3"])))
            )
        if rng.random() < 0.1:
            answers.append((i, Answer(question=text_q, text=rng.choice(FREE_TEXTS))))
    Response.objects.bulk_create(responses)
    for index, answer in answers:
        answer.response = responses[index]
    Answer.objects.bulk_create([a for _i, a in answers], batch_size=2000)
