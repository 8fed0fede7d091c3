"""sources.json: a CSL-JSON export from a reference manager is read as the course's sources (issue 12)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from histdocs.citations import bibliography, plain
from histdocs.cli import main
from histdocs.errors import InputError
from histdocs.load import load_course

# As Zotero with Better BibTeX exports it ("Better CSL JSON"), keys set by the teacher.
CSL = """\
[
  {
    "id": "de-waal-2003",
    "citation-key": "de-waal-2003",
    "type": "book",
    "title": "Black Garden: Armenia and Azerbaijan through Peace and War",
    "publisher": "New York University Press",
    "publisher-place": "New York",
    "ISBN": "978-0-8147-1945-9",
    "language": "en",
    "author": [{"family": "de Waal", "given": "Thomas"}],
    "issued": {"date-parts": [[2003]]}
  },
  {
    "id": "goltz-1998",
    "type": "article-journal",
    "title": "Azerbaijan Diary",
    "container-title": "Journal of Things",
    "page": "12-30",
    "author": [{"family": "Goltz", "given": "Thomas"}],
    "issued": {"date-parts": [["1998", "3"]]}
  },
  {
    "id": "leaflet",
    "type": "manuscript",
    "title": "Leaflet of the Popular Front",
    "author": [{"literal": "Azerbaijan Popular Front"}]
  },
  {
    "id": "ancient",
    "type": "book",
    "title": "Histories",
    "author": [{"literal": "Herodotus"}],
    "issued": {"date-parts": [[-429]], "circa": true}
  }
]
"""

COURSE = """\
course:
  id: csl-test
  title: Sources from Zotero
events:
  - date: 20 January 1990
    title: Black January
    summary: Soviet troops enter Baku [@de-waal-2003, p. 90] [@goltz-1998] [@leaflet].
    cite: [{source: ancient}]
"""


def _course(tmp_path: Path, csl: str = CSL) -> Path:
    folder = tmp_path / "course"
    folder.mkdir()
    (folder / "course.yaml").write_text(COURSE, encoding="utf-8")
    (folder / "sources.json").write_text(csl, encoding="utf-8")
    return folder


def test_a_zotero_export_loads_as_the_sources(tmp_path: Path) -> None:
    course = load_course(_course(tmp_path))
    entries = {source.id: plain(runs) for source, runs in bibliography(course)}
    assert entries == {
        "de-waal-2003": "de Waal, Thomas. Black Garden: Armenia and Azerbaijan through Peace and War. "
                        "New York: New York University Press, 2003.",
        "goltz-1998": "Goltz, Thomas. \u201cAzerbaijan Diary.\u201d Journal of Things (1998): 12-30.",
        "leaflet": "Azerbaijan Popular Front. Leaflet of the Popular Front. n.d.",
        "ancient": "Herodotus. Histories. c. 429 BCE.",  # CSL: negative years are BC
    }
    assert course.source("goltz-1998").type == "article"
    assert course.source("leaflet").type == "document"


def test_the_handout_prints_n_d_for_an_undated_source(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["build", str(_course(tmp_path)), "-o", str(out), "--only", "handouts", "-q"]) == 0
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(out / "handouts" / "csl-test.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    text = re.sub(r"\s+", " ", text)
    assert "Azerbaijan Popular Front. Leaflet of the Popular Front. n.d." in text
    assert "de Waal, Thomas. Black Garden" in text


def _problems(folder: Path) -> list[str]:
    """Return the problems found in sources.json (course.yaml's citations of its sources follow from them)."""
    with pytest.raises(InputError) as info:
        load_course(folder)
    return [str(p) for p in info.value.problems if p.location and p.location.file.endswith("sources.json")]


def test_a_zotero_item_key_that_is_not_an_id_is_located(tmp_path: Path) -> None:
    csl = CSL.replace('"id": "goltz-1998"', '"id": "http://zotero.org/users/local/kV3/items/GOLTZ98"')
    folder = _course(tmp_path, csl)
    name = folder / "sources.json"
    assert _problems(folder) == [(
        f"{name}:15:11: bad id 'http://zotero.org/users/local/kV3/items/GOLTZ98': use lowercase letters, digits "
        "and '-' (at sources[1].id)\n    hint: for example 'http-zotero-org-users-local-kv3-items-goltz98'")]


def test_broken_json_is_located(tmp_path: Path) -> None:
    folder = _course(tmp_path, CSL.replace('"page": "12-30",', '"page": "12-30"'))
    assert _problems(folder) == [
        f"{folder / 'sources.json'}:20:5: JSON syntax error: expected ',' or '}}'\n"
        "    hint: export the library again as CSL JSON; a hand edit may have broken it"]
