"""Exporting draws (CSV or Parquet) with provenance."""

from __future__ import annotations

import json
import os
from pathlib import Path

from sekalk.outputs import OutputError, write_atomic
from sekalk.result import Result


def provenance(result: Result) -> dict[str, str]:
    """sekalk version, scenario title and sha256, seed, draws, sampler and the overrides (the
    evaluator's changes as compact JSON on one line, ``[]`` if none) as strings."""
    from sekalk import __version__

    st = result.settings
    meta = {
        "sekalk_version": __version__,
        "scenario_title": result.scenario.title,
        "scenario_sha256": result.scenario.sha256 or "",
        "seed": str(st.seed),
        "draws": str(st.draws),
        "sampler": st.sampler,
        "overrides": json.dumps(
            [o.to_dict() for o in result.scenario.overrides], ensure_ascii=False
        ),
        "overlays": json.dumps([o.to_dict() for o in result.scenario.overlays], ensure_ascii=False),
    }
    return meta


def write_draws(result: Result, path: str | os.PathLike) -> None:
    """Write ``result.draws`` to ``.csv`` (provenance in leading ``#`` lines) or ``.parquet``
    (provenance in the file's key-value metadata), atomically.

    Read the CSV back with ``pandas.read_csv(path, comment="#")``.
    """
    p = Path(path)
    frame = result.draws
    meta = provenance(result)
    if p.suffix.lower() == ".parquet":
        try:
            import pyarrow as pa
            import pyarrow.parquet as pq
        except ImportError:
            raise OutputError(code="error.output.parquet", file=str(p)) from None
        table = pa.Table.from_pandas(frame)
        table = table.replace_schema_metadata(
            {**(table.schema.metadata or {}), **{f"sekalk.{k}": v for k, v in meta.items()}}
        )
        write_atomic(p, lambda tmp: pq.write_table(table, tmp))
        return

    def write_csv(tmp: Path) -> None:
        with open(tmp, "w", encoding="utf-8", newline="") as fh:
            for key, value in meta.items():
                fh.write(f"# {key}: {value}\n")
            frame.to_csv(fh)

    write_atomic(p, write_csv)
