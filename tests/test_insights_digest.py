"""The weekly picture through the real path: signed /glutes on -> scheduler tick -> RQ jobs -> the stand-in.

A person in Tokyo with four weeks of Dones (recorded with the same Done script a click runs) gets one
picture on their Monday morning (Sunday evening in UTC), with a PNG uploaded through Slack's external
upload and shown by an image block; none on later cards or days, none when turned off.
"""

from __future__ import annotations

import io
import json
from datetime import UTC, date, datetime, timedelta

import pytest
from PIL import Image
from slack_sdk.models.blocks import Block

from slackapp import ids
from slackapp.domain.progression import Progress
from slackapp.store import progress, stats
from slackapp.ui import charts
from tests.conftest import record_done, run_jobs
from workers import scheduler

TOKYO = "Asia/Tokyo"
# Sunday 29 Nov 2026, 12:00 UTC = 21:00 in Tokyo: breaks turned on the evening before the week starts.
SUNDAY_EVENING_TOKYO = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
# Monday 30 Nov 09:50 in Tokyo (the first break: 09:00 + 50 minutes) is 00:50 UTC.
FIRST_CARD_MONDAY = datetime(2026, 11, 30, 0, 50, tzinfo=UTC)


def digests_to(standin, user_id="U1"):
    return [
        c
        for c in standin.calls_to("chat.postMessage")
        if c.ok
        and c.args.get("channel") == user_id
        and any(b.get("type") == "header" for b in c.args.get("blocks") or [])
        and "Your week of" in json.dumps(c.args.get("blocks"))
    ]


def seed_month(store, user_id="U1"):
    """Four weeks of workdays (2 Nov to 27 Nov) with 1-4 Dones each, through the card and Done scripts."""
    done = {}
    day = date(2026, 11, 2)
    n = 0
    while day <= date(2026, 11, 27):
        if day.weekday() < 5:
            count = 1 + (n % 4)
            for k in range(count):
                record_done(store, user_id, day, break_id=str(1_000_000 + n * 10 + k), hour=10 + (k % 2))
            done[day] = count
            n += 1
        day += timedelta(days=1)
    return done


