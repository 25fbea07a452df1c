"""The documentation stays true to the code."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

import click

from frontends.cli import cli
from frontends.docs import MODEL_DOC, with_table
from sim.metrics import METRICS
from tests.helpers import REPO, rapport_in_process

RAPPORT = str(Path(sys.executable).with_name("rapport"))


def test_the_parameter_table_in_the_model_description_matches_the_schema():
    text = MODEL_DOC.read_text(encoding="utf-8")
    assert with_table(text) == text, "run `make docs` to regenerate docs/model.md's table"


def test_the_model_description_covers_all_seven_odd_elements():
    text = MODEL_DOC.read_text(encoding="utf-8")
    for heading in (
        "1. Purpose and patterns",
        "2. Entities, state variables and scales",
        "3. Process overview and scheduling",
        "4. Design concepts",
        "5. Initialization",
        "6. Input data",
        "7. Submodels",
    ):
        assert f"## {heading}" in text


def test_the_readmes_study_table_asks_each_answer_pages_question():
    """The questions as `rapport study --list` and the answer pages ask them, not paraphrases."""
    from experiments.studies import STUDIES
    from experiments.study_texts import say

    rows = re.findall(
        r"^\| `(\w+)` \| (.+) \|$", readme_text().split("| study | question |")[1], re.M
    )
    assert dict(rows[: len(STUDIES)]) == {name: say(f"{name}.question") for name in STUDIES}


def test_every_metric_is_documented():
    text = MODEL_DOC.read_text(encoding="utf-8")
    for name in METRICS:
        assert f"`{name}`" in text


def test_the_readme_starts_with_the_two_commands_and_ci_runs_its_test_command():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```(?:bash|sh)?\n(.*?)```", readme, flags=re.S)
    first, second = blocks[0].strip(), blocks[1].strip()
    assert first.splitlines()[-1] == "make run" and second.splitlines()[-1] == "make test"
    assert "make test" in (REPO / ".ci" / "run").read_text()


README = REPO / "README.md"
# Paths README names that a fresh clone must hold (runs/ and the like are written by commands).
REPO_PATH = re.compile(
    r"(?<![\w/.-])((?:sim|experiments|frontends|configs|docs|benchmarks|scripts|tests)/[\w./*-]*)"
)
# `rapport SUBCOMMAND ...` wherever README shows one (code blocks and inline code).
RAPPORT_LINE = re.compile(r"(?:^|[\s`(])rapport ([a-z]+)([^`#\n]*)")


def readme_text() -> str:
    return README.read_text(encoding="utf-8")


def code_of(text: str) -> list[str]:
    """README's code: every fenced block and every inline span."""
    blocks = re.findall(r"```[a-z]*\n(.*?)```", text, flags=re.S)
    rest = re.sub(r"```[a-z]*\n.*?```", "", text, flags=re.S)
    return blocks + re.findall(r"`([^`\n]+)`", rest)


def commands_in(code: str) -> list[tuple[str, list[str]]]:
    """(subcommand, arguments) of every `rapport` command in a piece of code."""
    return [(name, shlex.split(rest.strip())) for name, rest in RAPPORT_LINE.findall(code)]


def rapport_commands(text: str) -> list[tuple[str, list[str]]]:
    """Every `rapport` command README's code shows (blocks and inline)."""
    return [command for code in code_of(text) for command in commands_in(code)]


def command_named(name: str) -> click.Command:
    command = cli.get_command(click.Context(cli), name)
    assert command is not None, f"README shows `rapport {name}`, which is no rapport command"
    return command


def test_every_repository_path_the_readme_names_exists():
    named = set()
    for match in REPO_PATH.findall(readme_text()):
        path = match.rstrip(".,;:")
        if "*" in path:  # a pattern such as experiments/...: its folder must exist
            path = path.split("*")[0].rsplit("/", 1)[0]
        named.add(path)
    assert {"configs/scenarios/hard_worker.yaml", "scripts/pattern_diagnosis.py"} <= named
    missing = sorted(path for path in named if not (REPO / path).exists())
    assert not missing, f"README names paths that do not exist: {missing}"


