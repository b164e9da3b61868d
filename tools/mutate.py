"""Mutation testing (cosmic-ray) of the modules that guard safety and data: `make mutate`.

    python tools/mutate.py                 every module in MODULES
    python tools/mutate.py fetch write     some of them
    python tools/mutate.py --rev main      the code and tests of a commit (for a "before" figure)

cosmic-ray edits the module on disk for each mutant, so the run works on a copy of the checkout
(its tracked files, as they are now, or as they were at --rev) in a temporary folder: an
interrupted run never leaves a mutant in your files. For each module it runs only the tests
named in MODULES, stopping at the first failure, and prints killed / counted and the survivors.

Counted are the mutants that can change behaviour. Left out, and said so in the output:
- mutants inside type annotations (every module has `from __future__ import annotations`, so
  annotations are never evaluated);
- the equivalent mutants listed in EQUIVALENT, each with the reason it cannot change behaviour.

To keep a run within minutes on two cores, each arithmetic or bitwise operator is replaced by
its inverse only (+ by -, * by /, | by &, ...), not by each of the ten others cosmic-ray offers;
comparisons, numbers, booleans, exceptions, loops and decorators get every mutant.
"""

from __future__ import annotations

import argparse
import ast
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: module -> the tests that guard it (pytest arguments). To add a module, add one line here.
MODULES: dict[str, str] = {
    "fetch": "tests/security/test_security_fetch.py"
    " tests/security/test_security_svg.py::test_the_pdf_never_reads_a_hostile_svg_from_a_file"
    " tests/security/test_security_svg.py::test_the_pdf_never_reads_a_hostile_svg_from_a_data_url"
    " tests/security/test_security_svg.py::test_safe_files_pass_the_fetcher_unchanged",
    "write": "tests/test_write.py tests/security/test_security_outputs.py tests/test_faults.py"
    " -k 'not preview and not unexpected and not one_line and not debug'",
    "safety": "tests/test_safety.py tests/security/test_security_outputs.py",
    "load": "tests/test_load_limits.py tests/test_load.py tests/test_messages.py"
    " tests/security/test_security_yaml.py"
    " tests/test_errors.py",
    "contrast": "tests/test_contrast.py",
    # (each picture through the command line too: slow, and it checks the CLI, not pictures.py)
    "pictures": "tests/test_pictures.py -k 'not command_line'",
    "svg": "tests/test_svg.py"
    " tests/security/test_security_svg.py::test_svg_problems_names_each_thing_with_its_line"
    " tests/security/test_security_svg.py::test_safe_svgs_pass"
    " tests/security/test_security_svg.py::test_a_billion_laughs_is_refused_before_it_expands"
    " tests/security/test_security_svg.py::test_an_entity_outside_a_doctype_subset_is_refused",
    "fields": "tests/test_fields.py tests/test_errors.py tests/test_content.py"
    " tests/test_schema.py tests/test_messages.py tests/security/test_security_content.py",
    "stats": "tests/test_stats.py tests/test_figures.py",
    "period": "tests/test_periods.py",
}

#: What `make mutate` runs when no module is named: the modules scored at 90 % or more so far.
DEFAULT = [
    "fetch",
    "write",
    "safety",
    "load",
    "contrast",
    "fields",
    "stats",
    "period",
    "pictures",
    "svg",
]

