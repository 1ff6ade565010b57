"""What hfguide keeps: the Hub and leaderboard snapshots and how they are chosen."""
