"""The pages of a built site, for the steps that rewrite them after the build (the policy, the icon
script, the inline page scripts)."""

from pathlib import Path


def site_pages(outdir: Path, skip: tuple = ()) -> list[Path]:
    """Every HTML page under ``outdir``, but those in the top-level folders ``skip``; _static holds the
    theme's template fragments, not pages."""
    return [
        p
        for p in sorted(Path(outdir).rglob("*.html"))
        if "_static" not in (parts := p.relative_to(outdir).parts) and parts[0] not in skip
    ]
