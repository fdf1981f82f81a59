"""The pension simulator: an estimate from the member's file (or from what a visitor types) and the
pension rules (``portal.pension_rules``). An estimate, never a decision: the pension is decided by
the fund when the dossier is complete."""
