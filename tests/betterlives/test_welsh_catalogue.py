"""The Welsh catalogue (locale/cy/LC_MESSAGES/*.po) cannot fall behind the English.

- every message in it has its Welsh, in every plural form, and none is marked fuzzy;
- every message the code uses is in it: the catalogue is made again from a copy of the source
  and must still have no message without Welsh, so a new English string without its Welsh
  fails the suite;
- its header says the Welsh is awaiting review by a Welsh speaker.

New strings get their Welsh with `make messages`, then each empty or fuzzy entry filled in.
"""

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
WELSH_DIR = ROOT / "locale" / "cy" / "LC_MESSAGES"
# What every Welsh .po file says in its header comment until a Welsh speaker has reviewed the
# Welsh: the line "# Welsh: awaiting review by a Welsh speaker". When the review is done,
# change the header and this test together.
REVIEW_NOTE = "Welsh: awaiting review by a Welsh speaker"
MAKEMESSAGES_TIMEOUT = 60  # seconds, for each run; both runs take about 5 s together


def welsh_catalogues(directory=WELSH_DIR):
    return sorted(directory.glob("*.po"))


def entry_name(entry):
    where = ", ".join(f"{path}:{line}" for path, line in entry.occurrences[:2])
    context = f" (context: {entry.msgctxt})" if entry.msgctxt else ""
    return f"{entry.msgid!r}{context} [{where}]"


def problems(path):
    """Each entry of the .po file at `path` that has no Welsh, or whose Welsh is fuzzy."""
    po = polib.pofile(str(path))
    found = []
    if po.metadata_is_fuzzy:
        found.append("the header is marked fuzzy")
    plural_forms = po.metadata.get("Plural-Forms", "")
    nplurals = int(plural_forms.split("nplurals=")[1].split(";")[0]) if plural_forms else None
    for entry in po:
        if entry.obsolete:
            continue
        if "fuzzy" in entry.flags:
            found.append(f"fuzzy: {entry_name(entry)}")
        elif entry.msgid_plural:
            forms = entry.msgstr_plural
            if nplurals and len(forms) != nplurals:
                found.append(f"{len(forms)} plural forms, not {nplurals}: {entry_name(entry)}")
            if not forms or not all(forms.values()):
                found.append(f"no Welsh for every plural form: {entry_name(entry)}")
        elif not entry.msgstr:
            found.append(f"no Welsh: {entry_name(entry)}")
    return found


def report(path, found):
    return f"{path.name}: {len(found)} message(s) need Welsh:\n  " + "\n  ".join(found)


def test_there_is_a_welsh_catalogue():
    assert [path.name for path in welsh_catalogues()] and (WELSH_DIR / "django.po").exists()


@pytest.mark.parametrize("path", welsh_catalogues(), ids=lambda path: path.name)
def test_every_message_has_its_welsh(path):
    found = problems(path)
    assert not found, report(path, found)


@pytest.mark.parametrize("path", welsh_catalogues(), ids=lambda path: path.name)
def test_the_header_says_the_welsh_awaits_review(path):
    """The header comment of each Welsh .po file must have the line

        # Welsh: awaiting review by a Welsh speaker

    so that nobody takes the Welsh for checked Welsh."""
    header_lines = [line.strip() for line in polib.pofile(str(path)).header.splitlines()]
    assert REVIEW_NOTE in header_lines, (
        f'{path.name}: add the line "# {REVIEW_NOTE}" to the comment at the top of the file'
    )


# Made again from the source -----------------------------------------------------------------

def app_packages():
    """Our own apps: the installed apps that are folders of this project."""
    names = {app.split(".")[0] for app in settings.INSTALLED_APPS}
    return sorted(name for name in names if (ROOT / name / "__init__.py").exists())


def copy_source(target):
    """What makemessages reads, and nothing else (no .venv, .git or node_modules)."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.mo")
    for name in [*app_packages(), "templates", "locale"]:
        shutil.copytree(ROOT / name, target / name, ignore=ignore)
    shutil.copytree(ROOT / "static" / "js", target / "static" / "js", ignore=ignore)
    for name in ("manage.py", "pyproject.toml"):
        shutil.copy2(ROOT / name, target / name)


def makemessages(cwd, *args):
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "betterlives.settings.test",
        "PYTHONPATH": str(cwd),  # the copy's settings, so its locale/ is the one written
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "--locale", "cy", "--no-obsolete", *args],
        cwd=cwd, env=environment, capture_output=True, text=True,
        timeout=MAKEMESSAGES_TIMEOUT, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_message_the_code_uses_has_its_welsh(tmp_path):
    """Runs `manage.py makemessages -l cy --no-obsolete` (and `-d djangojs` for static/js) on a
    copy of the source in a temporary folder, then checks the catalogues it made: a message
    the code uses but the Welsh catalogue lacks comes out with no Welsh, and a changed one
    comes out fuzzy, so either fails here. Takes about 5 seconds."""
    assert shutil.which("xgettext"), "install GNU gettext (sudo apt-get install gettext)"
    copy_source(tmp_path)
    copied = tmp_path / "locale" / "cy" / "LC_MESSAGES" / "django.po"
    copied_digest = hashlib.sha256(copied.read_bytes()).hexdigest()
    makemessages(tmp_path)
    makemessages(tmp_path, "--domain", "djangojs")
    # makemessages wrote the copy (not the real locale/): at least its creation date changed.
    assert hashlib.sha256(copied.read_bytes()).hexdigest() != copied_digest

    made = welsh_catalogues(copied.parent)
    assert "django.po" in [path.name for path in made]
    failures = [report(path, found) for path in made if (found := problems(path))]
    assert not failures, (
        "Run `make messages` and give these their Welsh:\n" + "\n".join(failures)
    )


# Our JavaScript --------------------------------------------------------------------------------

# Ways a script could show or say words of its own: text put into the page, an attribute that
# is shown or read out, a dialog or speech. Our scripts take their words from the page (data
# attributes and elements the templates write with {% translate %}), so none of these appears
# with a quoted string in static/js/.
WORDS_IN_SCRIPT = re.compile(
    r"""(?:textContent|innerText|innerHTML|outerHTML)\s*[+]?=\s*['"`][^'"`]*[A-Za-z]"""
    r"""|setAttribute\(\s*['"](?:aria-label|aria-description|title|alt|placeholder)['"]\s*,"""
    r"""\s*['"`]"""
    r"""|(?:alert|confirm|prompt|SpeechSynthesisUtterance)\(\s*['"`]"""
)


@pytest.mark.parametrize("path", sorted((ROOT / "static" / "js").glob("*.js")),
                         ids=lambda path: path.name)
def test_our_javascript_writes_no_words_of_its_own(path):
    found = WORDS_IN_SCRIPT.findall(path.read_text())
    assert not found, f"{path.name}: take these words from the template instead: {found}"
