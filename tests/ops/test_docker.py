"""The Dockerfile, checked without a container engine: its shape, and that the steps it runs
are the ones the rest of the suite exercises (the pinned install, `runclub-bot`, and
`runclub-bot healthcheck`)."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Instruction:
    keyword: str
    args: str


def instructions(text: str) -> list[Instruction]:
    """Dockerfile instructions, continuation lines joined and comments dropped."""
    found: list[Instruction] = []
    pending = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        keyword, _, args = (pending + line).partition(" ")
        found.append(Instruction(keyword.upper(), " ".join(args.split())))
        pending = ""
    assert not pending, "a continuation line runs off the end of the file"
    return found


@pytest.fixture(scope="module")
def dockerfile() -> list[Instruction]:
    return instructions((ROOT / "Dockerfile").read_text())


def stages(dockerfile: list[Instruction]) -> list[list[Instruction]]:
    found: list[list[Instruction]] = []
    for item in dockerfile:
        if item.keyword == "FROM":
            found.append([])
        found[-1].append(item)
    return found


def index_of(stage: list[Instruction], keyword: str, pattern: str) -> int:
    for position, item in enumerate(stage):
        if item.keyword == keyword and re.search(pattern, item.args):
            return position
    raise AssertionError(f"no {keyword} matching {pattern!r} in {stage}")


def exec_form(args: str) -> list[str]:
    value = json.loads(args)
    assert isinstance(value, list) and all(isinstance(part, str) for part in value)
    return value


def test_two_stages_on_a_slim_python(dockerfile: list[Instruction]) -> None:
    builder, runtime = stages(dockerfile)
    assert builder[0].args == "python:3.11-slim AS builder"
    assert runtime[0].args == "python:3.11-slim"
    assert "COPY --from=builder /opt/venv /opt/venv" in [f"{i.keyword} {i.args}" for i in runtime]


def test_pinned_dependencies_are_installed_before_the_source_is_copied(
    dockerfile: list[Instruction],
) -> None:
    builder, _ = stages(dockerfile)
    manifests = index_of(builder, "COPY", r"^pyproject\.toml constraints\.txt \./$")
    dependencies = index_of(builder, "RUN", r"pip install -c constraints\.txt -r requirements\.txt")
    source = index_of(builder, "COPY", r"^bot ")
    project = index_of(builder, "RUN", r"pip install -c constraints\.txt \.$")
    assert manifests < dependencies < source < project
    # Nothing but the manifests is in the image before the dependency layer.
    assert all(item.keyword != "COPY" for item in builder[:manifests])


def test_the_dependency_list_the_image_installs_is_pyprojects(
    dockerfile: list[Instruction],
) -> None:
    builder, _ = stages(dockerfile)
    run = builder[index_of(builder, "RUN", r"requirements\.txt")].args
    command = shlex.split(run.split("&&")[0].split(">")[0])
    assert command[:2] == ["python", "-c"]
    printed = subprocess.run(
        [sys.executable, "-c", command[2]],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.splitlines()
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    assert printed == declared
    assert any(Requirement(r).name == "tzdata" for r in declared)


def pins() -> dict[str, str]:
    found: dict[str, str] = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        name, equals, version = line.partition("==")
        if equals:
            found[canonicalize_name(name)] = version.strip()
    return found


def runtime_closure() -> set[str]:
    """Every distribution the bot needs at run time: pyproject's dependencies and theirs."""
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    todo = [Requirement(r) for r in declared]
    seen: set[str] = set()
    while todo:
        requirement = todo.pop()
        name = canonicalize_name(requirement.name)
        if name in seen:
            continue
        seen.add(name)
        for text in metadata.requires(name) or []:
            needed = Requirement(text)
            if needed.marker is None or needed.marker.evaluate({"extra": ""}):
                todo.append(needed)
    return seen


def test_every_runtime_dependency_is_pinned_at_the_tested_version() -> None:
    pinned = pins()
    for name in sorted(runtime_closure()):
        assert name in pinned, f"{name} is installed in the image but not pinned"
        assert metadata.version(name) == pinned[name], f"{name}: tested != pinned"


def test_the_makefile_installs_from_the_same_constraints() -> None:
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"pip install .*-c constraints\.txt", makefile)


def test_a_fixed_non_root_user_and_the_data_volume(dockerfile: list[Instruction]) -> None:
    _, runtime = stages(dockerfile)
    [user] = [i.args for i in runtime if i.keyword == "USER"]
    uid, _, gid = user.partition(":")
    assert uid.isdigit() and int(uid) > 0
    assert not gid or (gid.isdigit() and int(gid) > 0)
    assert [exec_form(i.args) for i in runtime if i.keyword == "VOLUME"] == [["/data"]]
    assert [i.args for i in runtime if i.keyword == "WORKDIR"] == ["/app"]
    setup = " ".join(i.args for i in runtime if i.keyword == "RUN")
    assert f"--uid {uid} " in setup
    # The default relative paths (data/..., config.toml) land on the volume and the mount.
    assert "chown 10001:10001 /data" in setup
    assert "ln -s /data /app/data" in setup
    assert "ln -s /config/config.toml /app/config.toml" in setup
    # The user is switched to after everything that needs root.
    assert index_of(runtime, "USER", ".") > max(
        n for n, i in enumerate(runtime) if i.keyword in ("RUN", "COPY")
    )


