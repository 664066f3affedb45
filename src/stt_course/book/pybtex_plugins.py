"""pybtex's plugins, looked up once per build instead of once per citation.

sphinxcontrib-bibtex asks pybtex for a plugin (a style, a backend) at every citation it resolves, and
pybtex answers each time by reading the entry points of every installed distribution: with the course's
dependencies that was about a third of the book build's time. pybtex looks in its runtime registry
first, so registering every pybtex plugin there once gives the same classes with no scan.
"""

from importlib.metadata import distributions

from pybtex.plugin import PluginGroupNotFound, register_plugin


def register_installed_plugins() -> int:
    """Put every installed pybtex plugin in pybtex's runtime registry; return how many."""
    seen: set[tuple[str, str]] = set()
    for dist in distributions():
        for entry_point in dist.entry_points:
            key = (entry_point.group, entry_point.name)
            # The first distribution on sys.path wins, as in pybtex's own lookup.
            if not entry_point.group.startswith("pybtex.") or key in seen:
                continue
            seen.add(key)
            try:
                plugin = entry_point.load()
            except Exception:  # one that cannot load is left to pybtex, which reports it if it is asked for
                continue
            try:
                register_plugin(entry_point.group, entry_point.name, plugin, force=True)
            except (PluginGroupNotFound, ValueError):  # a group or suffix pybtex does not know: never asked for
                seen.discard(key)
    return len(seen)
