"""Tools to run glutes without Slack: a Web API stand-in and Slack-signed requests (tests, demo, bench)."""
