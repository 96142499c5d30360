"""Distribution mode: Bolt's OAuth flow with Redis stores, glutes' own install pages, the installer's DM."""

from __future__ import annotations

import html
import logging
import re

from slack_bolt import BoltRequest, BoltResponse
from slack_bolt.oauth import OAuthFlow
from slack_bolt.oauth.callback_options import CallbackOptions, FailureArgs, SuccessArgs
from slack_bolt.oauth.oauth_settings import OAuthSettings

from slackapp.deps import Deps
from slackapp.slack.client import web_client
from slackapp.slack.tokens import installation_store
from slackapp.store import tasks, workspaces
from slackapp.store.installations import RedisOAuthStateStore
from slackapp.ui import wording
from slackapp.ui.i18n import DEFAULT_LOCALE, N_, _, current, negotiate, using

logger = logging.getLogger("glutes.oauth")

# Only what the features use (the same list as manifest.yml; a test keeps them equal).
BOT_SCOPES = ("chat:write", "commands", "dnd:read", "im:write", "files:write", "users:read")

DESCRIPTION = N_(
    "Glutes gets people who sit all day to stand up every 50 minutes and wake their glutes with a "
    "one-minute move. Each person opts in with /glutes on and gets a break card in Slack during their own "
    "work hours, held during Do Not Disturb and while their Slack status shows a meeting, a call or time "
    "off. Teams can run channel challenges and see a weekly "
    "leaderboard. General fitness information, not medical advice."
)


def browser_locale(request: BoltRequest | None) -> str:
    """The language of the browser that sent `request` (see accept_language)."""
    return accept_language((request.headers.get("accept-language") or [""])[0] if request is not None else "")


def accept_language(header: str | None) -> str:
    """The first language of an Accept-Language header that glutes speaks (else English)."""
    header = header or ""
    tags = []
    for position, part in enumerate(header.split(",")[:10]):
        tag, _sep, params = part.strip().partition(";")
        weight = 1.0
        if params.strip().startswith("q="):
            try:
                weight = float(params.strip()[2:])
            except ValueError:
                weight = 0.0
        tags.append((-weight, position, tag.strip()))
    for _weight, _position, tag in sorted(tags):
        code = negotiate(tag)
        if code != DEFAULT_LOCALE or tag.lower().startswith("en"):
            return code
    return DEFAULT_LOCALE


def page(title: str, body_html: str, status: int = 200) -> BoltResponse:
    """A small, fast HTML page in the app's own words (in the language of the render in progress)."""
    lang = current().locale.replace("_", "-")
    document = f"""<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,"><title>{html.escape(title)}</title>
<style>body{{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;
line-height:1.5}}
a.add{{display:inline-block;background:#4a154b;color:#fff;padding:.7rem 1.2rem;border-radius:.4rem;
text-decoration:none;font-weight:600}}</style></head>
<body><h1>{html.escape(title)}</h1>{body_html}</body></html>"""
    return BoltResponse(status=status, body=document, headers={"Content-Type": "text/html; charset=utf-8"})


def busy_page() -> BoltResponse:
    """The answer when too many install pages were opened lately (from one address, or in total)."""
    return page(
        _("Glutes is busy"),
        _(
            "<p>This install page has been opened many times in the last few minutes, so it is resting for a "
            'moment. Please <a href="/slack/install">try again</a> in a few minutes.</p>'
        ),
        status=429,
    )


def loggable_reason(reason: object) -> str:
    """An OAuth failure reason (Slack's `error` parameter, which anyone can set) fit for a log line:
    letters, digits and `_.-` only, at most 40 characters."""
    text = re.sub(r"[^A-Za-z0-9_.-]", "?", str(reason))
    return text[:40] + ("…" if len(text) > 40 else "")


class GlutesOAuthFlow(OAuthFlow):
    def build_install_page_html(self, url: str, request: BoltRequest) -> str:
        with using(browser_locale(request)):
            return page(
                _("Glutes for Slack"),
                _(
                    '<p>{escape}</p><p><a class="add" id="add-to-slack" href="{escape2}">Add to Slack</a></p>'
                ).format(escape=html.escape(_(DESCRIPTION)), escape2=html.escape(url)),
            ).body


def oauth_flow(deps: Deps) -> GlutesOAuthFlow:
    """Bolt's OAuth flow over Redis, talking to SLACK_API_URL."""
    settings, r = deps.settings, deps.redis

    def on_success(args: SuccessArgs) -> BoltResponse:
        with using(browser_locale(args.request)):  # the installer's DM too: we know no Slack locale yet
            return installed(args)

    def installed(args: SuccessArgs) -> BoltResponse:
        installation = args.installation
        team_id = installation.team_id or ""
        if team_id:
            # A re-install within the grace period keeps the workspace's data and lifts any pause.
            tasks.cancel(r, team_id=team_id, task=tasks.PURGE)
            workspaces.clear_pause(r, team_id=team_id)
        try:
            client = web_client(settings, installation.bot_token)
            client.chat_postMessage(
                channel=installation.user_id, text=wording.installer_text(), blocks=wording.installer_blocks()
            )
        except Exception:  # the install worked; a failed welcome must not turn it into an error page
            logger.warning("could not DM the installer team=%s", team_id, exc_info=True)
        team_name = html.escape(installation.team_name or "your workspace")
        return page(
            _("Glutes is installed"),
            _(
                "<p>Glutes is now part of {team_name}. "
                "Open Slack and type <code>/glutes on</code> to get your first break card; "
                "an admin can set the leaderboard channel with <code>/glutes admin</code>.</p>"
            ).format(team_name=team_name),
        )

    def on_failure(args: FailureArgs) -> BoltResponse:
        logger.info("install failed: %s", loggable_reason(args.reason))
        with using(browser_locale(args.request)):
            return not_installed(args)

    def not_installed(args: FailureArgs) -> BoltResponse:
        return page(
            _("Glutes was not installed"),
            _(
                "<p>The installation did not complete (it may have been cancelled, or the link expired). "
                '<a href="/slack/install">Try again</a>.</p>'
            ),
            status=args.suggested_status_code,
        )

    oauth_settings = OAuthSettings(
        client_id=settings.slack_client_id,
        client_secret=settings.slack_client_secret,
        scopes=list(BOT_SCOPES),
        installation_store=installation_store(settings, r),
        installation_store_bot_only=True,
        state_store=RedisOAuthStateStore(r),
        callback_options=CallbackOptions(success=on_success, failure=on_failure),
    )
    return GlutesOAuthFlow(client=web_client(settings), settings=oauth_settings)
