"""`seminar check`: find a course's mistakes without building it. Plain Python, no MkDocs.

`course.check_course` reads a course (pages, `.bib` files, glossary) with the
same core modules a build uses and returns `Problem`s; `formats` prints them as
text, JSON or GitHub workflow annotations.
"""

from __future__ import annotations

from seminar.check.course import Course, QuestionOptions, check_course
from seminar.check.formats import FORMATS, exit_code, render
from seminar.check.problems import Problem, Severity

__all__ = [
    "FORMATS",
    "Course",
    "Problem",
    "QuestionOptions",
    "Severity",
    "check_course",
    "exit_code",
    "render",
]