def test_every_rapport_option_the_readme_shows_is_one_its_command_accepts():
    shown = rapport_commands(readme_text())
    assert len(shown) > 30 and {name for name, _ in shown} >= {
        "app", "run", "params", "sweep", "report", "replicate", "patterns", "study", "calibrate"
    }  # fmt: skip
    unknown = []
    for name, args in shown:
        command = command_named(name)
        options = {o for p in command.params for o in (*p.opts, *p.secondary_opts)}
        options |= {"--help"}  # click gives every command its help option
        given = {arg.split("=")[0] for arg in args if arg.startswith("--")}
        unknown += [f"rapport {name} {option}" for option in sorted(given - options)]
    assert not unknown, f"README shows options these commands do not have: {unknown}"


def test_every_rapport_command_in_the_readmes_shell_blocks_parses_as_written():
    blocks = re.findall(r"```bash\n(.*?)```", readme_text(), flags=re.S)
    lines = [line for block in blocks for line in block.splitlines()]
    commands = [command for line in lines for command in commands_in(line)]
    assert len(commands) > 20
    for name, args in commands:
        # Parses and converts every value (types, choices, ranges); runs nothing.
        command_named(name).make_context(name, list(args))


def test_the_readmes_example_error_lines_are_what_rapport_prints(tmp_path):
    text = readme_text()
    examples = re.search(r"exit\s+code 2, e\.g\. `([^`]+)` or\s+`([^`]+)`", text)
    assert examples, "README's examples of a refused scenario moved; update this test"
    for line in examples.groups():
        field, _, _ = line.partition(":")
        group, key = field.split(".")
        value = "90" if "maximum" in line else "60"
        scenario = tmp_path / "bad.yaml"
        scenario.write_text(f"{group}:\n  {key}: {value}\n", encoding="utf-8")
        done = subprocess.run(
            [RAPPORT, "run", str(scenario), "--check"], capture_output=True, text=True
        )
        assert done.returncode == 2
        assert f"{scenario}: {line}" in done.stderr, done.stderr


def test_the_make_targets_the_readme_names_exist():
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([\w-]+):", makefile, flags=re.M))
    named = set(re.findall(r"`make ([\w-]+)`", readme_text()))
    assert {"run", "test", "demo", "setup"} <= named
    assert named <= targets, f"README names make targets the Makefile lacks: {named - targets}"


def test_the_options_readme_gives_benchmark_scripts_are_theirs():
    text = re.sub(r"```[a-z]*\n.*?```", "", readme_text(), flags=re.S)
    scripts = {path.name: path for path in (REPO / "benchmarks").glob("*.py")}
    given: list[tuple[str, str]] = []
    # `bench_x.py --option value` in one code span (which may wrap), or
    # `bench_x.py` (options `--a`, `--b`) right after it.
    for span in re.findall(r"`([^`]+)`", text):
        for name, rest in re.findall(r"(\w+\.py)((?:\s+[^`\s]+)*)", span):
            given += [(name, option) for option in re.findall(r"--[\w-]+", rest)]
    for name, aside in re.findall(r"(\w+\.py)` \(([^)]*)\)", text):
        given += [(name, option) for option in re.findall(r"`(--[\w-]+)`", aside)]
    given = [(name, option) for name, option in given if name in scripts]
    assert {("bench_calibrate.py", "--population"), ("bench_batch.py", "--part")} <= set(given)
    for name, option in given:
        source = scripts[name].read_text(encoding="utf-8")
        assert f'"{option}"' in source, f"README gives {name} {option}, which it lacks"


def test_the_readmes_python_example_runs(tmp_path):
    block = re.search(r"## Using the model from Python\n\n```python\n(.*?)```", readme_text(), re.S)
    assert block, "README's Python example moved; update this test"
    namespace: dict = {}
    exec(compile(block.group(1), "README.md", "exec"), namespace)  # README's own example
    model = namespace["model"]
    assert model.week == 52 and len(model.weekly_frame()) == 53


def test_the_readmes_sweep_example_runs_and_reads_its_results(tmp_path, monkeypatch):
    blocks = re.findall(
        r"```python\n(.*?)```", readme_text().split("## Using the model from")[1], re.S
    )
    (block,) = [b for b in blocks if "read_sweep" in b]
    code = block.replace('"runs/', f'"{tmp_path}/')  # not into the checkout's runs/
    monkeypatch.chdir(REPO)  # its config's relative path, as README says
    namespace: dict = {}
    exec(compile(code, "README.md", "exec"), namespace)  # README's own example
    frame = namespace["frame"]
    assert frame["run_key"].nunique() == 360 and frame.attrs["missing"] is None
    assert frame.attrs["units"]["relational_performance"] == "0-1"


