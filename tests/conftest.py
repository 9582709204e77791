"""Shared test helpers: small data trees built inline, and running the CLI."""

from __future__ import annotations

import os
import sys
import tempfile
import textwrap
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from typer.testing import CliRunner

from kehoach.cli import entry
from kehoach.model.views import Plan

# Shared machines run at uneven speed: a slow example is not a failure (no deadline).
settings.register_profile("kehoach", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("kehoach")

# Module-level plans (loaded at import) must not touch the user's cache either.
os.environ["KEHOACH_CACHE_DIR"] = "off"
# Forms are signed with a key of the test session, never the user's own (files/formkey.py).
os.environ["KEHOACH_CONFIG_DIR"] = tempfile.mkdtemp(prefix="kehoach-config-")
os.environ.pop("KEHOACH_FORM_KEY", None)

ROOT = Path(__file__).resolve().parent.parent


def _shared(relative: str) -> Path:
    """A file of shared/ (beside the clone, as on CI), else the copy kept in tests/data/reference."""
    beside = ROOT.parent / "shared" / relative
    return beside if beside.exists() else ROOT / "tests" / "data" / "reference" / Path(relative).name


SEED = _shared("seed/ke-hoach-hop-tac-ha-noi-tphcm.txt")
COMMUNES_CSV = _shared("reference/communes-2025.csv")
# Code tests read frozen copies, so that a pull request that changes plan/ (a task's wording, a
# report) breaks no code test: DATA is plan/ as of the last code change, EXAMPLES examples/ with
# its links resolved. Refresh both with `make testdata` when a code change needs new data.
DATA = ROOT / "tests" / "data" / "real"
EXAMPLES = ROOT / "tests" / "data" / "examples"
REGISTER = ROOT / "tests" / "data" / "register"  # three plans: the real one and two illustrative ones

# A small plan that validates: the shape of the real one, a few entries each.
MINIMAL = {
    "plan/plan.yaml": """\
        issuer: ubnd-thanh-pho
        document_type: Kế hoạch
        type_code: KH
        issuer_code: UBND
        number: null
        dated: null
        year: 2024
        place: Hà Nội
        title: Kế hoạch thử
        period:
          start_year: 2024
          text: Năm 2024 - 2025 và những năm tiếp theo
        purposes:
          - Mục đích thứ nhất.
        reporting:
          focal_agency: so-ke-hoach-va-dau-tu
          agency_report:
            due: {month: 9, day: 15}
            to: focal-agency
            text: Báo cáo trước ngày 15/9.
          consolidated_report:
            due: {month: 9, day: 25}
            to: [ubnd-thanh-pho]
            text: Tổng hợp trước ngày 25/9.
        progress_statuses:
          - id: in-progress
            label: Đang triển khai
          - id: completed
            label: Đã hoàn thành
        duties:
          - id: budget
            section: III.3
            text: Bố trí kinh phí.
            lead:
              - agency: so-tai-chinh
        signature:
          authority: TM. ỦY BAN NHÂN DÂN
          title: PHÓ CHỦ TỊCH
        recipients:
          - Lưu VT
        """,
    "plan/tasks.yaml": """\
        sectors:
          - id: I
            title: LĨNH VỰC MỘT
          - id: II
            title: LĨNH VỰC HAI
        tasks:
          - id: 1
            sector: I
            content: Nội dung một.
            lead:
              - agency: so-ke-hoach-va-dau-tu
            coordinators:
              - agency: cac-so-nganh
          - id: 2
            sector: II
            content: Nội dung hai.
            lead:
              - agency: so-tai-chinh
                scope: phần tài chính
        """,
    "plan/agencies.yaml": """\
        legal_bases:
          - id: nq-06
            kind: resolution
            number: 06/NQ-HĐND
            dated: 2025-02-25
            issuer: HĐND Thành phố
        agencies:
          - id: ubnd-thanh-pho
            name: UBND Thành phố Hà Nội
            kind: city-government
            city: hanoi
          - id: so-ke-hoach-va-dau-tu
            name: Sở Kế hoạch và Đầu tư
            aliases: [Sở KH&ĐT]
            kind: department
            city: hanoi
            valid_until: 2025-02-28
            successors:
              - agency: so-tai-chinh
                event: merge
                effective: 2025-03-01
                basis: nq-06
          - id: so-tai-chinh
            name: Sở Tài chính
            kind: department
            city: hanoi
          - id: cac-so-nganh
            name: Các Sở, ngành
            kind: group
            city: hanoi
            members:
              kinds: [department]
        """,
}


def validated_plan(root: Path, plan_id: str | None = None) -> Plan:
    """The plan `plan_id` (the only one when None) under `root`, in either layout, loaded and
    schema-checked without the cache (it must load cleanly)."""
    from kehoach.model.load import load
    from kehoach.model.register import plan_files

    files = plan_files(str(root), plan_id)
    loaded = load(root, files=files)
    assert loaded.problems == []
    data = loaded.dump()
    assert data is not None
    plan = Plan(data)
    plan.files = files
    return plan


def build_tree(root: Path, files: Mapping[str, str | bytes]) -> Path:
    """Write `files` (relative path -> text, dedented) under `root`; return `root`."""
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), encoding="utf-8")
    return root


