"""The playground's routes, on the app's own Flask (mounted by web/app.py only when `enabled`).

GET /                    the page (people, conversations, Home tab, message box, time controls)
GET /playground/feed     what the current person sees that is new since a cursor, rendered: the stand-in's
                         recorded calls (chat.postMessage/update, views.*, response_url posts)
POST /playground/command /glutes … as a signed slash command
POST /playground/action  a click, pick or tick as a signed block_actions payload
POST /playground/submit  a modal's Submit as a signed view_submission; the app's answer (errors, update,
                         push, clear) comes back to the page as Slack would apply it
POST /playground/home    opening the Home tab: a signed app_home_opened event
POST /playground/person  DND, status (optionally ending in a few seconds) and huddle toggles (a signed
                         user_change or user_huddle_changed event, as Slack sends)
POST /playground/skip    the person's next break, now
POST /playground/picture the person's weekly picture, now (four practice weeks of Dones first, if they have
                         none), as their week's first card would bring it
GET /playground/files/F… an image the app uploaded to the stand-in (a chart an image block shows)
POST /playground/workflow "Run a workflow": one Workflow Builder step as a signed function_executed event,
                         answered with how the run ended (functions.completeSuccess/completeError)
POST /playground/ahead   the shared clock a day or a week ahead (every process reads it from Redis)
POST /playground/reset   forget everything: the workspace's data and the stand-in's recorded calls
"""

from __future__ import annotations

import itertools
import json
import re
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlencode

from flask import Blueprint, Flask, Response, jsonify, request

from slackapp import ids
from slackapp.clock import ShiftedClock
from slackapp.deps import QUEUES, Deps
from slackapp.devkit import demo, slack_requests
from slackapp.devkit.playground import LOOPBACK, SIGNING_SECRET, blockkit, loopback_host, same_origin
from slackapp.domain import insights as insight_rules
from slackapp.domain import schedule, timestamps
from slackapp.flows import insights
from slackapp.store import cards, clock_offset, jobs, people, profiles, stats, workspaces

HERE = Path(__file__).parent
TEAM_ID = demo.TEAM_ID
CHANNELS = blockkit.CHANNEL_NAMES
PEOPLE = demo.PEOPLE
NAMES = {p.user_id: p.name for p in PEOPLE}
STATUS = {"text": "In a meeting", "emoji": ":calendar:"}
LOCAL = demo.LOCAL
_sequence = itertools.count(1)
# "Run a workflow": each step with the inputs a workflow author would wire in (the channel is #demo; the
# person is whoever the page is being).
STEP_TITLES = {
    ids.FUNCTION_TEAM_BREAK: "Start a team glute break in #demo",
    ids.FUNCTION_BREAK_CARD: "Send me a break card",
    ids.FUNCTION_CHALLENGE: "Start a 7-day challenge in #demo",
}
STEP_END_WAIT_SECONDS = 15.0


def step_inputs(step: str, user_id: str) -> dict[str, Any]:
    channel = next(iter(CHANNELS))
    runner = {"id": user_id, "secret": f"playground-{user_id}"}  # a user_context, as Slack fills it
    if step == ids.FUNCTION_TEAM_BREAK:
        return {ids.STEP_IN_CHANNEL: channel, ids.STEP_IN_MOVES: "standing", ids.STEP_IN_RUN_BY: runner}
    if step == ids.FUNCTION_BREAK_CARD:
        return {ids.STEP_IN_PERSON: user_id}
    return {
        ids.STEP_IN_CHANNEL: channel,
        ids.STEP_IN_DAYS: 7,
        ids.STEP_IN_TITLE: "Playground Glute Week",
        ids.STEP_IN_RUN_BY: runner,
    }


def slack_ts(now: datetime) -> str:
    """An event_ts as Slack writes it, on the playground's clock: its time travel moves Slack's time too,
    so the events it sends are ordered against the app's own lookups (see store.profiles)."""
    return f"{timestamps.to_us(now) / 1_000_000:.6f}"


def dm_channel(user_id: str) -> str:
    return "D" + user_id[1:]


def conversation(channel: str, user_id: str) -> str | None:
    """Where a message to `channel` shows for `user_id`: "dm" (their DM with the app), a channel id, or
    None (someone else's DM)."""
    if channel in (user_id, dm_channel(user_id)):
        return "dm"
    if channel.startswith(("C", "G")):
        return channel
    return None