def quoted_block_after(text: str, command: str) -> list[str]:
    """The paragraphs of the quote (``> ...``) that follows README's first mention of `command`."""
    after = text.split(f"`{command}`", 1)[1]
    quote = re.search(r"\n((?:>.*\n)+)", after)
    assert quote, f"README's quoted answer of `{command}` moved; update this test"
    lines = [line.removeprefix(">").strip() for line in quote.group(1).splitlines()]
    return [" ".join(p.split()) for p in "\n".join(lines).split("\n\n")]


def test_the_readmes_quoted_sweet_spot_answer_is_what_the_study_answers(
    tmp_path, monkeypatch, capsys
):
    """README quotes `rapport study effort_sweet_spot`; its first paragraph, the answer at the
    scenario's own values, is the same with or without worlds (the same runs), so the quick
    `--worlds none` checks it word for word. It had lost a sentence the answer gained."""
    quoted = quoted_block_after(readme_text(), "rapport study effort_sweet_spot")
    out = tmp_path / "sweet_spot"
    args = ("study", "effort_sweet_spot", "--worlds", "none", "--workers", "1", "--out", out)
    done = rapport_in_process(monkeypatch, capsys, *args)
    assert done.returncode == 0, done.stderr
    answer = json.loads((out / "answer.json").read_text(encoding="utf-8"))["answer"]
    assert quoted[0] == " ".join(answer.split())


def test_the_german_sweep_lines_readme_quotes_are_what_a_sweep_prints(
    tmp_path, monkeypatch, capsys
):
    """README quotes a German dry run's first line and a German sweep's closing line; they are
    what `rapport sweep --lang de` prints, its seconds aside (they had English quotes)."""
    text = " ".join(readme_text().split())
    quoted = [
        re.search(rf'"(Versuchsreihe \S+: {words}[^"]+)"', text)
        for words in ("Methode", r"\d+ Läufe;")
    ]
    assert all(quoted), "README's German sweep lines moved; update this test"
    dry, closing = (found.group(1) for found in quoted)
    config = REPO / "configs" / "sweeps" / "effort_by_empathy.yaml"
    done = rapport_in_process(monkeypatch, capsys, "sweep", config, "--dry-run", "--lang", "de")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == dry
    # 18 runs: 3 efforts × 6 replications
    name = closing.split(":")[0][len("Versuchsreihe ") + 1 : -1]
    small = tmp_path / "small.yaml"
    small.write_text(
        f"name: {name}\nset: {{simulation.weeks: 2, reps.count: 2, customers.per_rep: 5}}\n"
        "sweep:\n  method: grid\n  parameters:\n    reps.effort_hours: [20, 30, 40]\n"
        "  replications: 6\nexecution:\n  workers: 1\n",
        encoding="utf-8",
    )
    args = ("sweep", small, "--out", tmp_path / "out", "--no-report", "--quiet", "--lang", "de")
    done = rapport_in_process(monkeypatch, capsys, *args)
    assert done.returncode == 0, done.stderr
    seconds = re.compile(r"\(\d+(?:,\d+)? s\)")
    printed = [seconds.sub("(s)", line) for line in done.stdout.splitlines()]
    assert any(line.startswith(seconds.sub("(s)", closing)) for line in printed), printed


# --- the German guide for managers (docs/fuehrungskraefte.de.md) --------------------------------

GUIDE = REPO / "docs" / "fuehrungskraefte.de.md"


def guide_text() -> str:
    return GUIDE.read_text(encoding="utf-8")


def prose_of(text: str) -> str:
    """``text`` without its fenced blocks and with blockquotes' ``>`` taken off, whitespace
    (line breaks, no-break spaces) as single spaces: what a reader reads as running text."""
    text = re.sub(r"```[a-z]*\n.*?```", "", text, flags=re.S)
    return " ".join(re.sub(r"^> ?", "", text, flags=re.M).split())