@pytest.fixture
def minimal(tmp_path: Path) -> Callable[..., Path]:
    """Build the minimal plan, with `edits` {file: (old, new)} or whole-file overrides."""

    def make(**overrides: str | bytes | tuple[str, str] | list[tuple[str, str]]) -> Path:
        files: dict[str, str | bytes] = {k: textwrap.dedent(v) for k, v in MINIMAL.items()}
        for key, value in overrides.items():
            name = f"plan/{key}.yaml"
            if isinstance(value, tuple | list):
                for old, new in [value] if isinstance(value, tuple) else value:
                    assert old in files[name], f"{old!r} not in {name}"
                    files[name] = str(files[name]).replace(old, new, 1)
            else:
                files[name] = value
        return build_tree(tmp_path, files)

    return make


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A writable copy of the real plan (no reports) to record reports into."""
    files = {
        f"plan/{n}": (DATA / "plan" / n).read_text(encoding="utf-8")
        for n in ("plan.yaml", "tasks.yaml", "agencies.yaml")
    }
    return build_tree(tmp_path / "data", files)


def snapshot(root: Path) -> dict[str, str]:
    """Every file under `root` with its hash: equal before and after means nothing was written."""
    import hashlib

    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str


def run(args: list[str], env: Mapping[str, str | None] | None = None) -> Run:
    """Run `kehoach ARGS` in-process through the script's entry point (exit codes, messages)."""
    runner = CliRunner()
    with runner.isolation(env={"GITHUB_ACTIONS": None, "KEHOACH_DATA": None, **(env or {})}) as (
        out,
        err,
        _,
    ):
        code = entry.run(args)
        sys.stdout.flush()
        sys.stderr.flush()
        return Run(code, out.getvalue().decode(), err.getvalue().decode())


GOLDEN = ROOT / "tests" / "data" / "golden"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden", action="store_true", help="rewrite tests/data/golden from current output"
    )


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[[str, str], None]:
    """Compare text with tests/data/golden/NAME (rewritten with --update-golden)."""

    def check(name: str, text: str) -> None:
        path = GOLDEN / name
        if request.config.getoption("--update-golden"):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8", newline="")
        assert path.exists(), f"no golden file {name}: run pytest --update-golden and review it"
        assert text == path.read_bytes().decode("utf-8"), f"output differs from golden {name}"

    return check


@pytest.fixture(autouse=True)
def _isolated(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test has its own plan cache, a fixed terminal width and no colour."""
    monkeypatch.setenv("KEHOACH_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("FORCE_COLOR", raising=False)
