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
