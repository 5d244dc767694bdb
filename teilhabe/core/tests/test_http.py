"""The shared CSV download guards formula-like texts, as every other file the app writes."""

from __future__ import annotations

from teilhabe.core.http import csv_download


def test_csv_download_guards_formulas_and_opens_in_german_excel():
    response = csv_download(
        "karte.csv", [["Gebiet", "Wert"], ['=HYPERLINK("http://x","Altstadt")', "12,4"]]
    )
    assert response["Content-Disposition"] == 'attachment; filename="karte.csv"'
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeffGebiet;Wert\r\n")
    assert "'=HYPERLINK" in text
    assert "12,4" in text


def test_signed_numbers_stay_numbers():
    text = csv_download("index.csv", [["Status"], ["-0,42"], ["+1.234,5 %"], ["-1+1"]]).content
    lines = text.decode("utf-8").splitlines()
    assert lines[1:] == ["-0,42", "+1.234,5 %", "'-1+1"]