def test_exec_form_cmd_and_healthcheck(dockerfile: list[Instruction]) -> None:
    _, runtime = stages(dockerfile)
    [cmd] = [i.args for i in runtime if i.keyword == "CMD"]
    assert exec_form(cmd) == ["runclub-bot"]
    [healthcheck] = [i.args for i in runtime if i.keyword == "HEALTHCHECK"]
    options, _, command = healthcheck.partition(" CMD ")
    assert exec_form(command) == ["runclub-bot", "healthcheck"]
    interval = re.search(r"--interval=(\d+)s", options)
    assert interval is not None and int(interval[1]) <= 60


def test_the_images_entry_point_is_the_tested_one() -> None:
    # CMD runs the `runclub-bot` script; the suite runs `python -m bot`: both are cli.main.
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert scripts == {"runclub-bot": "bot.cli:main"}
    assert "from bot.cli import main" in (ROOT / "bot" / "__main__.py").read_text()


def test_the_token_only_comes_from_the_environment(dockerfile: list[Instruction]) -> None:
    for item in dockerfile:
        if item.keyword in ("ENV", "ARG", "LABEL"):
            assert "TOKEN" not in item.args.upper(), item
    ignored = (ROOT / ".dockerignore").read_text().split()
    for entry in (".git", ".venv", "data", "config.toml", "*.sqlite3", ".pytest_cache"):
        assert entry in ignored


def _env(stage: list[Instruction]) -> dict[str, str]:
    """The ENV instructions' variables (`ENV A=1 B=2` form)."""
    pairs = (
        part.partition("=") for i in stage if i.keyword == "ENV" for part in shlex.split(i.args)
    )
    return {name: value for name, _, value in pairs}


def test_matplotlib_gets_a_cache_folder_the_bots_user_may_write(
    dockerfile: list[Instruction],
) -> None:
    # The user has no home (/nonexistent), where matplotlib keeps its font cache by default.
    _, runtime = stages(dockerfile)
    folder = _env(runtime)["MPLCONFIGDIR"]
    assert folder.startswith("/") and not folder.startswith(("/data", "/app", "/tmp"))
    built = index_of(runtime, "RUN", r"import matplotlib\.font_manager")
    assert f"chown -R 10001:10001 {folder}" in runtime[built].args
    assert index_of(runtime, "ENV", "MPLCONFIGDIR=") < built < index_of(runtime, "USER", ".")


@pytest.mark.parametrize("configured", [True, False], ids=["MPLCONFIGDIR", "no MPLCONFIGDIR"])
def test_the_chart_module_is_quiet_for_a_user_without_a_home_only_with_it(
    configured: bool, tmp_path: Path
) -> None:
    # The image's user as far as matplotlib sees it: a home it cannot make folders in.
    nowhere = tmp_path / "not-a-folder"
    nowhere.write_text("", encoding="utf-8")
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "HOME": str(nowhere)}
    if configured:
        env["MPLCONFIGDIR"] = str(tmp_path / "matplotlib")
        subprocess.run(
            [sys.executable, "-c", "import matplotlib.font_manager"], env=env, check=True
        )
    done = subprocess.run(
        [sys.executable, "-c", "import bot.render.charts, matplotlib.font_manager"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    if configured:
        assert done.stderr == ""
    else:
        assert "Matplotlib created a temporary cache directory" in done.stderr


def _docker_runs(readme: str) -> list[list[str]]:
    """Each `docker run` of README.md's "Run it with Docker", in its code block or inline."""
    section = readme.split("## Run it with Docker", 1)[1].split("\n## ", 1)[0]
    texts = re.findall(r"```sh\n(.*?)```", section, flags=re.S)
    texts += re.findall(r"`(docker run [^`]*)`", section)
    runs = []
    for text in texts:
        joined = re.sub(r"\\\n", " ", text).replace("\n", " ")
        for command in re.findall(r"docker run .*?(?=docker |$)", " ".join(joined.split())):
            runs.append(shlex.split(command))
    return runs


def test_every_docker_run_in_the_readme_mounts_the_bots_data_and_config() -> None:
    # The console run with the bot's volume alone read another database and club time zone
    # than the bot's whenever config.toml set them.
    runs = _docker_runs((ROOT / "README.md").read_text(encoding="utf-8"))
    assert len(runs) >= 2, runs

    def mounts(argv: list[str]) -> set[str]:
        return {argv[n + 1] for n, arg in enumerate(argv) if arg == "-v"}

    first = mounts(runs[0])
    assert "runclub-data:/data" in first
    assert "$PWD/config.toml:/config/config.toml:ro" in first
    for argv in runs[1:]:
        assert mounts(argv) == first, argv