#: Mutants that cannot change behaviour: (module, operator pattern, source line pattern, why).
EQUIVALENT: list[tuple[str, str, str, str]] = [
    (
        "contrast",
        "ReplaceComparisonOperator_Eq_GtE",
        r"background «==» WHITE",
        "no '#rrggbb' colour sorts after '#ffffff', so >= and == agree",
    ),
    (
        "contrast",
        "NumberReplacer",
        r"for target in \(«0\.0»,",
        "a target below 0 is clamped to black, which is the target 0.0",
    ),
    (
        "contrast",
        "NumberReplacer",
        r"range\(«40»\)",
        "39 or 41 halvings both pass 8-bit precision",
    ),
    (
        "safety",
        "ReplaceComparisonOperator_Eq_GtE",
        r"if out «==» root",
        "here out holds root, so out >= root only when they are equal",
    ),
    (
        "contrast",
        "ReplaceComparisonOperator_Lt_LtE",
        r"distance «<» best\[0\]",
        "only an exact tie between the darker and the lighter shade could tell them apart",
    ),
    (
        "contrast",
        "NumberReplacer",
        r"text\[4:«6»\]",
        "text[4:7] is text[4:6] when there are six hex digits (validated '#rrggbb')",
    ),
    (
        "write",
        "NumberReplacer",
        r"token_hex\(«6»\)",
        "a longer or shorter random part of a temporary name",
    ),
    (
        "write",
        "ReplaceFalseWithTrue",
        r"follow_symlinks=«False»",
        "Linux's link() never follows a symlink; the argument is for macOS, whose link() does",
    ),
    (
        "load",
        "ReplaceComparisonOperator_Eq_(GtE|LtE)",
        r"node\.tag «==» _INT_TAG",
        "0123 resolves only to int or str: str's text is its value, and bool and float (the "
        "tags before int) never look like it",
    ),
    (
        "load",
        "NumberReplacer",
        r"and «0» < line",
        "line 0 is already turned away by `line and`, and -1 < line is false for negatives too",
    ),
    (
        "load",
        "ReplaceBinaryOperator_Mul_Div",
        r"def \w+\(.*, «\*», ",
        "a keyword-only `*` turned into `/`: every caller passes those arguments by name",
    ),
    (
        "load",
        "ReplaceComparisonOperator_Eq_LtE",
        r"node\.tag «==» _BOOL_TAG",
        "of the tags built here only bool sorts at or before bool",
    ),
    (
        "load",
        "ReplaceTrueWithFalse",
        r"construct_object\(node, deep=«True»\)",
        "a scalar has no children to construct deeply",
    ),
    (
        "load",
        "NumberReplacer",
        r"range\(len\(loc\) - 1, -«1», -1\)",
        "stopping at -2 only looks at loc[:-1] again (0, the other variant, is killed)",
    ),
    (
        "load",
        "ExceptionReplacer",
        r"except yaml«\.»YAMLError:\s*$",
        "in _too_deep the events pass MAX_DEPTH before any error: the composer got that deep",
    ),
    (
        "load",
        "ReplaceUnaryOperator_USub_Invert",
        r"range\(len\(loc\) - 1, «-",
        "stopping at -2 instead of -1 only looks at loc[:-1] again after the root",
    ),
    (
        "load",
        "ReplaceComparisonOperator_Lt_NotEq",
        r"mark\.line «<» len",
        "a mark's line is never past the line after the last",
    ),
    (
        "load",
        "ReplaceComparisonOperator_Lt_LtE",
        r"and 0 «<» line",
        "line 0 is already turned away by `line and`",
    ),
    (
        "contrast",
        "ReplaceComparisonOperator_LtE_Lt",
        r"c «<=» 0\.04045",
        "c is n/255 for a whole n, never exactly 0.04045",
    ),
    (
        "fetch",
        "ReplaceComparisonOperator_Eq_GtE",
        r'lower\(\) «==» "https"',
        "only http and https reach here, and 'http' sorts before 'https'",
    ),
    (
        "fetch",
        "ReplaceComparisonOperator_Eq_(LtE|GtE)",
        r'\[:1\] «==» b"<"',
        "what does not start with '<' is not XML, and svg_problems finds nothing unsafe in it",
    ),
    (
        "fetch",
        "ReplaceFalseWithTrue",
        r"allow_redirects=«False»",
        "only file: and data: addresses reach WeasyPrint's own fetcher, and they never redirect",
    ),
    (
        "fetch",
        "ReplaceComparisonOperator_NotEq_Gt",
        r"response\.status «!=» 200",
        "http.client never hands back a 1xx status as the answer",
    ),
    (
        "fetch",
        "ReplaceComparisonOperator_Gt_GtE",
        r"monotonic\(\) «>» deadline",
        "the clock landing exactly on the deadline is the only difference",
    ),
    (
        "fetch",
        "NumberReplacer|ReplaceBinaryOperator",
        r"^_CHUNK = ",
        "the read size changes how many reads a download takes, not what is read",
    ),
    (
        "period",
        "ReplaceComparisonOperator_Eq_LtE",
        r'self\.kind «==» "(day|month)"',
        "the kinds are day, month, quarter, range and season: only 'day' sorts before 'month', "
        "and a day has returned before the month test",
    ),
    (
        "period",
        "ReplaceComparisonOperator_Eq_GtE",
        r'self\.kind «==» "season"',
        "the kinds are day, month, quarter, range and season: none sorts after 'season'",
    ),
    (
        "period",
        "ReplaceComparisonOperator_Eq_GtE",
        r"len\(second\) «==» 4",
        "the pattern lets the second year of a season have two or four digits, no more",
    ),
    (
        "period",
        "ReplaceComparisonOperator_Eq_GtE",
        r"len\(parts\) «==» 3",
        "a kept key (isoformat) has two or three parts; more fail either way",
    ),
    (
        "period",
        "ReplaceComparisonOperator_NotEq_Lt$",
        r'name «!=» "winter"',
        "spring, summer and autumn all sort before winter",
    ),
    (
        "period",
        "ReplaceComparisonOperator_LtE_Lt$",
        r"\} «<=» set\(_MONTH_WORDS\)",
        "two month words are never every month word",
    ),
    (
        "period",
        "ReplaceFalseWithTrue",
        r"split_year: bool = field\(default=«False»",
        "every season says whether it spans two years, and only a season is said with it",
    ),
    (
        "stats",
        "ReplaceComparisonOperator_Eq_LtE",
        r"set\(counter\) «==» \{NOT_RECORDED\}",
        "the other set at or below {''} is the empty one, and no counts sort to no breakdown too",
    ),
    (
        "stats",
        "ReplaceComparisonOperator_Eq_LtE",
        r'facet «==» "age_band"',
        "of the facets that reach here only 'age' sorts before 'age_band', and a whole number's "
        "age_band_key is that number",
    ),
    (
        "stats",
        "ReplaceComparisonOperator_Eq_LtE",
        r'^        if facet «==» "issues"',
        "of the facets that reach the sort key's test (issues, review_type) none sorts before "
        "'issues'",
    ),
    (
        "stats",
        "ReplaceComparisonOperator_(Eq_Is|NotEq_IsNot)$",
        r"«[!=]=» NOT_RECORDED",
        "NOT_RECORDED is the empty string, and CPython has only one empty string",
    ),
    (
        "stats",
        "ReplaceComparisonOperator_Eq_LtE",
        r"one if n «==» 1",
        "every number said with _plural is at least 1 (no cases and 0 stated agree)",
    ),
    (
        "stats",
        "ReplaceComparisonOperator_Lt_(NotEq|LtE|IsNot)$",
        r"0 <= part «<» len\(data\)",
        "the path is the block's own place in the file: its list indexes are always in the list",
    ),
    (
        "stats",
        "NumberReplacer",
        r"and «0» <= part",
        "0 to -1 (the path holds no negative index); 0 to 1, the other, is killed",
    ),
    (
        "stats",
        "ReplaceAndWithOr",
        r"isinstance\(data, list\) «and» isinstance\(part, int\)",
        "the path's numbers are list indexes and its words mapping keys, never the other way",
    ),
    (
        "stats",
        "ReplaceUnaryOperator_USub_Invert",
        r"«-»counter\[value\]",
        "~n is -n - 1: the same order",
    ),
    (
        "stats",
        "AddNot",
        r"if «TYPE_CHECKING»",
        "the imports are used only in annotations (never evaluated); importing them at run "
        "time changes nothing",
    ),
    (
        "stats",
        "ReplaceTrueWithFalse",
        r"@dataclass\(frozen=«True»\)",
        "nothing changes or hashes a Breakdown or CaseStats: frozen only guards the code",
    ),
    (
        "stats",
        "NumberReplacer",
        r"if not last else «0»\)",
        "the one not-recorded value is alone in sorting last: the number after it is never "
        "compared",
    ),
    (
        "fields",
        "ReplaceComparisonOperator_NotEq_Gt$",
        r'period\.kind «!=» "day"',
        "the other kinds (month, quarter, range, season) all sort after 'day'",
    ),
    (
        "svg",
        "NumberReplacer",
        r"self\.style_line = «0»",
        "read only after a <style> element has set it",
    ),
    (
        "pictures",
        "NumberReplacer|ReplaceBinaryOperator",
        r"image\.draft\(",
        "the scale a JPEG is decoded at changes the memory used, not what is found: every byte "
        "is read at any scale",
    ),
    (
        "pictures",
        "ReplaceComparisonOperator_Eq_(Gt|GtE)$",
        r'image\.format «==» "PNG"',
        "WebP, the one format after PNG, is read whole when opened (a damaged one is refused "
        "there), and load() finds a cut-short PNG as verify() does",
    ),
    (
        "pictures",
        "ReplaceComparisonOperator_NotEq_Lt$",
        r'image\.format «!=» "WEBP"',
        "GIF and JPEG, the other formats that reach here, sort before WEBP",
    ),
    (
        "pictures",
        "ReplaceComparisonOperator_NotEq_(Gt|GtE)$",
        r"size «!=» 0",
        "decoders ask for a number of bytes, never 0; read(-1), to the end, comes only when a "
        "WebP is opened, and a WebP's running out is not counted",
    ),
    (
        "pictures",
        "NumberReplacer",
        r"size != «0»",
        "0 to -1, for the same reason (0 to 1, the other, is killed)",
    ),
    (
        "pictures",
        "ReplaceUnaryOperator_USub_Invert|NumberReplacer",
        r"size: int \| None = («-»1|-«1»)",
        "-1 to -2 or ~1: any negative size reads to the end (-1 to 0, the other, is killed)",
    ),
    (
        "pictures",
        "ReplaceComparisonOperator_NotEq_IsNot$",
        r"image\.format «!=» expected",
        "Pillow's format names and RASTER's are the same interned strings in CPython",
    ),
    (
        "pictures",
        "ReplaceComparisonOperator_GtE_(Eq|Is)$",
        r"len\(_cache\) «>=» _CACHE_SIZE",
        "the results grow one at a time, so they reach the limit before passing it (and "
        "CPython keeps a single 256)",
    ),
    (
        "pictures",
        "NumberReplacer",
        r"handle\.read\(«4»\)",
        "4 to 5: five bytes start with a four-byte mark as four do (4 to 3, the other, is killed)",
    ),
]

