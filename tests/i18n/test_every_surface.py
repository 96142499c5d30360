"""Every surface in every language, through the real listeners: Slack's limits, no English leaking into a
non-English render, and every catalog complete.

Two people act side by side at the same moments: one whose Slack locale is English and one whose Slack
locale is the language under test, so each surface has an English twin with the same structure. A text
node of the non-English render that is the same as its English twin is a leak, unless all that is left
after removing what is the same in every language (commands in backticks, emoji codes, mentions, links,
numbers, the proper nouns below) is nothing, or it comes from a catalog entry not translated yet (the
completeness test reports those). A translated sentence's English words must not appear anywhere either.

The exhaustive lists (every move and its chair version, every self-test answer) are rendered by the same
ui functions the sends use, with `locale=`; everything else is what the stand-in received.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

import pytest
from babel import Locale

from slackapp import ids
from slackapp.domain import exercises, languages, levels
from slackapp.domain import insights as insight_rules
from slackapp.domain import workspace_moves as ws_rules
from slackapp.domain.ranking import Ranked
from slackapp.domain.selftest import VARIANTS, SelfTestResult, assess
from slackapp.domain.workspace_moves import WorkspaceMove
from slackapp.flows.results import CardResult, FeedbackAnswer, LevelView, OfferAnswer
from slackapp.store import workspace_config
from slackapp.ui import break_card, leaderboard, pause, selftest
from slackapp.ui import insights as insights_ui
from slackapp.ui import progress as progress_ui
from slackapp.ui import workspace_moves as workspace_moves_ui
from slackapp.ui.i18n import SUPPORTED_LOCALES
from tests.conftest import SlackUser, eventually
from tests.i18n import limits
from tests.i18n.helpers import catalog, text_nodes
from tests.test_breaks import cards_to, deliver_due
from tests.test_selftest_home import answers

SLACK_LOCALES = {"en": "en-US", "es": "es-ES", "de": "de-DE", "fr": "fr-FR", "pt_BR": "pt-BR", "ja": "ja-JP"}
OTHER_LOCALES = [code for code in SUPPORTED_LOCALES if code != "en"]

# The same in every language: the app's and Slack's names, the languages' own names, the challenge title
# the test types, and unit abbreviations translators may keep.
PROPER_NOUNS = {
    "glutes",
    "Glutes",
    "Slack",
    "GLUTES",
    "Cup",
    "min",
    "OK",
    # time zone names in placeholders
    "Europe",
    "Berlin",
    "America",
    "New_York",
    "UTC",
    *(word for name in languages.NAMES.values() for word in re.findall(r"[^\W\d_]+", name)),
}

_SAME_EVERYWHERE = [
    re.compile(r"`[^`]*`"),  # commands and examples in backticks
    re.compile(r"<[^>]*>"),  # mentions, channels, links
    re.compile(r":[a-z0-9_+\-]+:"),  # emoji codes
    re.compile(r"https?://\S+"),
    re.compile(r"&[a-z]+;"),
]
_FIELD = re.compile(r"\{[a-z_0-9]*\}")
# English clock, weekday and month words that formatting code (not a catalog) could leave behind.
_ENGLISH_CALENDAR = re.compile(
    r"\b(AM|PM|tomorrow|every day|Mon|Tue|Wed|Thu|Fri|Sat|Sun|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b"
)
_WORD = re.compile(r"[^\W\d_]+")

# --- collecting a render's text ----------------------------------------------------------------------


def leftover_words(text: str) -> list[str]:
    for pattern in _SAME_EVERYWHERE:
        text = pattern.sub(" ", text)
    return [w for w in _WORD.findall(text) if w not in PROPER_NOUNS and len(w) > 1]


# --- Slack's limits ----------------------------------------------------------------------------------


def payloads(name: str, surface: str, payload: Any) -> list[tuple[str, str, dict[str, Any]]]:
    """(name, surface, payload) of what Slack is handed: a view_submission answer carries its modal, the
    export test keeps the reply beside the upload's comment."""
    if not isinstance(payload, dict):
        return []
    if isinstance(payload.get("view"), dict):
        return [(f"{name} view", "modal", payload["view"])]
    if "reply" in payload and "upload" in payload:
        return [(f"{name} reply", surface, payload["reply"])]
    return [(name, surface, payload)]


