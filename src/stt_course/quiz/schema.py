"""The schema of a question bank (one YAML file per chapter), as pydantic models.

Models forbid unknown fields so a misspelt key ("feeback") is an error, not a silently lost value.
"""

from typing import Annotated, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StringConstraints, model_validator

Id = Annotated[str, StringConstraints(strict=True, pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
Text = Annotated[str, StringConstraints(strict=True, strip_whitespace=True, min_length=1)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Option(Strict):
    text: Text
    correct: StrictBool = False
    feedback: Text


class MatchItem(Strict):
    text: Text
    category: Text
    feedback: Text


class OrderItem(Strict):
    text: Text
    feedback: Text


class QuestionBase(Strict):
    id: Id
    objective: Id
    section: Text
    prompt: Text


class SingleChoice(QuestionBase):
    type: Literal["single"]
    options: list[Option] = Field(min_length=2, max_length=6)

    @model_validator(mode="after")
    def _one_correct(self) -> "SingleChoice":
        n = sum(o.correct for o in self.options)
        if n != 1:
            raise ValueError(f"options: expected exactly one option with correct: true, found {n}")
        return self


class MultipleChoice(QuestionBase):
    type: Literal["multiple"]
    options: list[Option] = Field(min_length=2, max_length=8)

    @model_validator(mode="after")
    def _some_correct(self) -> "MultipleChoice":
        if not any(o.correct for o in self.options):
            raise ValueError("options: expected at least one option with correct: true, found 0")
        return self


class TrueFalse(QuestionBase):
    type: Literal["truefalse"]
    answer: StrictBool
    feedback_true: Text
    feedback_false: Text


class Matching(QuestionBase):
    type: Literal["matching"]
    categories: list[Text] = Field(min_length=2, max_length=6)
    items: list[MatchItem] = Field(min_length=2, max_length=10)

    @model_validator(mode="after")
    def _known_categories(self) -> "Matching":
        if len(set(self.categories)) != len(self.categories):
            raise ValueError("categories: expected each category once, found a repeat")
        for i, item in enumerate(self.items):
            if item.category not in self.categories:
                raise ValueError(
                    f"items[{i}].category: expected one of {', '.join(self.categories)}, got {item.category!r}"
                )
        return self


class Ordering(QuestionBase):
    type: Literal["ordering"]
    items: list[OrderItem] = Field(min_length=3, max_length=8)


Question = Annotated[
    SingleChoice | MultipleChoice | TrueFalse | Matching | Ordering,
    Field(discriminator="type"),
]
# The type names a bank may use, read from the models above (adding a model adds its name).
QUESTION_TYPES: tuple[str, ...] = tuple(
    get_args(model.model_fields["type"].annotation)[0] for model in get_args(get_args(Question)[0])
)


class Quiz(Strict):
    id: Id
    title: Text
    report_by_objective: StrictBool = False
    questions: list[Question] = Field(min_length=1)


class Objective(Strict):
    id: Id
    text: Text


class Bank(Strict):
    chapter: Id
    title: Text
    objectives: list[Objective] = Field(default_factory=list)
    quizzes: list[Quiz] = Field(min_length=1)