def bar_heights(png: bytes) -> list[int]:
    """The height in pixels of each bar drawn in the chart's bar colour, left to right."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    colour = tuple(int(charts.BAR_COLOUR[i : i + 2], 16) for i in (1, 3, 5))
    width, height = image.size
    pixels = image.load()
    columns = [sum(1 for y in range(height) if pixels[x, y] == colour) for x in range(width)]
    bars, current = [], 0
    for count in columns + [0]:
        if count:
            current = max(current, count)
        elif current:
            bars.append(current)
            current = 0
    return bars


@pytest.fixture
def tokyo_alice(alice, standin, clock):
    standin.add_user("U1", tz=TOKYO)
    clock.now = SUNDAY_EVENING_TOKYO
    assert "Breaks are on" in alice.reply_to("on")["text"]
    return alice


def deliver_at(deps, clock, when):
    clock.now = when
    scheduler.tick(deps, clock())
    run_jobs(deps)
    run_jobs(deps)  # the picture's job, queued by the card's


def test_one_picture_on_monday_morning_with_the_uploaded_chart(tokyo_alice, standin, store, deps, clock):
    seeded = seed_month(store)
    progress.save(store, team_id="T1", user_id="U1", progress=Progress(level=2, since=date(2026, 11, 16)))
    deliver_at(deps, clock, FIRST_CARD_MONDAY)

    [digest] = digests_to(standin)
    [get_url] = standin.calls_to("files.getUploadURLExternal")
    [upload] = standin.calls_to("upload")
    [complete] = standin.calls_to("files.completeUploadExternal")
    file_id = get_url.answer["file_id"]
    assert upload.args["file_id"] == file_id and upload.args["png"]
    # Kept private: completed without a channel, shown only by the DM's image block.
    assert not complete.args.get("channel_id") and not complete.args.get("channels")
    [image] = [b for b in digest.args["blocks"] if b["type"] == "image"]
    assert image["slack_file"] == {"id": file_id}
    assert "image_url" not in image
    for block in Block.parse_all(digest.args["blocks"]):
        block.validate_json()  # slack_sdk's Block Kit checks (alt_text length, required fields…)

    # Last week (23-27 Nov) against the week before, with the usual hour.
    stored = stats.done_by_day(store, team_id="T1", user_id="U1")
    last = sum(stored.get(date(2026, 11, 23) + timedelta(days=n), 0) for n in range(7))
    before = sum(stored.get(date(2026, 11, 16) + timedelta(days=n), 0) for n in range(7))
    text = json.dumps(digest.args["blocks"], ensure_ascii=False)
    assert f"*Last week:* {last} breaks on 5 days" in text
    assert f"*The week before:* {before} breaks on 5 days" in text
    assert "around 10:00\u202fAM" in text  # Babel writes the locale's own narrow space
    assert ":signal_strength: Level 2 of 3" in text  # their move level, shown to them alone
    assert "not medical advice" in text

    # The PNG decodes; the numbers it was drawn from are the stored counts, and its bars match them.
    png = standin.file_data(file_id)
    drawn = json.loads(Image.open(io.BytesIO(png)).text[charts.DATA_KEY])["days"]
    assert [d for d, _ in drawn][0] == "2026-11-02" and len(drawn) == 28
    assert (
        {date.fromisoformat(d): c for d, c in drawn if c}
        == seeded
        == {d: c for d, c in stored.items() if date(2026, 11, 2) <= d <= date(2026, 11, 29)}
    )
    heights = bar_heights(png)
    counts = [c for _, c in drawn if c]
    assert len(heights) == len(counts)
    unit = heights[counts.index(max(counts))] / max(counts)
    assert all(abs(h - c * unit) <= 2 for h, c in zip(heights, counts, strict=True))
    # The alt text says every number.
    assert "Nov 23: " in image["alt_text"] and len(image["alt_text"]) <= 2000


def test_no_second_picture_that_week_and_none_when_turned_off(tokyo_alice, standin, store, deps, clock):
    seed_month(store)
    deliver_at(deps, clock, FIRST_CARD_MONDAY)
    assert len(digests_to(standin)) == 1
    deliver_at(deps, clock, FIRST_CARD_MONDAY + timedelta(minutes=50))  # Monday's second card
    deliver_at(deps, clock, FIRST_CARD_MONDAY + timedelta(days=1))  # Tuesday's first
    assert len(digests_to(standin)) == 1
    assert len(standin.calls_to("files.completeUploadExternal")) == 1

    reply = tokyo_alice.reply_to("digest off")
    assert "weekly picture is off" in reply["text"]
    deliver_at(deps, clock, FIRST_CARD_MONDAY + timedelta(days=7))  # the next Monday
    assert len(digests_to(standin)) == 1

    assert "weekly picture is on" in tokyo_alice.reply_to("digest on")["text"]
    deliver_at(deps, clock, FIRST_CARD_MONDAY + timedelta(days=14))
    assert len(digests_to(standin)) == 2
    # The new week's chart replaced the old one, which was deleted from Slack.
    [deleted] = standin.calls_to("files.delete")
    assert deleted.args["file"] == standin.calls_to("files.getUploadURLExternal")[0].answer["file_id"]


def test_the_off_button_and_a_mistyped_word(tokyo_alice, standin, store, deps, clock):
    assert "digest on" in tokyo_alice.reply_to("digest sometimes")["text"]
    tokyo_alice.click(ids.ACTION_DIGEST_OFF, "off")
    reply = standin.wait_for("response", where=lambda c: "weekly picture is off" in str(c.args.get("text")))
    assert reply
    seed_month(store)
    deliver_at(deps, clock, FIRST_CARD_MONDAY)
    assert digests_to(standin) == []


def home_views(standin):
    return [c.args["view"] for c in standin.calls_to("views.publish") if c.ok]


def test_home_shows_the_weeks_picture_and_keeps_the_text_chart(tokyo_alice, standin, store, clock):
    seed_month(store)
    clock.now = FIRST_CARD_MONDAY
    tokyo_alice.open_home()
    view = standin.wait_for("views.publish")[0].args["view"]
    [image] = [b for b in view["blocks"] if b["type"] == "image"]
    file_id = standin.calls_to("files.getUploadURLExternal")[0].answer["file_id"]
    assert image["slack_file"] == {"id": file_id}
    assert any("Last 7 days" in json.dumps(b) for b in view["blocks"])
    # Opened again the same week: the same file, nothing drawn or uploaded again.
    tokyo_alice.open_home()
    standin.wait_for("views.publish", 2)
    assert len(standin.calls_to("files.getUploadURLExternal")) == 1
    # A new week: a new chart, and last week's file deleted from Slack.
    clock.now = FIRST_CARD_MONDAY + timedelta(days=7)
    tokyo_alice.open_home()
    standin.wait_for("views.publish", 3)
    assert len(standin.calls_to("files.getUploadURLExternal")) == 2
    assert standin.wait_for("files.delete")[0].args["file"] == file_id


def test_home_falls_back_to_the_text_chart_when_the_upload_fails(tokyo_alice, standin, store, clock):
    from slackapp.devkit.standin import Failure

    seed_month(store)
    clock.now = FIRST_CARD_MONDAY
    standin.fail("files.getUploadURLExternal", Failure(error="not_allowed_token_type"))
    tokyo_alice.open_home()
    view = standin.wait_for("views.publish")[0].args["view"]
    assert not [b for b in view["blocks"] if b["type"] == "image"]
    assert any("Last 7 days" in json.dumps(b) for b in view["blocks"])


def test_forget_me_deletes_the_chart_files_from_slack(tokyo_alice, standin, store, deps, clock):
    seed_month(store)
    deliver_at(deps, clock, FIRST_CARD_MONDAY)
    file_id = standin.calls_to("files.getUploadURLExternal")[0].answer["file_id"]
    tokyo_alice.reply_to("forget-me")
    tokyo_alice.click(ids.ACTION_FORGET_CONFIRM, "forget")
    standin.wait_for("response", where=lambda c: "deleted" in str(c.args.get("text")))
    assert [c.args["file"] for c in standin.calls_to("files.delete")] == [file_id]
    assert standin.file_data(file_id) is None
