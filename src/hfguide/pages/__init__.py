"""Generated pages: Hub data and leaderboard rows turned into Markdown, HTML and JSON."""