def german_app_labels() -> set[str]:
    """Every text the German app shows as it stands: its own table, the shared one (figures,
    profiles) and the schema's parameter labels."""
    from frontends.app.i18n import TEXTS as APP_TEXTS
    from sim.params import PARAMS
    from sim.texts import TEXTS as CORE_TEXTS

    labels = {*APP_TEXTS["de"].values(), *CORE_TEXTS["de"].values()}
    labels |= {spec.label_de for spec in PARAMS.values()}
    return {" ".join(label.split()) for label in labels}


def german_templates() -> list[str]:
    """Every German text the app, the studies and the exported tables say, placeholders and
    numbers alike written as ``#``, so that a quote of what they said can be found in them."""
    from experiments.study_texts import TEXTS as STUDY_TEXTS
    from sim.texts import COLUMNS_DE, phrase

    texts = [*german_app_labels(), *STUDY_TEXTS["de"].values(), *COLUMNS_DE.values()]
    # a share of worlds goes in as a phrase ("in 90 % von 32", "in allen 16"): each is said
    shares = {"share": "worlds.share", "share_of": "worlds.share.of", "part": "worlds.part.of"}
    for name, key in shares.items():
        texts += [
            text.replace("{" + name + "}", phrase(k, "de", count="{count}"))
            for text in texts
            if "{" + name + "}" in text
            for k in (key, f"{key}.all")
        ]
    return [numbers_as_hash(re.sub(r"\{[^}]*\}", "#", text)) for text in texts]


def numbers_as_hash(text: str) -> str:
    return re.sub(r"[−+-]?\d+(?:[.,]\d+)*", "#", " ".join(text.split()))


def headings_of(*paths: Path) -> list[str]:
    return [
        heading
        for path in paths
        for heading in re.findall(r"^#+ (.+)$", path.read_text(encoding="utf-8"), re.M)
    ]


def test_the_readme_links_the_german_guide_for_managers():
    text = readme_text()
    managers = text.split("### For managers", 1)[1].split("\n## ", 1)[0]
    assert "[docs/fuehrungskraefte.de.md](docs/fuehrungskraefte.de.md)" in managers
    where = text.split("## Where things live", 1)[1].split("\n## ", 1)[0]
    assert re.search(r"^\| \| [^|]*`docs/fuehrungskraefte\.de\.md`[^|]* \| ", where, re.M)


def test_every_rapport_command_the_german_guide_shows_parses_as_written():
    """Shell blocks and inline code alike (a study's command stands inline, before its answer):
    every command parses, values converted and checked, and so uses only options it has."""
    shown = rapport_commands(guide_text())
    names = {name for name, _ in shown}
    assert {"app", "study", "calibrate", "params"} <= names and len(shown) >= 12
    for name, args in shown:
        command_named(name).make_context(name, list(args))  # runs nothing
    studies = {
        args[0] for name, args in shown if name == "study" and args[:1] not in ([], ["--list"])
    }
    from experiments.studies import STUDIES

    assert studies == set(STUDIES), "the guide gives each study's command"


def test_every_path_the_german_guide_names_exists():
    text = guide_text()
    named = {path.rstrip(".,;:") for path in REPO_PATH.findall(text)}
    assert {"configs/calibration/example_team.csv", "docs/model.md"} <= named
    linked = {target for target in re.findall(r"\]\(([^)#]+)\)", text) if "://" not in target}
    assert {"model.md", "lesson.de.md", "../README.md"} <= linked
    missing = sorted(path for path in named if not (REPO / path).exists())
    missing += sorted(target for target in linked if not (GUIDE.parent / target).exists())
    assert not missing, f"the German guide names paths that do not exist: {missing}"


def test_the_german_guide_asks_each_study_s_question_as_its_page_asks_it():
    from experiments.studies import STUDIES
    from experiments.study_texts import say

    sections = re.findall(r"^### `(\w+)`\n\n((?:> .*\n)+)", guide_text(), re.M)
    quoted = {name: prose_of(quote) for name, quote in sections}
    assert quoted == {name: say(f"{name}.question", "de") for name in STUDIES}


