"""Privacy: only what is needed is kept, export hands over everything, forget-me leaves nothing.

"Nothing" is checked by scanning the whole Redis (tests/privacy_scan.py): every key, hash field, list
item, set and sorted-set member and RQ's compressed job data.
"""

from __future__ import annotations

import json
import threading
from dataclasses import replace
from datetime import date

from rq.registry import FailedJobRegistry

from slackapp import ids
from slackapp.deps import DEFAULT_QUEUE
from slackapp.devkit.standin import Failure
from slackapp.domain.timestamps import to_ms, to_us
from slackapp.flows import delivery, privacy
from slackapp.flows import profiles as profile_flows
from slackapp.slack import tokens
from slackapp.slack.client import web_client
from slackapp.store import keys, people, profiles, selftests, workspace_config
from tests.conftest import SlackUser, eventually, run_jobs
from tests.privacy_scan import scan

# `dist` is the distribution-mode fixture, used by name.
from tests.test_install import dist, install  # noqa: F401
from workers import scheduler

PERSON = "UPRIVACY1"
TOMBSTONE = keys.forgotten("T1", PERSON)


def traces_besides_tombstone(store, user_id=PERSON):
    return [t for t in scan(store, user_id).traces if t[0] != keys.forgotten("T1", user_id)]


def export_names(data):
    return set(data["records"]) | set(data["memberships"]) | set(data["installation"])


def scan_names(store, user_id=PERSON):
    """The scan's findings named the way the export names them (the key without `glutes:` or its team)."""
    return {
        key.removeprefix("glutes:T1:").removeprefix("glutes:")
        for key in scan(store, user_id).keys_with_traces()
    }


def test_a_user_change_for_someone_without_breaks_stores_nothing(alice, store, clock):
    alice.reply_to("on")
    stranger = {"id": "UNEVER1", "team_id": "T1", "tz": "Europe/Paris"}
    stranger["profile"] = {"status_text": "At the clinic for my back", "status_emoji": ":hospital:"}
    assert alice.event({"type": "user_change", "user": stranger}, event_id="EvS").status_code == 200
    me = dict(alice.standin.users["U1"], profile={"status_text": "Lunch", "status_emoji": ":taco:"})
    assert alice.event({"type": "user_change", "user": me}, event_id="EvMe").status_code == 200
    assert eventually(lambda: (profiles.get(store, team_id="T1", user_id="U1") or None) and True)
    assert eventually(lambda: profiles.get(store, team_id="T1", user_id="U1").status_text == "Lunch")
    # The opted-in person's copy expires (two days: lookups never use one older than a day).
    assert 0 < store.ttl(keys.profile("T1", "U1")) <= profiles.PROFILE_TTL_SECONDS
    # The stranger's event, handled in the same way and at the same time, left nothing at all.
    profile_flows.profile_changed(store, team_id="T1", user=stranger, now=clock(), at_us=to_us(clock()))
    assert scan(store, "UNEVER1").traces == []
    assert not eventually(lambda: scan(store, "UNEVER1").traces, timeout=0.3)


def test_self_tests_are_kept_for_twelve_months(store):
    for taken_on in ("2024-11-10", "2025-06-01", "2025-12-01"):
        selftests.add(
            store, team_id="T1", user_id="U1", record={"taken_on": taken_on, "variant": "x"}, retest_at_ms=1
        )
    # Adding the December result dropped the one from November 2024, more than 12 months before it.
    kept = [r["taken_on"] for r in selftests.all_records(store, team_id="T1", user_id="U1")]
    assert kept == ["2025-06-01", "2025-12-01"]
    # Reading half a year later drops June's too; the list itself expires a year after the last result.
    later = selftests.all_records(store, team_id="T1", user_id="U1", today=date(2026, 7, 1))
    assert [r["taken_on"] for r in later] == ["2025-12-01"]
    assert 0 < store.ttl(keys.selftests("T1", "U1")) <= selftests.LIST_TTL_SECONDS


