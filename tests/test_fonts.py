"""Fonts: static faces of the bundled families, metrics, wrapping and glyph coverage."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from fontTools import subset
from fontTools.ttLib import TTFont
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from histdocs import fonts
from histdocs.errors import InputError

AZERBAIJANI = "əğışçöüƏĞİŞÇÖÜ"
RUSSIAN = "Съезд народных депутатов, Баку — ёЁ"
GREEK = "Ἀλέξανδρος ὁ Μέγας, Ελλάδα"
FACES = [(False, False), (True, False), (False, True), (True, True)]


@pytest.mark.parametrize("family", fonts.BUNDLED_FAMILIES)
@pytest.mark.parametrize("bold,italic", FACES)
def test_bundled_faces_cover_azerbaijani_russian_greek(family: str, bold: bool, italic: bool) -> None:
    assert fonts.missing_characters(AZERBAIJANI + RUSSIAN + GREEK, family, bold, italic) == set()
    path = fonts.font_family(family).face(bold, italic)
    with TTFont(path) as font:
        cmap = font.getBestCmap()
    assert all(ord(ch) in cmap for ch in AZERBAIJANI + RUSSIAN.replace(" ", "") + GREEK.replace(" ", ""))


@pytest.mark.parametrize("family", fonts.BUNDLED_FAMILIES)
def test_static_faces_are_named_and_weighted_as_a_normal_family(family: str) -> None:
    fam = fonts.font_family(family)
    ps_stem = family.replace(" ", "")
    expected = {
        fam.regular: ("Regular", "Regular", 400, 0b1000000, 0b00),
        fam.bold: ("Bold", "Bold", 700, 0b0100000, 0b01),
        fam.italic: ("Italic", "Italic", 400, 0b0000001, 0b10),
        fam.bold_italic: ("Bold Italic", "BoldItalic", 700, 0b0100001, 0b11),
    }
    assert len(set(expected)) == 4
    for path, (subfamily, suffix, weight, selection, mac) in expected.items():
        with TTFont(path) as font:
            assert "fvar" not in font and "gvar" not in font
            name = font["name"]
            assert name.getDebugName(1) == family
            assert name.getDebugName(2) == subfamily
            assert name.getDebugName(6) == f"{ps_stem}-{suffix}"
            assert name.getDebugName(4) == (family if subfamily == "Regular" else f"{family} {subfamily}")
            assert name.getDebugName(16) is None
            os2 = font["OS/2"]
            assert os2.usWeightClass == weight
            assert os2.fsSelection & 0b1100001 == selection
            assert font["head"].macStyle & 0b11 == mac


def test_font_family_is_case_insensitive_and_unknown_names_list_the_bundled_ones() -> None:
    assert fonts.font_family("noto serif").name == "Noto Serif"
    with pytest.raises(InputError) as info:
        fonts.font_family("Comic Sans")
    text = str(info.value)
    assert "'Comic Sans' is not a bundled family" in text
    assert "Noto Sans" in text and "Noto Serif" in text
    assert not fonts.is_font_spec_known("Comic Sans")
    assert fonts.is_font_spec_known("NOTO SANS")


def test_widths_follow_the_glyphs() -> None:
    assert fonts.text_width("W", 12, "Noto Sans") > fonts.text_width("i", 12, "Noto Sans")
    assert fonts.text_width("", 12, "Noto Sans") == 0
    sample = "Azərbaycan Xalq Cəbhəsi"
    regular = fonts.text_width(sample, 10, "Noto Serif")
    assert fonts.text_width(sample, 10, "Noto Serif", bold=True) > regular
    assert fonts.text_width(sample, 20, "Noto Serif") == pytest.approx(2 * regular)
    assert fonts.text_width("ab", 10, "Noto Sans") == pytest.approx(
        fonts.text_width("a", 10, "Noto Sans") + fonts.text_width("b", 10, "Noto Sans")
    )


def test_vertical_metrics() -> None:
    assert fonts.line_height(10, "Noto Sans") == pytest.approx(13.62, abs=0.05)
    assert fonts.ascent(10, "Noto Sans") + fonts.descent(10, "Noto Sans") == pytest.approx(
        fonts.line_height(10, "Noto Sans")
    )
    assert fonts.descent(10, "Noto Serif") > 0


def test_wrap_keeps_newlines_and_breaks_long_words() -> None:
    lines = fonts.wrap("one two\n\nthree", 10, "Noto Sans", 500)
    assert lines == ["one two", "", "three"]
    long = "Qarabağ" * 10
    width = fonts.text_width("Qarabağ", 10, "Noto Sans") * 2
    pieces = fonts.wrap(long, 10, "Noto Sans", width)
    assert "".join(pieces) == long
    assert len(pieces) >= 5
    assert all(fonts.text_width(p, 10, "Noto Sans") <= width for p in pieces)
    # a no-break space binds the words on each side
    assert fonts.wrap("12\u00a0km away", 10, "Noto Sans", fonts.text_width("12\u00a0km", 10, "Noto Sans")) == [
        "12\u00a0km",
        "away",
    ]


words = st.lists(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyzəğışçöüWMЖΩ", min_size=1, max_size=25), min_size=0, max_size=30
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(words=words, width=st.floats(min_value=20, max_value=400), bold=st.booleans())
def test_wrap_never_exceeds_the_width_and_loses_no_words(words: list[str], width: float, bold: bool) -> None:
    text = " ".join(words)
    lines = fonts.wrap(text, 10, "Noto Sans", width, bold=bold)
    for line in lines:
        assert fonts.text_width(line, 10, "Noto Sans", bold=bold) <= width + 1e-9
    assert "".join("".join(lines).split()) == "".join(words)
    # words that fit are never split
    fitting = [w for w in words if fonts.text_width(w, 10, "Noto Sans", bold=bold) <= width]
    tokens = [t for line in lines for t in line.split(" ")]
    for w in fitting:
        assert w in tokens


def test_missing_characters_ignore_whitespace_and_controls() -> None:
    assert fonts.missing_characters("a\tb\nc\u00a0d\r", "Noto Sans") == set()
    assert fonts.missing_characters("漢字 and ə", "Noto Serif", italic=True) == {"漢", "字"}


def test_check_coverage_reports_each_field_with_its_path() -> None:
    problems = fonts.check_coverage(
        [
            ("course.title", "Azərbaycan 1988–1994"),
            ("people[x].native", "漢"),
            ("events[y].title", "Ελλάδα and 字 and 漢"),
        ],
        "Noto Serif",
    )
    assert [p.path for p in problems] == ["people[x].native", "events[y].title"]
    assert problems[0].message == "character '漢' (U+6F22) is not in font Noto Serif"
    assert problems[1].message == "characters '字' (U+5B57), '漢' (U+6F22) are not in font Noto Serif"
    assert "choose another font in the layout" in problems[0].hint
    assert str(problems[0]).startswith("character '漢' (U+6F22) is not in font Noto Serif (at people[x].native)")


# --- instancing, caching and custom fonts, with a small variable font made from Noto --------------


@pytest.fixture(scope="module")
def tiny_variable_font(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a small variable font (Noto Sans cut down to a few letters) that instances fast."""
    import fontpkg_noto_sans

    source = Path(fontpkg_noto_sans.ROOT) / "files" / "NotoSans[wdth,wght].ttf"
    out = tmp_path_factory.mktemp("tiny") / "Tiny[wdth,wght].ttf"
    options = subset.Options()
    options.layout_features = []
    options.name_IDs = ["*"]
    font = TTFont(source)
    sub = subset.Subsetter(options)
    sub.populate(text="Hello Wiəğ")
    sub.subset(font)
    font["name"].removeNames(nameID=16)
    font["name"].removeNames(nameID=1)
    font["name"].setName("Tiny", 1, 3, 1, 0x409)
    font.save(out)
    return out