def response_name(user_id: str, channel: str, ts: str) -> str:
    return f"{user_id}~{channel}~{ts or '-'}~{next(_sequence)}"


def trigger_id(user_id: str) -> str:
    return f"{next(_sequence)}.{user_id}.playground"


def trigger_user(trigger: Any) -> str:
    parts = str(trigger or "").split(".")
    return parts[1] if len(parts) == 3 and parts[2] == "playground" else ""


def feed(calls: list[dict[str, Any]], user_id: str) -> list[dict[str, Any]]:
    """The recorded Web API calls as what `user_id` sees, one event per call that shows."""
    events: list[dict[str, Any]] = []
    for call in calls:
        if not call.get("ok", True):
            continue
        event = _event(call, user_id)
        if event:
            events.append({"index": call["index"], **event})
    return events


def _event(call: Mapping[str, Any], user_id: str) -> dict[str, Any] | None:
    method, args, answer = call["method"], call.get("args") or {}, call.get("answer") or {}
    if method in ("chat.postMessage", "chat.update", "chat.postEphemeral"):
        conv = conversation(str(args.get("channel", "")), user_id)
        if conv is None or (method == "chat.postEphemeral" and args.get("user") != user_id):
            return None
        html = blockkit.message(args, NAMES)
        if method == "chat.update":
            return {"op": "update", "conv": conv, "key": str(args.get("ts")), "html": html}
        ephemeral = method == "chat.postEphemeral"
        key = f"e{call['index']}" if ephemeral else str(answer.get("ts"))
        return {"op": "post", "conv": conv, "key": key, "html": html, "ephemeral": ephemeral}
    if method in ("response", "ack"):  # posted at a response URL, or the body of the app's ack to it
        name = unquote(str(args.get("response_url", "")).rsplit("/", 1)[-1])
        parts = name.split("~")
        if len(parts) != 4:
            return None
        owner, channel, ts, _ = parts
        conv = conversation(channel, user_id)
        if conv is None:
            return None
        if args.get("delete_original") in (True, "true") and ts != "-":
            return {"op": "delete", "conv": conv, "key": ts}
        html = blockkit.message(args, NAMES)
        if args.get("replace_original") in (True, "true") and ts != "-":
            return {"op": "update", "conv": conv, "key": ts, "html": html}
        public = args.get("response_type") == "in_channel"
        if not public and owner != user_id:
            return None
        return {"op": "post", "conv": conv, "key": f"r{call['index']}", "html": html, "ephemeral": not public}
    if method == "views.publish":
        if args.get("user_id") != user_id:
            return None
        return {"op": "home", "html": blockkit.view(answer.get("view") or args.get("view") or {}, NAMES)}
    if method in ("views.open", "views.push"):
        if trigger_user(args.get("trigger_id")) != user_id:
            return None
        view = answer.get("view") or {}
        op = "modal_open" if method == "views.open" else "modal_push"
        return {"op": op, "view": view, "html": blockkit.view(view, NAMES)}
    if method == "views.update":
        view = answer.get("view") or {}
        return {"op": "modal_update", "view": view, "html": blockkit.view(view, NAMES)}
    return None


def page() -> str:
    people_json = json.dumps(
        [{"id": p.user_id, "name": p.name, "tz": p.tz, "admin": p.is_admin} for p in PEOPLE]
    )
    options = "".join(
        f'<option value="{p.user_id}">{p.name}{" (admin)" if p.is_admin else ""} · {p.tz}</option>'
        for p in PEOPLE
    )
    channels = "".join(
        f'<li><a href="#" class="conv" data-conv="{c}"># {n}</a></li>' for c, n in CHANNELS.items()
    )
    steps = "".join(f'<option value="{s}">{blockkit.esc(t)}</option>' for s, t in STEP_TITLES.items())
    template = (HERE / "static" / "page.html").read_text(encoding="utf-8")
    return (
        template.replace("{{PEOPLE_JSON}}", blockkit.esc(people_json))
        .replace("{{PEOPLE_OPTIONS}}", options)
        .replace("{{CHANNELS}}", channels)
        .replace("{{STEPS}}", steps)
    )


