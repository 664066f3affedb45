"""One problem in a data file, and the error that carries a list of them.

Each problem names the file, the item (question, quiz or rule) and the field, and says what was expected,
so a tutor can fix a bank without reading a traceback.
"""

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    file: Path | str
    where: str  # e.g. "question 'ch1-q2'" or "quiz 'ch1-words'"; empty for the file as a whole
    field: str  # e.g. "options[1].feedback"; empty for the file as a whole
    message: str  # what was expected, and what was found
    line: int | None = None  # the line of the file where the item is, when known (1 = the first)

    def __str__(self) -> str:
        parts = [str(self.file)]
        if self.line:
            parts.append(f"line {self.line}")
        if self.where:
            parts.append(self.where)
        if self.field:
            parts.append(f"field '{self.field}'")
        return ": ".join([*parts, self.message])


class DataError(Exception):
    """Raised with every problem found in one or more data files."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
