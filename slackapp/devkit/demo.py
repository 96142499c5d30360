"""A one-command demo of glutes with no Slack workspace: `python -m slackapp.devkit.demo`.

It starts an embedded Redis, the local Slack Web API stand-in and the real processes from the Procfile
(web, worker, scheduler) on a 5-second break rhythm, then plays "a morning" by sending requests signed
exactly as Slack signs them: Ana and Ben turn breaks on, get break cards, Ana taps Done twice (it counts
once), Ben snoozes and takes the self-test, admin Cleo starts a channel challenge that Ana joins, Ana
looks at the leaderboard and turns breaks off. Each message is printed as text with a Block Kit Builder
link. Every process it started is stopped at the end, on failure, on Ctrl-C and on SIGTERM.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import os
import re
import signal
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from slackapp import ids
from slackapp.devkit import slack_requests
from slackapp.devkit.standin import Call, SlackStandIn
from slackapp.domain import exercises
from slackapp.processes.redis_server import EmbeddedRedis, free_port
from slackapp.processes.supervise import ProcessExited, Supervisor

SIGNING_SECRET = "demo-secret"
BOT_TOKEN = "xoxb-demo"
TEAM_ID = "T1"
CHALLENGE_CHANNEL = "CDEMO"
COMMAND_CHANNEL = "CGENERAL"
PROCESSES = {"web": "slackapp.processes.serve", "worker": "workers.worker", "scheduler": "workers.scheduler"}
MARKER_VARIABLE = "GLUTES_DEMO_MARKER"  # set in every child's environment, to find leftovers
BUILDER_URL = "https://app.slack.com/block-kit-builder#"
HEALTH_TIMEOUT = 20.0
CARD_TIMEOUT = 20.0
REPLY_TIMEOUT = 10.0
STOP_TIMEOUT = 10.0
BAR = "   │ "
# Everything the demo talks to is on loopback: never route it through an HTTP(S)_PROXY from the environment.
LOCAL = urllib.request.build_opener(urllib.request.ProxyHandler({}))


@dataclass(frozen=True)
class Person:
    user_id: str
    name: str
    tz: str
    is_admin: bool = False


ANA = Person("UANA", "Ana", "Europe/Madrid")
BEN = Person("UBEN", "Ben", "America/Chicago")
CLEO = Person("UCLEO", "Cleo", "UTC", is_admin=True)
PEOPLE = (ANA, BEN, CLEO)
NAMES = {p.user_id: p.name for p in PEOPLE}


class DemoFailure(Exception):
    """A step did not go as Slack would show it; str() is the one line printed."""


@dataclass
class Progress:
    """The step under way, named in the one-line failure message."""

    step: str = "start Redis and the Slack stand-in"


# --- Block Kit → text ----------------------------------------------------------------------------------


def mentions(text: str) -> str:
    """`<@UANA>` → `@Ana`, the way Slack shows a mention."""
    return re.sub(r"<@(\w+)>", lambda m: "@" + NAMES.get(m.group(1), m.group(1)), text)


def text_of(obj: Any) -> str:
    """The words of a text object (plain_text or mrkdwn) or a string."""
    if isinstance(obj, dict):
        return mentions(str(obj.get("text", "")))
    return mentions(str(obj or ""))


def element_text(element: dict[str, Any]) -> str:
    """One interactive element as it looks: a button, a select, an input, an image."""
    kind = element.get("type", "")
    label = text_of(element.get("text") or element.get("placeholder") or "")
    if kind == "button":
        return f"[ {label} ]"
    if kind in ("radio_buttons", "checkboxes"):
        mark = "( )" if kind == "radio_buttons" else "[ ]"
        return "  ".join(f"{mark} {text_of(o.get('text'))}" for o in element.get("options", []))
    if kind == "plain_text_input":
        return f"[ {element.get('initial_value') or label or '…'} ]"
    if kind == "image":
        return f"[image: {element.get('alt_text', '')}]"
    if kind in ("mrkdwn", "plain_text"):
        return text_of(element)
    if kind == "overflow":
        return "[ ⋯ ]"
    return f"[ {label or kind} ▾ ]"


def block_lines(block: dict[str, Any]) -> list[str]:
    """One Block Kit block as lines of text."""
    kind = block.get("type")
    if kind == "header":
        return [f"━━ {text_of(block.get('text'))} ━━"]
    if kind == "section":
        return section_lines(block)
    if kind == "context":
        return ["· " + "  ".join(element_text(e) for e in block.get("elements", []))]
    if kind == "actions":
        return [" ".join(element_text(e) for e in block.get("elements", []))]
    if kind == "divider":
        return ["─" * 40]
    if kind == "input":
        optional = " (optional)" if block.get("optional") else ""
        return [f"{text_of(block.get('label'))}{optional}", "  " + element_text(block.get("element") or {})]
    if kind == "image":
        return [f"[image: {block.get('alt_text', '')}]"]
    return [f"<{kind} block>"]


def section_lines(block: dict[str, Any]) -> list[str]:
    lines = text_of(block.get("text")).splitlines() if block.get("text") else []
    for field_obj in block.get("fields") or []:
        lines.append("  " + " ".join(text_of(field_obj).splitlines()))
    accessory = block.get("accessory")
    if accessory:
        shown = element_text(accessory)
        lines = [*lines[:-1], f"{lines[-1]}  {shown}"] if lines else [shown]
    return lines


def message_lines(blocks: list[dict[str, Any]] | None, text: str = "") -> list[str]:
    """A message as Slack shows it: its blocks, or its text when it has none."""
    if not blocks:
        return text_of(text).splitlines() or [""]
    return [line for block in blocks for line in block_lines(block)]


def view_lines(view: dict[str, Any]) -> list[str]:
    """A modal: title bar, blocks, and its Close/Submit buttons."""
    lines = [f"┌ {text_of(view.get('title'))} ┐", *message_lines(view.get("blocks"))]
    buttons = [f"[ {text_of(view[key])} ]" for key in ("close", "submit") if view.get(key)]
    return [*lines, " ".join(buttons)] if buttons else lines


def builder_link(payload: dict[str, Any]) -> str:
    """A Block Kit Builder link that previews exactly these blocks (or this modal)."""
    return BUILDER_URL + urllib.parse.quote(json.dumps(payload, separators=(",", ":")))


# --- the running pieces --------------------------------------------------------------------------------


@dataclass
class Stack:
    """Redis, the Slack stand-in and the Procfile's processes, each child in its own process group."""

    redis: EmbeddedRedis
    standin: SlackStandIn
    web_url: str
    processes: Supervisor

    def pids(self) -> list[int]:
        own = self.processes.pids()
        return [*own, self.redis.process.pid] if self.redis.process else own

    def check_alive(self) -> None:
        if self.redis.process is not None and self.redis.process.poll() is not None:
            raise DemoFailure(f"redis-server exited with code {self.redis.process.returncode}")
        try:
            self.processes.check_alive()
        except ProcessExited as error:
            raise DemoFailure(str(error)) from None


