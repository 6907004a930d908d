"""A body's own template cannot make the server hang or run out of memory: every fill runs
in a bounded child process, and a template that asks for too much is refused with a message
(on upload, and on any later fill)."""

from __future__ import annotations

import pytest

from minutes.documents import custom, samples
from minutes.rules import RuleError
from tests.test_letterheads import GOOD_TEMPLATE, _docx

GREEDY = [
    '{{ "x".ljust(2000000000)|length }}',  # a 2 GB string from one call
    '{{ ("x"*99999)|replace("x", "y"*9999)|length }}',  # 1 GB through a filter
    '{% for a in "x"*99999 %}{% for b in "x"*99999 %}{% endfor %}{% endfor %}',  # 10¹⁰ turns
]


@pytest.mark.parametrize("body", GREEDY)
def test_a_template_that_asks_for_too_much_is_stopped_and_refused(body):
    with pytest.raises(RuleError) as refused:
        custom.check(_docx(body))
    assert refused.value.field == "template"
    assert "quá nhiều thời gian hoặc bộ nhớ" in str(refused.value.message)


def test_a_stored_template_that_asks_for_too_much_gives_a_message_when_filled():
    with pytest.raises(RuleError, match="quá nhiều"):
        custom.render(_docx(GREEDY[0]), samples.sample_notice())


def test_a_good_template_still_fills_through_the_bounded_process():
    custom.check(GOOD_TEMPLATE)
    filled = custom.render(GOOD_TEMPLATE, samples.sample_notice())
    assert filled[:2] == b"PK"
