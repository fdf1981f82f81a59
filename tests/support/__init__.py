"""Stand-ins for outside services that tests start on 127.0.0.1 (the SMS gateway)."""