def child_env(standin: SlackStandIn, redis_url: str, port: int, marker: str) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", ""),
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_API_URL": standin.api_url,
        "REDIS_URL": redis_url,
        "PORT": str(port),
        "WEB_CONCURRENCY": "1",
        "GLUTES_BREAK_INTERVAL": "5s",
        "GLUTES_WORK_HOURS": "00:00-24:00",
        "GLUTES_WORK_DAYS": "mon-sun",
        "GLUTES_SCHEDULER_TICK": "0.5",
        MARKER_VARIABLE: marker,
    }


@contextlib.contextmanager
def running_stack(workdir: Path, log: IO[bytes], marker: str, progress: Progress) -> Iterator[Stack]:
    """Start everything; stop everything on the way out, whatever happened."""
    standin = SlackStandIn(port=free_port()).start()
    redis_server = EmbeddedRedis(workdir / "redis", port=free_port(), appendonly=False)
    port = free_port()
    stack = Stack(
        redis_server, standin, f"http://127.0.0.1:{port}", Supervisor(log=log, stop_timeout=STOP_TIMEOUT)
    )
    try:
        redis_server.start()
        env = child_env(standin, redis_server.url, port, marker)
        for name, module in PROCESSES.items():
            progress.step = f"start the {name} process"
            with deferred_interrupts():  # a Ctrl-C here still finds the new process in stack.processes
                stack.processes.start_module(module, name=name, env=env)
        print("demo pids: " + " ".join(str(pid) for pid in stack.pids()), flush=True)
        yield stack
    finally:
        with ignored_interrupts():
            stack.processes.stop_all()
            redis_server.stop()
            standin.stop()


