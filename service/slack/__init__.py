"""The Slack bot: answers mentions and direct messages in threads (HTTP at /slack/events, or Socket Mode)."""
