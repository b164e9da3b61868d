"""The command line. Click lives here and nowhere else; each command calls one core function."""

from __future__ import annotations

import contextlib
import logging
import sys
from pathlib import Path

import click

from . import __version__

log = logging.getLogger("scrnews")


class Reported(click.ClickException):
    """A ScrnewsError shown as its file:line:col lines, then one closing line; exit status 1."""

    def __init__(self, error, closing: str = "nothing was written") -> None:
        super().__init__(error.report())
        self.error = error
        self.closing = closing

    def show(self, file=None) -> None:
        stream = file or sys.stderr
        for problem in self.error.problems:
            click.echo(str(problem).lstrip(": "), file=stream)
        count = len(self.error.problems)
        noun = "problem" if count == 1 else "problems"
        click.echo(f"Error: {count} {noun} found; {self.closing}.", file=stream)


class _Formatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        prefix = "" if record.levelno < logging.WARNING else f"{record.levelname.lower()}: "
        return prefix + record.getMessage()


def _setup_logging(verbose: int, quiet: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_Formatter())
    root = logging.getLogger("scrnews")
    root.handlers[:] = [handler]
    root.setLevel(logging.WARNING if quiet else logging.DEBUG if verbose else logging.INFO)
    root.propagate = False


def _quiet(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value:
        logging.getLogger("scrnews").setLevel(logging.WARNING)


def _verbose(ctx: click.Context, param: click.Parameter, value: int) -> None:
    if value:
        logging.getLogger("scrnews").setLevel(logging.DEBUG)
        ctx.meta["scrnews.debug"] = True  # tracebacks too (ctx.meta is shared with the group)


def log_options(command):
    """-v and -q after the sub-command too (`scrnews build -q`), as before it."""
    command = click.option(
        "-q",
        "--quiet",
        is_flag=True,
        expose_value=False,
        callback=_quiet,
        help="Print only warnings and errors.",
    )(command)
    return click.option(
        "-v",
        "--verbose",
        count=True,
        expose_value=False,
        callback=_verbose,
        help="Say more about what is happening (and show tracebacks).",
    )(command)


#: The editions `build --format` names; "both" is html,pdf.
EDITIONS = ("html", "pdf", "email")


class Editions(click.ParamType):
    """--format html, pdf, email, both, or several joined by commas: html,pdf,email."""

    name = "editions"

    def convert(self, value, param, ctx) -> tuple[str, ...]:
        if isinstance(value, tuple):
            return value
        wanted: set[str] = set()
        for word in (w.strip().lower() for w in str(value).split(",")):
            names = ("html", "pdf") if word == "both" else (word,)
            if not set(names) <= set(EDITIONS):
                self.fail(
                    f"{word!r} is not an edition. Write html, pdf, email or both, or several "
                    "joined by commas, such as html,pdf,email.",
                    param,
                    ctx,
                )
            wanted.update(names)
        return tuple(name for name in EDITIONS if name in wanted)


base_url_option = click.option(
    "--base-url",
    "base_url",
    metavar="URL",
    help="Where the out/ folder is published, for the email edition's links and pictures "
    "(instead of base_url in scrnews.yaml).",
)
attach_pdf_option = click.option(
    "--attach-pdf",
    "attach_pdf",
    is_flag=True,
    help="Attach the PDF to the email edition's message (.eml).",
)

#: Options more than one command takes.
templates_option = click.option(
    "-t",
    "--templates",
    "templates",
    multiple=True,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="A folder of templates that override the built-in theme (may be repeated).",
)
config_option = click.option(
    "--config",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The board settings file to use (default: the nearest scrnews.yaml above each issue).",
)


class _Group(click.Group):
    """Commands whose unforeseen errors are one line (the traceback only with --debug or -v)."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except Exception as exc:
            if ctx.meta.get("scrnews.debug"):
                raise
            from .errors import unexpected

            raise click.ClickException(unexpected(exc)) from None


@click.group(
    cls=_Group,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(__version__, "-V", "--version", prog_name="scrnews")
@click.option(
    "-v", "--verbose", count=True, help="Say more about what is happening (and show tracebacks)."
)
@click.option("-q", "--quiet", is_flag=True, help="Print only warnings and errors.")
@click.option(
    "--debug",
    is_flag=True,
    help="Show the Python traceback of an unexpected error (for a bug report).",
)
@click.pass_context
def cli(ctx: click.Context, verbose: int, quiet: bool, debug: bool) -> None:
    """Build accessible newsletters that share learning from safeguarding case reviews.

    Each issue is one YAML file; scrnews turns it into a web page, a tagged,
    print-ready PDF and an email edition, in English, Welsh or both. A file with
    `kind: briefing` is a one-page 7-minute briefing. Start with
    `scrnews build issues/issue-2.yaml`.
    """
    if debug or verbose:
        ctx.meta["scrnews.debug"] = True
    _setup_logging(verbose, quiet)


@cli.command()
@click.argument("issues", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("out"),
    show_default=True,
    help="Folder to write into; each issue goes to OUT/<name>/.",
)
@click.option(
    "-f",
    "--format",
    "formats",
    type=Editions(),
    default="both",
    show_default=True,
    help="Which editions to make: html, pdf, email, or several joined by commas "
    "(html,pdf,email); both is html,pdf. email writes OUT/<name>/email.html (styles inlined), "
    "<name>.txt (plain text) and <name>.eml (both in one message).",
)
@base_url_option
@attach_pdf_option
@templates_option
@click.option(
    "--strict", is_flag=True, help="Treat WeasyPrint warnings (missing images, bad CSS) as errors."
)
@click.option(
    "--allow-remote",
    "allow_remote",
    multiple=True,
    metavar="HOST",
    help="Let the PDF fetch images from this web host (may be repeated); none by default.",
)
@click.option(
    "--profile",
    type=click.Choice(["screen", "print", "archive"]),
    default="screen",
    show_default=True,
    help="What the PDF is for. screen: the accessible edition, tagged PDF/UA-1. print: for a "
    "print shop: 3 mm bleed and crop marks around an A4 trim box, a warning for any "
    "image under 300 dpi as printed; PDF/UA-1, or PDF/X-4 with --pdf-variant. archive: "
    "PDF/A-2a, which is tagged and also marked PDF/UA-1 (PDF/A-2 rather than -3: "
    "nothing is attached, so it promises less and more archives accept it).",
)
@click.option(
    "--pdf-variant",
    "pdf_variant",
    metavar="VARIANT",
    type=click.Choice(["pdf/ua-1", "pdf/x-4", "pdf/a-2a", "pdf/a-3a"], case_sensitive=False),
    help="Write this PDF standard instead of the profile's own: pdf/x-4 (print), "
    "pdf/a-3a (archive).",
)
@config_option
@click.option(
    "--bilingual",
    type=click.Choice(["back-to-back", "side-by-side"]),
    default="back-to-back",
    show_default=True,
    help="An issue in two languages (language: [cy-GB, en-GB]) also gets <name>-bilingual.pdf "
    "with both: one language after the other, its own first, or each passage beside its "
    "translation.",
)
@click.option(
    "--allow-untranslated",
    "allow_untranslated",
    is_flag=True,
    help="Build a draft of a bilingual issue with texts missing in one language (they are "
    "shown in the other); a published issue still needs every translation.",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Archive builds: PDFs made at once, each in a worker process (1: all in this "
    "process) [default: CPUs].",
)
@click.option(
    "--drafts",
    is_flag=True,
    help="Archive builds: include issues marked draft or dated after today.",
)
@click.option("--force", is_flag=True, help="Archive builds: rebuild every issue, changed or not.")
@click.option(
    "--summary",
    "summary_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Archive builds: add a Markdown account (published, held back, failed) to this file, "
    'such as "$GITHUB_STEP_SUMMARY" in a GitHub workflow.',
)
@log_options
def build(
    issues: tuple[Path, ...],
    out_dir: Path,
    formats: tuple[str, ...],
    base_url: str | None,
    attach_pdf: bool,
    templates: tuple[Path, ...],
    strict: bool,
    allow_remote: tuple[str, ...],
    profile: str,
    pdf_variant: str | None,
    config: Path | None,
    bilingual: str,
    allow_untranslated: bool,
    jobs: int | None,
    drafts: bool,
    force: bool,
    summary_file: Path | None,
) -> None:
    """Build ISSUES (YAML files) into web pages and PDFs.

    Writes OUT/<name>/index.html and OUT/<name>/<name>.pdf, where <name> is the
    file's name without .yaml; with --format email also the email edition,
    OUT/<name>/email.html, <name>.txt and <name>.eml, whose links point at base_url
    (scrnews.yaml or --base-url). A failed build leaves earlier output untouched.
    A file that says kind: briefing is a 7-minute briefing: its PDF is one A4 page, and a
    panel whose text does not fit fails the build, named at its line.

    With no ISSUES (or a folder), builds the whole archive of issues/ as a website:
    OUT/index.html lists every published issue, OUT/feed.xml is its Atom feed. Issues
    marked draft or dated after today are left out (--drafts includes them); issues
    whose inputs have not changed since the last build are not made again. A draft with a
    mistake is reported and left out; an issue due for publication with a mistake fails the
    build (exit status 1), and keeps the pages it had. The new site is made beside OUT and
    swapped in whole; a second build into the same OUT waits until the first has finished.
    """
    _check_variant(profile, pdf_variant)
    options = dict(
        formats=formats,
        templates=templates,
        strict=strict,
        allow_remote=allow_remote,
        profile=profile,
        pdf_variant=pdf_variant,
        config=config,
        bilingual=bilingual,
        **_email_options(formats, base_url, attach_pdf),
    )
    with _sigterm_stops(out_dir):
        if not issues or any(path.is_dir() for path in issues):
            # The whole archive: OUT/index.html, OUT/feed.xml and every issue due for publication.
            if not _issue_paths(issues, "build"):
                return  # a new project: nothing to build yet
            _build_archive(
                issues,
                out_dir,
                jobs=jobs,
                drafts=drafts,
                force=force,
                summary_file=summary_file,
                **options,
            )
        else:
            _build_issues(list(issues), out_dir, allow_untranslated=allow_untranslated, **options)


class _Terminated(BaseException):
    """SIGTERM arrived (a cancelled CI job). Not an Exception: nothing may catch and carry on."""


@contextlib.contextmanager
def _sigterm_stops(out_dir: Path):
    """Let SIGTERM unwind the build like Ctrl-C: workers stopped, the unfinished site removed."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum, frame):
        raise _Terminated

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    except _Terminated:
        click.echo(
            f"Error: stopped by SIGTERM; nothing half-made was left in {out_dir}/.", err=True
        )
        raise click.exceptions.Exit(128 + signal.SIGTERM) from None
    finally:
        signal.signal(signal.SIGTERM, previous)


def _build_issues(paths: list[Path], out_dir: Path, **options) -> None:
    """Build each issue file on its own (not as an archive)."""
    from .build import build_issue
    from .errors import ScrnewsError, doing, relpath

    failed: list[ScrnewsError] = []
    for path in paths:
        try:
            with doing(f"building {relpath(path)}"):
                result = build_issue(path, out_dir, **options)
        except ScrnewsError as error:
            failed.append(error)
            continue
        pages = f" ({result.pages} page{'' if result.pages == 1 else 's'})" if result.pages else ""
        log.info("built %s%s", ", ".join(relpath(p) for p in result.outputs), pages)
    if failed:
        closing = (
            "nothing was written"
            if len(failed) == len(paths)
            else f"{len(failed)} of {len(paths)} issues not built; their earlier output is untouched"
        )
        raise Reported(ScrnewsError([p for error in failed for p in error.problems]), closing)


def _email_options(formats: tuple[str, ...], base_url: str | None, attach_pdf: bool) -> dict:
    """The email edition's options, passed on only when it is made (and then checked)."""
    if "email" not in formats:
        if attach_pdf:
            raise click.UsageError(
                "--attach-pdf attaches the PDF to the email edition: add email to --format."
            )
        return {}
    if base_url is not None:
        _check_url(base_url, "--base-url")
    return {"base_url": base_url, "attach_pdf": attach_pdf}


def _check_url(value: str, option: str) -> None:
    from .fields import check_url

    try:
        check_url(value)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint=f"'{option}'") from None