INTERRUPTS = (signal.SIGINT, signal.SIGTERM)


@contextlib.contextmanager
def deferred_interrupts() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM until the block is done, then raise KeyboardInterrupt.

    (A Python handler, unlike SIG_IGN, is not inherited by the processes started inside the block.)
    """
    caught: list[int] = []
    with _handlers(lambda signum, frame: caught.append(signum)):
        yield
    if caught:
        raise KeyboardInterrupt


@contextlib.contextmanager
def ignored_interrupts() -> Iterator[None]:
    """Let clean-up finish even if Ctrl-C is pressed again or SIGTERM arrives."""
    with _handlers(signal.SIG_IGN):
        yield


@contextlib.contextmanager
def _handlers(handler: Any, signums: tuple[int, ...] = INTERRUPTS) -> Iterator[None]:
    try:
        previous = {signum: signal.signal(signum, handler) for signum in signums}
    except ValueError:  # not the main thread: signals are not ours to handle
        yield
        return
    try:
        yield
    finally:
        for signum, old in previous.items():
            signal.signal(signum, old)


def wait_healthy(stack: Stack, timeout: float = HEALTH_TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while True:
        stack.check_alive()
        try:
            with LOCAL.open(stack.web_url + "/healthz", timeout=1) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        if time.monotonic() > deadline:
            raise DemoFailure(f"the web process did not answer GET /healthz with 200 within {timeout:.0f} s")
        time.sleep(0.1)


# --- acting as Slack -----------------------------------------------------------------------------------


class Slack:
    """Sends what Slack would send to the web process, and reads back what the app sent to Slack."""

    def __init__(self, stack: Stack) -> None:
        self.stack = stack
        self.standin = stack.standin
        self._names = itertools.count(1)

    def post(self, body: str, content_type: str = "application/x-www-form-urlencoded") -> bytes:
        headers = slack_requests.signed_headers(SIGNING_SECRET, body)
        headers["Content-Type"] = content_type
        request = urllib.request.Request(
            self.stack.web_url + "/slack/events", data=body.encode(), headers=headers, method="POST"
        )
        try:
            with LOCAL.open(request, timeout=10) as answer:
                return answer.read()
        except urllib.error.HTTPError as error:
            raise DemoFailure(f"POST /slack/events answered HTTP {error.code}") from None

    def command(self, person: Person, text: str, channel_id: str = COMMAND_CHANNEL) -> tuple[str, bytes]:
        """Send `/glutes <text>`; returns the response URL path a later reply goes to, and the ack's body."""
        name = f"{person.name.lower()}-{next(self._names)}"
        url = self.standin.response_url(name)
        answer = self.post(
            slack_requests.command_body(
                text, user_id=person.user_id, team_id=TEAM_ID, channel_id=channel_id, response_url=url
            )
        )
        return f"/response/{name}", answer

    def ask(self, person: Person, text: str, channel_id: str = COMMAND_CHANNEL) -> dict[str, Any]:
        """Send `/glutes <text>`; returns the ephemeral reply: the ack's body when it has one (the
        subcommands that only touch Redis answer there), else what the app posts at the response URL."""
        path, answer = self.command(person, text, channel_id)
        acked = json.loads(answer) if answer.strip() else {}
        if isinstance(acked, dict) and (acked.get("text") or acked.get("blocks")):
            return acked
        return self.reply(path)

    def reply(self, path: str) -> dict[str, Any]:
        """The ephemeral reply posted to a response URL."""
        calls = self.wait(
            "response", "reply at the response URL", where=lambda c: c.args["response_url"] == path
        )
        return calls[0].args

    def event(self, kind: str, user: dict[str, Any]) -> None:
        """An Events API delivery about a person (user_change, user_huddle_changed), signed as Slack does."""
        event = {"type": kind, "user": user, "event_ts": str(time.time())}
        self.post(
            slack_requests.event_body(event, team_id=TEAM_ID, event_id=f"EvDemo{next(self._names)}"),
            "application/json",
        )

    def click(self, person: Person, action_id: str, value: str, *, channel_id: str, ts: str) -> str:
        """Click a button on a message; returns the response URL path of any ephemeral answer."""
        name = f"{person.name.lower()}-click-{next(self._names)}"
        body = slack_requests.block_action_body(
            action_id,
            value,
            user_id=person.user_id,
            team_id=TEAM_ID,
            channel_id=channel_id,
            message_ts=ts,
            response_url=self.standin.response_url(name),
        )
        self.post(body)
        return f"/response/{name}"

    def submit(self, person: Person, callback_id: str, state: dict[str, Any]) -> dict[str, Any]:
        """Submit a modal; returns the JSON answer (what Slack does with the modal)."""
        body = slack_requests.view_submission_body(
            callback_id, state, user_id=person.user_id, team_id=TEAM_ID
        )
        answer = self.post(body)
        try:
            return json.loads(answer)
        except ValueError:
            raise DemoFailure(f"the view_submission answer was not JSON: {answer[:80]!r}") from None

    def wait(
        self,
        method: str,
        what: str,
        count: int = 1,
        timeout: float = REPLY_TIMEOUT,
        where: Callable[[Call], bool] | None = None,
    ) -> list[Call]:
        """Wait for the app's `count`-th call to `method` matching `where` (`what` names it on failure)."""
        deadline = time.monotonic() + timeout
        while True:
            self.stack.check_alive()
            try:
                return self.standin.wait_for(method, count, timeout=0.25, where=where)
            except AssertionError as error:
                if time.monotonic() > deadline:
                    raise DemoFailure(f"no {what} within {timeout:.0f} s ({error})") from None


