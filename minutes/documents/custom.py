"""A body's own .docx template (docxtpl), rendered in a sandboxed Jinja environment.

The template sees only the document's variables (:func:`minutes.documents.content.variables`:
plain dicts, lists and strings, plus ``kind``: "notice", "minutes" or "report"); a name it
does not define is an error, never an empty string. The sandbox is the immutable one (no
``list.append``, no attribute starting with ``_``: nothing reaches Python internals), and
the ways a few characters could make a huge output or a long computation are bounded:
``range`` counts at most :data:`MAX_LOOP` items over the whole render, ``*``, ``**`` and
``%`` refuse big results, and the filters and globals that pad or generate text
(``center``, ``indent``, ``wordwrap``, ``format``, ``lipsum``) are gone.

:func:`check` is what an upload goes through: the file must be a real .docx, and it must
render, for every kind, against the sample documents of :mod:`.samples`; any failure is a
:class:`~minutes.rules.RuleError` on the field ``template`` with a message in Vietnamese.
:func:`render` raises the same kind of error (never another exception), so a template that
breaks on real data gives a message, not a broken download.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterator
from typing import Any

import docx
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError, UndefinedError
from jinja2.runtime import Undefined
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from jinja2.utils import missing

from ..rules import RuleError
from . import sandbox
from .content import Minutes, Notice, Report, variables

FIELD = "template"
#: Largest upload (the request limit is 2 MB too), and largest unpacked size: a zip bomb of a
#: few kilobytes must not unpack into gigabytes.
MAX_BYTES = 2 * 1024 * 1024
MAX_UNPACKED = 40 * 1024 * 1024
#: Items ``range`` may count in one render, and the longest text or number an operator may make.
MAX_LOOP = 10_000
MAX_TEXT = 100_000
MAX_NUMBER = 10**15
#: Filters and globals that make text from nothing (padding, generated words): not offered.
_REMOVED_FILTERS = ("center", "indent", "wordwrap", "format", "filesizeformat")
_REMOVED_GLOBALS = ("lipsum", "cycler", "joiner")
KIND_NAMES = {"notice": "thông báo kết luận", "minutes": "biên bản hội nghị", "report": "báo cáo"}


class Missing(UndefinedError):
    """An undefined name, with the object it was looked up on (``missing`` at the top)."""

    def __init__(self, message: str, owner: Any, name: str | None) -> None:
        super().__init__(message)
        self.owner = owner
        self.name = name


class _Strict(StrictUndefined):
    """StrictUndefined that says *where* a name was missing (for the upload's message)."""

    __slots__ = ()

    def _fail_with_undefined_error(self, *_args: Any, **_kwargs: Any) -> Any:
        if self._undefined_exception is UndefinedError:
            raise Missing(self._undefined_message, self._undefined_obj, self._undefined_name)
        raise self._undefined_exception(self._undefined_message)


# StrictUndefined binds its dunders (``__str__``, ``__iter__``…) to the base class's function
# object: point each of them at the override.
for _name, _value in list(vars(Undefined).items()) + list(vars(StrictUndefined).items()):
    if _value is Undefined._fail_with_undefined_error and _name != "_fail_with_undefined_error":
        setattr(_Strict, _name, _Strict._fail_with_undefined_error)


class _Budget:
    def __init__(self) -> None:
        self.left = MAX_LOOP

    def range(self, *args: int) -> Iterator[int]:
        for number in range(*args):
            self.left -= 1
            if self.left < 0:
                raise SecurityError(f"range: more than {MAX_LOOP} items")
            yield number


class _Environment(ImmutableSandboxedEnvironment):
    intercepted_binops = frozenset(["*", "**", "%"])

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**":
            if isinstance(right, int | float) and abs(right) > 64:
                raise SecurityError("** with a large exponent")
        elif operator == "*":
            for a, b in ((left, right), (right, left)):
                if isinstance(a, str | list | tuple) and isinstance(b, int) and len(a) * b > MAX_TEXT:
                    raise SecurityError("* making a large text")
        elif operator == "%" and isinstance(left, str):
            # "%0999999d" % 1: printf-style widths pad without bound.
            if re.search(r"%[-+ #0]*(\*|\d{4,})", left):
                raise SecurityError("% with a large width")
        result = super().call_binop(context, operator, left, right)
        if isinstance(result, int | float) and not isinstance(result, bool) and abs(result) > MAX_NUMBER:
            raise SecurityError("a number too large")
        return result


def environment() -> ImmutableSandboxedEnvironment:
    env = _Environment(undefined=_Strict, autoescape=False)
    for name in _REMOVED_FILTERS:
        env.filters.pop(name, None)
    for name in _REMOVED_GLOBALS:
        env.globals.pop(name, None)
    env.globals["range"] = _Budget().range
    return env


def _context(content: Notice | Minutes | Report) -> dict[str, Any]:
    kind = (
        "notice" if isinstance(content, Notice) else "minutes" if isinstance(content, Minutes) else "report"
    )
    return {**variables(content), "kind": kind}


def fill_here(template: bytes, context: dict[str, Any]) -> bytes:
    """Fill ``template`` in this process: only ever called in the bounded child of
    :mod:`.sandbox` (everything else goes through :func:`render` and :func:`check`)."""
    document = DocxTemplate(io.BytesIO(template))
    document.render(context, jinja_env=environment(), autoescape=True)
    out = io.BytesIO()
    document.save(out)
    data = out.getvalue()
    docx.Document(io.BytesIO(data))  # the result must open: never hand out a broken file
    return data


def render(template: bytes, content: Notice | Minutes | Report) -> bytes:
    """``template`` filled with ``content``'s variables, as .docx bytes; :class:`RuleError`
    (field ``template``) with the reason when the template cannot be filled."""
    try:
        return sandbox.fill(template, _context(content))
    except sandbox.Refused as error:
        raise RuleError(error.message, FIELD) from error


# --- checking an upload -----------------------------------------------------------------------


def _refuse(message: str) -> RuleError:
    return RuleError(message, FIELD)


def _open(template: bytes) -> None:
    """A real .docx: a zip, not too big unpacked, with word/document.xml, that Word's format
    reader opens (a .doc, a .docm, a renamed zip of something else are refused)."""
    not_docx = (
        "Tệp không phải văn bản Word .docx. Hãy mở mẫu trong Word hoặc LibreOffice và lưu "
        "dưới dạng “Word Document (.docx)” rồi tải lên lại."
    )
    if len(template) > MAX_BYTES:
        raise _refuse("Tệp mẫu lớn hơn 2 MB.")
    if not zipfile.is_zipfile(io.BytesIO(template)):
        raise _refuse(not_docx)
    try:
        with zipfile.ZipFile(io.BytesIO(template)) as archive:
            names = archive.namelist()
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _refuse(not_docx) from None
    if "word/document.xml" not in names:
        raise _refuse(not_docx)
    if unpacked > MAX_UNPACKED:
        raise _refuse("Tệp mẫu khi giải nén quá lớn (hơn 40 MB); hãy bỏ bớt hình ảnh.")
    try:
        docx.Document(io.BytesIO(template))
    except Exception:  # noqa: BLE001 (python-docx raises many kinds on a damaged file)
        raise _refuse(not_docx) from None


def documented_names() -> list[str]:
    """Every top-level variable a template may use, in the order of the documents."""
    from .samples import SAMPLES

    names: list[str] = []
    for build in SAMPLES.values():
        for name in _context(build()):
            if name not in names:
                names.append(name)
    return names


def _find(tree: Any, target: Any, path: str = "") -> str | None:
    """Where ``target`` (a dict or list) sits in the variables: "heading", "tasks[]"."""
    if tree is target:
        return path
    if isinstance(tree, dict):
        for key, value in tree.items():
            if isinstance(value, dict | list):
                found = _find(value, target, f"{path}.{key}" if path else str(key))
                if found is not None:
                    return found
    elif isinstance(tree, list):
        for value in tree:
            if isinstance(value, dict | list):
                found = _find(value, target, f"{path}[]")
                if found is not None:
                    return found
    return None


def _missing_message(error: Missing, context: dict[str, Any]) -> str:
    name = error.name or "?"
    if error.owner is missing:
        available = ", ".join(n for n in context if n != "kind") + ", kind"
        return f"Biến «{name}» không có; các biến dùng được: {available}."
    where = _find(context, error.owner)
    if where is not None and isinstance(error.owner, dict):
        fields = ", ".join(error.owner)
        return f"Biến «{where}.{name}» không có; «{where}» có: {fields}."
    if isinstance(error.owner, list):
        return (
            f"«{where or 'danh sách'}» là một danh sách, không có «{name}»: "
            "hãy lặp qua nó ({% for x in … %}) rồi dùng x.tên_trường."
        )
    return f"Biến «{name}» không có (trong một giá trị kiểu {type(error.owner).__name__})."


def _near(error: TemplateError) -> str:
    """ " (đoạn văn thứ 12: «…»)" where docxtpl found the error, when it says."""
    lineno = getattr(error, "lineno", None)
    lines = list(getattr(error, "docx_context", None) or [])
    if not lineno:
        return ""
    offset = (lineno - 1) - max(lineno - 4, 0)
    text = lines[offset].strip() if 0 <= offset < len(lines) else ""
    text = re.sub(r"\s+", " ", text)[:120]
    return f" (khoảng đoạn văn thứ {max(lineno - 1, 1)}" + (f": «{text}»)" if text else ")")


def explain(error: BaseException, context: dict[str, Any]) -> str:
    """What went wrong, for the person who made the template."""
    if isinstance(error, RuleError):
        return str(error.message)
    if isinstance(error, SecurityError):
        return (
            "Mẫu dùng một thao tác không được phép (truy cập thuộc tính nội bộ của Python, hoặc "
            "tạo nội dung quá lớn): chỉ dùng các biến đã mô tả, ví dụ {{ heading.number }}. "
            f"Chi tiết: {error}"
        )
    if isinstance(error, Missing):
        return _missing_message(error, context) + _near(error)
    if isinstance(error, TemplateSyntaxError):
        return f"Mẫu sai cú pháp: {error.message}{_near(error)}."
    if isinstance(error, TemplateError):
        return f"Mẫu không điền được: {error}{_near(error)}."
    return f"Mẫu không điền được ({type(error).__name__}: {str(error)[:200]})."


def check(template: bytes) -> None:
    """Refuse (RuleError on ``template``) a file that is not a .docx or does not fill in, for
    every kind of document, against the samples. Returns None when the template is usable."""
    from .samples import SAMPLES

    _open(template)
    allowed = set(documented_names()) | set(environment().globals)
    try:
        used = DocxTemplate(io.BytesIO(template)).get_undeclared_template_variables(jinja_env=environment())
    except Exception:  # noqa: BLE001 (a syntax error: rendering below says where, paragraph by paragraph)
        used = set()
    if unknown := sorted(used - allowed):
        raise _refuse(f"Biến «{unknown[0]}» không có; các biến dùng được: {', '.join(documented_names())}.")
    build: Callable[[], Notice | Minutes | Report]
    for kind, build in SAMPLES.items():
        try:
            sandbox.fill(template, _context(build()))
        except sandbox.Refused as error:
            message = f"Khi điền {KIND_NAMES[kind]} mẫu: {error.message}"
            if error.missing is not None and error.missing in allowed:
                message += (
                    " Một mẫu dùng cho cả thông báo kết luận và biên bản: đặt phần riêng của mỗi "
                    'loại giữa {%p if kind == "notice" %} … {%p endif %}.'
                )
            raise _refuse(message) from error
