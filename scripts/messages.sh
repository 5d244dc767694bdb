#!/usr/bin/env bash
# Update the German catalogues: locale/ for the core and the shared templates, and
# teilhabe/<app>/locale/ for every other part. Needs GNU gettext (xgettext).
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PY:-$PWD/.venv/bin/python}"
APPS=(planning statistics inventory participation needs concept implementation council reports portal api)
ignores=(--ignore=.venv --ignore=node_modules --ignore=static/vendor --ignore=tests --ignore=conftest.py --ignore=bench --ignore=scripts)
for app in "${APPS[@]}"; do ignores+=(--ignore="teilhabe/$app"); done
"$PY" manage.py makemessages -l de --no-obsolete --no-location "${ignores[@]}" -v 0
for app in "${APPS[@]}"; do
  (cd "teilhabe/$app" && "$PY" ../../manage.py makemessages -l de --no-obsolete --no-location --ignore=tests -v 0)
done
