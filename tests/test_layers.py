"""The layers' import rules, checked on the source (OnCall's banned modules, Flask's sans-IO rule).

Bottom to top: domain/ (rules, no I/O) ← store/ (every Redis call) ← flows/ (use cases) ← listeners/ and
workers/ (the edges Slack and RQ call). ui/ renders what flows return; slack/ is the Slack I/O folder.
Each rule below names a line that must not be crossed; a failure lists every module that crosses it.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("slackapp", "workers")


@dataclass(frozen=True)
class Rule:
    """Modules under `layer` must not import anything under `banned`, except what is under `allowed`."""

    layer: str
    banned: tuple[str, ...]
    why: str
    allowed: tuple[str, ...] = ()


IO_LIBRARIES = ("redis", "rq", "flask", "slack_sdk", "slack_bolt", "gunicorn", "requests", "urllib", "socket")
APP_LAYERS = (
    "slackapp.store",
    "slackapp.flows",
    "slackapp.ui",
    "slackapp.slack",
    "slackapp.listeners",
    "slackapp.web",
    "slackapp.ops",
    "slackapp.processes",
    "slackapp.devkit",
    "slackapp.deps",
    "slackapp.config",
    "slackapp.clock",
    "slackapp.errors",
    "workers",
)

RULES = (
    Rule(
        "slackapp.domain", APP_LAYERS + IO_LIBRARIES + ("os",), "domain/ is rules only: no I/O, no app layer"
    ),
    Rule(
        "slackapp.store",
        ("slackapp.flows", "slackapp.ui", "slackapp.listeners", "slackapp.slack", "slackapp.web", "workers"),
        "store/ is storage only; use cases call it, never the other way",
    ),
    Rule(
        "slackapp.ui",
        (
            "slackapp.store",
            "slackapp.flows",
            "slackapp.slack",
            "slackapp.listeners",
            "workers",
            "redis",
            "rq",
        ),
        "ui/ renders the typed results flows return; it reads no storage and calls no use case",
        allowed=("slackapp.flows.results",),
    ),
    Rule(
        "slackapp.flows",
        ("slackapp.ui", "slackapp.listeners", "slackapp.web", "workers"),
        "flows/ return results; rendering is ui/'s (through slack/messages), requests are listeners'",
    ),
    Rule(
        "slackapp.slack",
        ("slackapp.flows", "slackapp.listeners", "slackapp.web", "workers"),
        "slack/ is Slack I/O that flows are handed; it knows flows only by their result types",
        allowed=("slackapp.flows.results",),
    ),
    Rule(
        "slackapp.listeners",
        ("slackapp.store", "slackapp.slack", "workers", "redis"),
        "listeners parse, call one flow, render, answer: storage and Slack lookups are behind flows/",
    ),
    Rule(
        "workers",
        ("slackapp.store", "slackapp.ui", "slackapp.listeners", "slackapp.web"),
        "jobs take ids and call one flow",
    ),
)


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path, root: Path) -> set[str]:
    """Every module `path` imports (absolute names; `from a import b` yields a and a.b)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = (
        module_name(path, root).rpartition(".")[0] if path.name != "__init__.py" else module_name(path, root)
    )
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def _under(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def violations(root: Path, rules: tuple[Rule, ...] = RULES) -> list[str]:
    """One line per (module, import) that crosses a rule's line."""
    found = []
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            module = module_name(path, root)
            for rule in rules:
                if not _under(module, rule.layer):
                    continue
                for imported in sorted(imports_of(path, root)):
                    if any(_under(imported, allowed) for allowed in rule.allowed):
                        continue
                    if any(_under(imported, banned) for banned in rule.banned):
                        found.append(f"{module} imports {imported}: {rule.why}")
    return found


# A call on a Redis client or pipeline: `r.hget(...)`, `deps.redis.ping()`, `pipe.execute()`, or the
# three calls that only a Redis client has, whatever the receiver is called.
REDIS_RECEIVERS = {"r", "pipe", "pipeline", "redis", "rq_redis"}
REDIS_ONLY_METHODS = {"register_script", "scan_iter", "pipeline"}


def redis_calls(root: Path) -> list[str]:
    """Places outside store/ that call a Redis client directly."""
    found = []
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            module = module_name(path, root)
            if _under(module, "slackapp.store"):
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                    continue
                receiver = node.func.value
                name = (
                    receiver.id
                    if isinstance(receiver, ast.Name)
                    else receiver.attr
                    if isinstance(receiver, ast.Attribute)
                    else ""
                )
                if name in REDIS_RECEIVERS or node.func.attr in REDIS_ONLY_METHODS:
                    found.append(f"{module}:{node.lineno} {ast.unparse(node.func)}(…)")
    return found


def test_no_import_crosses_a_layer_line() -> None:
    assert violations(ROOT) == []


def test_no_module_outside_store_calls_redis() -> None:
    assert redis_calls(ROOT) == []


def test_domain_reads_no_environment_and_no_clock() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}: {needle}"
        for path in sorted((ROOT / "slackapp" / "domain").rglob("*.py"))
        for needle in ("os.environ", "datetime.now(", "time.time(", "date.today(")
        if needle in path.read_text(encoding="utf-8")
    ]
    assert offenders == []


@pytest.mark.parametrize(
    ("module", "source", "expected"),
    [
        ("slackapp/listeners/bad.py", "from slackapp.store import people\n", "slackapp.store"),
        ("workers/bad.py", "from slackapp.ui import home\n", "slackapp.ui"),
        ("slackapp/ui/bad.py", "from slackapp.flows import breaks\n", "slackapp.flows.breaks"),
        ("slackapp/ui/bad.py", "from ..store import keys\n", "slackapp.store"),
        ("slackapp/domain/bad.py", "import redis\n", "redis"),
        ("slackapp/store/bad.py", "from slackapp.flows.home import home_data\n", "slackapp.flows.home"),
        ("slackapp/flows/bad.py", "import slackapp.ui.home\n", "slackapp.ui.home"),
    ],
)
def test_a_wrong_import_is_caught(tmp_path: Path, module: str, source: str, expected: str) -> None:
    """The checker itself: each deliberately wrong import in a scratch tree is reported."""
    for package in PACKAGES:
        (tmp_path / package).mkdir()
    path = tmp_path / module
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(source, encoding="utf-8")
    found = violations(tmp_path)
    assert any(f"imports {expected}" in line for line in found), found


def test_the_allowed_result_types_import_passes(tmp_path: Path) -> None:
    for package in PACKAGES:
        (tmp_path / package).mkdir()
    (tmp_path / "slackapp" / "ui").mkdir()
    (tmp_path / "slackapp" / "ui" / "ok.py").write_text("from slackapp.flows.results import HomeData\n")
    assert violations(tmp_path) == []


def test_a_raw_redis_call_outside_store_is_caught(tmp_path: Path) -> None:
    for package in PACKAGES:
        (tmp_path / package).mkdir()
    (tmp_path / "slackapp" / "flows").mkdir()
    (tmp_path / "slackapp" / "flows" / "bad.py").write_text(
        "def f(deps, r):\n    deps.redis.ping()\n    r.sadd('k', 'v')\n    return {}.get('x')\n"
    )
    assert redis_calls(tmp_path) == [
        "slackapp.flows.bad:2 deps.redis.ping(…)",
        "slackapp.flows.bad:3 r.sadd(…)",
    ]
