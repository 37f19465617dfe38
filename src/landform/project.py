"""Load a Landform program (`landform.py`) and find the App it declares."""

from __future__ import annotations

import runpy
import sys
import traceback
from pathlib import Path

from landform.errors import LandformError, Where
from landform.model.app import App

PROGRAM = "landform.py"


def load_app(directory: Path) -> App:
    """Run the project's program and return its App; errors name the user's line."""
    path = directory / PROGRAM
    if not path.exists():
        raise LandformError(
            f"no {PROGRAM} in {directory}", hint="run `landform init` to scaffold a project"
        )
    sys.path.insert(0, str(directory))
    try:
        namespace = runpy.run_path(str(path), run_name="__landform__")
    except LandformError:
        raise
    except Exception as error:
        raise LandformError(
            f"{type(error).__name__}: {error}",
            where=Where(source=_user_line(error, path)),
            hint=f"fix {PROGRAM}; the error happened while declaring the app",
        ) from error
    finally:
        sys.path.remove(str(directory))
    apps = [v for v in namespace.values() if isinstance(v, App)]
    named = namespace.get("app")
    if isinstance(named, App):
        return named
    if len(apps) == 1:
        return apps[0]
    raise LandformError(
        f"{PROGRAM} declares {len(apps)} apps",
        hint="assign the one to deploy to a module-level variable named `app`",
    )


def _user_line(error: Exception, path: Path) -> str | None:
    """`file:line` of the innermost frame in the project's own files."""
    project = path.resolve().parent
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        if Path(frame.filename).resolve().is_relative_to(project):
            return f"{Path(frame.filename).name}:{frame.lineno}"
    return None