def over_limits(renders: dict[str, tuple[str, Any]], prefix: str) -> list[str]:
    found = []
    for name, (surface, payload) in renders.items():
        for shown, kind, sent in payloads(f"{prefix} {name}", surface, payload):
            found += limits.problems(shown, sent, surface=kind)
    return found


# --- the two people's renders ------------------------------------------------------------------------


@dataclass
class Renders:
    by_locale: dict[str, dict[str, tuple[str, Any]]] = field(default_factory=dict)

    def add(self, locale: str, name: str, payload: Any, surface: str = "message") -> None:
        self.by_locale.setdefault(locale, {})[name] = (surface, payload)


def _latest(standin, method: str, where) -> Any:
    found = eventually(lambda: [c for c in standin.calls_to(method) if where(c)])
    assert found, f"no {method}"
    return found[-1].args


COMMANDS = [
    "status",
    "help",
    "faq",
    "snooze 2h",
    "resume",
    "hours 09:00-17:00 mon-fri",
    "every 45",
    "every :25 :55",
    "moves",
    "moves seated",
    "moves standing",
    "unhide",
    "hide",
    "leaderboard",
    "leaderboard month",
    "language",
    "forget-me",
    # errors and usage
    "snooze soonish",
    "hours lunch",
    "every 5",
    "every :fifty",
    "every :75",
    "every :00 :15 :30 :45",
    "every :50 :55",
    "leaderboard decade",
    "moves dance",
    "language klingon",
    "snooze",
    "hours",
]


