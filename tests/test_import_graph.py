"""The direction of imports between apps (ARCHITECTURE.md, "Which way dependencies point").

Every module under apps/ is parsed with `ast` (no import runs), and every import counts: at
module level or inside a function, `import apps.x`, `from apps.x import y`, `from apps import x`,
relative imports, and `importlib.import_module("apps.x...")` / `import_string("apps.x...")`
with a literal name. From them an app-level graph is built, and:

- a platform app (the engine, the printer and the other shared services) imports no section app:
  section apps register their processes, registers, sweep passes and archive sources with the
  platform, which discovers them (autodiscover_modules in the platform apps' AppConfig.ready());
- there is no cycle between apps, platform or section.
"""

import ast
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ROOT / "apps"
PLATFORM = {
    "workflow",
    "printing",
    "accounts",
    "org",
    "audit",
    "numbering",
    "privacy",
    "workcalendar",
    "backups",
    "websecurity",
    # 监督检查与整改: the one inspection/rectification capability the sections share (lawyers,
    # public legal services, community correction): it knows no section app
    "inspections",
}
DYNAMIC_IMPORTS = {"import_module", "import_string"}

# Two-way dependencies between apps allowed by (importing module, imported module): none. The
# inbox, audit log and personal-data pages reach the exporter through settings.REGISTER_EXPORTER
# (apps/audit/exporter.py), so printing can build on workflow, audit and privacy.
ALLOWED: set[tuple[str, str]] = set()


def _module_name(path):
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _targets(node, module, is_package):
    """The dotted names an import node refers to (only those under apps.)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom):
        if node.level:
            package = module.split(".") if is_package else module.split(".")[:-1]
            package = package[: len(package) - (node.level - 1)]
            base = ".".join(package + ([node.module] if node.module else []))
        else:
            base = node.module or ""
        if base == "apps":  # from apps import documents
            return [f"apps.{alias.name}" for alias in node.names]
        return [base]
    if isinstance(node, ast.Call):
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name in DYNAMIC_IMPORTS and node.args and isinstance(node.args[0], ast.Constant):
            value = node.args[0].value
            return [value] if isinstance(value, str) else []
    return []


def _imports():
    """[(importing app, imported app, importing module, imported module, "file:line")] across apps."""
    found = []
    for path in sorted(APPS.rglob("*.py")):
        module = _module_name(path)
        app = module.split(".")[1] if module.count(".") else None
        if app is None:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            for target in _targets(node, module, path.name == "__init__.py"):
                if not target.startswith("apps.") or target.count(".") < 1:
                    continue
                other = target.split(".")[1]
                if other != app and (APPS / other).is_dir():
                    found.append((app, other, module, target, f"{path.relative_to(ROOT)}:{node.lineno}"))
    return found


def _graph(imports):
    edges = defaultdict(list)
    for app, other, module, target, where in imports:
        if (module, target) not in ALLOWED:
            edges[(app, other)].append(f"{where} imports {target}")
    graph = defaultdict(set)
    for app, other in edges:
        graph[app].add(other)
    return graph, edges


def _strongly_connected(graph):
    """Tarjan's components of more than one app."""
    index, low, on_stack, stack, found = {}, {}, set(), [], []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for succ in sorted(graph[node]):
            if succ not in index:
                visit(succ)
                low[node] = min(low[node], low[succ])
            elif succ in on_stack:
                low[node] = min(low[node], index[succ])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(set(graph) | {b for succs in graph.values() for b in succs}):
        if node not in index:
            visit(node)
    return found


def _shortest_cycle(graph, component):
    """One cycle through the component's first app, as a list of apps ending where it began."""
    start = component[0]
    members = set(component)
    paths = {start: [start]}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for succ in sorted(graph[node] & members):
            if succ == start:
                return paths[node] + [start]
            if succ not in paths:
                paths[succ] = paths[node] + [succ]
                queue.append(succ)
    return [start]


def test_no_platform_app_imports_a_section_app():
    upward = [
        f"{where}: {module} imports {target}"
        for app, other, module, target, where in _imports()
        if app in PLATFORM and other not in PLATFORM
    ]
    assert not upward, (
        "platform apps must not import section apps (register from the section app instead):\n" + "\n".join(upward)
    )


def test_no_import_cycle_between_apps():
    graph, edges = _graph(_imports())
    report = []
    for component in _strongly_connected(graph):
        cycle = _shortest_cycle(graph, component)
        report.append(f"cycle among {', '.join(component)}: {' -> '.join(cycle)}")
        for a, b in zip(cycle, cycle[1:]):
            report += [f"  {a} -> {b}: {line}" for line in edges[(a, b)]]
    assert not report, "import cycles between apps:\n" + "\n".join(report)


def test_allowed_edges_still_exist():
    # An entry of ALLOWED that no longer matches an import is stale: remove it.
    present = {(module, target) for _, _, module, target, _ in _imports()}
    assert ALLOWED <= present, f"stale ALLOWED entries: {sorted(ALLOWED - present)}"


def test_the_graph_sees_function_level_and_relative_imports():
    source = "from . import sibling\n\ndef f():\n    from apps.printing.exports import Column\n    import_module('apps.org.models')\n"
    tree = ast.parse(source)
    names = [t for node in ast.walk(tree) for t in _targets(node, "apps.documents.views", False)]
    assert set(names) == {"apps.documents", "apps.printing.exports", "apps.org.models"}
