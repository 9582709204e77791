"""The plan as it was at a git revision, read from git objects.

Nothing here touches the work tree or the index: files come from `git ls-tree`
and `git cat-file --batch` at the commit a revision names.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from contextlib import suppress
from typing import NamedTuple

from kehoach.errors import UsageError
from kehoach.files.layout import PLAN_FILES, PLANS_DIR, is_data_file

WORK_TREE = "work tree"


class Commit(NamedTuple):
    sha: str
    date: str  # YYYY-MM-DD
    author: str
    message: str
    parent: str | None


# git reads a repository's own config, and a data folder shaped like a repository is input from a
# pull request: these settings switch off everything in it that could run a program or reach out.
_SAFE_CONFIG = (
    "core.fsmonitor=false",
    "core.hooksPath=/dev/null",
    "core.pager=cat",
    "core.sshCommand=false",
    "core.askPass=false",
    "credential.helper=",
    "diff.external=",
    "gpg.program=false",
    "gpg.ssh.program=false",
    "gpg.x509.program=false",
    "log.showSignature=false",
    "protocol.allow=never",
    "uploadpack.packObjectsHook=",
)


def git_environment() -> dict[str, str]:
    """The environment git runs in: no system or user config, no prompts, no pager, no textconv."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(
        GIT_CONFIG_NOSYSTEM="1",
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_TERMINAL_PROMPT="0",
        GIT_PAGER="cat",
        GIT_OPTIONAL_LOCKS="0",
        GIT_NO_REPLACE_OBJECTS="1",
        GIT_ALLOW_PROTOCOL="",
    )
    return env


def _git(root: str | os.PathLike[str], *args: str, stdin: bytes | None = None) -> bytes:
    settings = [part for setting in _SAFE_CONFIG for part in ("-c", setting)]
    try:
        done = subprocess.run(
            ["git", "--no-pager", *settings, "-C", os.fspath(root), *args],
            input=stdin,
            capture_output=True,
            check=False,
            env=git_environment(),
        )
    except FileNotFoundError:
        raise UsageError("Không tìm thấy lệnh git; --rev, diff và history cần git.") from None
    if done.returncode != 0:
        raise _GitFailed(done.stderr.decode("utf-8", "replace").strip())
    return done.stdout


class _GitFailed(Exception):
    pass


def repo_prefix(root: str | os.PathLike[str]) -> str:
    """The data folder's path inside its repository ("" at the top), or a UsageError outside one."""
    try:
        top = _git(root, "rev-parse", "--show-toplevel").decode().strip()
    except _GitFailed:
        raise UsageError(
            f"{os.fspath(root)} không nằm trong một kho git; --rev, diff và history cần kho git."
        ) from None
    rel = os.path.relpath(os.path.realpath(root), os.path.realpath(top))
    return "" if rel == "." else rel.replace(os.sep, "/") + "/"


def resolve(root: str | os.PathLike[str], rev: str) -> str:
    """The commit `rev` names (tag, branch, sha, HEAD~2), or a one-line UsageError."""
    repo_prefix(root)
    return _commit(root, rev)


def _commit(root: str | os.PathLike[str], rev: str) -> str:
    """`resolve` for a folder already known to be in a repository."""
    try:
        return (
            _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}")
            .decode()
            .strip()
        )
    except _GitFailed:
        raise UsageError(f"Không có phiên bản git «{rev}» trong kho.") from None


def sources_at(root: str | os.PathLike[str], rev: str) -> dict[str, bytes | None]:
    """The plan files and reports at `rev`, by their names under the data folder."""
    prefix = repo_prefix(root)
    sha = _commit(root, rev)
    listed = _git(root, "ls-tree", "-r", "--name-only", "-z", sha, "--", f"{prefix}plan").decode().split("\0")
    names = [n[len(prefix) :] for n in listed if n]
    wanted = [n for n in names if is_data_file(n)]
    sources: dict[str, bytes | None] = dict.fromkeys(
        () if any(n.startswith(PLANS_DIR + "/") for n in wanted) else PLAN_FILES
    )
    if wanted:
        batch = "".join(f"{sha}:{prefix}{name}\n" for name in wanted).encode()
        out = _git(root, "cat-file", "--batch", stdin=batch)
        pos = 0
        for name in wanted:
            header_end = out.index(b"\n", pos)
            header = out[pos:header_end].split()
            size = int(header[2])
            sources[name] = out[header_end + 1 : header_end + 1 + size]
            pos = header_end + 1 + size + 1
    return sources


def default_base(root: str | os.PathLike[str]) -> str:
    """The merge-base of HEAD with the default branch (origin's HEAD, else main or master)."""
    candidates = []
    with suppress(_GitFailed):
        candidates.append(_git(root, "symbolic-ref", "--quiet", "refs/remotes/origin/HEAD").decode().strip())
    candidates += ["origin/main", "origin/master", "main", "master"]
    for branch in candidates:
        try:
            return _git(root, "merge-base", "HEAD", branch).decode().strip()
        except _GitFailed:
            continue
    raise UsageError("Không xác định được nhánh mặc định (main/master); hãy ghi REV1 cho kehoach diff.")


def commits_touching(root: str | os.PathLike[str], rev: str = "HEAD") -> list[Commit]:
    """Commits that changed the data folder's plan/, newest first."""
    prefix = repo_prefix(root)
    sha = _commit(root, rev)
    out = _git(
        root, "log", "--format=%H%x00%ad%x00%an%x00%s%x00%P%x1e", "--date=short", sha, "--", f"{prefix}plan"
    )
    commits = []
    for record in out.decode("utf-8", "replace").split("\x1e"):
        fields = record.strip("\n").split("\x00")
        if len(fields) < 5:
            continue
        parents = fields[4].split()
        commits.append(Commit(fields[0], fields[1], fields[2], fields[3], parents[0] if parents else None))
    return commits


