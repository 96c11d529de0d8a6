"""The facilitator's work on comments."""

from ..models import Answer


def comment_review(*, answer: Answer, tag: str, hidden: bool):
    """Give a comment a theme, or hide it because it could identify someone."""
    answer.comment_tag = tag
    answer.comment_hidden = hidden
    answer.save(update_fields=["comment_tag", "comment_hidden"])
    return answer
