"""The code shows its pipeline: folders in order, nothing imports a later stage, the manual's map is true."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "src" / "kehoach"
# read → model → check → answer → show → cli; top-level modules are the base every stage uses
STAGES = ("", "files", "model", "check", "answer", "show", "api", "cli")


def _stage(module: str) -> int:
    parts = module.split(".")
    return STAGES.index(parts[1]) if len(parts) > 1 and parts[1] in STAGES else 0


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE.parent).with_suffix("")
        found[".".join(relative.parts)] = path
    return found


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("kehoach"):
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("kehoach"))
    return found


def test_nothing_imports_a_later_stage() -> None:
    modules = _modules()
    wrong = []
    for name, path in modules.items():
        if name in ("kehoach.__main__",):
            continue  # the script's entry point starts the CLI
        for target in _imports(path):
            if target in modules or target.rsplit(".", 1)[0] in modules:
                target_module = target if target in modules else target.rsplit(".", 1)[0]
                if _stage(target_module) > _stage(name):
                    wrong.append(f"{name} imports {target_module}")
    assert wrong == []


def test_the_manuals_map_is_the_tree() -> None:
    readme = (ROOT / "docs" / "phat-trien" / "index.md").read_text(encoding="utf-8")
    block = readme[readme.index("```text\nkehoach/\n") :]
    block = block[: block.index("\n```", 8)]
    listed, folder = set(), ""
    for line in block.splitlines()[1:]:
        match = re.match(r"( *)(\S+)", line)
        assert match is not None
        indent, name = len(match.group(1)), match.group(2)
        if name.endswith("/"):
            folder = name
        elif name.endswith(".py"):
            listed.add((folder if indent > 2 else "") + name)
    actual = {
        str(p.relative_to(PACKAGE)).replace("\\", "/")
        for p in PACKAGE.rglob("*.py")
        if not (p.name == "__init__.py" and p.parent != PACKAGE)
    }
    assert listed == actual
