"""Small helpers the workspace views of every part share: the form page, a service's
validation errors shown on a form, a CSV download for Excel."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from teilhabe.core.spreadsheets import spreadsheet_response, write_csv


def form_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's validation errors on the form's fields (or above the form)."""
    if hasattr(error, "error_dict"):
        for field, errs in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errs)
    else:
        form.add_error(None, error.messages)


def try_save(form: forms.BaseForm, save: Callable[[], object]) -> bool:
    """Call ``save``; on a validation error show it on the form and answer False."""
    try:
        save()
    except ValidationError as error:
        form_errors(form, error)
        return False
    return True


def submitted_and_saved(
    request: HttpRequest, form: forms.BaseForm, save: Callable[[], object]
) -> bool:
    """True when the form came by POST, is valid and ``save`` went through; a validation error
    of ``save`` is shown on the form."""
    return request.method == "POST" and form.is_valid() and try_save(form, save)


def form_page(
    request: HttpRequest,
    template: str,
    *,
    form: forms.BaseForm,
    title: str,
    crumbs: Sequence[tuple[str, str]],
    submit_label: str,
    cancel_url: str = "",
    intro: str = "",
    **extra: Any,
) -> HttpResponse:
    """The page of one small edit form: a title, the crumbs to it, the form and its buttons."""
    return render(
        request,
        template,
        {
            "form": form,
            "page_title": title,
            "crumbs": crumbs,
            "submit_label": submit_label,
            "cancel_url": cancel_url,
            "intro": intro,
            **extra,
        },
    )


def csv_download(filename: str, rows: Iterable[Sequence[object]]) -> HttpResponse:
    """A CSV file as German Excel opens it (``write_csv``: UTF-8 with a byte order mark, ``;``
    between cells, formula-like texts guarded); the first row is the header."""
    head, *body = [list(row) for row in rows] or [[]]
    content = write_csv(headers=[str(h) for h in head], rows=body)
    return spreadsheet_response(content, filename.removesuffix(".csv"), "csv")
