"""Editorial demo accounts: an editor (Communications) and a publisher (Publishing)."""

from config.demo_accounts import DEMO_PASSWORD, ensure_user

EDITOR = "editeur@demo.example"
PUBLISHER = "publication@demo.example"


def ensure_editorial_accounts():
    from cms import permissions

    permissions.ensure_editorial_groups()
    ensure_user(EDITOR, groups=[permissions.COMMUNICATIONS], is_staff=True, first_name="Salma", last_name="Editrice")
    ensure_user(PUBLISHER, groups=[permissions.PUBLISHING], is_staff=True, first_name="Youssef", last_name="Publieur")
    return [("editor", EDITOR, DEMO_PASSWORD), ("publisher", PUBLISHER, DEMO_PASSWORD)]
