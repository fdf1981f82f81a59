"""The questions of a FAQ page, each with its anchor: the page shows every question under its anchor and
search links a question's result to it (page URL + "#" + anchor), so both must compute it the same way.
"""

import re
from dataclasses import dataclass

from django.utils.text import slugify

from cms import text

# A summary is the answer's first sentence, when that sentence is short enough to read as one.
MAX_SUMMARY_LENGTH = 240
_SENTENCE_END = re.compile(r"(?<=[.!?؟])\s+")


@dataclass(frozen=True)
class Question:
    anchor: str
    question: str
    answer: object  # the block's RichText (its HTML renders in templates)
    position: int  # 1-based, in the page's order

    @property
    def answer_text(self):
        return text.html_text(self.answer.source if hasattr(self.answer, "source") else str(self.answer))

    @property
    def summary(self):
        """The answer's first sentence, or "" when it is too long to be a summary."""
        first = _SENTENCE_END.split(self.answer_text, maxsplit=1)[0].strip()
        return first if len(first) <= MAX_SUMMARY_LENGTH else ""


@dataclass(frozen=True)
class Theme:
    title: str
    questions: list


def themes(page):
    """The page's themes with their questions, anchors unique within the page (-2, -3 for repeats)."""
    taken, position, result = set(), 0, []
    for block in page.themes:
        questions = []
        for item in block.value["questions"]:
            position += 1
            anchor = base = slugify(item["question"], allow_unicode=True) or "question"
            repeat = 1
            while anchor in taken:
                repeat += 1
                anchor = f"{base}-{repeat}"
            taken.add(anchor)
            questions.append(Question(anchor, item["question"], item["answer"], position))
        result.append(Theme(block.value["theme"], questions))
    return result


def questions(page):
    """Every question of the page, in order."""
    return [question for theme in themes(page) for question in theme.questions]
