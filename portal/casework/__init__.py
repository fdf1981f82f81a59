"""The casework core: requests (« démarches ») of every procedure type, their documents, the
documents the fund asks for, their workflow and history, the agents' queue, and the exchanges
with the core system. Services built on it (life control, career corrections, partners'
dossiers) add procedure types in ``portal.casework.procedures``."""
