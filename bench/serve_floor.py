"""`python -m bench.serve_floor [--with-io]`: one of bench.bare_app's floors under gunicorn. gevent patches
sockets, locks, ssl and sleep before bench.bare_app (and the Bolt, Flask, redis-py and urllib3 it imports)
is loaded, as `python -m slackapp.processes.serve` does for the web process."""

from __future__ import annotations


def run() -> None:
    from gevent import monkey

    monkey.patch_all()
    from bench import bare_app

    bare_app.main()


if __name__ == "__main__":
    run()