def _collect(locale: str, people: dict[str, SlackUser], standin, store, deps, clock) -> Renders:
    renders = Renders()

    def both(name: str, act, surface: str = "message") -> None:
        for code, person in people.items():
            renders.add(code, name, act(person, code), surface)

    def reply(text: str):
        return lambda person, code: person.reply_to(text)

    def views_open(text: str):
        def act(person: SlackUser, code: str) -> Any:
            before = len(standin.calls_to("views.open"))
            person.command(text)
            found = eventually(lambda: standin.calls_to("views.open")[before:])
            return found[0].args["view"]

        return act

    both("on", reply("on"))
    both(
        "welcome DM",
        lambda person, code: _latest(
            standin, "chat.postMessage", lambda c: c.args.get("channel") == person.user_id
        ),
    )
    for text in COMMANDS:
        both(f"/glutes {text}", reply(text))
    both("self-test modal", views_open("test"), "modal")

    def prefs_modal(person: SlackUser, code: str) -> Any:
        before = len(standin.calls_to("views.open"))
        person.home_click(ids.ACTION_HOME_EDIT, "edit")
        return eventually(lambda: standin.calls_to("views.open")[before:])[0].args["view"]

    both("break rhythm modal (Home)", prefs_modal, "modal")

    def export(person: SlackUser, code: str) -> Any:
        before = len(standin.calls_to("files.completeUploadExternal"))
        answer = person.reply_to("export")
        upload = eventually(lambda: standin.calls_to("files.completeUploadExternal")[before:])[0].args
        return {"reply": answer, "upload": {"initial_comment": upload.get("initial_comment")}}

    both("/glutes export", export)
    both("admin modal", views_open("admin"), "modal")
    both("challenge start modal", views_open("challenge"), "modal")
    for speed in ("instant", "second", "pulses", "unsure"):
        both(
            f"self-test result {speed}",
            lambda person, code, speed=speed: person.submit(
                ids.VIEW_SELFTEST, answers(both=speed)
            ).get_json(),
        )
    both("self-test missing answers", lambda person, code: person.submit(ids.VIEW_SELFTEST, {}).get_json())

    def home(person: SlackUser, code: str) -> Any:
        before = len(standin.calls_to("views.publish"))
        person.open_home()
        found = eventually(
            lambda: [
                c for c in standin.calls_to("views.publish")[before:] if c.args["user_id"] == person.user_id
            ]
        )
        return found[-1].args["view"]

    both("home", home, "home")

    deliver_due(deps, clock, minutes=50)
    for code, person in people.items():
        [card] = cards_to(standin, person.user_id)[-1:]
        renders.add(code, "break card (sent)", card.args)
        actions = next(b for b in card.args["blocks"] if b.get("block_id") == ids.BLOCK_BREAK_ACTIONS)
        person.click(ids.ACTION_BREAK_DONE, actions["elements"][0]["value"])
        done = eventually(
            lambda person=person: [
                c for c in standin.calls_to("chat.update") if c.args["channel"] == "D" + person.user_id[1:]
            ]
        )
        renders.add(code, "break card after Done", done[-1].args)

    # A pain answer: the paused result, then resuming.
    both(
        "self-test result after a pain answer",
        lambda person, code: person.submit(
            ids.VIEW_SELFTEST, answers(both="second", safety="yes")
        ).get_json(),
    )
    both("/glutes status while paused", reply("status"))
    both("/glutes resume after a pause", reply("resume"))
    both("/glutes level after a pain answer", reply("level"))
    both("/glutes level up", reply("level up"))
    both("/glutes level down", reply("level down"))
    both("/glutes level down at level 1", reply("level down"))

    # Channel posts speak the workspace's language: each person posts in their own channel with it set.
    for code, person in people.items():
        channel = f"C{code.upper().replace('_', '')}X"
        config = workspace_config.get(store, deps.settings, team_id="T1")
        workspace_config.save(store, team_id="T1", config=_with_language(config, code))
        for text in (
            "challenge start 14 Glutes Cup",
            "challenge status",
            "challenge teambreak",
            "challenge stop",
        ):
            renders.add(code, f"/glutes {text}", person.reply_to(text, channel_id=channel))
        posts = [c.args for c in standin.calls_to("chat.postMessage") if c.args.get("channel") == channel]
        for index, post in enumerate(posts):
            renders.add(code, f"channel post {index}", post)

    # The exhaustive lists, through the renders the sends use.
    for code in people:
        for exercise in exercises.LIBRARY + exercises.SEATED_LIBRARY:
            renders.add(code, f"card {exercise.key}", break_card.card(exercise, "1", locale=code))
            for level in (2, 3):
                offer = level + 1 if level < levels.MAX_LEVEL else None
                card = break_card.card(exercise, "1", level=level, offer=offer, locale=code)
                renders.add(code, f"card {exercise.key} level {level}", card)
        after_hold = break_card.card(exercises.LIBRARY[0], "1", after_hold=True, locale=code)
        renders.add(code, "card after a hold", after_hold)
        done = CardResult("done", exercises.LIBRARY[0], 2, 3)
        renders.add(
            code, "card after Done", break_card.after(done, ask_feedback=True, break_id="1", locale=code)
        )
        for answer in (
            FeedbackAnswer("too_hard", 1, stepped_down=True),
            FeedbackAnswer("too_hard", 1),
            FeedbackAnswer("too_easy", 1, offer=2),
            FeedbackAnswer("just_right", 1),
            FeedbackAnswer("already", 1),
        ):
            renders.add(code, f"feedback {answer}", progress_ui.feedback_answered(answer, locale=code))
        for kind in ("accepted", "stayed", "no_offer"):
            answer = OfferAnswer(kind, 2, exercises.LIBRARY[0], "1")
            renders.add(code, f"offer {kind}", progress_ui.offer_answered(answer, locale=code))
        for view in (LevelView(1, 4), LevelView(2, 0), LevelView(3, None), LevelView(1, 1)):
            renders.add(code, f"level {view}", progress_ui.level_reply(view, locale=code))
        # An admin's own words come back as typed (made-up words, so no language check trips on them).
        own = WorkspaceMove("a1", "Qapla", "Zorblat zorblat.", "6 zorblat", "Qapla.", "standing")
        renders.add(code, "workspace move card", break_card.card(ws_rules.as_exercise(own), "1", locale=code))
        renders.add(
            code, "workspace move modal", workspace_moves_ui.modal(locale=code).to_dict(), surface="modal"
        )
        renders.add(code, "workspace move reported", workspace_moves_ui.reported(locale=code))
        paused = WorkspaceMove("a2", "Zorblat", "Qapla.", "5 qapla", "Zorblat.", "seated", paused=True)
        admin_home = workspace_moves_ui.admin_blocks(((own, 2, 1), (paused, 0, 0)), locale=code)
        renders.add(code, "admin Home workspace moves", {"blocks": [b.to_dict() for b in admin_home]})
        problems = ws_rules.check(
            ws_rules.MoveInput("", "<@U1>", "x" * 99, "a\nb", "lying", "?"), move_id="x"
        )
        renders.add(
            code,
            "workspace move errors",
            {"text": "\n".join(workspace_moves_ui.block_errors(problems, locale=code).values())},
        )
        for speed in ("instant", "second", "pulses", "unsure"):
            previous = SelfTestResult(
                date(2026, 11, 11), both=speed, left=None, right=None, safety_flag=False
            )
            renders.add(code, f"retest DM after {speed}", selftest.retest_dm(previous, locale=code))
        renders.add(code, "pause check-in DM", pause.checkin_dm(locale=code))
        renders.add(code, "It hurts answer", pause.hurts_message("card", locale=code))
        for variant in VARIANTS:  # "done seated" on the result names the way the test was done
            taken = SelfTestResult(
                date(2026, 11, 25), both="second", left=None, right=None, safety_flag=False, variant=variant
            )
            renders.add(
                code,
                f"self-test result done {variant}",
                selftest.result_view(
                    taken, assess(taken, None), breaks_on=True, care_text=None, locale=code
                ).to_dict(),
                "modal",
            )
        rows = [Ranked(1, "U1", 5, 2), Ranked(2, "U2", 3, 1)]
        renders.add(code, "weekly board", leaderboard.weekly_post(week_label="", rows=rows, locale=code))
        for mood, picture in _pictures().items():
            for file_id in ("F1", None):
                renders.add(
                    code,
                    f"weekly picture {mood} {'image' if file_id else 'text'}",
                    {
                        "text": insights_ui.digest_text(picture, locale=code),
                        "blocks": insights_ui.digest_blocks(picture, file_id, locale=code),
                    },
                )
        renders.add(code, "pulse", {"blocks": insights_ui.pulse_blocks(_a_pulse(), "F2", locale=code)})
        renders.add(code, "digest on", insights_ui.digest_set(True, locale=code))
        renders.add(code, "digest off", insights_ui.digest_set(False, locale=code))
        renders.add(code, "pulse csv sent", insights_ui.pulse_csv_sent(locale=code))
    return renders


