"""Lists inside sentences are joined as the reader's language joins them (Babel's list patterns): German says
"und"/"oder" before the last item, Japanese separates with 、 and no ASCII comma, English says "and"/"or"."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from slackapp.domain import insights as insight_rules
from slackapp.domain.challenge import ChallengeSpec, plan
from slackapp.domain.ranking import Entry, rank
from slackapp.ui import challenge, insights
from tests.conftest import SlackUser

SLACK_LOCALE = {"de": "de-DE", "ja": "ja-JP"}
CH = plan(
    ChallengeSpec(14, "Po-Cup"), challenge_id="c1", channel_id="C1", started_by="U0", today=date(2026, 11, 25)
)
# Four people on the podium: UC and UD tie for third.
PODIUM = rank(
    [Entry("UA", 20, 3), Entry("UB", 15, 2), Entry("UC", 9, 4), Entry("UD", 9, 1), Entry("UE", 4, 0)]
)


def _person(locale: str, client, standin) -> SlackUser:
    standin.add_user("U7", tz="UTC", locale=SLACK_LOCALE[locale])
    return SlackUser(client, standin, "U7", "T1")


@pytest.mark.parametrize(
    ("locale", "joined"),
    [
        ("de", "<@UA>, <@UB>, <@UC> und <@UD>"),
        ("ja", "<@UA>、<@UB>、<@UC>、<@UD>"),
        ("en", "<@UA>, <@UB>, <@UC>, and <@UD>"),
    ],
)
def test_the_final_standings_name_the_podium_as_a_list_of_the_language(locale, joined):
    final = challenge.standings(
        CH, PODIUM, today=date(2026, 12, 9), channel_total=57, final=True, locale=locale
    )
    assert joined in final["text"]


@pytest.mark.parametrize(
    ("locale", "days"),
    [("de", "Mo., Mi. und Fr."), ("ja", "月、水、金")],
)
def test_work_days_read_as_a_list_in_the_hours_reply_and_the_status(locale, days, client, standin):
    person = _person(locale, client, standin)
    person.reply_to("on")
    assert days in person.reply_to("hours 08:30-14:00 mon,wed,fri")["text"]
    assert days in person.reply_to("status")["text"]
    assert ("Mo.–Mi. und Fr." if locale == "de" else "月–水、金") in person.reply_to(
        "hours 09:00-17:00 mon-wed,fri"
    )["text"]


@pytest.mark.parametrize(
    ("locale", "choices", "with_auto"),
    [
        (
            "de",
            "`pt_BR` (Português (Brasil)) oder `ja` (日本語)",
            "ja (日本語) oder auto für deine Slack-Sprache.",
        ),
        (
            "ja",
            # Full-width parentheses around each language's own name, as around the auto choice.
            "`fr`（Français）、`pt_BR`（Português (Brasil)）、または`ja`（日本語）",
            "ja（日本語）、またはauto（Slackの言語に合わせる）から選んでください。",
        ),
    ],
)
def test_the_language_choices_are_a_list_with_or(locale, choices, with_auto, client, standin):
    person = _person(locale, client, standin)
    person.reply_to("on")  # turning breaks on is when the app learns the person's Slack language
    assert choices in person.reply_to("language")["text"]
    refused = person.reply_to("language klingon")["text"]
    assert with_auto in refused
    assert "auto, " not in refused and ", or auto" not in refused


@pytest.mark.parametrize(
    ("locale", "daily", "weekly"),
    [
        ("de", "23. Nov.: 5, 24. Nov.: 3 und 25. Nov.: 0.", "9. Nov.: 40, 16. Nov.: 41 und 23. Nov.: 42."),
        ("ja", "11月23日: 5、11月24日: 3、11月25日: 0。", "11月9日: 40、11月16日: 41、11月23日: 42。"),
    ],
)
def test_chart_descriptions_list_their_numbers_as_the_language_does(locale, daily, weekly):
    bars = ((date(2026, 11, 23), 5), (date(2026, 11, 24), 3), (date(2026, 11, 25), 0))
    assert insights.chart_alt_text(bars, locale=locale).endswith(daily)
    weeks = [
        insight_rules.WeekCounts(date(2026, 11, 9) + timedelta(weeks=n), active=40 + n) for n in range(3)
    ]
    pulse = insight_rules.pulse(weeks, opted_in=12, members=40, challenge_people=3)
    assert insights.pulse_alt_text(pulse, locale=locale).endswith(weekly)
