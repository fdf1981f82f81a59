"""Member-area views: thin, the rules live in portal/*.py."""