#: The one replacement run for each arithmetic or bitwise operator.
INVERSE = {
    "Add": "Sub",
    "Sub": "Add",
    "Mul": "Div",
    "Div": "Mul",
    "FloorDiv": "Div",
    "Mod": "FloorDiv",
    "Pow": "Mul",
    "LShift": "RShift",
    "RShift": "LShift",
    "BitOr": "BitAnd",
    "BitAnd": "BitOr",
    "BitXor": "BitOr",
}

#: Seconds one test run may take before its mutant counts as killed (an endless loop).
TIMEOUT = 120.0


@dataclass
class Score:
    module: str
    killed: int
    counted: int
    left_out: Counter
    survivors: list[str]

    @property
    def percent(self) -> float:
        return 100 * self.killed / self.counted if self.counted else 100.0

    def line(self) -> str:
        left = ", ".join(f"{n} {why}" for why, n in sorted(self.left_out.items())) or "none"
        return (
            f"{self.module + '.py':<12} {self.killed:>4} of {self.counted:<4} killed "
            f"({self.percent:5.1f} %); left out: {left}"
        )


def copy_tree(rev: str | None, into: Path) -> None:
    """The tracked files of the checkout (as they are now, or at rev) into a fresh folder."""
    if rev:
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", rev], check=True, capture_output=True
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
        return
    listed = subprocess.run(
        ["git", "-C", str(ROOT), "ls-files", "-co", "--exclude-standard", "-z"],
        check=True,
        capture_output=True,
    ).stdout
    for name in filter(None, listed.decode().split("\0")):
        source = ROOT / name
        if source.is_file() and not source.is_symlink():
            (into / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, into / name)
    node_modules = ROOT / "node_modules"
    if node_modules.exists():
        (into / "node_modules").symlink_to(node_modules.resolve())


