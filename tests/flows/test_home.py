"""Publishing the App Home, and asking for it to be redone only for people who use it."""

from __future__ import annotations

from slackapp.deps import DEFAULT_QUEUE, JOB_FAILURE_TTL
from slackapp.domain.timestamps import to_ms
from slackapp.flows import home, scheduling
from slackapp.slack.client import web_client
from slackapp.store import people


def test_publish_home_sends_the_persons_view(deps, standin, store, clock):
    standin.add_user("U1", tz="UTC")
    people.opt_in(store, team_id="T1", user_id="U1", next_due_ms=to_ms(clock()))

    home.publish_home(deps, web_client(deps.settings, "xoxb-test-token"), team_id="T1", user_id="U1")

    [call] = standin.calls_to("views.publish")
    assert call.args["user_id"] == "U1"
    view = str(call.args["view"])
    assert "Next break at" in view and "Breaks are paused" not in view
    assert "*Admin*" not in view  # U1 is not an admin


def test_a_refresh_is_queued_only_for_people_who_opened_home(deps, store):
    queue = deps.queue(DEFAULT_QUEUE)
    home.request_home_refresh(deps, team_id="T1", user_id="U1")
    assert queue.count == 0

    home.mark_seen(store, team_id="T1", user_id="U1")
    home.request_home_refresh(deps, team_id="T1", user_id="U1")
    [job] = queue.get_jobs()
    assert job.func_name == "workers.jobs.refresh_home" and job.args[0] == "T1"
    assert "U1" not in repr(job.args)  # the job names a batch, never the person (docs/privacy.md)
    assert scheduling.batch_members(store, team_id="T1", batch=job.args[1]) == ["U1"]
    assert job.failure_ttl == JOB_FAILURE_TTL == 24 * 3600


def test_the_admins_live_counts_each_cover_five_people_or_are_not_shown(deps, store, clock):
    from slackapp.flows import boards as board_flows
    from slackapp.store import keys

    def summary():
        return home.admin_summary(store, deps.settings, team_id="T1", now=clock())

    week = board_flows.period_key(store, deps.settings, team_id="T1", period="week", now=clock())
    for n in range(4):
        people.opt_in(store, team_id="T1", user_id=f"U{n}", next_due_ms=to_ms(clock()))
        store.zincrby(keys.board("T1", week), 3, f"U{n}")
    # Four people: an admin refreshing Home would see one person's opt-in or Done arrive.
    assert (summary().opted_in, summary().breaks_this_week) == (None, None)
    people.opt_in(store, team_id="T1", user_id="U4", next_due_ms=to_ms(clock()))
    assert (summary().opted_in, summary().breaks_this_week) == (5, None)  # four took a break
    store.zincrby(keys.board("T1", week), 1, "U4")
    assert (summary().opted_in, summary().breaks_this_week) == (5, 13)