def practice_weeks(deps: Deps, user_id: str) -> int:
    """Four weeks of made-up Dones before this week (through the real card and Done scripts), for a
    person with none yet, so the weekly picture has something to draw; returns how many were added."""
    r, tz = deps.redis, next((p.tz for p in PEOPLE if p.user_id == user_id), "UTC")
    today = schedule.local_date(deps.clock(), tz)
    first = insight_rules.last_full_week(today) - timedelta(days=7 * (insight_rules.CHART_WEEKS - 1))
    if any(first <= day < today for day in stats.done_by_day(r, team_id=TEAM_ID, user_id=user_id)):
        return 0
    added = 0
    for offset in range(7 * insight_rules.CHART_WEEKS):
        day = first + timedelta(days=offset)
        if day.weekday() >= 5:
            continue
        for n in range(1 + (offset * 7) % 4):
            break_id = f"9{offset:03d}{n}"
            cards.save(
                r,
                team_id=TEAM_ID,
                user_id=user_id,
                break_id=break_id,
                exercise="glute_tap",
                local_date=day.isoformat(),
                channel="D" + user_id[1:],
                ts="1.1",
            )
            cards.record_outcome(
                r,
                team_id=TEAM_ID,
                user_id=user_id,
                break_id=break_id,
                outcome="done",
                local_date=day.isoformat(),
                hour=10 + n,
            )
            added += 1
    return added