def _pictures() -> dict[str, insight_rules.Digest]:
    """A weekly picture of each kind (domain.insights.mood) from made-up weeks."""
    monday = date(2026, 11, 23)
    weeks = {"first": (0, 5), "more": (3, 6), "steady": (4, 4), "fewer": (6, 2), "rest": (3, 0)}
    found = {}
    for mood, (before, last) in weeks.items():
        done = {monday - timedelta(days=7): before, monday + timedelta(days=1): last}
        picture = insight_rules.digest(
            {d: c for d, c in done.items() if c}, {10: 3}, today=date(2026, 11, 30), streak=2
        )
        assert picture.mood == mood
        found[mood] = picture
    return found


def _a_pulse() -> insight_rules.Pulse:
    weeks = [
        insight_rules.WeekCounts(date(2026, 10, 5) + timedelta(days=7 * n), 40 + n, 20, 8 if n % 3 else 3, 6)
        for n in range(9)
    ]
    # 5 of the 6 who started a week before the newest are still active: withheld, and its line shows.
    weeks[-1] = replace(weeks[-1], active_from={weeks[-2].week.isoformat(): 5})
    return insight_rules.pulse(weeks, opted_in=12, members=40, challenge_people=3)


def _with_language(config: workspace_config.WorkspaceConfig, code: str) -> workspace_config.WorkspaceConfig:
    return replace(config, language=code)


def _untranslated(locale: str) -> list[str]:
    """English fragments of the catalog entries not translated yet (or fuzzy): the completeness test's."""
    pieces = []
    for message in catalog(locale):
        if not message.id:
            continue
        text = message.string
        missing = not (text[0] if isinstance(text, tuple | list) else text) or message.fuzzy
        if missing:
            for msgid in message.id if isinstance(message.id, tuple | list) else [message.id]:
                pieces += [p.strip() for p in _FIELD.split(msgid) if leftover_words(p)]
    return pieces


def _calendar_words(locale: str) -> set[str]:
    """The locale's own month, weekday and day-period words (German "Nov." is not an English leak)."""
    babel = Locale.parse(locale)
    names = [
        *(n for width in ("abbreviated", "wide") for n in babel.months["format"][width].values()),
        *(n for width in ("abbreviated", "wide") for n in babel.days["format"][width].values()),
        *babel.day_periods["format"]["abbreviated"].values(),
    ]
    return {word for name in names for word in re.findall(r"[^\W\d_]+", name)}


