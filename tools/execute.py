"""Execute the chapter notebooks in place and store deterministic outputs (``make notebooks``).

No widget state, no timings, no machine paths: a re-run with nothing changed leaves no diff, and
nbval strict compares against exactly what a learner's kernel produces.
"""

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def normalise(nb: nbformat.NotebookNode) -> None:
    nb.metadata.pop("widgets", None)
    nb.metadata["language_info"] = {"name": "python"}
    nb.metadata.pop("jupytext", None)
    for n, cell in enumerate(nb.cells):
        cell.metadata.pop("execution", None)
        cell["id"] = f"cell-{n:03d}"
        for out in cell.get("outputs", []):
            # The view's model id is random per run and means nothing once the kernel is gone;
            # the stored text/html shows the quiz (or how to load it) instead.
            out.get("data", {}).pop(WIDGET_VIEW, None)


def execute(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=120,
        kernel_name="python3",
        store_widget_state=False,
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    normalise(nb)
    nbformat.write(nb, path)


def main(argv: list[str] | None = None) -> int:
    paths = [Path(p) for p in (argv if argv is not None else sys.argv[1:])]
    for path in paths or sorted(Path("notebooks").glob("*.ipynb")):
        print(f"executing {path}")
        execute(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
