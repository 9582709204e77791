"""The focal agency's keys for signing report forms: outside the repository, on the secretariat's machine.

Every agency's blank form is public (the site offers them), so a form cannot say
who issued it by what it contains. A form written by `kehoach form` carries an HMAC
over what it is for (answer/forms.py: `form_signature`), made with a secret key
that only the office holds; `kehoach import` recomputes it.

Where the keys are, first found wins:
- `KEHOACH_FORM_KEY`: one key, given as text (at least 32 characters) — for a CI job
  or a machine whose keys are managed elsewhere;
- the file `form-keys` in kehoach's config folder (`KEHOACH_CONFIG_DIR`, else
  `%APPDATA%\\kehoach` on Windows, `$XDG_CONFIG_HOME/kehoach` or `~/.config/kehoach`),
  one key per line, newest first: forms are signed with the first, and import accepts
  any. `kehoach form` creates it (readable by its owner only) on first use;
  `kehoach form --new-key` puts a new key first (rotation: forms already sent still
  come back; delete an old line once its forms are all in). Offices that share the
  work copy the file to each machine.

The site's blank forms are signed with SITE, a key everyone can read: import
recognises them as downloaded, not sent.
"""

from __future__ import annotations

import os
from pathlib import Path

from kehoach.errors import DataError
from kehoach.tuples import NamedTuple

ENV = "KEHOACH_FORM_KEY"
CONFIG_ENV = "KEHOACH_CONFIG_DIR"
FILE = "form-keys"
MIN_LENGTH = 32


class Key(NamedTuple):
    id: str  # "site", or the first 12 hex digits of the secret's SHA-256
    secret: bytes


def _key(secret: str) -> Key:
    import hashlib

    data = secret.strip().encode("utf-8")
    return Key(hashlib.sha256(data).hexdigest()[:12], data)


SITE = Key("site", b"kehoach: public key of the blank forms on the site; it proves nothing")


def config_dir() -> Path:
    """kehoach's folder in the user's configuration (not the repository)."""
    given = os.environ.get(CONFIG_ENV)
    if given:
        return Path(given)
    if os.name == "nt" and os.environ.get("APPDATA"):
        return Path(os.environ["APPDATA"]) / "kehoach"
    base = os.environ.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config")
    return Path(base) / "kehoach"


def key_file() -> Path:
    return config_dir() / FILE


def known_keys() -> dict[str, Key]:
    """Every key this machine accepts, by id (the environment's, then the file's lines)."""
    keys = [_key(os.environ[ENV])] if os.environ.get(ENV) else []
    keys += _file_keys()
    return {k.id: k for k in keys}


def signing_key(*, create: bool = True) -> Key:
    """The key new forms are signed with; with `create`, a new key file is made when there is none."""
    if os.environ.get(ENV):
        given = os.environ[ENV]
        if len(given.strip()) < MIN_LENGTH:
            raise DataError(f"{ENV} quá ngắn: khóa ký biểu mẫu cần ít nhất {MIN_LENGTH} ký tự.")
        return _key(given)
    keys = _file_keys()
    if keys:
        return keys[0]
    if not create:
        raise DataError(f"Máy này chưa có khóa ký biểu mẫu ({key_file()}); chạy `kehoach form` để tạo.")
    return new_key()


def new_key() -> Key:
    """A new random key, put first in the key file (the older ones stay, to read forms already sent)."""
    import secrets

    if os.environ.get(ENV):
        raise DataError(
            f"Khóa ký biểu mẫu đang đặt bằng biến {ENV}: đổi khóa bằng cách đổi biến đó (giữ khóa cũ trong "
            f"tệp {key_file()} để còn nhập biểu mẫu đã gửi)."
        )

    from kehoach.files.atomic import write_atomic

    path = key_file()
    lines = [k.secret.decode() for k in _file_keys()]
    key = _key(secrets.token_hex(32))
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        from kehoach.errors import os_message

        raise DataError(f"{path.parent}: không tạo được thư mục khóa ký ({os_message(exc)}).") from None
    write_atomic(path, "\n".join([key.secret.decode(), *lines]) + "\n", mode=0o600)
    return key


def _file_keys() -> list[Key]:
    path = key_file()
    try:
        text = path.read_text(encoding="utf-8")[:100_000]
    except FileNotFoundError:
        return []
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(f"{path}: không đọc được tệp khóa ký biểu mẫu ({type(exc).__name__}).") from None
    keys = [_key(line) for line in text.splitlines() if line.strip() and not line.startswith("#")]
    if any(len(k.secret) < MIN_LENGTH for k in keys):
        raise DataError(f"{path}: có khóa ngắn hơn {MIN_LENGTH} ký tự; hãy xóa dòng đó.")
    return keys