def is_card(call: Call) -> bool:
    return any(b.get("block_id") == ids.BLOCK_BREAK_ACTIONS for b in call.args.get("blocks") or [])


def button(blocks: list[dict[str, Any]], action_id: str) -> dict[str, Any]:
    for block in blocks:
        for element in block.get("elements") or []:
            if element.get("action_id") == action_id:
                return element
    raise DemoFailure(f"no {action_id} button in the message")


# --- printing ------------------------------------------------------------------------------------------


def header(title: str) -> None:
    print(f"\n▶ {title}", flush=True)


def show(caption: str, lines: list[str], link: dict[str, Any] | None = None, limit: int = 0) -> None:
    print(f"  {caption}")
    hidden = len(lines) - limit if limit and len(lines) > limit else 0
    for line in lines[: len(lines) - hidden]:
        print(BAR + line)
    if hidden:
        print(f"{BAR}… ({hidden} more lines)")
    if link is not None:
        print(f"   ↗ Block Kit Builder: {builder_link(link)}")
    sys.stdout.flush()


def show_reply(person: Person, reply: dict[str, Any], link: bool = False) -> None:
    """An ephemeral reply, which Slack shows only to the person who asked."""
    blocks = reply.get("blocks") or None
    lines = message_lines(blocks, str(reply.get("text") or ""))
    show(f"{person.name} sees (“Only visible to you”):", lines, {"blocks": blocks} if link else None)


def show_message(caption: str, args: dict[str, Any], link: bool = False) -> None:
    blocks = args.get("blocks") or None
    show(caption, message_lines(blocks, str(args.get("text") or "")), {"blocks": blocks} if link else None)


# --- the morning ---------------------------------------------------------------------------------------


