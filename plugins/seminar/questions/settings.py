"""A page's `questions:` front matter, checked: on/off, count, hidden ids, own questions.

```yaml
questions: false            # no questions on this page
questions:
  count: 4                  # how many generated questions
  hide: [q-1a2b3c4d]        # generated questions to leave out (others take their place)
  add:                      # the instructor's own questions, after the generated ones
    - Which of the essay's examples would you drop, and why?
    - text: How does this reading answer last week's?
      bloom: evaluate       # optional; otherwise read from its cue words
      paragraph: 3          # optional; links the question to ¶3
```
"""

from __future__ import annotations

from seminar.questions.model import BLOOM_LEVELS, Question

KEYS = ("count", "hide", "add")


class PageSettings:
    """What a page's front matter says about its questions (filled in by `page_settings`).

    A plain class: a dataclass costs every build about 0.5 ms to import.

    Attributes:
        enabled: True or False when the page says so, None when it does not.
        count: The page's own count, or None.
        hide: Ids of generated questions to leave out.
        add: The instructor's own questions.
        problems: What is wrong with the front matter, each with its fix.
    """

    __slots__ = ("add", "count", "enabled", "hide", "problems")

    def __init__(self) -> None:
        self.enabled: bool | None = None
        self.count: int | None = None
        self.hide: tuple[str, ...] = ()
        self.add: tuple[Question, ...] = ()
        self.problems: list[str] = []


def _own_question(item: object, number: int, problems: list[str]) -> Question | None:
    if isinstance(item, str):
        item = {"text": item}
    if not isinstance(item, dict) or not isinstance(item.get("text"), str):
        problems.append(
            f"questions.add item {number}: expected a question or a mapping with 'text', "
            f"got {item!r}. Fix: write `- Your question?`."
        )
        return None
    # Only a page that adds its own questions needs these (and their regular expressions).
    from seminar.questions.checks import bloom_level
    from seminar.questions.generator import question_id
    from seminar.questions.text import normalise_space

    text = normalise_space(item["text"])
    bloom = item.get("bloom", bloom_level(text))
    if bloom not in BLOOM_LEVELS:
        problems.append(
            f"questions.add item {number}: unknown bloom level {bloom!r}. "
            f"Fix: use one of {', '.join(BLOOM_LEVELS)}."
        )
        bloom = bloom_level(text)
    paragraph = item.get("paragraph")
    anchor = ""
    if paragraph is not None:
        if isinstance(paragraph, int) and not isinstance(paragraph, bool) and paragraph > 0:
            anchor = f"p-{paragraph}"
        else:
            problems.append(
                f"questions.add item {number}: 'paragraph' must be a paragraph number "
                f"(1, 2, …), got {paragraph!r}."
            )
    unknown = sorted(set(item) - {"text", "bloom", "paragraph"})
    if unknown:
        problems.append(
            f"questions.add item {number}: unknown key(s) {', '.join(unknown)}. "
            "Fix: use text, bloom and paragraph."
        )
    return Question(question_id(text), text, str(bloom), anchor, "", "")


def page_settings(value: object) -> PageSettings:
    """Read the value of a page's `questions` front-matter key (None when absent)."""
    settings = PageSettings()
    problems = settings.problems
    if value is None:
        return settings
    if isinstance(value, bool):
        settings.enabled = value
        return settings
    if not isinstance(value, dict):
        problems.append(
            f"'questions' must be true, false or a mapping, got {value!r}. "
            "Fix: write `questions: false` or `questions: {count: 4}`."
        )
        return settings
    settings.enabled = True
    unknown = sorted(set(map(str, value)) - set(KEYS))
    if unknown:
        problems.append(
            f"unknown key(s) under 'questions': {', '.join(unknown)}. Fix: use {', '.join(KEYS)}."
        )
    count = value.get("count")
    if count is not None:
        if isinstance(count, int) and not isinstance(count, bool) and 0 <= count <= 12:
            settings.count = count
        else:
            problems.append(f"questions.count must be a number from 0 to 12, got {count!r}.")
    hide = value.get("hide", [])
    hide = [hide] if isinstance(hide, str) else hide
    if not isinstance(hide, list) or not all(isinstance(h, str) for h in hide):
        problems.append(
            f"questions.hide must be a list of question ids, got {hide!r}. "
            "Fix: write `hide: [q-1a2b3c4d]` (ids are shown by `seminar questions PAGE`)."
        )
    else:
        settings.hide = tuple(hide)
    add = value.get("add", [])
    add = [add] if isinstance(add, (str, dict)) else add
    if not isinstance(add, list):
        problems.append(f"questions.add must be a list of questions, got {add!r}.")
    else:
        own = [_own_question(item, n, problems) for n, item in enumerate(add, 1)]
        settings.add = tuple(q for q in own if q is not None)
    return settings
