"""A body's own .docx template (docxtpl), rendered in a sandboxed Jinja environment.

The template sees only the document's variables (:func:`minutes.documents.content.variables`:
plain dicts, lists and strings); a name it does not define is an error, never an empty
string, and the sandbox refuses attribute tricks that reach Python internals.
"""

from __future__ import annotations

import io

from docxtpl import DocxTemplate
from jinja2 import StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from .content import Minutes, Notice, Report, variables


def environment() -> SandboxedEnvironment:
    return SandboxedEnvironment(undefined=StrictUndefined, autoescape=False)


def render(template: bytes, content: Notice | Minutes | Report) -> bytes:
    """``template`` filled with ``content``'s variables, as .docx bytes."""
    document = DocxTemplate(io.BytesIO(template))
    document.render(variables(content), jinja_env=environment(), autoescape=True)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
