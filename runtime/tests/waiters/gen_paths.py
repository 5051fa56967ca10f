"""Writes paths.json: every distinct acceptor path of the pinned botocore's waiter
models, each over random outputs, with what Python's `jmespath` returns for it and
whether each of botocore's acceptors on that path (`path`, `pathAll`, `pathAny` with
their expected value) matches.

Run with the pinned botocore's Python (`cargo xtask import-docs` makes it):
    python runtime/tests/waiters/gen_paths.py > runtime/tests/waiters/paths.json
"""
import glob
import json
import os
import random
import re
import sys

import botocore
import jmespath
from botocore.waiter import AcceptorConfig

SAMPLES = 10


def expressions():
    """Each acceptor path with the (matcher, expected) pairs botocore uses it with."""
    root = os.path.join(os.path.dirname(botocore.__file__), "data")
    found = {}
    for path in glob.glob(os.path.join(root, "*", "*", "waiters-2.json")):
        with open(path) as f:
            for waiter in json.load(f)["waiters"].values():
                for acceptor in waiter["acceptors"]:
                    if "argument" in acceptor:
                        pair = (acceptor["matcher"], acceptor["expected"])
                        found.setdefault(acceptor["argument"], set()).add(pair)
    return sorted((k, sorted(v, key=repr)) for k, v in found.items())


def tree(rng, names, strings, depth):
    """A random value whose keys are the expression's names, so that paths hit."""
    roll = rng.random()
    if depth == 0 or roll < 0.3:
        return rng.choice(
            [None, True, False, 0, 1, 2, rng.choice(strings), rng.choice(strings), ""]
        )
    if roll < 0.6:
        return [tree(rng, names, strings, depth - 1) for _ in range(rng.randint(0, 3))]
    keys = rng.sample(names, k=min(len(names), rng.randint(1, 4)))
    return {k: tree(rng, names, strings, depth - 1) for k in keys}


def merge(a, b):
    if isinstance(a, dict) and isinstance(b, dict):
        out = dict(a)
        for k, v in b.items():
            out[k] = merge(out[k], v) if k in out else v
        return out
    return b if a is None else a


def shaped(rng, node, leaf):
    """A value the parsed expression `node` reaches into, `leaf()` where it ends."""
    kind, children = node["type"], node.get("children", [])
    if kind == "field":
        return {node["value"]: leaf()}
    if kind in ("subexpression", "index_expression", "pipe"):
        def rest(i=1):
            if i == len(children):
                return leaf()
            return shaped(rng, children[i], lambda: rest(i + 1))
        return shaped(rng, children[0], rest)
    if kind in ("projection", "filter_projection"):
        def items():
            out = []
            for _ in range(rng.randint(0, 3)):
                item = shaped(rng, children[1], leaf)
                if kind == "filter_projection":
                    item = merge(item, shaped(rng, children[2], leaf))
                out.append(item)
            return out
        return shaped(rng, children[0], items)
    if kind == "flatten":
        return shaped(rng, children[0], lambda: [
            [leaf() for _ in range(rng.randint(0, 2))] if rng.random() < 0.7 else leaf()
            for _ in range(rng.randint(0, 3))
        ])
    if kind == "value_projection":
        return shaped(rng, children[0], lambda: {
            f"k{i}": shaped(rng, children[1], leaf) for i in range(rng.randint(0, 3))
        })
    if kind in ("identity", "current"):
        return leaf()
    if kind == "function_expression":
        out = None
        for child in children:
            out = merge(out, shaped(rng, child, leaf))
        return out
    out = None
    for child in children:
        out = merge(out, shaped(rng, child, leaf))
    return out


def main():
    rng = random.Random(12)
    cases = []
    for expr, acceptors in expressions():
        names = sorted(set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", expr)) - {"length"})
        strings = re.findall(r"'([^']*)'", expr) + ["ACTIVE", "available", "x"]
        strings += [e for _, e in acceptors if isinstance(e, str)]
        matchers = [
            (m, e, AcceptorConfig({"state": "success", "matcher": m, "argument": expr,
                                   "expected": e}).matcher_func)
            for m, e in acceptors
        ]
        samples = []
        for i in range(SAMPLES):
            data = tree(rng, names, strings, 3)
            if i % 2 == 0:
                # Half the samples follow the expression's own shape, so that it hits.
                fixed = rng.choice([e for _, e in acceptors] or strings)

                def leaf():
                    # Mostly one value an acceptor expects, so that acceptors match.
                    if rng.random() < 0.8:
                        return fixed
                    return tree(rng, names, strings, 1)
                data = merge(shaped(rng, jmespath.compile(expr).parsed, leaf), data)
            if not isinstance(data, dict):
                # A root that is no object is replaced by one with every name set.
                data = {n: tree(rng, names, strings, 2) for n in names}
            try:
                result = {"result": jmespath.search(expr, data)}
            except jmespath.exceptions.JMESPathError as e:
                result = {"error": type(e).__name__}
            matched = []
            for _, _, func in matchers:
                try:
                    matched.append(bool(func(data)))
                except jmespath.exceptions.JMESPathError:
                    matched.append("error")
            samples.append({"data": data, **result, "matches": matched})
        cases.append(
            {"expression": expr, "acceptors": [[m, e] for m, e in acceptors],
             "samples": samples}
        )
    json.dump(cases, sys.stdout, separators=(",", ":"))
    sys.stdout.write("\n")


main()