@dataclass
class Morning:
    """The story, one small method per step, checking that each went as it should."""

    slack: Slack
    posts: dict[str, Call] = field(default_factory=dict)  # the messages people click on, by channel

    def turn_on(self, person: Person) -> None:
        header(f"{person.name} types /glutes on")
        reply = self.slack.ask(person, "on")
        show_reply(person, reply)
        welcome = self.slack.wait(
            "chat.postMessage",
            f"welcome DM to {person.name}",
            where=lambda c: c.args.get("channel") == person.user_id and not is_card(c),
        )[0]
        self.posts[f"welcome-{person.user_id}"] = welcome
        lines = message_lines(welcome.args.get("blocks"), str(welcome.args.get("text") or ""))
        limit = 0 if person == ANA else 6  # the second welcome DM is the same words
        show(f"{person.name} gets a DM from Glutes:", lines, {"blocks": welcome.args.get("blocks")}, limit)

    def first_card(self, person: Person) -> None:
        header(f"{person.name}'s first break card arrives (about 5 s later)")
        card = self.slack.wait(
            "chat.postMessage",
            f"break card DM to {person.name}",
            timeout=CARD_TIMEOUT,
            where=lambda c: c.args.get("channel") == person.user_id and is_card(c),
        )[0]
        self.posts[person.user_id] = card
        show_message(f"{person.name}'s DM:", card.args, link=True)

    def click_card(self, person: Person, action_id: str, count: int) -> dict[str, Any]:
        """Click a button on the person's first card; returns the card as chat.update left it."""
        card = self.posts[person.user_id]
        value = button(card.args["blocks"], action_id)["value"]
        ts, channel = card.answer["ts"], card.answer["channel"]
        self.slack.click(person, action_id, value, channel_id=channel, ts=ts)
        what = f"chat.update of {person.name}'s card after click {count}"
        return self.slack.wait("chat.update", what, count, where=lambda c: c.args.get("ts") == ts)[-1].args

    def done_twice(self) -> None:
        for attempt, expected in ((1, "1 break today"), (2, "counts once")):
            header(f"Ana clicks Done ({'first' if attempt == 1 else 'second'} time)")
            updated = self.click_card(ANA, ids.ACTION_BREAK_DONE, attempt)
            show("Ana's card is updated in place (chat.update):", message_lines(updated.get("blocks")))
            if expected not in str(updated.get("text")):
                raise DemoFailure(
                    f"Done did not count exactly once: click {attempt} did not say {expected!r}"
                )

    def snooze(self) -> None:
        header("Ben clicks Snooze 15 min")
        updated = self.click_card(BEN, ids.ACTION_BREAK_SNOOZE, 1)
        show("Ben's card is updated in place (chat.update):", message_lines(updated.get("blocks")))
        if "Snoozed" not in str(updated.get("text")):
            raise DemoFailure("the card did not say it was snoozed")

    def open_selftest(self) -> None:
        header("Ben types /glutes test")
        self.slack.command(BEN, "test")
        opened = self.slack.wait("views.open", "modal opened with views.open")[0]
        view = opened.args["view"]
        if view.get("callback_id") != ids.VIEW_SELFTEST:
            raise DemoFailure(f"views.open opened {view.get('callback_id')!r}, not the self-test")
        show("A modal opens for Ben (views.open):", view_lines(view), limit=8)

    def submit_selftest(self) -> None:
        header('Ben submits the self-test ("after a second", no warning signs)')
        state = selftest_answers(both="second", safety="no")
        answer = self.slack.submit(BEN, ids.VIEW_SELFTEST, state)
        if answer.get("response_action") != "update":
            raise DemoFailure(f"the submission was answered with {answer.get('response_action')!r}")
        view = answer["view"]
        show("The modal turns into Ben's result (response_action update):", view_lines(view), view)

    def report_pain(self) -> None:
        header('Ben takes the test again, seated, and answers "yes" to the pain question')
        state = selftest_answers(both="second", safety="yes")
        state[ids.BLOCK_SELFTEST_VARIANT] = {
            ids.ACTION_SELFTEST_VARIANT: {"type": "radio_buttons", "selected_option": {"value": "seated"}}
        }
        view = self.slack.submit(BEN, ids.VIEW_SELFTEST, state)["view"]
        show("Ben's result: no moves, his cards are paused, and how to resume:", view_lines(view), view)
        if "break cards are paused" not in "\n".join(view_lines(view)):
            raise DemoFailure("a pain answer did not pause Ben's break cards")
        reply = self.slack.ask(BEN, "status")
        show_reply(BEN, reply)

    def resume(self) -> None:
        header("Ben types /glutes resume")
        reply = self.slack.ask(BEN, "resume")
        show_reply(BEN, reply)
        if "Breaks resumed" not in str(reply.get("text")):
            raise DemoFailure("/glutes resume did not resume Ben's paused cards")

    def choose_seated_moves(self) -> None:
        header("Ben types /glutes moves seated")
        reply = self.slack.ask(BEN, "moves seated")
        show_reply(BEN, reply)

    def seated_card(self) -> None:
        header("Ben's next break card is a seated move")
        seated = {exercise.name for exercise in exercises.SEATED_LIBRARY}
        card = self.slack.wait(
            "chat.postMessage",
            "a second break card to Ben",
            2,
            timeout=CARD_TIMEOUT,
            where=lambda c: c.args.get("channel") == BEN.user_id and is_card(c),
        )[-1]
        show_message("Ben's DM:", card.args)
        if not any(name in str(card.args.get("text")) for name in seated):
            raise DemoFailure("Ben chose seated moves but his next card is not a seated move")

    def show_on_boards(self) -> None:
        header('Ana picks "Show me on team boards" in her welcome DM (everyone starts hidden)')
        welcome = self.posts[f"welcome-{ANA.user_id}"]
        path = self.slack.click(
            ANA, ids.ACTION_BOARDS_CHOICE, "show", channel_id=ANA.user_id, ts=welcome.answer["ts"]
        )
        show_reply(ANA, self.slack.reply(path))

    def start_challenge(self) -> None:
        header(f"Cleo (an admin) types /glutes challenge start 7 Demo Day in #{CHALLENGE_CHANNEL}")
        reply = self.slack.ask(CLEO, "challenge start 7 Demo Day", channel_id=CHALLENGE_CHANNEL)
        show_reply(CLEO, reply)
        post = self.slack.wait(
            "chat.postMessage",
            f"announcement in #{CHALLENGE_CHANNEL}",
            where=lambda c: c.args.get("channel") == CHALLENGE_CHANNEL,
        )
        self.posts[CHALLENGE_CHANNEL] = post[0]
        show_message(f"Everyone in #{CHALLENGE_CHANNEL} sees:", post[0].args, link=True)

    def join_challenge(self) -> None:
        header("Ana clicks Join the challenge")
        post = self.posts[CHALLENGE_CHANNEL]
        value = button(post.args["blocks"], ids.ACTION_CHALLENGE_JOIN)["value"]
        path = self.slack.click(
            ANA, ids.ACTION_CHALLENGE_JOIN, value, channel_id=CHALLENGE_CHANNEL, ts=post.answer["ts"]
        )
        reply = self.slack.reply(path)
        show_reply(ANA, reply)

    def leaderboard(self) -> None:
        header("Ana types /glutes leaderboard")
        reply = self.slack.ask(ANA, "leaderboard")
        show_reply(ANA, reply, link=True)
        blocks = reply.get("blocks") or []
        rows = [str((b.get("text") or {}).get("text", "")) for b in blocks if b.get("type") == "section"]
        if not any("<@UANA>" in row and "1 break" in row for row in rows):
            raise DemoFailure("the leaderboard does not show Ana with 1 break")

    def huddle(self) -> None:
        header("Ana joins a huddle: her card waits, and comes as the huddle ends")
        ana_cards = lambda: [  # noqa: E731 - read again at each step
            c
            for c in self.slack.standin.calls_to("chat.postMessage")
            if c.args.get("channel") == ANA.user_id and is_card(c)
        ]
        self.slack.event(ids.EVENT_USER_HUDDLE_CHANGED, self.slack.standin.set_huddle(ANA.user_id, True))
        time.sleep(1)  # a card already on its way when she joined may still land
        before = len(ana_cards())
        time.sleep(7)  # longer than her 5-second rhythm
        if len(ana_cards()) != before:
            raise DemoFailure("a break card reached Ana during her huddle")
        print("  (7 s in the huddle, longer than her 5-second rhythm: no card)", flush=True)
        self.slack.event(ids.EVENT_USER_HUDDLE_CHANGED, self.slack.standin.set_huddle(ANA.user_id, False))
        ended = time.monotonic()
        card = self.slack.wait(
            "chat.postMessage",
            "Ana's card after her huddle",
            before + 1,
            timeout=CARD_TIMEOUT,
            where=lambda c: c.args.get("channel") == ANA.user_id and is_card(c),
        )[-1]
        show_message(f"{card.at - ended:.1f} s after the huddle ended, Ana's DM:", card.args)
        if "Meeting over" not in str(card.args.get("blocks")):
            raise DemoFailure("the card after the huddle does not say the meeting is over")

    def turn_off(self) -> None:
        header("Ana types /glutes off")
        reply = self.slack.ask(ANA, "off")
        show_reply(ANA, reply)

    def steps(self) -> list[tuple[str, Callable[[], None]]]:
        return [
            ("Ana types /glutes on", lambda: self.turn_on(ANA)),
            ("Ben types /glutes on", lambda: self.turn_on(BEN)),
            ("Ana's first break card", lambda: self.first_card(ANA)),
            ("Ben's first break card", lambda: self.first_card(BEN)),
            ("Ana clicks Done twice", self.done_twice),
            ("Ben clicks Snooze 15 min", self.snooze),
            ("Ben types /glutes test", self.open_selftest),
            ("Ben submits the self-test", self.submit_selftest),
            ("Ben reports pain: his cards pause", self.report_pain),
            ("Ben types /glutes moves seated", self.choose_seated_moves),
            ("Ben types /glutes resume", self.resume),
            ("Ben's next card is a seated move", self.seated_card),
            ("Cleo starts a challenge", self.start_challenge),
            ("Ana joins the challenge", self.join_challenge),
            ("Ana says yes to team boards", self.show_on_boards),
            ("Ana types /glutes leaderboard", self.leaderboard),
            ("Ana's card waits out a huddle", self.huddle),
            ("Ana types /glutes off", self.turn_off),
        ]


