"""Which quizzes each chapter notebook shows, in book order (notebooks are named in reading order)."""

import json
import re
from pathlib import Path

_SHOW_QUIZ = re.compile(r'show_quiz\(\s*"([^"]+)"\s*\)')


def quiz_ids_in(notebook: Path) -> list[str]:
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    code = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    return _SHOW_QUIZ.findall(code)


def quiz_order(notebooks_dir: Path) -> list[str]:
    return [q for nb in sorted(notebooks_dir.glob("*.ipynb")) for q in quiz_ids_in(nb)]
