"""Files people send the fund: how they are checked, where they are kept, how they are served.

Shared by every app that accepts attachments (claims, procedures): one upload pipeline
(``uploads``: content sniffing, polyglots, image re-encoding, PDF judged in a child process,
virus scan), one private storage with no URL (``storage``), one way to write files with a
transaction (``written``), one form field (``fields``) and one way to serve them (``downloads``).
"""
