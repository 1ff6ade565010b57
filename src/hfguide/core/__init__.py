"""Core utilities every layer may use: the settings read from the environment, files replaced
whole, dates, and the checks that Hub data passes at the door."""
