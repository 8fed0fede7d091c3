"""Make the static font faces histdocs ships, from the variable Noto fonts on PyPI.

histdocs embeds Noto Sans and Noto Serif (regular, bold, italic, bold italic). PyPI has them only
as variable fonts, which reportlab cannot embed; instancing eight static faces takes about a
minute, so it is done here, once, by a developer, and the faces are committed under
``src/histdocs/faces/`` with the fonts' licence (SIL OFL 1.1) and ``sources.json``, which records
the source packages, their files' SHA-256, the fontTools version and each face's SHA-256.

The faces are deterministic: the same sources and fontTools version give the same bytes.

    pip install -e '.[fonts]'           # fontpkg-noto-sans, fontpkg-noto-serif
    python tools/make_fonts.py          # (re)make the faces and sources.json
    python tools/make_fonts.py --check  # make them in memory and compare with the committed ones
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import importlib.metadata
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FACES = REPO / "src" / "histdocs" / "faces"

FAMILIES = {  # family name: (distribution, import name, upright file, italic file)
    "Noto Sans": ("fontpkg-noto-sans", "fontpkg_noto_sans", "NotoSans[wdth,wght].ttf", "NotoSans-Italic[wdth,wght].ttf"),
    "Noto Serif": ("fontpkg-noto-serif", "fontpkg_noto_serif", "NotoSerif[wdth,wght].ttf", "NotoSerif-Italic[wdth,wght].ttf"),
}
STYLES = {(False, False): "Regular", (True, False): "Bold", (False, True): "Italic", (True, True): "BoldItalic"}


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def make_all() -> tuple[dict[str, bytes], dict[str, object], bytes]:
    """Return {file name: bytes} of the eight faces, the manifest, and the licence text."""
    import fontTools

    from histdocs.fonts import RECIPE_VERSION, make_static_face

    faces: dict[str, bytes] = {}
    manifest: dict[str, object] = {
        "recipe": RECIPE_VERSION,
        "fonttools": fontTools.version,
        "made_by": "tools/make_fonts.py",
        "sources": {},
        "faces": {},
    }
    licence = b""
    for family, (dist, module, upright, italic) in FAMILIES.items():
        root = Path(importlib.import_module(module).ROOT)
        files = root / "files"
        manifest["sources"][family] = {  # type: ignore[index]
            "package": f"{dist}=={importlib.metadata.version(dist)}",
            upright: sha256((files / upright).read_bytes()),
            italic: sha256((files / italic).read_bytes()),
        }
        text = (root / "LICENSE").read_bytes()
        if licence and text != licence:
            raise SystemExit(f"{dist}: its licence differs from the other family's; ship both")
        licence = text
        stem = family.replace(" ", "")
        for (bold, is_italic), suffix in STYLES.items():
            source = files / (italic if is_italic else upright)
            name = f"{stem}-{suffix}.ttf"
            print(f"making {name} …", file=sys.stderr, flush=True)
            data = make_static_face(source, 700 if bold else 400, family, bold, is_italic)
            faces[name] = data
            manifest["faces"][name] = sha256(data)  # type: ignore[index]
    return faces, manifest, licence


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the committed faces; write nothing")
    args = parser.parse_args()
    faces, manifest, licence = make_all()
    if args.check:
        differ = [n for n, data in faces.items() if not (FACES / n).is_file() or (FACES / n).read_bytes() != data]
        for name in differ:
            print(f"{name}: differs from the committed face", file=sys.stderr)
        print("committed faces are reproducible" if not differ else f"{len(differ)} face(s) differ")
        return 1 if differ else 0
    FACES.mkdir(parents=True, exist_ok=True)
    for name, data in faces.items():
        (FACES / name).write_bytes(data)
    (FACES / "OFL.txt").write_bytes(licence)
    (FACES / "sources.json").write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {len(faces)} faces, OFL.txt and sources.json to src/histdocs/faces/")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