def _clear_caches() -> None:
    """Forget everything this process knows about fonts, as a new process would."""
    fonts._instance.cache_clear()
    fonts._metrics.cache_clear()
    fonts._spec.cache_clear()
    fonts._face_at.cache_clear()
    fonts._remove_leftovers.cache_clear()


def test_instances_are_cached_and_not_made_twice(
    tiny_variable_font: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HISTDOCS_CACHE", str(tmp_path / "cache"))
    _clear_caches()
    before = fonts.INSTANCES_MADE
    fam = fonts.font_family(str(tiny_variable_font))
    assert fonts.INSTANCES_MADE == before + 4
    assert fam.regular.is_relative_to(tmp_path / "cache" / "fonts")
    mtime = fam.bold.stat().st_mtime_ns
    _clear_caches()  # as a new process would: only the files on disk are left
    again = fonts.font_family(str(tiny_variable_font))
    assert again == fam
    assert fonts.INSTANCES_MADE == before + 4
    assert again.bold.stat().st_mtime_ns == mtime
    assert not list((tmp_path / "cache").rglob(".tmp-*"))
    _clear_caches()


def test_instances_are_deterministic(tiny_variable_font: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    made = []
    for name in ("one", "two"):
        monkeypatch.setenv("HISTDOCS_CACHE", str(tmp_path / name))
        _clear_caches()
        made.append(fonts.font_family(str(tiny_variable_font)))
    for bold, italic in FACES:
        first, second = (fam.face(bold, italic) for fam in made)
        assert first != second
        assert first.read_bytes() == second.read_bytes()
    with TTFont(made[0].bold) as font:
        assert font["head"].modified == font["head"].created == fonts._FIXED_TIMESTAMP
        assert font["OS/2"].usWeightClass == 700
    _clear_caches()


def test_unwritable_cache_falls_back_to_a_temporary_folder(
    tiny_variable_font: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setenv("HISTDOCS_CACHE", str(blocker))
    _clear_caches()
    fam = fonts.font_family(str(tiny_variable_font))
    assert fam.regular.is_file()
    assert not fam.regular.is_relative_to(blocker)
    _clear_caches()


def test_a_folder_of_static_faces_is_a_family(
    tiny_variable_font: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HISTDOCS_CACHE", str(tmp_path / "cache"))
    _clear_caches()
    made = fonts.font_family(str(tiny_variable_font))
    folder = tmp_path / "school-font"
    folder.mkdir()
    for suffix, (bold, italic) in zip(("Regular", "Bold", "Italic", "BoldItalic"), FACES):
        shutil.copy(made.face(bold, italic), folder / f"Tiny-{suffix}.ttf")
    fam = fonts.font_family(str(folder))
    assert fam.name == "Tiny"
    assert fam.bold == folder / "Tiny-Bold.ttf"
    assert fonts.text_width("W", 10, str(folder), bold=True) > fonts.text_width("i", 10, str(folder))
    assert fonts.missing_characters("Hello Жук", str(folder)) == {"Ж", "у", "к"}
    (folder / "Tiny-BoldItalic.ttf").unlink()
    _clear_caches()
    with pytest.raises(InputError, match=r"is a folder without \*-BoldItalic.ttf"):
        fonts.font_family(str(folder))
    _clear_caches()


def test_missing_font_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="was not found"):
        fonts.font_family(str(tmp_path / "nowhere" / "Font.ttf"))


def test_cache_dir_follows_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("HISTDOCS_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert fonts.cache_dir() == tmp_path / "xdg" / "histdocs"
    monkeypatch.setenv("HISTDOCS_CACHE", str(tmp_path / "own"))
    assert fonts.cache_dir() == tmp_path / "own"
    monkeypatch.delenv("HISTDOCS_CACHE")
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert fonts.cache_dir() == Path.home() / ".cache" / "histdocs"


def test_system_font_dirs_exist() -> None:
    assert all(p.is_dir() for p in fonts.system_font_dirs())


def test_a_layout_names_a_font_folder_relative_to_itself(
    tiny_variable_font: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from histdocs.layouts import load_layout

    monkeypatch.setenv("HISTDOCS_CACHE", str(tmp_path / "cache"))
    _clear_caches()
    made = fonts.font_family(str(tiny_variable_font))
    folder = tmp_path / "theme" / "fonts" / "tiny"
    folder.mkdir(parents=True)
    for suffix, (bold, italic) in zip(("Regular", "Bold", "Italic", "BoldItalic"), FACES):
        shutil.copy(made.face(bold, italic), folder / f"Tiny-{suffix}.ttf")
    root = Path(__file__).parent / "layouts" / "tiny-handout.yaml"
    mine = tmp_path / "theme" / "mine.yaml"
    mine.write_text(f"extends: {root.as_posix()}\nfonts:\n  body: fonts/tiny\n", encoding="utf-8")
    spec = load_layout(mine).font("fonts.body")
    assert Path(spec) == folder.resolve()
    assert fonts.font_family(spec).name == "Tiny"
    _clear_caches()


# --- the cache of a layout's variable font: damaged files, interrupted fills, builds at once -----


def _filled_cache(tiny_variable_font: Path, cache: Path, monkeypatch: pytest.MonkeyPatch) -> fonts.FontFamily:
    monkeypatch.setenv("HISTDOCS_CACHE", str(cache))
    _clear_caches()
    return fonts.font_family(str(tiny_variable_font))


@pytest.mark.parametrize("damage", ["cut short", "overwritten", "checksum lost"])
def test_a_damaged_cached_face_is_detected_and_made_again(
    damage: str, tiny_variable_font: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fam = _filled_cache(tiny_variable_font, tmp_path / "cache", monkeypatch)
    good = fam.bold.read_bytes()
    checksum = fam.bold.with_name(fam.bold.name + ".sha256")
    assert checksum.read_text() == __import__("hashlib").sha256(good).hexdigest()
    if damage == "cut short":
        fam.bold.write_bytes(good[: len(good) // 3])
    elif damage == "overwritten":
        fam.bold.write_bytes(good[:1000] + b"\0" * (len(good) - 1000))
    else:
        checksum.unlink()
    _clear_caches()  # a later build, in a new process
    made = fonts.INSTANCES_MADE
    again = fonts.font_family(str(tiny_variable_font))
    assert fonts.INSTANCES_MADE == made + 1  # only the damaged face is made again
    assert again.bold == fam.bold and fam.bold.read_bytes() == good
    assert checksum.read_text() == __import__("hashlib").sha256(good).hexdigest()
    assert fonts.text_width("Hello", 10, str(tiny_variable_font), bold=True) > 0
    _clear_caches()


def test_leftovers_of_an_interrupted_cache_fill_are_removed(
    tiny_variable_font: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os
    import time

    fam = _filled_cache(tiny_variable_font, tmp_path / "cache", monkeypatch)
    folder = fam.regular.parent
    killed = folder / ".tmp-k1ll3d.ttf"  # a build was killed while writing this an hour ago
    killed.write_bytes(b"\0\1\0\0 half a font")
    hour_ago = time.time() - 3600
    os.utime(killed, (hour_ago, hour_ago))
    running = folder / ".tmp-runn1ng.ttf"  # another build is writing this one right now
    running.write_bytes(b"\0\1\0\0 being written")
    _clear_caches()
    fonts.font_family(str(tiny_variable_font))
    assert not killed.exists()
    assert running.exists()
    _clear_caches()


_FILL = """
import sys
from histdocs import fonts
fam = fonts.font_family(sys.argv[1])
print(fonts.INSTANCES_MADE)
"""


def test_builds_filling_the_cache_at_once_leave_it_whole(tiny_variable_font: Path, tmp_path: Path) -> None:
    import hashlib
    import os
    import subprocess
    import sys

    cache = tmp_path / "shared-cache"
    env = dict(os.environ, HISTDOCS_CACHE=str(cache))
    runs = [subprocess.Popen([sys.executable, "-c", _FILL, str(tiny_variable_font)], env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(3)]
    results = [run.communicate(timeout=120) for run in runs]
    assert [run.returncode for run in runs] == [0, 0, 0], [err for _, err in results]
    faces = sorted(cache.rglob("*.ttf"))
    assert len(faces) == 4
    for face in faces:
        digest = face.with_name(face.name + ".sha256").read_text()
        assert hashlib.sha256(face.read_bytes()).hexdigest() == digest
        TTFont(face).close()
    assert not list(cache.rglob(".tmp-*"))