def _build_archive(
    folders: tuple[Path, ...], out_dir: Path, summary_file: Path | None = None, **options
) -> None:
    from .archive.build import build_all
    from .archive.report import summary
    from .errors import ScrnewsError, relpath

    try:
        result = build_all(folders, out_dir, reporter=_progress(), **options)
    except ScrnewsError as error:
        raise Reported(error, f"{relpath(out_dir)}/ was not changed") from None
    if summary_file is not None:
        from .job_summary import summary_markdown

        with open(summary_file, "a", encoding="utf-8") as handle:
            handle.write(summary_markdown(result) + "\n")
    for outcome in result.outcomes:
        if outcome.state == "held":
            log.info("left out %s: %s", relpath(outcome.source), outcome.reason)
            for problem in outcome.problems:
                log.warning("%s", str(problem).lstrip(": "))
    for line in summary(result):
        log.info("%s", line)
    failed = result.count("failed")
    if failed:
        raise Reported(
            ScrnewsError([p for o in result.outcomes if o.state == "failed" for p in o.problems]),
            f"{failed} of {len(result.outcomes)} issues not "
            f"built; the pages they had in {relpath(out_dir)}/ are kept",
        )


def _progress():
    """A progress bar on a terminal; plain log lines (one an issue) in CI and pipes."""
    from .archive.report import Reporter

    if not sys.stderr.isatty():
        return Reporter()

    class Bar(Reporter):
        bar = None

        def start(self, total: int) -> None:
            if total:
                self.bar = click.progressbar(length=total, label="Building", file=sys.stderr)
                self.bar.__enter__()

        def advance(self, outcome) -> None:
            if self.bar is not None:
                self.bar.update(1)

        def finish(self) -> None:
            if self.bar is not None:
                self.bar.__exit__(None, None, None)

    return Bar()


