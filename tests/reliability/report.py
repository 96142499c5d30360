"""Turn the figures the reliability tests recorded (JSON lines) into docs/reliability.md."""

from __future__ import annotations

import json
import os
import platform
import sys
from datetime import UTC, datetime


def main(path: str) -> None:
    rows = [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]
    print("# Reliability: faults survived, bad input refused")
    print()
    print("Written by `make reliability` (the `reliability` pytest marker; the same tests run in CI) on")
    print(f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {platform.system()} {platform.machine()},")
    print(f"{os.cpu_count()} cores, Python {platform.python_version()}. Do not edit by hand: run it again.")
    print()
    print("| Fault or input class | Cases | Lost | Duplicates | Recovery (s) | Notes |")
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    scans = [row for row in rows if row.get("kind") == "privacy_scan"]
    rows = [row for row in rows if row.get("kind") != "privacy_scan"]
    for row in rows:
        print(
            f"| {row['fault']} | {row['cases']} | {row['lost']} | {row['duplicates']} | "
            f"{row['recovery_s']} | {row.get('note', '')} |"
        )
    print()
    print(f"{len(rows)} classes, {sum(r['cases'] for r in rows)} cases, {sum(r['lost'] for r in rows)} lost.")
    print()
    print("Recovery is the time from the fault (or the first failing answer) until every affected break")
    print("was delivered. The claim lease is 3 s in these tests (`GLUTES_CLAIM_LEASE`); production uses")
    print("300 s, so a dead scheduler or worker is recovered within about five minutes there.")
    if scans:
        print()
        print("## Forget-me, checked by scanning the whole Redis")
        print()
        print("Every key name, string, hash field and value, list item, set and sorted-set member and stream")
        print("entry, with RQ's zlib-compressed, pickled job data opened up (docs/privacy.md).")
        print()
        print("| Scenario | Keys scanned | Values read | Traces before | Traces found after | Notes |")
        print("| --- | ---: | ---: | ---: | ---: | --- |")
        for row in scans:
            print(
                f"| {row['scenario']} | {row['keys_scanned']} | {row['values_read']} | "
                f"{row['traces_before']} | {row['traces_after']} | {row.get('note', '')} |"
            )


if __name__ == "__main__":
    main(sys.argv[1])