def _same_on_purpose(locale: str) -> list[str]:
    """Pieces of entries the translator translated as the English itself ("No" in Spanish, "minutes" in
    French), longest first."""
    pieces = set()
    for message in catalog(locale):
        if not message.id or message.fuzzy:
            continue
        ids_ = message.id if isinstance(message.id, tuple | list) else [message.id]
        strings = message.string if isinstance(message.string, tuple | list) else [message.string]
        if all(strings) and strings[0] == ids_[0]:
            pieces.update(p for p in _FIELD.split(ids_[0]) if leftover_words(p))
    return sorted(pieces, key=len, reverse=True)


def _translated_english(locale: str) -> list[str]:
    """English phrases (3+ words) of translated entries whose translation does not carry them."""
    phrases = []
    for message in catalog(locale):
        if not message.id or message.fuzzy:
            continue
        ids_ = message.id if isinstance(message.id, tuple | list) else [message.id]
        strings = message.string if isinstance(message.string, tuple | list) else [message.string]
        if not all(strings):
            continue
        translation = " ".join(strings)
        for msgid in ids_:
            for piece in _FIELD.split(msgid):
                for sentence in re.split(r"(?<=[.!?])\s+|\n", piece):
                    sentence = sentence.strip()
                    if len(leftover_words(sentence)) >= 3 and sentence not in translation:
                        phrases.append(sentence)
    return phrases


def _catalog_words(locale: str) -> tuple[set[str], set[str]]:
    """(words of the app's English text, words of `locale`'s translations), from its catalog."""
    english: set[str] = set()
    own: set[str] = set()
    for message in catalog(locale):
        if not message.id:
            continue
        for msgid in message.id if isinstance(message.id, tuple | list) else [message.id]:
            english.update(w for w in leftover_words(_FIELD.sub(" ", msgid)) if len(w) >= 3)
        for string in message.string if isinstance(message.string, tuple | list) else [message.string]:
            own.update(leftover_words(string or ""))  # words in code (`moves seated`) stay English
    return english, own


# One collection per language and process, shared by the two tests below (payloads are plain data; each
# test collects it itself when it runs first, so neither depends on the other's order or worker).
_COLLECTED: dict[str, Renders] = {}


def collected(locale: str, client, standin, store, deps, clock) -> Renders:
    if locale not in _COLLECTED:
        people = {}
        for code, user_id in (("en", "U1"), (locale, "U2")):
            standin.add_user(user_id, tz="UTC", locale=SLACK_LOCALES[code], is_admin=True)
            people[code] = SlackUser(client, standin, user_id, "T1")
        renders = _collect(locale, people, standin, store, deps, clock)
        assert set(renders.by_locale["en"]) == set(renders.by_locale[locale])
        assert len(renders.by_locale[locale]) > 60  # every surface above was rendered
        _COLLECTED[locale] = renders
    return _COLLECTED[locale]


@pytest.mark.parametrize("locale", OTHER_LOCALES)
def test_every_surface_is_within_slacks_limits(locale, client, standin, store, deps, clock):
    """Every section, context element, header, button, option and modal title of every surface, in this
    language and its English twin, within Slack's documented limits (tests/i18n/limits.py): Slack refuses
    a message or view that goes over one, so the person gets nothing."""
    renders = collected(locale, client, standin, store, deps, clock)
    problems = over_limits(renders.by_locale["en"], "en") + over_limits(renders.by_locale[locale], locale)
    assert problems == [], "\n".join(problems[:40])


