#!/usr/bin/env python3
"""The field bundle's size budget: fails when what a signed-in phone fetches for the field app
(pkg/field.js + pkg/field_bg.wasm, brotli as client/build.sh writes them) passes the budget in
client/field-budget.txt, and prints what grew: bytes per file against the recorded sizes, and
code bytes per crate against the recorded ones (read from the cargo output, which keeps the
names the shipped wasm drops).

    scripts/field-budget.py DIST [WASM_WITH_NAMES]     check (DIST: client/build.sh's output)
    scripts/field-budget.py --record DIST [WASM]       record the current sizes as the baseline

WASM_WITH_NAMES defaults to $CARGO_TARGET_DIR/wasm32-unknown-unknown/wasm-release/field.wasm.
The budget line is only ever changed by hand, in a commit that says why.
"""
import importlib.util, os, sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUDGET_FILE = ROOT / 'client' / 'field-budget.txt'
FILES = ('pkg/field.js.br', 'pkg/field_bg.wasm.br')
SHOWN = 12
# Crates under this many code bytes are summed into one line.
SMALL = 1000


def wasm_sizes():
    spec = importlib.util.spec_from_file_location('wasm_sizes', ROOT / 'scripts' / 'wasm-sizes.py')
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def grouped(crates):
    """Code bytes per crate, with wasm-bindgen's describe functions (the cargo output has
    them, the shipped wasm does not) and the crates under SMALL bytes summed up."""
    out = Counter()
    for name, size in crates.items():
        if name.startswith(('__wbindgen', '__wbg', '__externref')):
            out['(wasm-bindgen-glue-not-shipped)'] += size
        elif size < SMALL:
            out[f'(crates-under-{SMALL}-bytes)'] += size
        else:
            out[name] += size
    return out


def read_budget():
    """The budget in bytes, recorded file sizes and recorded code bytes per crate."""
    budget, files, crates = None, {}, Counter()
    for line in BUDGET_FILE.read_text().splitlines():
        parts = line.split()
        if not parts or parts[0].startswith('#'):
            continue
        if parts[0] == 'budget':
            budget = int(parts[1])
        elif parts[0] == 'file':
            files[parts[1]] = int(parts[2])
        elif parts[0] == 'crate':
            crates[parts[1]] = int(parts[2])
    if budget is None:
        sys.exit(f'field-budget: no budget line in {BUDGET_FILE}')
    return budget, files, crates


def record(budget, files, crates):
    lines = [
        "# The field bundle's size budget, checked by scripts/field-budget.py in scripts/test-client.sh.",
        '# budget: most brotli bytes of pkg/field.js + pkg/field_bg.wasm (release build). Raise it only',
        '# in a commit that says what the bytes buy.',
        f'budget {budget}',
        '# The sizes when last recorded (scripts/field-budget.py --record), to show what grew:',
        '# brotli bytes per file, then code bytes per crate of the wasm with names kept.',
    ]
    lines += [f'file {name} {size}' for name, size in files.items()]
    lines += [f'crate {name} {size}' for name, size in sorted(crates.items(), key=lambda kv: -kv[1])]
    BUDGET_FILE.write_text('\n'.join(lines) + '\n')


def changes(now, then):
    """(name, now, change) sorted by growth, largest first."""
    names = set(now) | set(then)
    rows = [(n, now.get(n, 0), now.get(n, 0) - then.get(n, 0)) for n in names]
    return sorted(rows, key=lambda r: (-r[2], r[0]))


def main(argv):
    recording = argv[:1] == ['--record']
    args = argv[1:] if recording else argv
    if not args:
        sys.exit(__doc__)
    dist = Path(args[0])
    target = Path(os.environ.get('CARGO_TARGET_DIR', ROOT / 'target'))
    named = Path(args[1]) if len(args) > 1 else target / 'wasm32-unknown-unknown/wasm-release/field.wasm'
    for path in [dist / f for f in FILES] + [named]:
        if not path.is_file():
            sys.exit(f'field-budget: {path} is missing (build the client with client/build.sh first)')
    files = {f: (dist / f).stat().st_size for f in FILES}
    crates = grouped(wasm_sizes().crate_sizes(named))
    budget, files_then, crates_then = read_budget()
    if recording:
        record(budget, files, crates)
        print(f'field-budget: recorded {sum(files.values())} bytes in {BUDGET_FILE}')
        return 0
    total = sum(files.values())
    print(f'field bundle, brotli: {total} bytes of a budget of {budget} '
          f'({total - sum(files_then.values()):+d} since recorded)')
    for name, size, change in changes(files, files_then):
        print(f'  {name:<24} {size:>9} {change:+9d}')
    grown = [row for row in changes(crates, crates_then) if row[2] != 0]
    if grown:
        print(f'code bytes per crate that changed since recorded (largest growth first, {SHOWN} at most each way):')
        shown = grown[:SHOWN] + [r for r in grown[SHOWN:] if r[2] < 0][-SHOWN:]
        for name, size, change in shown:
            print(f'  {name:<40} {size:>9} {change:+9d}')
    if total > budget:
        print(f'field-budget: FAILED: the field bundle is {total - budget} bytes over its budget; '
              'make the growth above pay for itself, or raise the budget in client/field-budget.txt '
              'in a commit that says why', file=sys.stderr)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