def _check_variant(profile: str, variant: str | None) -> None:
    from .errors import ScrnewsError
    from .profiles import get_profile, pdf_variant

    try:
        pdf_variant(get_profile(profile), variant)
    except ScrnewsError as error:
        raise click.BadParameter(error.problems[0].message, param_hint="'--pdf-variant'") from None


def _default_issues(command: str = "build") -> None:
    """A usage error when there is no issues/ folder to work on."""
    if not Path("issues").is_dir():
        raise click.UsageError(
            f"name an issue file, such as `scrnews {command} issues/issue-2.yaml` "
            "(there is no issues/ folder here)."
        )


@cli.command()
@click.argument("issues", nargs=-1, type=click.Path(path_type=Path))
@config_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "github"]),
    default="text",
    show_default=True,
    help="text: file:line:col: CODE severity: message lines; json: one document on stdout; "
    "github: ::error and ::warning annotations for GitHub Actions, on stdout.",
)
@click.option(
    "--online",
    is_flag=True,
    help="Also ask each linked site about its link (dead, redirected, http: where https: "
    "is served), several at a time. Needs the network; never part of the default run.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1),
    default=10.0,
    show_default=True,
    help="Seconds to wait for each site with --online.",
)
@click.option(
    "--due",
    "due_only",
    is_flag=True,
    help="Fail only for issues due to be published: errors in drafts and in issues dated "
    "after today are reported as warnings (what the publishing workflow runs).",
)
@click.option(
    "--rules",
    "list_rules",
    is_flag=True,
    help="List every rule's code and severity; check nothing.",
)
@log_options
@click.pass_context
def check(
    ctx: click.Context,
    issues: tuple[Path, ...],
    config: Path | None,
    fmt: str,
    online: bool,
    timeout: float,
    due_only: bool,
    list_rules: bool,
) -> None:
    """Check ISSUES before they are published, without building anything.

    Reports mistakes that stop a build, and the rules a newsletter should pass: privacy
    (P1xx), placeholders (T2xx), links (L3xx), plain English (E4xx) and completeness (C5xx),
    each as file:line:col: CODE severity: message. With no ISSUES (or a folder), checks every
    issue in issues/. Exits 1 if there is any error; warnings alone do not fail.

    Switch a rule off for the whole board in scrnews.yaml (checks: {ignore: [E402]}), or for
    one line with a comment that says why: # scrnews: ignore P105: the board's duty line.
    """
    from .checks.report import closing_line, github_lines, json_text, rule_table, text_lines

    if list_rules:
        for line in rule_table():
            click.echo(line)
        return
    paths = _issue_paths(issues, "check")
    if not paths:
        return
    from .checks import check_files
    from .errors import doing, relpath

    with doing(f"checking {relpath(paths[0]) if len(paths) == 1 else f'{len(paths)} issue files'}"):
        report = check_files(
            paths, config=config, online=online, timeout=timeout, due_only=due_only
        )
    if fmt == "json":
        click.echo(json_text(report))
    elif fmt == "github":
        for line in github_lines(report):
            click.echo(line)
    else:
        for line in text_lines(report):
            click.echo(line, err=True)
    if report.errors:
        click.echo(closing_line(report), err=True)
        ctx.exit(1)
    log.info("%s", closing_line(report))