def selftest_answers(*, both: str, safety: str) -> dict[str, Any]:
    """The self-test modal's state.values as Slack sends them: one radio answer per input block."""

    def radio(action_id: str, value: str | None) -> dict[str, Any]:
        selected = {"value": value} if value else None
        return {action_id: {"type": "radio_buttons", "selected_option": selected}}

    return {
        ids.BLOCK_SELFTEST_BOTH: radio(ids.ACTION_SELFTEST_SPEED, both),
        ids.BLOCK_SELFTEST_LEFT: radio(ids.ACTION_SELFTEST_SPEED, None),
        ids.BLOCK_SELFTEST_RIGHT: radio(ids.ACTION_SELFTEST_SPEED, None),
        ids.BLOCK_SELFTEST_SAFETY: radio(ids.ACTION_SELFTEST_SAFETY, safety),
    }


def summary(standin: SlackStandIn, seconds: float) -> str:
    cards = [c for c in standin.calls_to("chat.postMessage") if is_card(c)]
    per_person = ", ".join(
        f"{p.name} {sum(c.args.get('channel') == p.user_id for c in cards)}" for p in (ANA, BEN)
    )
    return (
        f"Demo finished in {seconds:.1f} s: {len(cards)} break cards ({per_person}), 1 Done counted once, "
        f"1 snooze, 1 self-test result, 1 challenge with 1 joiner, {len(standin.calls)} Slack API calls."
    )


