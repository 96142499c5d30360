from __future__ import annotations

from datetime import date

from slackapp.domain.challenge import Challenge
from slackapp.store import challenges, due, keys, stats

DAY = date(2026, 11, 25)


def _challenge(challenge_id="c1", channel_id="C1"):
    return Challenge(challenge_id, channel_id, "Glute Challenge", "UBOSS", DAY, date(2026, 12, 8))


def test_of_challenges_started_in_one_channel_at_once_exactly_one_runs(store, together):
    started = together(8, lambda r, i: challenges.create(r, team_id="T1", challenge=_challenge(f"c{i}")))
    assert started.count(True) == 1
    winner = f"c{started.index(True)}"
    assert challenges.in_channel(store, team_id="T1", channel_id="C1") == _challenge(winner)
    assert [c.challenge_id for c in challenges.running(store, team_id="T1")] == [winner]
    assert due.teams(store) == ["T1"]


def test_a_challenge_finished_by_many_at_once_finishes_once_and_frees_its_channel(store, together):
    challenges.create(store, team_id="T1", challenge=_challenge())
    finished = together(8, lambda r, i: challenges.finish(r, team_id="T1", challenge=_challenge()))
    assert finished.count(True) == 1
    assert challenges.in_channel(store, team_id="T1", channel_id="C1") is None
    assert challenges.running(store, team_id="T1") == []
    assert challenges.get(store, team_id="T1", challenge_id="c1").stopped
    assert challenges.create(store, team_id="T1", challenge=_challenge("c2"))  # the channel is free again


def test_finishing_an_old_challenge_leaves_the_channels_new_one_alone(store):
    challenges.create(store, team_id="T1", challenge=_challenge("old"))
    challenges.finish(store, team_id="T1", challenge=_challenge("old"))
    challenges.create(store, team_id="T1", challenge=_challenge("new"))
    assert not challenges.finish(store, team_id="T1", challenge=_challenge("old"))
    assert challenges.in_channel(store, team_id="T1", channel_id="C1").challenge_id == "new"


def test_a_team_break_counts_once_per_person_however_often_they_click(store, together):
    challenges.create(store, team_id="T1", challenge=_challenge())
    challenges.add_team_break_post(store, team_id="T1", challenge_id="c1", post_ts="9.9")
    scores = (keys.challenge_scores("T1", "c1"),)

    def click(r, i):
        return challenges.count_team_break(
            r,
            team_id="T1",
            challenge_id="c1",
            post_ts="9.9",
            user_id=f"U{i % 2}",
            local_date=DAY.isoformat(),
            score_keys=scores,
        )

    counted = together(8, click)
    assert counted.count(True) == 2  # U0 and U1, once each
    assert challenges.clicks(store, team_id="T1", challenge_id="c1", post_ts="9.9") == 2
    assert sorted(challenges.scores(store, team_id="T1", challenge_id="c1")) == [("U0", 1), ("U1", 1)]
    assert stats.done_on(store, team_id="T1", user_id="U0", day=DAY) == 1
    assert challenges.is_team_break_post(store, team_id="T1", challenge_id="c1", post_ts="9.9")
    assert not challenges.is_team_break_post(store, team_id="T1", challenge_id="c1", post_ts="1.0")


def test_joining_twice_joins_once_and_scores_only_while_the_challenge_is_on(store):
    challenges.create(store, team_id="T1", challenge=_challenge())
    assert challenges.join(store, team_id="T1", challenge_id="c1", user_id="U1")
    assert not challenges.join(store, team_id="T1", challenge_id="c1", user_id="U1")
    on = challenges.score_keys_for(store, team_id="T1", user_id="U1", today=DAY)
    assert on == (keys.challenge_scores("T1", "c1"),)
    assert challenges.score_keys_for(store, team_id="T1", user_id="U1", today=date(2026, 12, 9)) == ()
    challenges.finish(store, team_id="T1", challenge=_challenge())
    assert challenges.score_keys_for(store, team_id="T1", user_id="U1", today=DAY) == ()