def _issue_paths(issues: tuple[Path, ...], command: str) -> list[Path]:
    """The issue files named, with each folder's *.yaml; issues/*.yaml when none is named."""
    if not issues:
        _default_issues(command)
        issues = (Path("issues"),)
    paths: list[Path] = []
    for path in issues:
        if path.is_dir():
            found = sorted(path.glob("*.yaml"))
            if not found:
                log.info("there are no issues in %s/ yet: start one with `scrnews new`", path)
            paths += found
        else:
            paths.append(path)
    return paths


@cli.command()
@click.argument("out_dir", default=Path("out"), type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--no-browser",
    is_flag=True,
    help="Skip the Chromium checks (axe, reflow, text zoom, keyboard); run the rest.",
)
@click.option("--no-html-validation", is_flag=True, help="Skip the Nu HTML Checker (needs Java).")
@click.pass_context
@log_options
def audit(ctx: click.Context, out_dir: Path, no_browser: bool, no_html_validation: bool) -> None:
    """Check built pages and PDFs in OUT_DIR (default: out) for accessibility problems.

    Runs axe-core (WCAG 2.2 AA), reflow at 320 px, 200% text, keyboard and focus checks in
    Chromium, the Nu HTML Checker, and PDF/UA-1 structure and reading-order checks. Prints
    each problem as `page: element: criterion: message` and exits 1 if there is any, or if
    a check could not run.
    """
    from .audit.run import NothingToAudit, run_audit

    try:
        report = run_audit(out_dir, browser=not no_browser, validate=not no_html_validation)
    except NothingToAudit as error:
        raise click.ClickException(str(error)) from None
    for problem in report.problems:
        click.echo(str(problem))
    for missing in report.missing:
        click.echo(f"warning: {missing}", err=True)
    click.echo(report.summary())
    if not report.ok:
        ctx.exit(1)


