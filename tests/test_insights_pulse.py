"""The workspace pulse: counts from the day counters the Done script writes, never a person.

Dones are recorded with the same script a click runs (store.cards), so the counters are the real ones;
the pulse is asked for through a signed `/glutes pulse` (admins only) and read from the flow.
"""

from __future__ import annotations

import itertools
import json
import random
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import numpy as np
import pytest

from slackapp.domain import insights as rules
from slackapp.flows import insights as insight_flows
from slackapp.store import insights as insights_store
from slackapp.store import workspace_config
from tests.conftest import SlackUser, record_done

# Weeks of Mondays 2 Nov ... 23 Nov 2026; the pulse is read on Wednesday 9 Dec (UTC workspace).
MONDAYS = [date(2026, 10, 26) + timedelta(days=7 * n) for n in range(6)]
READ_AT = datetime(2026, 12, 9, 12, 0, tzinfo=UTC)
_ids = itertools.count(1)


def done(store, user_id: str, day: date, times: int = 1) -> None:
    for _ in range(times):
        assert record_done(store, user_id, day, hour=11) == "ok"


def people_active(store, count: int, weeks: list[date]) -> None:
    for n in range(count):
        user_id = f"UP{n}"
        store.sadd("glutes:T1:opted-in", user_id)  # the workspace's opted-in set (as `on` leaves it)
        for monday in weeks:
            done(store, user_id, monday + timedelta(days=n % 5), times=1 + n % 3)


@pytest.fixture
def admin(alice, standin, clock):
    standin.add_user("U1", tz="UTC", is_admin=True)
    clock.now = READ_AT
    return alice


def pulse_text(admin) -> str:
    reply = admin.reply_to("pulse")
    return json.dumps(reply.get("blocks"), ensure_ascii=False)


def test_four_people_show_fewer_than_5_everywhere(admin, store, standin):
    people_active(store, 4, MONDAYS)
    text = pulse_text(admin)
    assert "*People with breaks on:* fewer than 5" in text
    assert text.count("fewer than 5 active people") == rules.PULSE_WEEKS
    assert "breaks," not in text and "per active person" not in text
    # The chart shows grey stubs without numbers; its alt text says "fewer than 5" for each week.
    [image] = [b for b in admin.reply_to("pulse")["blocks"] if b["type"] == "image"]
    assert image["alt_text"].count("fewer than 5") == rules.PULSE_WEEKS


def test_thirty_people_show_the_figures(admin, store, standin):
    for n in range(30):
        standin.add_user(f"UP{n}")
    people_active(store, 30, MONDAYS)
    text = pulse_text(admin)
    week_done = sum(1 + n % 3 for n in range(30))
    assert "*People with breaks on:* 30" in text
    assert f"Week of Nov 23: 30 active, {week_done} breaks" in text
    # Done per active person per work day: the week's Dones over 30 people and the 5 work days.
    assert f"{round(week_done / 30 / 5, 1)} per active person per work day" in text
    # The share of the workspace's members (users.list: the 30 and the admin).
    assert "(97% of the workspace's members)" in text


def test_the_csv_keeps_the_same_rule(admin, store, standin):
    people_active(store, 4, MONDAYS[:3])
    people_active(store, 6, MONDAYS[3:])
    assert "CSV" in admin.reply_to("pulse csv")["text"]
    [upload] = standin.wait_for("upload", where=lambda c: "week_start" in c.args.get("content", ""))
    rows = [line.split(",") for line in upload.args["content"].strip().splitlines()]
    assert rows[0] == list(insights_csv_columns())
    by_week = {row[0]: row[1:] for row in rows[1:]}
    assert by_week["2026-11-02"] == ["fewer than 5", "", "", ""]
    assert by_week["2026-11-16"][0] == "6"


def insights_csv_columns():
    from slackapp.ui.insights import CSV_COLUMNS

    return CSV_COLUMNS


def test_someone_not_an_admin_is_refused(alice, store):
    people_active(store, 30, MONDAYS)
    reply = alice.reply_to("pulse")
    assert "admin" in reply["text"].lower() and "blocks" not in reply


