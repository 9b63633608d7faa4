"""YAML loading that remembers line numbers, so errors can point editors at a line.

Editors' YAML is untrusted input: anchors and aliases (`&a`, `*a`) are refused before anything is
built from them (a recursive alias crashes a loader, ten nested aliases make gigabytes), and so are
duplicate keys (YAML keeps the last one silently, so a second `phones:` would drop the first).
Both are reported as a yaml.YAMLError with a mark, which every caller already turns into a
problem with file and line.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:
    import jsonschema

Path_ = tuple[Any, ...]


class _DateAsTextLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """Dates stay text: validators check the format themselves and say how to fix it.
    libyaml's parser when PyYAML has it: every build reads hundreds of front matters."""


_DateAsTextLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class RefusedYAML(yaml.MarkedYAMLError):
    """Valid YAML that the portal refuses (aliases, duplicate keys, absurd nesting), with where it is."""


def _refuse_aliases(text: str) -> None:
    """Scan the event stream (cheap, nothing is built) for anchors and aliases."""
    for event in yaml.parse(text, Loader=_DateAsTextLoader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise RefusedYAML(problem=f"an anchor or alias ('&{event.anchor}' / '*{event.anchor}') is not allowed",
                              problem_mark=event.start_mark)


def load(text: str, first_line: int = 1) -> tuple[Any, dict[Path_, int]]:
    """Parse YAML; return the data and a map from key path to 1-based line.

    Raises yaml.YAMLError with a mark on bad syntax, on anchors/aliases and on duplicate keys.
    """
    _refuse_aliases(text)
    node = yaml.compose(text, Loader=_DateAsTextLoader)
    if node is None:
        return None, {}
    lines: dict[Path_, int] = {}
    try:
        _walk(node, (), lines, first_line)
    except RecursionError:
        raise RefusedYAML(problem="the data is nested too deeply", problem_mark=node.start_mark) from None
    loader = _DateAsTextLoader(text)
    try:
        data = loader.construct_document(node)
    finally:
        loader.dispose()
    return data, lines


def _walk(node: yaml.Node, path: Path_, lines: dict[Path_, int], offset: int) -> None:
    lines[path] = node.start_mark.line + offset
    if isinstance(node, yaml.MappingNode):
        seen: set = set()
        for key_node, value_node in node.value:
            key = key_node.value
            if not isinstance(key_node, yaml.ScalarNode):
                raise RefusedYAML(problem="a field name must be a plain word", problem_mark=key_node.start_mark)
            if key in seen:
                raise RefusedYAML(problem=f"the field '{key}' appears twice here (the first value would be lost)",
                                  problem_mark=key_node.start_mark)
            seen.add(key)
            _walk(value_node, path + (key,), lines, offset)
            lines[path + (key,)] = key_node.start_mark.line + offset
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, path + (index,), lines, offset)


def line_for(lines: dict[Path_, int], path: Path_) -> int:
    """The line of the deepest known ancestor of path (a missing key points at its parent)."""
    while path not in lines and path:
        path = path[:-1]
    return lines.get(path, 0)


def error_path(error: "jsonschema.ValidationError") -> Path_:
    """Where a schema error belongs: for an unknown field, the field itself rather than its parent."""
    path = tuple(error.absolute_path)
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        if extra:
            path += (extra[0],)
    return path


def error_line(error: yaml.YAMLError, first_line: int = 1) -> int:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    return mark.line + first_line if mark else first_line