@cli.command()
@click.argument("issues", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to serve on. Use 0.0.0.0 only to share the preview with your network.",
)
@click.option(
    "-p",
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="Port to serve on; 0 picks a free one.",
)
@templates_option
@click.option("--open", "open_browser", is_flag=True, help="Open the preview in your web browser.")
@log_options
def preview(
    issues: tuple[Path, ...], host: str, port: int, templates: tuple[Path, ...], open_browser: bool
) -> None:
    """Show ISSUES in your browser and update them on every save.

    With no ISSUES, previews every *.yaml file in the issues/ folder, with an index page.
    A mistake in a file is shown on the page, over the last version that built. The PDF
    is at /<name>/<name>.pdf and is made when you open it. Stop with Ctrl-C.
    """
    from .errors import ScrnewsError
    from .preview import run_preview

    try:
        run_preview(issues, host=host, port=port, templates=templates, open_browser=open_browser)
    except ScrnewsError as error:
        raise Reported(error, "the preview did not start") from None


@cli.command()
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the schema to this file instead of printing it.",
)
def schema(output: Path | None) -> None:
    """Print the issue and briefing formats as JSON Schema, for your editor's help.

    Save it beside your issues (scrnews schema -o issue.schema.json) and put this line at
    the top of an issue file, for editors with a YAML language server (VS Code's YAML
    extension, for example):

        # yaml-language-server: $schema=../issue.schema.json
    """
    import json

    from .schema import json_schema

    text = json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
    if output is None:
        click.echo(text, nl=False)
        return
    from .errors import ScrnewsError
    from .write import write_all

    try:
        write_all({output: text.encode("utf-8")})
    except ScrnewsError as error:
        raise Reported(error, "nothing was written") from None
    log.info("wrote %s", output)


