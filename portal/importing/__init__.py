"""Loading the core system's exports (CSV or JSON lines) into the portal's copy of member files."""