def mount(flask: Flask, deps: Deps) -> None:
    """Add the playground's routes to the app (web/app.py calls this only when `enabled`)."""
    standin = str(deps.settings.playground_standin_url).rstrip("/")
    events_url = f"http://127.0.0.1:{deps.settings.port}/slack/events"
    bp = Blueprint("playground", __name__, static_folder="static", static_url_path="/playground/static")

    def standin_call(path: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(standin + path, data=data, method="POST" if data is not None else "GET")
        with LOCAL.open(req, timeout=5) as answer:
            return json.loads(answer.read())

    def to_slack(body: str, content_type: str = "application/x-www-form-urlencoded") -> dict[str, Any]:
        """POST a body signed with the playground's secret to the app's /slack/events, as Slack does."""
        headers = slack_requests.signed_headers(SIGNING_SECRET, body)
        headers["Content-Type"] = content_type
        req = urllib.request.Request(events_url, data=body.encode(), headers=headers, method="POST")
        try:
            with LOCAL.open(req, timeout=10) as answer:
                raw = answer.read().decode() or ""
                status = answer.status
        except urllib.error.HTTPError as error:
            return {"status": error.code, "ack": None, "error": error.read().decode(errors="replace")[:300]}
        try:
            ack = json.loads(raw) if raw.strip() else None
        except ValueError:
            ack = {"text": raw}
        return {"status": status, "ack": ack}

    def base_payload(user_id: str, kind: str) -> dict[str, Any]:
        return {
            "type": kind,
            "team": {"id": TEAM_ID, "domain": "playground"},
            "user": {
                "id": user_id,
                "username": user_id.lower(),
                "name": NAMES.get(user_id, user_id),
                "team_id": TEAM_ID,
            },
            "api_app_id": "A1",
            "token": "legacy-unused",
            "trigger_id": trigger_id(user_id),
        }

    def person() -> str:
        user_id = str((request.get_json(silent=True) or {}).get("user") or request.args.get("user") or "")
        return user_id if user_id in NAMES else PEOPLE[0].user_id

    def ack_events(conv: str, ack: Any, response_url: str) -> list[dict[str, Any]]:
        """A command's or action's immediate answer (an ephemeral reply), as the page shows it. It is
        recorded with the stand-in's calls too, under the same key, so a replay of the feed shows it again."""
        if not isinstance(ack, dict) or not (ack.get("text") or ack.get("blocks")):
            return []
        path = "/response/" + response_url.rsplit("/response/", 1)[-1]
        index = standin_call("/_standin/acks", {**ack, "response_url": path})["index"]
        public = ack.get("response_type") == "in_channel"
        html = blockkit.message(ack, NAMES)
        return [{"op": "post", "conv": conv, "key": f"r{index}", "html": html, "ephemeral": not public}]

    @bp.before_request
    def only_from_this_machine() -> Response | None:
        # The page acts as anyone in the pretend workspace and can wipe it: it answers this machine only,
        # whatever interface gunicorn listens on.
        if request.remote_addr not in LOOPBACK:
            return Response("the glutes playground answers only this machine", status=403)
        if not loopback_host(request.host):
            # Another site's name pointed at 127.0.0.1 (DNS rebinding) would make its pages same-origin.
            return Response("the glutes playground answers only at localhost or 127.0.0.1", status=403)
        if request.method not in ("GET", "HEAD", "OPTIONS") and not same_origin(
            request.headers.get("Origin"), request.host
        ):
            # Any site open in the browser can POST here; only the playground's own page may.
            return Response("the glutes playground takes changes only from its own page", status=403)
        return None

    @bp.get("/")
    def index() -> Response:
        return Response(page(), content_type="text/html; charset=utf-8")

    @bp.get("/playground/files/<file_id>")
    def playground_file(file_id: str) -> Response:
        """An image the app uploaded to the stand-in (a chart), for an image block's `slack_file`."""
        if not re.fullmatch(r"F[A-Z0-9]+", file_id):
            return Response("no such file", status=404)
        try:
            with LOCAL.open(f"{standin}/_standin/files/{file_id}", timeout=5) as answer:
                data, kind = answer.read(), answer.headers.get("Content-Type", "image/png")
        except urllib.error.HTTPError as error:
            error.close()
            return Response("no such file", status=404)
        return Response(data, content_type=kind)

    @bp.get("/playground/feed")
    def playground_feed() -> Response:
        user_id = person()
        try:
            since = int(request.args.get("since", "0"))
        except ValueError:
            since = 0
        found = standin_call(f"/_standin/calls?since={since}")
        users = {u["id"]: u for u in standin_call("/_standin/users")["users"]}
        state = {
            p.user_id: {
                "dnd": bool(users.get(p.user_id, {}).get("dnd")),
                "status": (users.get(p.user_id, {}).get("profile") or {}).get("status_text", ""),
                "huddle": (users.get(p.user_id, {}).get("profile") or {}).get("huddle_state")
                == "in_a_huddle",
            }
            for p in PEOPLE
        }
        offset_days = clock_offset.get(deps.redis, team_id=TEAM_ID) / 86400
        return jsonify(
            cursor=found["cursor"],
            events=feed(found["calls"], user_id),
            people=state,
            offset_days=offset_days,
        )

    @bp.post("/playground/command")
    def playground_command() -> Response:
        data = request.get_json(silent=True) or {}
        user_id, conv = person(), str(data.get("conv") or "dm")
        channel = dm_channel(user_id) if conv == "dm" else conv
        text = str(data.get("text") or "").strip()
        if not (text == "/glutes" or text.startswith("/glutes ")):
            note = (
                "Only <b>/glutes</b> commands reach the app here, as in Slack. Try <code>/glutes help</code>."
            )
            return jsonify(
                status=200,
                events=[
                    {
                        "op": "post",
                        "conv": conv,
                        "key": f"n{next(_sequence)}",
                        "html": note,
                        "ephemeral": True,
                    }
                ],
            )
        response_url = f"{standin}/response/{quote(response_name(user_id, channel, ''))}"
        body = slack_requests.command_body(
            text.removeprefix("/glutes").strip(),
            user_id=user_id,
            team_id=TEAM_ID,
            channel_id=channel,
            response_url=response_url,
        )
        body = body.replace("trigger_id=1337.42.abcd", urlencode({"trigger_id": trigger_id(user_id)}))
        answer = to_slack(body)
        return jsonify(status=answer["status"], events=ack_events(conv, answer["ack"], response_url))

    @bp.post("/playground/action")
    def playground_action() -> Response:
        data = request.get_json(silent=True) or {}
        user_id = person()
        action = dict(data.get("action") or {})
        action["action_ts"] = str(time.time())
        payload = base_payload(user_id, "block_actions")
        payload["actions"] = [action]
        view = data.get("view")
        conv, response_url = "dm", ""
        if isinstance(view, dict):
            view = {**view, "state": {"values": data.get("state") or {}}}
            payload.update(container={"type": "view", "view_id": view.get("id")}, view=view)
        elif data.get("surface") == "home":
            payload.update(
                container={"type": "view", "view_id": "VHOME"},
                view={"id": "VHOME", "type": "home", "team_id": TEAM_ID},
            )
        else:
            conv = str(data.get("conv") or "dm")
            channel = dm_channel(user_id) if conv == "dm" else conv
            ts = str(data.get("ts") or "")
            response_url = f"{standin}/response/{quote(response_name(user_id, channel, ts))}"
            payload.update(
                container={
                    "type": "message",
                    "message_ts": ts,
                    "channel_id": channel,
                    "is_ephemeral": bool(data.get("ephemeral")),
                },
                channel={"id": channel, "name": CHANNELS.get(channel, "directmessage")},
                message={"ts": ts, "type": "message"},
                response_url=response_url,
                state={"values": data.get("state") or {}},
            )
        answer = to_slack(urlencode({"payload": json.dumps(payload)}))
        # Only a message's buttons have a response URL to show an ack's body at (a modal's or the Home's
        # have none, and Slack shows nothing of their acks).
        events = ack_events(conv, answer["ack"], response_url) if response_url else []
        return jsonify(status=answer["status"], events=events)

    @bp.post("/playground/submit")
    def playground_submit() -> Response:
        data = request.get_json(silent=True) or {}
        user_id = person()
        view = {**(data.get("view") or {}), "state": {"values": data.get("state") or {}}}
        payload = base_payload(user_id, "view_submission")
        payload.update(view=view, response_urls=[])
        answer = to_slack(urlencode({"payload": json.dumps(payload)}))
        ack = answer["ack"] if isinstance(answer["ack"], dict) else {}
        rendered = None
        if ack.get("response_action") in ("update", "push") and isinstance(ack.get("view"), dict):
            shown = {
                **ack["view"],
                "id": view.get("id") if ack["response_action"] == "update" else f"VP{next(_sequence)}",
            }
            rendered = {"view": shown, "html": blockkit.view(shown, NAMES)}
        errors = ack.get("errors") if ack.get("response_action") == "errors" else None
        action = ack.get("response_action") or "close"
        return jsonify(status=answer["status"], action=action, shown=rendered, errors=errors)

    @bp.post("/playground/home")
    def playground_home() -> Response:
        user_id = person()
        event = {
            "type": "app_home_opened",
            "user": user_id,
            "channel": dm_channel(user_id),
            "tab": "home",
            "event_ts": slack_ts(deps.clock()),
        }
        answer = to_slack(
            slack_requests.event_body(event, team_id=TEAM_ID, event_id=f"EvP{next(_sequence)}"),
            "application/json",
        )
        return jsonify(status=answer["status"])

    @bp.post("/playground/person")
    def playground_person() -> Response:
        data = request.get_json(silent=True) or {}
        user_id, change = person(), {}
        if "dnd" in data:
            change["dnd"] = bool(data["dnd"])
        if "status" in data:
            on = bool(data["status"])
            change.update(
                status_text=STATUS["text"] if on else "", status_emoji=STATUS["emoji"] if on else ""
            )
            # A meeting a calendar set: the status ends by itself (status_expiration), with no event.
            seconds = data.get("status_seconds")
            if on and isinstance(seconds, int) and 0 < seconds <= 3600:
                change["status_expiration"] = int(time.time()) + seconds
        if "huddle" in data:
            change["huddle"] = bool(data["huddle"])
        standin_call(f"/_standin/users/{user_id}", change)
        user = next(u for u in standin_call("/_standin/users")["users"] if u["id"] == user_id)
        if "dnd" in change:
            # Slack tells apps nothing when DND changes; glutes asks dnd.teamInfo again when its 5-minute
            # cache runs out. The playground puts the new window in that cache at once, as if it had.
            window = (
                (True, int(time.time()) - 60, int(time.time()) + 3600) if change["dnd"] else (False, 1, 1)
            )
            now = deps.clock()
            profiles.save_dnd(
                deps.redis,
                team_id=TEAM_ID,
                windows={user_id: window},
                at_us=timestamps.to_us(now),
                now_s=int(now.timestamp()),
            )
        status = 200
        if "status_text" in change:  # Slack sends user_change when a status changes
            event = {
                "type": "user_change",
                "user": {k: v for k, v in user.items() if k != "dnd"},
                "event_ts": slack_ts(deps.clock()),
            }
            status = to_slack(
                slack_requests.event_body(event, team_id=TEAM_ID, event_id=f"EvP{next(_sequence)}"),
                "application/json",
            )["status"]
        if "huddle" in change:  # Slack sends user_huddle_changed when someone joins or leaves a huddle
            event = {
                "type": "user_huddle_changed",
                "user": {k: v for k, v in user.items() if k != "dnd"},
                "event_ts": slack_ts(deps.clock()),
            }
            status = to_slack(
                slack_requests.event_body(event, team_id=TEAM_ID, event_id=f"EvP{next(_sequence)}"),
                "application/json",
            )["status"]
        return jsonify(
            status=status,
            dnd=user["dnd"],
            status_text=user["profile"].get("status_text", ""),
            huddle=user["profile"].get("huddle_state") == "in_a_huddle",
        )

    @bp.post("/playground/skip")
    def playground_skip() -> Response:
        user_id = person()
        now_ms = int(deps.clock().timestamp() * 1000)
        moved = people.reschedule(deps.redis, team_id=TEAM_ID, user_id=user_id, next_due_ms=now_ms)
        return jsonify(status=200, moved=moved)

    @bp.post("/playground/picture")
    def playground_picture() -> Response:
        user_id = person()
        if not people.get(deps.redis, team_id=TEAM_ID, user_id=user_id).opted_in:
            return jsonify(status=200, sent=False)
        seeded = practice_weeks(deps, user_id)
        insights.request_digest(deps, team_id=TEAM_ID, user_id=user_id)
        return jsonify(status=200, sent=True, seeded=seeded)

    @bp.post("/playground/workflow")
    def playground_workflow() -> Response:
        """Run one step as Slack does when a workflow reaches it, and wait for how the run ended."""
        user_id = person()
        step = str((request.get_json(silent=True) or {}).get("step") or "")
        if step not in STEP_TITLES:
            return jsonify(status=400, error="unknown step")
        run = f"FxP{next(_sequence):08d}"
        since = standin_call("/_standin/calls?since=0")["cursor"]
        body = slack_requests.function_executed_body(
            step, step_inputs(step, user_id), team_id=TEAM_ID, execution_id=run, event_id=f"EvP{run}"
        )
        status = to_slack(body, "application/json")["status"]
        deadline = time.monotonic() + STEP_END_WAIT_SECONDS
        while status == 200 and time.monotonic() < deadline:
            found = standin_call(f"/_standin/calls?since={since}")
            for call in found["calls"]:
                if call["method"].startswith("functions.complete") and (
                    call["args"].get("function_execution_id") == run
                ):
                    ok = call["method"] == "functions.completeSuccess"
                    return jsonify(
                        status=200,
                        step=STEP_TITLES[step],
                        ended="completed" if ok else "failed",
                        outputs=call["args"].get("outputs") if ok else None,
                        error=None if ok else call["args"].get("error"),
                    )
            time.sleep(0.1)
        return jsonify(status=status if status != 200 else 504, step=STEP_TITLES[step], ended=None)

    @bp.post("/playground/ahead")
    def playground_ahead() -> Response:
        """Move the shared clock a day or a week ahead: due breaks arrive at the next tick, and a week of
        practice (or "Too easy" twice) brings a step-up offer."""
        days = 7 if (request.get_json(silent=True) or {}).get("days") == 7 else 1
        clock_offset.add(deps.redis, team_id=TEAM_ID, seconds=days * 86400)
        if isinstance(deps.clock, ShiftedClock):
            deps.clock.refresh()
        now = deps.clock()
        return jsonify(
            status=200,
            days=days,
            now=now.isoformat(),
            offset_days=round(clock_offset.get(deps.redis, team_id=TEAM_ID) / 86400),
        )

    @bp.post("/playground/reset")
    def playground_reset() -> Response:
        workspaces.purge(deps.redis, team_id=TEAM_ID)
        jobs.purge_workspace(deps.rq_redis, queue_names=QUEUES, team_id=TEAM_ID)
        standin_call("/_standin/reset", {})
        for p in PEOPLE:
            standin_call(
                f"/_standin/users/{p.user_id}",
                {"dnd": False, "status_text": "", "status_emoji": "", "huddle": False},
            )
        return jsonify(status=200)

    flask.register_blueprint(bp)
