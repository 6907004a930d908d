"""``flask --app minutes extract FILE… [--out DIR]``: drafts as JSON, for batch imports and scoring."""

from __future__ import annotations

import json
from pathlib import Path

import click

from minutes.extraction.extract import extract
from minutes.extraction.reading import UnreadableFile, read_text


def draft_of(path: Path) -> dict[str, object]:
    draft = extract(read_text(path.read_bytes(), path.name, limit=64 * 1024 * 1024))
    draft.pop("source", None)
    return draft


def run(files: tuple[str, ...], out: str | None) -> None:
    failed = 0
    target = Path(out) if out else None
    if target:
        target.mkdir(parents=True, exist_ok=True)
    for name in files:
        path = Path(name)
        try:
            draft = draft_of(path)
        except UnreadableFile as error:
            click.echo(f"{path}: {error}", err=True)
            failed += 1
            continue
        text = json.dumps(draft, ensure_ascii=False, indent=1)
        if target:
            (target / f"{path.stem}.json").write_text(text + "\n", encoding="utf-8")
        else:
            click.echo(text)
    if failed:
        raise click.exceptions.Exit(1)
