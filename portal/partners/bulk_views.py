"""The bulk upload page of the partners' space: a CSV of retirement dossiers and a zip of their documents.

Thin: the form only carries the two files; ``portal.partners.bulk`` reads, checks and writes them. A
refused upload is shown again (400) with its report by line, and nothing is written.
"""

from django import forms
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from portal.partners import bulk, dossiers
from portal.partners.access import context_of, officer_required
from portal.partners.choices import Role


class UploadForm(forms.Form):
    csv_file = forms.FileField(
        label=_("The CSV file of the dossiers"),
        help_text=_("One line per civil servant, with the columns listed above (UTF-8, “;” or “,” between values)."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )
    documents = forms.FileField(
        label=_("The zip file of the documents (optional)"),
        required=False,
        help_text=_("PDF, JPEG or PNG files, named as in the CSV file."),
        widget=forms.ClearableFileInput(attrs={"accept": ".zip,application/zip"}),
    )


@require_http_methods(["GET", "POST"])
@officer_required(role=Role.PREPARER)
def upload(request):
    # Bound on every POST, even an empty one: it is then refused, not shown as a fresh page.
    form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
    report, status = None, 200
    if request.method == "POST" and form.is_valid():
        try:
            report = bulk.upload(
                scope=request.partner_scope,
                csv_data=form.cleaned_data["csv_file"].read(bulk.MAX_CSV_BYTES + 1),
                zip_file=form.cleaned_data["documents"],
                actor=request.user,
                language=get_language(),
                context=context_of(request),
            )
        except (bulk.Refused, dossiers.NotAllowed) as refusal:
            form.add_error(None, str(refusal))
        else:
            status = 400 if report.errors else 200
    if form.errors:
        status = 400
    return render(
        request,
        "partners/bulk.html",
        {"form": form, "report": report, "columns": bulk.COLUMNS, "max_rows": bulk.MAX_ROWS},
        status=status,
    )
