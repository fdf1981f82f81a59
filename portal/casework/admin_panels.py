"""Panels that the packages built on the case core add to an agent's request page, for their procedures.

The case core does not know them: a package registers, from its ``AppConfig.ready()``, a template and a
function of the request giving that template's context (None: no panel). The partners' area shows the
employer's side of a retirement dossier this way (``portal/partners/apps.py``).
"""

_PANELS = {}


def register(procedure_code, *, template, context):
    _PANELS[procedure_code] = (template, context)


def for_case(case):
    """{"template", "context"} of the panel registered for the request's procedure, or None."""
    found = _PANELS.get(case.procedure)
    if found is None:
        return None
    template, context = found
    data = context(case)
    return None if data is None else {"template": template, "context": data}
