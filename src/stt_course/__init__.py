"""The STT course's Python: question banks, grading, the quiz widget and the book's tooling."""

from stt_course.checker.widget import show_checker
from stt_course.quiz.widget import QuizWidget, show_quiz
from stt_course.selfcheck import check_this_chapter

__all__ = ["QuizWidget", "check_this_chapter", "show_checker", "show_quiz"]
