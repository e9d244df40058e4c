#!/usr/bin/env python3
"""A static bound on the stack a function needs, from the call graph and
frame sizes GCC writes with -fcallgraph-info=su (a .ci file per object).

Usage: stack_bound.py FILE.ci ROOT_REGEX [--depth N] [--indirect REGEX] [--chain]

The bound is the costliest call chain from the function whose demangled name
matches ROOT_REGEX: the sum of the static frames along it. Recursion (a
strongly connected set of functions, Boost.JSON's parse_value ->
parse_object -> parse_value) is taken around its costliest cycle --depth
times in all along a chain (one budget for all recursions met: a resumed
parse's levels and new ones share the nesting depth), plus its costliest way
through; the sets are small (paths through them are enumerated). Calls
through pointers go, in the graph, to one placeholder; they are counted as
the costliest chain of the functions matching --indirect (the ones the
program calls that way), a judgement the caller makes. Frames GCC marks
dynamic (alloca, VLAs) make the bound unknown and are reported. Calls into
other objects (newlib's memcpy, malloc) count 0, being outside the graph.
--chain prints the chain. A bound, not a measurement: the chain may not be
feasible (the decoder's reserve step and a string to unescape are on one
chain here).
"""
import argparse
import re
import subprocess
import sys


def demangle(names):
    out = subprocess.run(["c++filt"], input="\n".join(names), capture_output=True, text=True, check=True).stdout
    return dict(zip(names, out.splitlines()))


def load(path):
    nodes, edges = {}, {}
    node_re = re.compile(r'^node: \{ title: "([^"]*)" label: "([^"]*)"')
    edge_re = re.compile(r'^edge: \{ sourcename: "([^"]*)" targetname: "([^"]*)"')
    dynamic = set()
    for line in open(path):
        m = node_re.match(line)
        if m:
            title, label = m.groups()
            b = re.search(r"\\n(\d+) bytes \(([^)]*)\)", label)
            nodes[title] = int(b.group(1)) if b else 0
            if b and "dynamic" in b.group(2):
                dynamic.add(title)
            continue
        m = edge_re.match(line)
        if m:
            src, dst = m.groups()
            edges.setdefault(src, set()).add(dst)
            nodes.setdefault(dst, 0)
    return nodes, edges, dynamic


def sccs(nodes, edges):
    """Tarjan's strongly connected components, iteratively."""
    index, low, on, stack, comp = {}, {}, set(), [], {}
    counter = [0]
    result = []
    for root in nodes:
        if root in index:
            continue
        work = [(root, iter(sorted(edges.get(root, ()))))]
        index[root] = low[root] = counter[0]
        counter[0] += 1
        stack.append(root)
        on.add(root)
        while work:
            v, it = work[-1]
            advanced = False
            for w in it:
                if w not in index:
                    index[w] = low[w] = counter[0]
                    counter[0] += 1
                    stack.append(w)
                    on.add(w)
                    work.append((w, iter(sorted(edges.get(w, ())))))
                    advanced = True
                    break
                if w in on:
                    low[v] = min(low[v], index[w])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[v])
            if low[v] == index[v]:
                c = []
                while True:
                    w = stack.pop()
                    on.discard(w)
                    comp[w] = len(result)
                    c.append(w)
                    if w == v:
                        break
                result.append(c)
    return result, comp


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("ci")
    ap.add_argument("root")
    ap.add_argument("--depth", type=int, default=32)
    ap.add_argument("--indirect", default=None)
    ap.add_argument("--chain", action="store_true", help="print the costliest chain")
    a = ap.parse_args()

    nodes, edges, dynamic = load(a.ci)
    names = demangle([t.split(":", 1)[1] if ":" in t else t for t in nodes])
    pretty = {t: names[t.split(":", 1)[1] if ":" in t else t] for t in nodes}
    comps, comp = sccs(nodes, edges)

    memo = {}
    chains = {}

    def cycle_cost(c):
        """Costliest simple cycle within component c (frames summed)."""
        members = set(c)
        best = 0
        for start in c:
            on_path = {start}

            def dfs(v, cost):
                nonlocal best
                for w in edges.get(v, ()):
                    if w == start:
                        best = max(best, cost)
                    elif w in members and w not in on_path and w > start:
                        on_path.add(w)
                        dfs(w, cost + nodes[w])
                        on_path.discard(w)

            dfs(start, nodes[start])
        return best

    cycles = {}

    def cycle_of(v):
        i = comp[v]
        if i not in cycles:
            c = comps[i]
            recursive = len(c) > 1 or v in edges.get(v, ())
            cycles[i] = cycle_cost(c) if recursive else 0
        return cycles[i]

    def worst(v, c=0):
        """Costliest chain from v: its frames, plus (depth - 1) times the
        costliest recursion cycle met on the way (the nesting depth is one
        budget: a resumed parse's levels and new ones share it), `c` the
        costliest met before v."""
        key = (v, c)
        if key in memo:
            return memo[key]
        members = set(comps[comp[v]])
        c = max(c, cycle_of(v))

        def through(u, seen):
            out, chain = (a.depth - 1) * c, []
            for w in edges.get(u, ()):
                if w in members:
                    if w not in seen:
                        t, ch = through(w, seen | {w})
                        if t > out:
                            out, chain = t, ch
                elif w == "__indirect_call":
                    t, target = indirect_cost(c)
                    if t > out:
                        out, chain = t, ["(through a pointer)"] + chains.get((target, c), [])
                else:
                    t = worst(w, c)
                    if t > out:
                        out, chain = t, chains[(w, c)]
            return nodes[u] + out, [u] + chain

        memo[key], chains[key] = through(v, {v})
        return memo[key]

    indirect_memo = {}

    def indirect_cost(c):
        if c not in indirect_memo:
            indirect_memo[c] = ((a.depth - 1) * c, None)  # (no recursion through pointers assumed)
            if a.indirect:
                r = re.compile(a.indirect)
                for t in nodes:
                    if r.search(pretty[t]) and worst(t, c) > indirect_memo[c][0]:
                        indirect_memo[c] = (worst(t, c), t)
        return indirect_memo[c]

    roots = [t for t in nodes if re.search(a.root, pretty[t]) and nodes[t] > 0]
    if not roots:
        sys.exit(f"stack_bound: no function matches {a.root!r}")
    for r in roots:
        print(f"{worst(r)}\t{pretty[r]}")
        if a.chain:
            for t in chains[(r, 0)]:
                print(f"    {nodes.get(t, 0):6}  {pretty.get(t, t)[:150]}")
    for c in comps:
        if cycle_of(c[0]):
            print(f"recursion ({a.depth} levels, {cycle_of(c[0])} bytes per level): "
                  + ", ".join(sorted({re.sub(r'\(.*', '', pretty[t]).split('::')[-1] for t in c})), file=sys.stderr)
    if dynamic:
        print("dynamic frames: " + ", ".join(pretty[t] for t in dynamic), file=sys.stderr)


if __name__ == "__main__":
    main()
