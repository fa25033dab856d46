"""``python -m coze_codegen SPEC.json OUT_DIR [--source spec/coze.v1.yaml]``: writes the bindings into OUT_DIR."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .render import render
from .spec import SpecError, read


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="coze_codegen", description=__doc__)
    parser.add_argument("spec", type=Path, help="the bundled OpenAPI document, as JSON")
    parser.add_argument("out", type=Path, help="the folder to write (its .py files are replaced)")
    parser.add_argument("--source", default="spec/coze.v1.yaml", help="the spec's path, named in each file's header")
    args = parser.parse_args(argv)
    try:
        files = render(read(json.loads(args.spec.read_text(encoding="utf-8"))), args.source)
    except SpecError as error:
        print(f"coze_codegen: {error}", file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    for old in args.out.glob("*.py"):
        old.unlink()
    for name, text in files.items():
        (args.out / name).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