def annotation_spans(tree: ast.AST) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """(start, end) of every annotation in a module."""
    found = []
    for node in ast.walk(tree):
        annotations = []
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            args = node.args
            every = [*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg]
            annotations = [node.returns, *(a.annotation for a in every if a is not None)]
        elif isinstance(node, ast.AnnAssign):
            annotations = [node.annotation]
        for note in filter(None, annotations):
            found.append(((note.lineno, note.col_offset), (note.end_lineno, note.end_col_offset)))
    return found


def why_left_out(module: str, mutation, lines: list[str], spans) -> str | None:
    start, end = tuple(mutation.start_pos), tuple(mutation.end_pos)
    if any(a <= start and end <= b for a, b in spans):
        return "in annotations"
    operator = mutation.operator_name.rpartition("/")[2]
    if operator.startswith("ReplaceBinaryOperator_"):
        _, old, new = operator.split("_")
        if INVERSE[old] != new:
            return "other replacements of an operator already replaced by its inverse"
    text = lines[start[0] - 1]
    if start[0] == end[0]:  # the mutated span marked, so a pattern can name it: a «==» b
        text = f"{text[: start[1]]}«{text[start[1] : end[1]]}»{text[end[1] :]}"
    for name, operator, pattern, why in EQUIVALENT:
        if (
            name == module
            and re.search(operator, mutation.operator_name)
            and re.search(pattern, text)
        ):
            return f"equivalent ({why})"
    return None