@cli.command("import")
@click.argument("document", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="The issue file to write [default: issues/<the document's name>.yaml].",
)
@click.option(
    "--board",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="The board's settings file (scrnews.yaml) the issue is for [default: the nearest "
    "scrnews.yaml above the issue file]. Without one, the board's name is read from the text.",
)
@click.option(
    "--force", is_flag=True, help="Replace the issue file (and its pictures) if they exist."
)
@log_options
def import_(document: Path, out: Path | None, board: Path | None, force: bool) -> None:
    """Turn a Word document (.docx) into an issue file, to check and build like any other.

    Headings become blocks; paragraphs Markdown with bold, italic and links; lists keep their
    nesting and numbering; tables become table blocks, text boxes and one-cell tables boxes,
    footnotes notes; a signature ending the first section signs it. Pictures are saved under
    images/<name>/ with Word's description as their alt text, or a TODO that `scrnews check`
    will not let through. Prints what was approximated, with the line of the issue file. The
    issue is written as a draft; nothing is written if the document cannot be read.
    """
    from .errors import ScrnewsError
    from .importer import import_docx

    try:
        result = import_docx(document, out, board=board, force=force)
    except ScrnewsError as error:
        raise Reported(error, "nothing was written") from None
    from .errors import relpath

    for note in result.notes:
        log.info("%s", str(note).lstrip(": "))
    pictures = len(result.pictures)
    saved = f" and {pictures} picture{'' if pictures == 1 else 's'}" if pictures else ""
    log.info("wrote %s%s (draft)", relpath(result.issue), saved)
    if result.todo:
        log.info(
            "%d picture%s no description: write one in place of each TODO before publishing",
            result.todo,
            " has" if result.todo == 1 else "s have",
        )


@cli.command()
@click.option(
    "--issues",
    "folder",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("issues"),
    show_default=True,
    help="The folder of issue files.",
)
@click.option(
    "--briefing",
    is_flag=True,
    help="Start a 7-minute briefing (issues/briefing-<name>.yaml) instead of the next issue: "
    "for the newest review in the newsletters that has none yet, with its code, name, link, "
    "summary and learning points copied in.",
)
@click.option(
    "--review",
    metavar="CODE_OR_NAME",
    help='With --briefing: the review it is on, by its code or name (such as "Child S").',
)
@click.option(
    "--theme",
    metavar="THEME",
    help='With --briefing: a briefing on a theme (such as "Was not brought"), not one review.',
)
@log_options
def new(folder: Path, briefing: bool, review: str | None, theme: str | None) -> None:
    """Start the next issue from the latest one, or a 7-minute briefing.

    Copies what carries over (board, contacts, recurring headings), numbers it, dates it
    this month and marks it draft, with TODO for the rest. Never overwrites a file.
    """
    from .errors import ScrnewsError

    if (review or theme) and not briefing:
        raise click.UsageError("--review and --theme start a briefing: add --briefing.")
    if review and theme:
        raise click.UsageError("a briefing is on one review (--review) or a theme (--theme).")
    try:
        if briefing:
            from .briefing.new import new_briefing

            new_briefing(folder, review=review, theme=theme)
        else:
            from .scaffold import new_issue

            new_issue(folder)
    except ScrnewsError as error:
        raise Reported(error, "no issue was written") from None


@cli.command()
@click.argument("folder", type=click.Path(path_type=Path))
@click.option(
    "--board",
    default="Example Safeguarding Children Partnership",
    show_default=True,
    help="The board's full name, written into scrnews.yaml.",
)
@log_options
def init(folder: Path, board: str) -> None:
    """Make a new board's newsletter project in FOLDER (new or empty).

    Writes scrnews.yaml, issues/issue-1.yaml, an empty templates/ folder for overrides,
    a README for editors and a GitHub Actions workflow that publishes the archive daily.
    """
    from .errors import ScrnewsError
    from .scaffold import init_project

    try:
        init_project(folder, board=board)
    except ScrnewsError as error:
        raise Reported(error, "nothing was written") from None


