"""Settings: base.py reads the environment for every deployment; test.py adapts it for the suite."""