# --- entry point ---------------------------------------------------------------------------------------


def play(stack: Stack, progress: Progress) -> None:
    progress.step = "wait for GET /healthz"
    wait_healthy(stack)
    print(f"Glutes is up: web {stack.web_url}, Slack stand-in {stack.standin.api_url}", flush=True)
    for person in PEOPLE:
        stack.standin.add_user(person.user_id, tz=person.tz, is_admin=person.is_admin)
    for progress.step, run in Morning(Slack(stack)).steps():
        run()


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def run_demo(marker: str) -> int:
    started = time.monotonic()
    log_fd, log_name = tempfile.mkstemp(prefix="glutes-demo-", suffix=".log")
    log_path, progress, keep_log = Path(log_name), Progress(), False
    try:
        with (
            tempfile.TemporaryDirectory(prefix="glutes-demo-") as workdir,
            os.fdopen(log_fd, "wb") as log,
            running_stack(Path(workdir), log, marker, progress) as stack,
        ):
            play(stack, progress)
        print("\n" + summary(stack.standin, time.monotonic() - started), flush=True)
        return 0
    except KeyboardInterrupt:
        print("\nDemo interrupted; everything it started is stopped.", file=sys.stderr, flush=True)
        return 130
    except Exception as error:  # any failure: one line naming the step, and where the logs are
        keep_log = True
        reason = str(error) if isinstance(error, DemoFailure) else f"{type(error).__name__}: {error}"
        reason = " ".join(reason.split())  # one line
        print(
            f"\nDemo failed at step '{progress.step}': {reason} (process logs: {log_path})",
            file=sys.stderr,
            flush=True,
        )
        return 1
    finally:
        if not keep_log:
            log_path.unlink(missing_ok=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m slackapp.devkit.demo",
        description="Run glutes end to end against a local Slack stand-in and print what people see.",
    )
    parser.parse_args(argv)
    marker = os.environ.get(MARKER_VARIABLE) or f"glutes-demo-{uuid.uuid4().hex[:12]}"
    with _handlers(_interrupt, (signal.SIGTERM,)):  # SIGTERM stops the demo the way Ctrl-C does
        return run_demo(marker)


if __name__ == "__main__":
    raise SystemExit(main())