def _use_everything(person, deps, standin, clock):
    """The person turns breaks on, gets a break, marks it done, hides, takes the self-test, uses Home."""
    store = deps.redis
    person.reply_to("on")
    person.reply_to("hide")
    person.reply_to("language en")  # a language choice of their own (English keeps the replies readable here)
    person.open_home()
    assert eventually(lambda: store.sismember(keys.home_seen("T1"), person.user_id))
    clock.advance(minutes=50)
    scheduler.tick(deps, clock())
    run_jobs(deps)
    card = next(
        c
        for c in standin.calls_to("chat.postMessage")
        if c.args.get("channel") == person.user_id and "Break" in c.args["text"]
    )
    done = next(b for b in card.args["blocks"] if b.get("block_id") == ids.BLOCK_BREAK_ACTIONS)["elements"][0]
    person.click(ids.ACTION_BREAK_DONE, done["value"])
    standin.wait_for("chat.update")
    selftests.add(
        store, team_id="T1", user_id=person.user_id, record={"taken_on": "2026-11-25"}, retest_at_ms=1
    )
    config = replace(workspace_config.get(store, deps.settings, team_id="T1"), app_admins=(person.user_id,))
    workspace_config.save(store, team_id="T1", config=config)


def _a_failing_home_refresh(person, deps, standin):
    """A Home refresh for the person that fails (Slack answers 500) and sits in RQ's failed registry."""
    standin.fail("views.publish", Failure(status=500, error="internal_error"))
    person.reply_to("unhide")  # changes the Home: a refresh is queued
    run_jobs(deps)
    failed = FailedJobRegistry(queue=deps.queue(DEFAULT_QUEUE))
    assert eventually(lambda: failed.count >= 1)
    standin.clear_failures()
    person.reply_to("hide")  # and one more waits in the queue


def test_export_holds_everything_a_scan_finds_and_forget_me_leaves_only_the_tombstone(
    client, standin, deps, clock
):
    store = deps.redis
    standin.add_user(PERSON, tz="UTC")
    person, other = SlackUser(client, standin, PERSON), SlackUser(client, standin, "UOTHER1")
    other.reply_to("on")
    _use_everything(person, deps, standin, clock)
    _a_failing_home_refresh(person, deps, standin)

    found = scan_names(store)
    assert {
        f"user:{PERSON}",
        f"language:{PERSON}",
        "opted-in",
        "hidden",
        "home-seen",
        "board:all",
        "settings",
    } <= found
    assert not any(name.startswith("rq:") for name in found)  # jobs name batches, never people
    person.reply_to("export")
    [upload] = standin.wait_for("upload", where=lambda c: not c.args.get("png"))
    exported = json.loads(upload.args["content"])
    assert found <= export_names(exported), found - export_names(exported)

    person.reply_to("forget-me")
    person.click(ids.ACTION_FORGET_CONFIRM, "forget")
    standin.wait_for("response", where=lambda c: "deleted" in str(c.args.get("text")))
    run_jobs(deps)  # the queued refresh finds nobody to refresh

    assert traces_besides_tombstone(store) == []
    # The tombstone holds the moment of forgetting and nothing else, for a day at most.
    assert store.get(TOMBSTONE) == str(to_ms(deps.clock())) and 0 < store.ttl(TOMBSTONE) <= 24 * 3600
    assert people.get(store, team_id="T1", user_id="UOTHER1").opted_in  # others keep theirs
    # Coming back is a fresh start: turning breaks on again lifts the tombstone.
    person.reply_to("on")
    assert not store.exists(TOMBSTONE) and people.get(store, team_id="T1", user_id=PERSON).opted_in