@pytest.mark.parametrize("locale", OTHER_LOCALES)
def test_every_surface_in_every_language(locale, client, standin, store, deps, clock):
    renders = collected(locale, client, standin, store, deps, clock)
    english, other = renders.by_locale["en"], renders.by_locale[locale]

    pending = _untranslated(locale)
    same = _same_on_purpose(locale)
    own_calendar = _calendar_words(locale)
    leaks = []
    for name, (_surface, payload) in other.items():
        twin = dict(text_nodes(english[name][1]))
        for path, text in text_nodes(payload):
            if twin.get(path) != text or not leftover_words(text):
                continue
            if any(piece and piece in text for piece in pending):
                continue  # not translated yet: the completeness test reports it
            rest = text
            for piece in same:
                rest = rest.replace(piece, " ")
            if not leftover_words(rest):
                continue  # the translation is the same word (checked by the translator)
            leaks.append(f"{name} {path}: {text[:120]!r}")
    # A phrase an untranslated entry also carries may rightly show (the completeness test reports that one).
    english_phrases = [p for p in _translated_english(locale) if not any(p in u or u in p for u in pending)]
    for name, (_surface, payload) in other.items():
        for path, text in text_nodes(payload):
            leaks += [f"{name} {path}: English {p!r}" for p in english_phrases if p in text]
            outside_code = _SAME_EVERYWHERE[0].sub(" ", text)
            leaks += [
                f"{name} {path}: English {m!r}"
                for m in _ENGLISH_CALENDAR.findall(outside_code)
                if m not in own_calendar
            ]
    # An English word inside a translated sentence ("done seated", a "*Self-test*" heading written in code):
    # a word of the app's English text, or of the English twin's same node, that no translation in this
    # language uses.
    english_words, own_words = _catalog_words(locale)
    for name, (_surface, payload) in other.items():
        twin = dict(text_nodes(english[name][1]))
        for path, text in text_nodes(payload):
            if any(piece and piece in text for piece in pending):
                continue
            echoed = {
                "klingon",
                "qapla",
                "zorblat",
                "Qapla",
                "Zorblat",
            }  # what the test typed, said back as typed
            suspects = (
                english_words | {w for w in leftover_words(twin.get(path) or "") if len(w) >= 3} - echoed
            )
            leaks += [
                f"{name} {path}: English word {word!r} in {text[:80]!r}"
                for word in dict.fromkeys(leftover_words(text))
                if word in suspects and word not in own_words and word not in own_calendar
            ]
    assert leaks == [], "\n".join(leaks[:40])


@pytest.mark.parametrize("locale", OTHER_LOCALES)
def test_the_install_pages_speak_the_browsers_language(locale, settings, clock, standin):
    from dataclasses import replace

    from slackapp.deps import Deps
    from slackapp.store.connection import redis_from_url
    from slackapp.web.app import create_app
    from tests.test_install import dist, install  # noqa: F401 - the distribution-mode app

    dist_settings = replace(
        settings, slack_bot_token=None, slack_client_id="111.222", slack_client_secret="cs"
    )
    redis = redis_from_url(settings.redis_url)
    web = create_app(
        deps=Deps(dist_settings, redis, redis_from_url(settings.redis_url, decode=False), clock=clock)
    )
    web_client = web.test_client()

    def pages(accept: str) -> dict[str, str]:
        web_client.environ_base["HTTP_ACCEPT_LANGUAGE"] = accept
        install_page = web_client.get("/slack/install").get_data(as_text=True)
        failed = web_client.get("/slack/oauth_redirect?error=access_denied&state=nope").get_data(as_text=True)
        return {"install": install_page, "failed": failed}

    english = pages("en-US,en;q=0.9")
    other = pages(f"{SLACK_LOCALES[locale]},{locale.split('_')[0]};q=0.8,en;q=0.5")
    assert f'lang="{locale.replace("_", "-")}"' in other["install"]
    pending = _untranslated(locale)
    for name in english:
        for text_en, text in zip(_html_text(english[name]), _html_text(other[name]), strict=False):
            if text == text_en and leftover_words(text) and not any(p in text for p in pending):
                pytest.fail(f"{name}: {text!r} is English")


def _html_text(document: str) -> list[str]:
    body = re.sub(r"<style>.*?</style>", " ", document, flags=re.S)
    return [t.strip() for t in re.split(r"<[^>]+>", body) if t.strip()]


def test_every_catalog_is_complete():
    """Every entry translated and none fuzzy (the translators' work; `make messages` adds new ones)."""
    missing = {}
    for locale in OTHER_LOCALES:
        entries = [m for m in catalog(locale) if m.id]
        untranslated = [
            m.id for m in entries if not all(m.string if isinstance(m.string, tuple | list) else [m.string])
        ]
        fuzzy = [m.id for m in entries if m.fuzzy]
        if untranslated or fuzzy:
            missing[locale] = {"untranslated": len(untranslated), "fuzzy": len(fuzzy)}
    assert missing == {}, json.dumps(missing)