def run_module(module: str, tests: str, tree: Path, python: str) -> Score:
    from cosmic_ray.work_db import WorkDB, use_db
    from cosmic_ray.work_item import WorkerOutcome, WorkResult

    tokens = shlex.split(tests)
    files = {t.split("::")[0] for t in tokens if t.startswith("tests/")}
    missing = sorted(f for f in files if not (tree / f).exists())
    # An older commit (--rev) may lack some of the tests: run what it has.
    tokens = [t for t in tokens if t.split("::")[0] not in missing]
    config = tree / f"mutate-{module}.toml"
    session = tree / f"mutate-{module}.sqlite"
    command = shlex.join([python, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *tokens])
    config.write_text(
        "[cosmic-ray]\n"
        f'module-path = "scrnews/{module}.py"\n'
        f"timeout = {TIMEOUT}\n"
        "excluded-modules = []\n"
        f"test-command = {command!r}\n"
        '[cosmic-ray.distributor]\nname = "local"\n',
        encoding="utf-8",
    )
    cosmic = [str(Path(python).parent / "cosmic-ray")]
    env = {**os.environ, "PYTHONPATH": str(tree)}  # the copy, not an installed scrnews
    subprocess.run([*cosmic, "init", str(config), str(session)], cwd=tree, env=env, check=True)
    source = (tree / "scrnews" / f"{module}.py").read_text(encoding="utf-8")
    lines, spans = source.splitlines(), annotation_spans(ast.parse(source))
    left_out: Counter = Counter()
    with use_db(str(session), WorkDB.Mode.open) as db:
        for item in list(db.pending_work_items):
            reasons = {why_left_out(module, m, lines, spans) for m in item.mutations}
            reason = next(iter(reasons - {None}), None)
            if reason:
                left_out[reason] += 1
                db.set_result(item.job_id, WorkResult(worker_outcome=WorkerOutcome.SKIPPED))
    subprocess.run([*cosmic, "exec", str(config), str(session)], cwd=tree, env=env, check=True)
    killed = counted = 0
    survivors = []
    with use_db(str(session), WorkDB.Mode.open) as db:
        for item, result in db.completed_work_items:
            if result.worker_outcome == WorkerOutcome.SKIPPED:
                continue
            counted += 1
            if result.is_killed:
                killed += 1
            else:
                m = item.mutations[0]
                survivors.append(
                    f"  {module}.py:{m.start_pos[0]}: {m.operator_name} "
                    f"(occurrence {m.occurrence}): {lines[m.start_pos[0] - 1].strip()}"
                )
    if missing:
        left_out[f"tests not in this tree: {' '.join(missing)}"] += 0
    return Score(module, killed, counted, left_out, survivors)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", help=f"default: {' '.join(DEFAULT)}")
    parser.add_argument("--rev", help="mutate the code and tests of this commit instead")
    parser.add_argument(
        "--minimum", type=float, default=90.0, help="exit 1 below this %% (default 90)"
    )
    args = parser.parse_args(argv)
    unknown = [m for m in args.modules if m not in MODULES]
    if unknown:
        parser.error(f"not in MODULES: {' '.join(unknown)}")
    scores = []
    with tempfile.TemporaryDirectory(prefix="scrnews-mutate-") as folder:
        tree = Path(folder)
        copy_tree(args.rev, tree)
        for module in args.modules or DEFAULT:
            if not (tree / "scrnews" / f"{module}.py").exists():
                print(f"{module}.py: not in this tree; skipped", file=sys.stderr)
                continue
            scores.append(run_module(module, MODULES[module], tree, sys.executable))
    for score in scores:
        print(score.line())
        print("\n".join(score.survivors))
    return 0 if all(s.percent >= args.minimum for s in scores) else 1


if __name__ == "__main__":
    sys.exit(main())
