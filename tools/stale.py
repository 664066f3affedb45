"""Is every notebook's stored output up to date with the banks and rules? (``make book`` runs this first.)

The book is built from the notebooks' stored outputs, which carry each quiz's data. After a bank is
edited, those outputs are stale until ``make notebooks`` re-runs the notebooks; building then would
publish the old questions. This names each stale notebook and the command to run, and exits 1.
Usage: python -m tools.stale
"""

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BLOCK = re.compile(
    r'<div class="(stt-quiz-static|stt-checker-static)" data-stt-id="([^"]+)">'
    r'<script type="application/json" class="stt-data">(.*?)</script>',
    re.S,
)


def _stale_checker(stored: dict, profiles: dict) -> bool:
    """A checker's stored block carries its inputs (the page carries the rules, always current): stale when
    it is from before that change, or its practice profile has changed since."""
    if "rules" in stored or "inputs" not in stored:
        return True
    pid = stored.get("profile")
    if not pid:
        return False
    now = profiles.get(pid)
    return (
        now is None
        or stored.get("label") != now["name"]
        or any(stored["inputs"].get(k) != v for k, v in now["inputs"].items())
    )


def stale_notebooks(notebooks: list[Path]) -> list[tuple[Path, str]]:
    """(notebook, what is out of date) for every quiz or checker whose stored data differs."""
    from stt_course.compiled import compile_course

    current = compile_course()
    found = []
    for path in notebooks:
        nb = json.loads(path.read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            for out in cell.get("outputs", []):
                html = "".join(out.get("data", {}).get("text/html", []))
                for kind, ident, payload in BLOCK.findall(html):
                    stored = json.loads(payload)
                    if kind == "stt-quiz-static":
                        if stored != current["quizzes"].get(ident):
                            found.append((path, f"quiz {ident!r}"))
                    elif _stale_checker(stored, current["profiles"]):
                        found.append((path, "a credential checker's practice profile"))
    return found


def main() -> int:
    from stt_course.problems import DataError

    try:
        stale = stale_notebooks(sorted((ROOT / "notebooks").glob("*.ipynb")))
    except DataError as exc:
        print(f"{exc}\nFix the banks first (stt-course check lists every problem).", file=sys.stderr)
        return 1
    if not stale:
        return 0
    for path, what in dict.fromkeys(stale):
        print(f"{path.relative_to(ROOT)}: its stored output shows an old version of {what}", file=sys.stderr)
    print(
        "The banks or rules changed since the notebooks were last run: run `make notebooks`, then build.",
        file=sys.stderr,
    )
    return 1


if __name__ == "__main__":
    raise SystemExit(main())