@cli.command()
@click.argument("issue", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--to",
    "to",
    multiple=True,
    required=True,
    metavar="ADDRESS",
    help="Send to this address (may be repeated).",
)
@click.option(
    "--from",
    "sender",
    metavar="ADDRESS",
    help="Send from this address [default: the board's email, board.email].",
)
@click.option(
    "--smtp-host",
    envvar="SCRNEWS_SMTP_HOST",
    metavar="HOST",
    help="The mail server to send through (or SCRNEWS_SMTP_HOST).",
)
@click.option(
    "--smtp-port",
    envvar="SCRNEWS_SMTP_PORT",
    type=click.IntRange(1, 65535),
    help="Its port [default: 587 with starttls, 465 with tls, 25 with none] "
    "(or SCRNEWS_SMTP_PORT).",
)
@click.option(
    "--security",
    type=click.Choice(["starttls", "tls", "none"]),
    default="starttls",
    show_default=True,
    help="starttls: encrypt after connecting (port 587); tls: encrypted from the start "
    "(port 465); none: not encrypted, and no login unless the server is on this machine.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=1),
    default=30.0,
    show_default=True,
    help="Seconds to wait for the server.",
)
@attach_pdf_option
@base_url_option
@templates_option
@config_option
@click.option(
    "--dry-run",
    is_flag=True,
    help="Make the message and say what would be sent, from and to whom, through which "
    "server; send nothing.",
)
@log_options
def send(
    issue: Path,
    to: tuple[str, ...],
    sender: str | None,
    smtp_host: str | None,
    smtp_port: int | None,
    security: str,
    timeout: float,
    attach_pdf: bool,
    base_url: str | None,
    templates: tuple[Path, ...],
    config: Path | None,
    dry_run: bool,
) -> None:
    """Send ISSUE's email edition to a few addresses, as a proof before it goes out.

    The message is the .eml that `build --format email` writes, linking to the web page and
    the PDF, with To, Date and Message-ID added. It is not a mailing-list manager: send the
    newsletter itself with your mail tool. The login comes from the environment only:
    SCRNEWS_SMTP_USER and SCRNEWS_SMTP_PASSWORD (with neither set, no login). A server
    whose certificate your organisation signs: set SSL_CERT_FILE to its authority's file.
    """
    from .errors import ScrnewsError
    from .mail.proof import send_proof
    from .mail.send import Server, login_from

    for address in (*to, *([sender] if sender else [])):
        _check_email(address, "--to" if address in to else "--from")
    if base_url is not None:
        _check_url(base_url, "--base-url")
    if smtp_host is None and not dry_run:
        raise click.UsageError("name the mail server with --smtp-host (or SCRNEWS_SMTP_HOST).")
    try:
        server = None
        if smtp_host is not None:
            import os

            user, password = login_from(os.environ)
            server = Server(smtp_host, smtp_port, security, user, password, timeout)
        proof = send_proof(
            issue,
            to,
            server,
            sender=sender,
            base_url=base_url,
            attach_pdf=attach_pdf,
            templates=templates,
            config=config,
            dry_run=dry_run,
        )
    except ScrnewsError as error:
        raise Reported(error, "nothing was sent" if dry_run else _sent_closing(error)) from None
    if dry_run:
        click.echo("Would send " + "\n".join(proof.describe()))
        click.echo("Nothing was sent (--dry-run).")
        return
    log.info("sent %r to %s", proof.edition.subject, ", ".join(to))


def _sent_closing(error) -> str:
    """Whether the message still went to some of the addresses."""
    partly = any("went to the other addresses" in p.message for p in error.problems)
    return "it was sent to the other addresses" if partly else "nothing was sent"


def _check_email(value: str, option: str) -> None:
    from .fields import check_email

    try:
        check_email(value)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint=f"'{option}'") from None