def test_no_combination_of_figures_isolates_a_person_in_a_six_person_workspace(deps, clock):
    """Six people, each week a random 4-6 of them active with random Dones; the pulse read on every day
    of the following weeks (as an admin could, again and again). Every figure that carries Dones is a sum
    of person-week counts; no linear combination of all of them gives one person's count for a week, or
    their total, whatever the attacker knows about who was active."""
    store, rng = deps.redis, random.Random(27)
    people = [f"US{n}" for n in range(6)]
    truth: dict[tuple[str, date], int] = {}
    for monday in MONDAYS:
        for person in rng.sample(people, rng.choice([4, 5, 5, 6, 6])):
            for day in rng.sample(range(5), rng.randint(1, 3)):
                count = rng.randint(1, 4)
                done(store, person, monday + timedelta(days=day), count)
                truth[(person, monday)] = truth.get((person, monday), 0) + count
    for person in people:
        store.sadd("glutes:T1:opted-in", person)

    variables = [(p, w) for w in MONDAYS for p in people]
    rows = []
    for offset in range(0, 28):  # every day from Monday 30 Nov for four weeks
        clock.now = datetime(2026, 11, 30, 9, 0, tzinfo=UTC) + timedelta(days=offset)
        found = insight_flows.pulse(deps, None, team_id="T1", now=clock.now)
        for week in found.weeks:
            if week.done is None:
                continue
            covered = [(p, w) for (p, w) in truth if w == week.week]
            assert week.done == sum(truth[v] for v in covered)  # the figure is the real sum
            assert len({p for p, _ in covered}) >= rules.MIN_GROUP
            rows.append([1.0 if v in covered else 0.0 for v in variables])
            if week.done_per_person_day is not None:  # a rate over the same people: the same row
                rows.append([1.0 if v in covered else 0.0 for v in variables])
    assert rows, "some weeks had 5 or more active people"
    figures = np.array(rows)
    rank = np.linalg.matrix_rank(figures)
    targets = [[1.0 if v == target else 0.0 for v in variables] for target in variables]
    targets += [[1.0 if v[0] == person else 0.0 for v in variables] for person in people]
    for target in targets:
        assert np.linalg.matrix_rank(np.vstack([figures, target])) > rank, target

    # The check can fail: one more figure over the same week less one person (say, a per-team filter)
    # would give that person's count away, and the rank test sees it.
    week, person = next((w, p) for (p, w) in truth if rows and sum(1 for q, v in truth if v == w) >= 6)
    leak = [1.0 if v[1] == week and v in truth and v[0] != person else 0.0 for v in variables]
    leaky = np.vstack([figures, leak])
    target = [1.0 if v == (person, week) else 0.0 for v in variables]
    assert np.linalg.matrix_rank(np.vstack([leaky, target])) == np.linalg.matrix_rank(leaky)


def test_the_pulse_reads_o_weeks_keys_whatever_the_headcount(deps):
    """The counters read are 7 day-keys per week (the pulse's and its cohorts'), however many people."""
    store = deps.redis

    def commands_for_pulse() -> dict[str, int]:
        store.config_resetstat()
        insight_flows.pulse(deps, None, team_id="T1", now=READ_AT)
        stats = store.info("commandstats")
        return {name.removeprefix("cmdstat_"): int(value["calls"]) for name, value in stats.items()}

    people_active(store, 6, MONDAYS[-2:])
    few = commands_for_pulse()
    people_active(store, 60, MONDAYS[-2:])
    many = commands_for_pulse()
    assert few == many  # the same commands for 6 people and for 66
    assert many["hgetall"] == 7 * len(rules.pulse_weeks(READ_AT.date())) + 1  # and the settings hash


