"""glutes: a Slack app for short glute-waking breaks. Importing the package does nothing."""

__version__ = "0.1.0"