class Version(NamedTuple):
    """A commit that changed the data folder's plan/, and its plan files then: name -> blob id."""

    commit: Commit
    before: dict[str, str]
    after: dict[str, str]


def versions(root: str | os.PathLike[str], rev: str = "HEAD") -> list[Version]:
    """Every commit that changed plan/ along the first-parent line up to `rev`, newest first, with the
    blob ids of its plan files before and after: two git processes for the whole history."""
    prefix = repo_prefix(root)
    sha = _commit(root, rev)
    out = _git(
        root,
        "log",
        "--first-parent",
        "--diff-merges=first-parent",
        "--reverse",
        "--raw",
        "--no-abbrev",
        "--no-renames",
        "-z",
        "--format=%x1e%H%x00%ad%x00%an%x00%s%x00%P",
        "--date=short",
        sha,
        "--",
        f"{prefix}plan",
    ).decode("utf-8", "replace")
    records = [r for r in out.split("\x1e") if r.strip("\x00\n")]
    found: list[Version] = []
    state: dict[str, str] | None = None
    for record in records:
        head, _, raw = record.partition("\n")
        fields = head.split("\x00")
        parents = fields[4].split() if len(fields) > 4 else []
        commit = Commit(fields[0], fields[1], fields[2], fields[3], parents[0] if parents else None)
        if state is None:
            state = _tree(root, commit.parent, prefix) if commit.parent else {}
        before = state
        state = dict(state)
        parts = [p for p in raw.split("\x00") if p]
        for i in range(0, len(parts) - 1, 2):
            meta, path = parts[i].split(), parts[i + 1]
            if not meta or not meta[0].startswith(":") or not path.startswith(prefix):
                continue
            name = path[len(prefix) :]
            if not _wanted(name):
                continue
            if meta[-1].startswith("D"):
                state.pop(name, None)
            else:
                state[name] = meta[3]
        found.append(Version(commit, before, state))
    return found[::-1]


_wanted = is_data_file


def _tree(root: str | os.PathLike[str], sha: str, prefix: str) -> dict[str, str]:
    """The plan files' blob ids at commit `sha`."""
    out = _git(root, "ls-tree", "-r", "-z", sha, "--", f"{prefix}plan").decode("utf-8", "replace")
    found = {}
    for entry in out.split("\x00"):
        meta, _, path = entry.partition("\t")
        parts = meta.split()
        if (
            len(parts) == 3
            and parts[1] == "blob"
            and path.startswith(prefix)
            and _wanted(path[len(prefix) :])
        ):
            found[path[len(prefix) :]] = parts[2]
    return found


class BlobReader:
    """Blob contents one at a time from one `git cat-file --batch` process: a walk over 10,000
    commits holds the versions it compares, not every version of every file."""

    def __init__(self, root: str | os.PathLike[str]) -> None:
        settings = [part for setting in _SAFE_CONFIG for part in ("-c", setting)]
        try:
            self._process = subprocess.Popen(
                ["git", "--no-pager", *settings, "-C", os.fspath(root), "cat-file", "--batch"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                env=git_environment(),
            )
        except FileNotFoundError:
            raise UsageError("Không tìm thấy lệnh git; --rev, diff và history cần git.") from None

    def get(self, blob_id: str) -> bytes | None:
        """The blob's bytes, or None when git has no such blob."""
        assert self._process.stdin is not None and self._process.stdout is not None
        self._process.stdin.write(f"{blob_id}\n".encode())
        self._process.stdin.flush()
        header = self._process.stdout.readline().split()
        if len(header) < 3 or header[1] == b"missing":
            return None
        size = int(header[2])
        data = self._process.stdout.read(size)
        self._process.stdout.read(1)  # the newline after the contents
        return data

    def close(self) -> None:
        if self._process.stdin is not None:
            self._process.stdin.close()
        self._process.wait(timeout=30)
        if self._process.stdout is not None:
            self._process.stdout.close()

    def __enter__(self) -> BlobReader:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def data_commit(root: str | os.PathLike[str]) -> str | None:
    """The last commit that touched the data (`plan/`), None outside a repository: the same data, the same
    answer, whatever was committed since outside `plan/`."""
    try:
        out = _git(root, "log", "-1", "--format=%H", "--", "plan").decode().strip()
    except (_GitFailed, UsageError):
        return None
    return out or None


def plan_changes(root: str | os.PathLike[str]) -> dict[str, dt.date]:
    """The date of the last commit that touched each plan's folder (`plan/plans/<id>/`, by id) and the
    data as a whole ("" ), in one pass over the log; empty outside a repository."""
    try:
        out = _git(root, "log", "--relative", "--format=%x00%cs", "--name-only", "--", "plan").decode(
            "utf-8", "replace"
        )
    except (_GitFailed, UsageError):
        return {}
    found: dict[str, dt.date] = {}
    for chunk in out.split("\0")[1:]:
        lines = chunk.strip().splitlines()
        if not lines:
            continue
        try:
            day = dt.date.fromisoformat(lines[0].strip())
        except ValueError:
            continue
        found.setdefault("", day)
        for path in lines[1:]:
            parts = path.strip().split("/")
            if len(parts) > 3 and parts[:2] == ["plan", "plans"]:
                found.setdefault(parts[2], day)
    return found
