"""Every route of the URL configuration as a concrete URL, for the access-control matrix.

Walks django.urls.get_resolver() (i18n prefixes included, in each language),
and turns each pattern into a URL by substituting its parameters with values
the caller chooses (ids and references belonging to member A). A generated
URL counts only if it resolves back to the same view.
"""

import re
from dataclasses import dataclass

from django.urls import URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from django.urls.resolvers import LocalePrefixPattern, RegexPattern, RoutePattern
from django.utils import translation

_ROUTE_PARAM = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
_NAMED_GROUP = re.compile(r"\(\?P<(?P<name>\w+)>")
_ESCAPED = re.compile(r"\\([./\-_~])")


@dataclass(frozen=True)
class Route:
    route: str  # the pattern as written, e.g. "fr/portal/claims/<str:reference>/"
    url: str  # the concrete URL, e.g. "/fr/portal/claims/REC-2026-000001/"
    view: str  # dotted path of the view
    params: tuple  # parameter names that were substituted


def _group_end(regex, start):
    """Index just after the parenthesised group opening at ``start``."""
    depth, index = 0, start
    while index < len(regex):
        char = regex[index]
        if char == "\\":
            index += 2
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return index + 1
        index += 1
    raise ValueError(regex)


def _from_regex(regex, value_for, params, route):
    out, index = [], 0
    while True:
        match = _NAMED_GROUP.search(regex, index)
        if match is None:
            out.append(regex[index:])
            break
        out.append(regex[index : match.start()])
        name = match["name"]
        params.append(name)
        out.append(str(value_for(name, None, route + regex[: match.start()])))
        index = _group_end(regex, match.start())
    text = "".join(out).lstrip("^").removesuffix("$").removesuffix(r"\Z")
    text = text.replace("/?", "/")
    text = _ESCAPED.sub(r"\1", text)
    if re.search(r"[()\[\]*+?|^$\\{}]", text):
        return None  # an unnamed group or a wildcard: no single URL stands for it
    return text


def _from_route(pattern_route, converters, value_for, params, route):
    def substitute(match):
        name = match["name"]
        params.append(name)
        converter = converters.get(name)
        value = value_for(name, match["converter"] or "str", route + pattern_route[: match.start()])
        return str(converter.to_url(value)) if converter is not None else str(value)

    return _ROUTE_PARAM.sub(substitute, pattern_route)


def _piece(pattern, value_for, params, route):
    """The URL piece for one pattern; ``route`` is the route text before it (tells what an id is of)."""
    if isinstance(pattern, LocalePrefixPattern):
        return pattern.language_prefix
    if isinstance(pattern, RoutePattern):
        return _from_route(str(pattern), pattern.converters, value_for, params, route)
    if isinstance(pattern, RegexPattern):
        return _from_regex(pattern.regex.pattern, value_for, params, route)
    return None


def _walk(patterns, chain):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, [*chain, entry.pattern])
        else:
            yield [*chain, entry.pattern], entry


def routes(value_for, languages):
    """(generated, unresolvable): every route as a Route, and the patterns no URL could stand for."""
    generated, unresolvable = {}, []
    for language in languages:
        with translation.override(language):
            for chain, entry in _walk(get_resolver().url_patterns, []):
                params, pieces, route = [], [], ""
                for pattern in chain:
                    pieces.append(_piece(pattern, value_for, params, route))
                    route += str(pattern)
                if any(piece is None for piece in pieces):
                    unresolvable.append(route)
                    continue
                url = "/" + "".join(pieces)
                try:
                    match = resolve(url)
                except Resolver404:
                    unresolvable.append(route)
                    continue
                if match.func is not entry.callback and match._func_path != entry.lookup_str:
                    continue  # shadowed by an earlier pattern: that one is walked with the same URL
                generated.setdefault(url, Route(route, url, entry.lookup_str, tuple(params)))
    return list(generated.values()), sorted(set(unresolvable))