def test_no_combination_of_people_counts_isolates_a_person(deps, clock):
    """Eighteen people: twelve started the week of 16 Nov, five (the admin among them) the week of 23 Nov,
    one long before. The people counts the pulse shows (each week's active people, each cohort's still
    active) are sums of "was p active in week w"; read every day for four weeks, no linear combination of
    them and of the admin's own activity gives one other person's, and no difference of shown counts (the
    starters not still active, the active who started in another week) covers fewer than 5 people."""
    store, rng = deps.redis, random.Random(30)
    first, second = [f"UC{n}" for n in range(12)], [f"UC{n}" for n in range(12, 17)]
    admin, earlier = "UC12", "UC17"
    everyone = [*first, *second, earlier]
    for person, day in [(p, date(2026, 11, 17)) for p in first] + [(p, date(2026, 11, 24)) for p in second]:
        insights_store.mark_started(store, team_id="T1", user_id=person, day=day)
    insights_store.mark_started(store, team_id="T1", user_id=earlier, day=date(2026, 10, 13))
    # All eighteen active the week of 30 Nov: the two cohorts' 17 and the week's 18 once told on the one.
    weeks_active: dict[date, list[str]] = {date(2026, 11, 30): everyone}
    for monday in [date(2026, 12, 7), date(2026, 12, 14), date(2026, 12, 21)]:
        weeks_active[monday] = [*rng.sample(first, 7), *rng.sample([*second, earlier], rng.choice([2, 5]))]
    for monday, active in weeks_active.items():
        for person in active:
            done(store, person, monday + timedelta(days=rng.randrange(5)))
        store.sadd("glutes:T1:opted-in", *active)

    variables = [(p, w) for w in weeks_active for p in everyone]
    rows = [[1.0 if v == (admin, w) else 0.0 for v in variables] for w in weeks_active]  # what they know
    shown_figures = 0
    for offset in range(28):
        clock.now = datetime(2026, 12, 1, 12, 0, tzinfo=UTC) + timedelta(days=offset)
        found = insight_flows.pulse(deps, None, team_id="T1", now=clock.now)
        for week in found.weeks:
            if week.active is not None and week.week in weeks_active:
                assert week.active == len(weeks_active[week.week])
                rows.append([1.0 if v[1] == week.week else 0.0 for v in variables])
        newest = found.weeks[-1]
        starters = {1: second, 2: first}  # by weeks ago, in the newest week's reckoning
        shown_active = 0
        for cohort in found.cohorts:
            if cohort.still_active is None:
                continue
            started_week = newest.week - timedelta(days=7 * cohort.weeks_ago)
            group = first if started_week == date(2026, 11, 16) else second
            assert group is starters.get(cohort.weeks_ago, group)
            assert cohort.started - cohort.still_active >= rules.MIN_GROUP  # those who were not
            shown_active += cohort.still_active
            rows.append([1.0 if v[1] == newest.week and v[0] in group else 0.0 for v in variables])
            shown_figures += 1
        if newest.active is not None and shown_active:
            assert newest.active - shown_active >= rules.MIN_GROUP  # the active from other weeks

    figures = np.array(rows)
    rank = np.linalg.matrix_rank(figures)
    for target in variables:
        if target[0] == admin:
            continue
        row = [1.0 if v == target else 0.0 for v in variables]
        assert np.linalg.matrix_rank(np.vstack([figures, row])) > rank, target
    assert shown_figures, "some cohort counts were shown"


def test_a_week_is_shown_only_once_no_zone_can_still_add_to_it(deps, clock):
    """A workspace set to Kiritimati (UTC+14) is in Tuesday while Pago Pago (UTC-11) is still in Sunday:
    a figure shown then would move with a Done dated that Sunday, and the two reads would differ by it."""
    store = deps.redis
    config = replace(workspace_config.get(store, deps.settings, team_id="T1"), tz="Pacific/Kiritimati")
    workspace_config.save(store, team_id="T1", config=config)
    for n in range(5):
        done(store, f"UZ{n}", date(2026, 11, 30) + timedelta(days=n))
    clock.now = datetime(2026, 12, 7, 10, 30, tzinfo=UTC)  # Tue 00:30 in Kiritimati, Sun 23:30 in Pago Pago
    before = {w.week: w for w in insight_flows.pulse(deps, None, team_id="T1", now=clock.now).weeks}
    done(store, "UZ5", date(2026, 12, 6))  # the person in Pago Pago says Done on their Sunday
    clock.now += timedelta(minutes=5)
    after = {w.week: w for w in insight_flows.pulse(deps, None, team_id="T1", now=clock.now).weeks}
    for monday, week in before.items():
        assert after[monday] == week, monday
    clock.now = datetime(2026, 12, 8, 12, 30, tzinfo=UTC)  # Tuesday everywhere: the week is over, shown
    later = {w.week: w for w in insight_flows.pulse(deps, None, team_id="T1", now=clock.now).weeks}
    assert later[date(2026, 11, 30)].active == 6


def test_each_admin_gets_the_pulse_chart_in_their_language(admin, store, standin, client):
    """The chart is uploaded once per week and language: its title and alt text are read by the admin
    who opens it, in their language, not in the first reader's."""
    people_active(store, 6, MONDAYS)
    standin.add_user("UDE", tz="UTC", is_admin=True)
    german = SlackUser(client, standin, "UDE")
    german.reply_to("language de")

    def chart(who) -> str:
        [image] = [b for b in who.reply_to("pulse")["blocks"] if b["type"] == "image"]
        return image["slack_file"]["id"]

    english, deutsch = chart(admin), chart(german)
    assert standin.files[english]["title"] == "Active people per week, last 8 weeks"
    assert standin.files[deutsch]["title"] == "Aktive Personen pro Woche, letzte 8 Wochen"
    assert (chart(admin), chart(german)) == (english, deutsch)  # each kept for the week
    assert not standin.files[english].get("deleted") and not standin.files[deutsch].get("deleted")
