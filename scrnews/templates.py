"""The Jinja environment: a board's override folders first, then the built-in theme.

An override can extend the original with `{% extends "default/issue.html" %}`.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

import jinja2
import jinja2.sandbox

from . import contrast, markup
from .errors import Problem, TemplateError, relpath
from .labels import count, format_date, with_name
from .project import theme_dir


def make_environment(overrides: Sequence[Path] = ()) -> jinja2.Environment:
    """A fresh environment (so preview sees template edits) with autoescaping and strict undefineds."""
    default = jinja2.FileSystemLoader(str(theme_dir()))
    loader = jinja2.ChoiceLoader(
        [
            *(_FencedLoader(str(path)) for path in overrides),
            default,
            jinja2.PrefixLoader({"default": default}),
        ]
    )
    # Sandboxed: an override template may use the context but not reach Python (os, __globals__).
    env = jinja2.sandbox.SandboxedEnvironment(
        loader=loader,
        bytecode_cache=_bytecode_cache(),
        autoescape=jinja2.select_autoescape(["html", "htm", "xml", "svg"], default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        md=markup.render_block,
        md_inline=markup.render_inline,
        date=format_date,
        css_string=css_string,
        tint=contrast.tint,
        url_text=markup.url_html,
        count=_count,
        with_name=_with_name,
    )
    return env


def _language(context) -> str:
    issue = context.get("issue")
    return getattr(issue, "language", "en-GB")


@jinja2.pass_context
def _count(context, number: int, noun: str) -> str:
    """{{ 3|count("action") }}: '3 actions', '3 cham gweithredu' in the page's language."""
    return count(number, noun, _language(context))


@jinja2.pass_context
def _with_name(context, words: str, name: str) -> str:
    """{{ words|with_name(board.name) }}: 'cysylltwch â Phartneriaeth …' in Welsh."""
    return with_name(words, name, _language(context))


class _FencedLoader(jinja2.FileSystemLoader):
    """An override folder whose templates, symlinks followed, must lie inside it.

    A link committed as templates/env.html -> /proc/self/environ would otherwise publish CI secrets.
    """

    def get_source(self, environment, template):
        source, filename, uptodate = super().get_source(environment, template)
        real = Path(filename).resolve()
        if not any(real.is_relative_to(Path(root).resolve()) for root in self.searchpath):
            shown = os.path.relpath(filename)  # not errors.relpath: that would follow the link
            raise TemplateError(
                Problem(
                    shown,
                    None,
                    None,
                    "",
                    f"this template is a link to "
                    f"{real}, outside its folder; scrnews does not follow "
                    "it. Put the template itself in the folder.",
                )
            )
        return source, filename, uptodate


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates kept between runs (checked against each template's source).

    Compiling the theme costs more than rendering it; `SCRNEWS_CACHE_DIR=` turns this off.
    """
    folder = os.environ.get("SCRNEWS_CACHE_DIR")
    if folder == "":
        return None
    if folder is None:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        folder = os.path.join(base, "scrnews", "jinja")
    try:
        os.makedirs(folder, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder):
            pass  # the folder is writable
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(folder)


def css_string(value: str) -> str:
    """Quote text for a CSS string literal, so no value can close it."""
    escaped = "".join(
        ch if ch.isalnum() or ch in " .,-:" else f"\\{ord(ch):x} " for ch in str(value)
    )
    return f'"{escaped}"'


def render_template(env: jinja2.Environment, name: str, context: dict) -> str:
    """Render one template; a template mistake becomes a TemplateError naming file and line."""
    try:
        return env.get_template(name).render(context)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(
            Problem(
                _template_file(env, exc.filename or exc.name or name),
                exc.lineno,
                None,
                "",
                f"template syntax error: {exc.message}",
            )
        ) from None
    except jinja2.TemplateNotFound as exc:
        raise TemplateError(
            Problem(
                name, None, None, "", f"template {exc.name!r} not found in {_search_path(env)}."
            )
        ) from None
    except jinja2.UndefinedError as exc:
        filename, line = _template_frame(exc)
        raise TemplateError(
            Problem(filename or name, line, None, "", _undefined_message(exc.message or ""))
        ) from None
    except jinja2.sandbox.SecurityError as exc:
        filename, line = _template_frame(exc)
        raise TemplateError(
            Problem(
                filename or name,
                line,
                None,
                "",
                f"template error: {str(exc).rstrip('.')}. Templates may only "
                "use the issue's fields and scrnews's filters.",
            )
        ) from None


def _undefined_message(message: str) -> str:
    """Say which name the template got wrong, in the issue's terms rather than Python's."""
    import re

    attribute = re.match(r"'(?:[\w.]+\.)?(\w+) object' has no attribute '(\w+)'", message)
    if attribute:
        kind, name = attribute.groups()
        return (
            f"template error: the template asks for '{name}', which a {kind} does not have. "
            "Check the spelling against the issue fields (README, 'The issue file')."
        )
    return (
        f"template error: {message}. Check the spelling of the variable, "
        "or guard it with {% if ... %}."
    )


def _template_file(env: jinja2.Environment, filename: str) -> str:
    return relpath(filename) if filename and Path(filename).is_absolute() else filename


def _search_path(env: jinja2.Environment) -> str:
    folders = []
    for loader in getattr(env.loader, "loaders", []):
        folders += [relpath(p) for p in getattr(loader, "searchpath", [])]
    return ", ".join(folders)


def _template_frame(exc: BaseException) -> tuple[str | None, int | None]:
    """The innermost template file and line in a traceback."""
    found: tuple[str | None, int | None] = (None, None)
    tb = exc.__traceback__
    while tb is not None:
        code = tb.tb_frame.f_code
        if code.co_filename.endswith((".html", ".css", ".xml", ".svg")):
            template = tb.tb_frame.f_globals.get("__jinja_template__")
            line = template.get_corresponding_lineno(tb.tb_lineno) if template else tb.tb_lineno
            found = (relpath(code.co_filename), line)
        tb = tb.tb_next
    return found