def test_every_label_the_german_guide_sets_in_bold_is_one_the_german_app_shows():
    """The guide sets the app's labels, and only them, in bold, as the German page writes them
    (**Vergleich**, **Plausible Welten**, **Hart arbeitend**)."""
    bold = [" ".join(span.split()) for span in re.findall(r"\*\*(.+?)\*\*", guide_text(), re.S)]
    tabs = {"Einsatzkurve", "Vergleich", "Nebeneinander", "Ihr Team", "Lektion", "Export"}
    assert tabs | {"Plausible Welten", "Hart arbeitend", "Klug arbeitend"} <= set(bold)
    unknown = sorted(set(bold) - german_app_labels())
    assert not unknown, f"bold in the German guide, but no label of the German app: {unknown}"


def test_what_the_german_guide_quotes_is_what_rapport_says_or_a_heading_it_points_to():
    """A „quote“ is a label, a column header or a piece of a sentence the app or a study says
    (its numbers aside; „…“ marks what is left out), or the heading of a section of README or
    docs/model.md it sends the reader to."""
    headings = headings_of(README, MODEL_DOC)
    templates = german_templates()
    quotes = re.findall(r"„(.+?)“", prose_of(guide_text()))
    assert len(quotes) >= 10
    unsaid = []
    for quote in quotes:
        if any(heading.startswith(quote) for heading in headings):
            continue
        pieces = [numbers_as_hash(p) for p in quote.split("…") if p.strip(" .,;:()")]
        if not any(all(piece.strip() in template for piece in pieces) for template in templates):
            unsaid.append(quote)
    assert not unsaid, f"the German guide quotes what no German text of rapport says: {unsaid}"


def test_the_german_guide_s_table_of_team_columns_is_what_the_team_reader_accepts():
    from experiments.calibrate.team import (
        EFFORT_COLUMNS,
        GERMAN_COLUMNS,
        HEADERS,
        MAX_BYTES,
        MIN_WEEKS,
        OPTIONAL,
        RANGES,
        REQUIRED,
        _column_key,
    )

    text = guide_text()
    rows = re.findall(r"^\| `(\w+)` \| `([^`]+)` \| ([^|]+) \| ([^|]+) \|$", text, re.M)
    needed = {"ja": REQUIRED, "eine von beiden": EFFORT_COLUMNS, "nein": OPTIONAL}
    assert [row[0] for row in rows] == [*REQUIRED[:2], *EFFORT_COLUMNS, REQUIRED[2], *OPTIONAL]
    for name, german, need, meaning in rows:
        assert name in needed[need.strip()], (name, need)
        assert german == GERMAN_COLUMNS[name][0], (name, german)
        if name in RANGES:
            low, high, _, _ = RANGES[name]
            given = re.findall(r"\(([^()]*)\)\s*$", meaning.strip())[-1]
            bounds = [float(n.replace("−", "-")) for n in re.findall(r"−?\d+", given)]
            assert bounds[-2:] == [low, high], (name, given)
    # the further German names it gives as examples are names the reader knows
    section = text[text.index("## Ihr Team") : text.index("| Spalte |")]
    for header in re.findall(r"`([^`]+)`", section):
        assert HEADERS.get(_column_key(header)), header
    assert f"höchstens {MAX_BYTES // 1_000_000} MB" in text
    assert f"mindestens {MIN_WEEKS} Wochen pro Person" in " ".join(text.split())


def test_the_compare_sentence_the_german_guide_quotes_is_what_compare_says():
    """The guide quotes Compare's sentence for the hard worker with 40 instead of 60 hours; the
    Compare tab makes it with ``compare`` and ``comparison_sentence`` at its 8 replications."""
    from frontends.app.data import Plan, compare
    from frontends.app.sentences import comparison_sentence
    from sim.scenarios import load_scenario

    quote = re.search(r"\n((?:> Wird „Einsatz“.*\n)(?:> .*\n)*)", guide_text())
    assert quote, "the guide's quoted Compare sentence moved; update this test"
    base = Plan(load_scenario(REPO / "configs" / "scenarios" / "hard_worker.yaml"))
    whatif = base.with_scenario(base.scenario.with_values({"reps.effort_hours": 40}))
    said = " ".join(comparison_sentence(compare(base, whatif, replications=8), "de").split())
    assert said.startswith(prose_of(quote.group(1)))
