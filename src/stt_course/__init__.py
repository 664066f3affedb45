"""The STT course's Python: question banks, grading, the quiz widget and the book's tooling."""

from stt_course.quiz_widget import QuizWidget, show_quiz

__all__ = ["QuizWidget", "show_quiz"]
