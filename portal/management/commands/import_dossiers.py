from portal.management.commands._import_base import ImportCommand


class Command(ImportCommand):
    spec_name = "dossiers"
