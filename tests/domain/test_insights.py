"""Insights' rules: the weekly picture's figures and the pulse's "fewer than 5" rule, on plain data."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from slackapp.domain import insights as rules


def test_the_picture_covers_the_last_full_week_and_four_weeks_of_days():
    done = {date(2026, 11, 24): 3, date(2026, 11, 26): 1, date(2026, 11, 17): 2, date(2026, 11, 2): 1}
    found = rules.digest(done, {10: 4, 14: 4, 9: 1}, today=date(2026, 12, 1), streak=3)
    assert found.week == date(2026, 11, 23)
    assert found.last == rules.WeekTally(4, 2) and found.before == rules.WeekTally(2, 1)
    assert found.top_hour == 10  # a tie goes to the earlier hour
    assert found.daily[0] == (date(2026, 11, 2), 1) and len(found.daily) == 28
    assert found.mood == "more" and found.chart_total == 7


@pytest.mark.parametrize(
    ("last", "before", "mood"),
    [(0, 5, "rest"), (3, 0, "first"), (5, 3, "more"), (3, 3, "steady"), (2, 6, "fewer")],
)
def test_each_week_gets_a_kind_line(last, before, mood):
    assert rules.mood(rules.WeekTally(last, 1), rules.WeekTally(before, 1)) == mood


def test_nothing_to_show_sends_nothing():
    assert not rules.worth_sending({}, set(), today=date(2026, 12, 1))
    assert rules.worth_sending({}, {date(2026, 11, 10)}, today=date(2026, 12, 1))
    assert not rules.worth_sending({date(2026, 12, 1): 2}, set(), today=date(2026, 12, 1))  # this week only


def test_the_pulse_shows_only_finished_weeks():
    wednesday = rules.pulse_weeks(date(2026, 12, 9))
    monday = rules.pulse_weeks(date(2026, 12, 7))
    assert wednesday[-1] == date(2026, 11, 30)  # last week, over everywhere
    assert monday[-1] == date(2026, 11, 23)  # on Monday someone far west may still be in Sunday
    assert len(wednesday) == max(rules.PULSE_WEEKS, max(rules.COHORT_WEEKS) + 1)


def test_fewer_than_5_hides_a_whole_week_and_a_small_cohort():
    mondays = [date(2026, 10, 5) + timedelta(days=7 * n) for n in range(9)]
    weeks = [
        rules.WeekCounts(m, done=20, person_days=8, active=4 if n == 8 else 6, started=3)
        for n, m in enumerate(mondays)
    ]
    weeks[7] = rules.WeekCounts(mondays[7], done=30, person_days=9, active=6, started=7)
    weeks[8] = rules.WeekCounts(
        mondays[8], done=10, person_days=4, active=5, started=0, active_from={mondays[7].isoformat(): 4}
    )
    found = rules.pulse(weeks, opted_in=4, members=3, challenge_people=5)
    assert found.opted_in is None and found.members is None and found.share is None
    assert found.challenge_people == 5
    assert found.weeks[-1] == rules.PulseWeek(mondays[8], 5, 10, 0.4, 4)
    assert found.weeks[0].week == mondays[1]
    one_week = found.cohorts[0]
    assert one_week.started == 7 and one_week.still_active is None  # 4 of 7: fewer than 5 shown
    assert all(c.started is None for c in found.cohorts[1:])  # 3 started: too few to show at all


def test_a_cohort_count_is_withheld_when_a_difference_with_it_covers_fewer_than_5():
    mondays = [date(2026, 10, 5) + timedelta(days=7 * n) for n in range(9)]
    weeks = [rules.WeekCounts(m, done=40, person_days=20, active=6, started=0) for m in mondays]
    weeks[7] = rules.WeekCounts(mondays[7], done=9, person_days=9, active=9, started=12)  # 1 week ago
    weeks[6] = rules.WeekCounts(mondays[6], done=9, person_days=9, active=9, started=6)  # 2 weeks ago

    def newest(active: int, from_one: int, from_two: int) -> rules.Pulse:
        counts = {mondays[7].isoformat(): from_one, mondays[6].isoformat(): from_two}
        weeks[8] = rules.WeekCounts(mondays[8], 60, 30, active, 0, counts)
        return rules.pulse(weeks, opted_in=30, members=40, challenge_people=0)

    one, two = newest(active=20, from_one=7, from_two=5).cohorts[:2]
    assert (one.started, one.still_active, one.withheld) == (12, 7, False)  # 5 did not stay: shown
    assert (two.started, two.still_active, two.withheld) == (6, None, True)  # 1 did not stay: withheld
    one, two = newest(active=20, from_one=8, from_two=0).cohorts[:2]
    assert one.withheld and one.still_active is None  # 4 of 12 left: too few
    assert two.still_active is None and not two.withheld  # 0 of 6: "fewer than 5", as before
    # 7 of the week's 10 active started a week ago: the other 3 would be told apart, so it is withheld.
    [one] = newest(active=10, from_one=7, from_two=0).cohorts[:1]
    assert one.withheld and one.still_active is None