def test_a_send_in_flight_writes_nothing_back_after_forget_me(alice, standin, deps, clock):
    store = deps.redis
    for user_id in (PERSON, "UOTHER1"):
        standin.add_user(user_id, tz="UTC")
        profiles.save(store, team_id="T1", user_id=user_id, profile=_profile(clock))
        people.opt_in(store, team_id="T1", user_id=user_id, next_due_ms=to_ms(clock()))
    standin.latency = 0.3  # each Slack call takes a moment: forget-me lands while the card is on its way
    client = web_client(deps.settings, "xoxb-test-token")
    sending = threading.Thread(target=delivery.deliver, args=(deps, client, "T1", [PERSON, "UOTHER1"]))
    sending.start()
    standin.wait_for("chat.postMessage", where=lambda c: c.args.get("channel") == PERSON)
    privacy.forget(deps, team_id="T1", user_id=PERSON)
    sending.join()
    standin.latency = 0

    # Without the tombstone the card, the last exercise and the send lock would be written back now.
    assert traces_besides_tombstone(store) == []
    assert store.exists(keys.card("T1", "UOTHER1", str(to_ms(clock()))))


def _profile(clock):
    return profiles.Profile("UTC", "", "", 0, False, False, False, int(clock().timestamp()))


def test_the_installer_is_anonymised_and_the_workspace_keeps_working(dist, standin):  # noqa: F811
    deps, client = dist
    install(client, standin, f"T1:{PERSON}")
    installer = SlackUser(client, standin, PERSON)
    installer.reply_to("on")
    assert {"installation:user:" + PERSON, "installation:latest"} <= scan_names(deps.redis)
    installer.reply_to("forget-me")
    installer.click(ids.ACTION_FORGET_CONFIRM, "forget")
    standin.wait_for("response", where=lambda c: "deleted" in str(c.args.get("text")))

    assert traces_besides_tombstone(deps.redis) == []
    assert tokens.bot_token(deps.settings, deps.redis, "T1")  # the app still works for everyone else


def test_uninstall_purges_the_workspace_and_its_jobs_after_the_grace_period(
    dist,  # noqa: F811
    standin,
    clock,
):
    deps, client = dist
    install(client, standin, "T1:UA")
    person = SlackUser(client, standin, PERSON)
    standin.add_user(PERSON, tz="UTC")
    person.reply_to("on")
    person.open_home()
    assert eventually(lambda: deps.redis.sismember(keys.home_seen("T1"), PERSON))
    _a_failing_home_refresh(person, deps, standin)
    person.event({"type": "app_uninstalled"}, event_id="EvGone")
    assert eventually(lambda: tokens.bot_token(deps.settings, deps.redis, "T1") is None)
    assert scan(deps.redis, PERSON).traces  # kept during the grace period, in case they come back

    clock.advance(days=8)
    scheduler.tick(deps, clock())
    run_jobs(deps)
    assert scan(deps.redis, PERSON).traces == []
    assert FailedJobRegistry(queue=deps.queue(DEFAULT_QUEUE)).count == 0
    assert not list(deps.redis.scan_iter(match="glutes:T1:*"))


def test_jobs_carry_batches_and_failures_are_kept_a_day(alice, deps, clock):
    alice.reply_to("on")
    clock.advance(minutes=50)
    scheduler.tick(deps, clock())
    [job] = deps.queue("glutes-breaks").get_jobs()
    assert "U1" not in repr(job.args) and "U1" not in (job.description or "")
    assert job.failure_ttl == 24 * 3600 and job.result_ttl == 3600
    run_jobs(deps)
    assert alice.standin.calls_to("chat.postMessage")
    assert not list(deps.redis.scan_iter(match=keys.work_batch("T1", "*")))  # done batches go at once


def test_stale_records_expire_or_are_listed_in_docs():
    """Every per-person key either expires or docs/privacy.md lists it with its reason."""
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "privacy.md").read_text(encoding="utf-8")
    kept_without_ttl = ["user:", "done-days:", "skipped-days:", "user-challenges:", "installation:user:"]
    shared = ["opted-in", "home-seen", "hidden", "due", "retest-due", "board:", "challenge:", "settings"]
    for name in kept_without_ttl + shared:
        assert f"`{name}" in doc, name
    expiring = ["profile:", "slack-locale:", "dnd:", "card:", "sending:", "selftests:", "batch:"]
    expiring.append("forgotten:")
    for name in expiring:
        assert f"`{name}" in doc, name
