"""Where the `diagrams` icons live, and each icon as a small data URI for self-contained SVGs.

An icon path may start with `FAINT_PREFIX`: the same icon washed out, for components a flow
view lets recede. Graphviz needs such icons as files, which `write_faint_icons` provides.
"""

from __future__ import annotations

import base64
import importlib.util
import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

__all__ = [
    "FAINT_PREFIX",
    "ICON_PIXELS",
    "IconImage",
    "icon_file",
    "icon_image",
    "icons_root",
    "own_icon_problem",
    "repo_root",
    "write_faint_icons",
]

#: Icons are drawn about 28 CSS px wide; 84 px keeps them sharp at 3x while keeping SVGs small.
ICON_PIXELS = 84
#: Path prefix of a washed-out icon; never a folder of the `diagrams` resources.
FAINT_PREFIX = "faint/"
#: How much of its opacity a faint icon keeps.
FAINT_ALPHA = 0.3

if TYPE_CHECKING:
    from PIL.Image import Image as PilImage


@cache
def icons_root() -> Path:
    """The `resources/` folder that ships with the `diagrams` package (found without importing it)."""
    spec = importlib.util.find_spec("diagrams")
    if spec is None or spec.origin is None:
        raise RuntimeError("the `diagrams` package is not installed (run `make` to set up .venv)")
    root = Path(spec.origin).resolve().parent.parent / "resources"
    if not root.is_dir():
        raise RuntimeError(f"the `diagrams` package has no resources folder at {root}")
    return root


def repo_root() -> Path:
    """The repository the kit and its blueprints live in: a blueprint's own icons are named from here."""
    return Path(__file__).resolve().parents[2]


_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def own_icon_problem(icon: str) -> str | None:
    """Why `icon`, a blueprint's own icon file, cannot be drawn; None when it can.

    It must be a relative path inside the repository (so the DOT holds no machine-specific path
    and a render never reads outside it), name an existing file, and that file must be a PNG.
    """
    root = repo_root()
    if not icon.lower().endswith(".png") or icon.startswith(("/", "\\")) or "\\" in icon:
        return f"icon {icon!r} must be a PNG named by a path relative to the repository, e.g. 'blueprints/icons/x.png'"
    path = (root / icon).resolve()
    if not path.is_relative_to(root):
        return f"icon {icon!r} is outside the repository ({root})"
    if not path.is_file():
        return f"icon {icon!r} does not exist (looked for {path})"
    with path.open("rb") as file:
        if file.read(len(_PNG_SIGNATURE)) != _PNG_SIGNATURE:
            return f"icon {icon!r} is not a PNG file"
    return None


def icon_file(icon: str) -> Path:
    """The file an icon path names: a `diagrams` resource, else a blueprint's own file in the repository."""
    resource = icons_root() / icon
    return resource if resource.is_file() else repo_root() / icon


@dataclass(frozen=True, slots=True)
class IconImage:
    """An icon ready to inline: its PNG as a data URI and its pixel size."""

    data_uri: str
    width: int
    height: int


def _load(icon: str) -> PilImage:
    """The icon as RGBA, washed out when it carries the faint prefix."""
    from PIL import Image  # imported here: only rendering pays for Pillow

    faint = icon.startswith(FAINT_PREFIX)
    with Image.open(icon_file(icon.removeprefix(FAINT_PREFIX))) as source:
        image = source.convert("RGBA")
    if faint:
        alpha = image.getchannel("A").point(lambda value: round(value * FAINT_ALPHA))
        image.putalpha(alpha)
    return image


def write_faint_icons(folder: Path, icons: set[str]) -> None:
    """Put the faint variant of each icon under `folder`, at the path a DOT file names it by."""
    for icon in sorted(icons):
        target = folder / (FAINT_PREFIX + icon)
        target.parent.mkdir(parents=True, exist_ok=True)
        _load(FAINT_PREFIX + icon).save(target, format="PNG")


@cache
def icon_image(icon: str) -> IconImage:
    """`icon` (a path inside the resources folder) downscaled to a PNG data URI, same bytes every time."""
    from PIL import Image

    image = _load(icon)
    image.thumbnail((ICON_PIXELS, ICON_PIXELS), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    uri = "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
    return IconImage(uri, image.width, image.height)
