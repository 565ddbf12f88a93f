#!/usr/bin/env python3
"""Section sizes of a wasm module, its code bytes per crate and per client module, from the
name section (build with names kept: wasm-bindgen without --remove-name-section).

    scripts/wasm-sizes.py module.wasm [crates]
"""
import re, sys
from collections import Counter

def leb(b, i):
    r = s = 0
    while True:
        x = b[i]; i += 1
        r |= (x & 0x7f) << s; s += 7
        if x < 0x80: return r, i

def demangle_crate(name):
    m = re.match(r'_ZN(\d+)', name)
    if m:
        n = int(m.group(1)); seg = name[3 + len(m.group(1)):3 + len(m.group(1)) + n]
        if seg.startswith('_$LT$'):
            t = seg[5:]
            for a, z in (('$u20$', ' '), ('$RF$', '&'), ('$LT$', '<'), ('$GT$', '>'), ('$C$', ','),
                         ('$u5b$', '['), ('$u5d$', ']'), ('$u7b$', '{'), ('$u7d$', '}'), ('$BP$', '*'), ('..', '::')):
                t = t.replace(a, z)
            t = re.sub(r'^[&*\[ ]*(mut |const |dyn )*', '', t)
            m2 = re.match(r'([A-Za-z_][A-Za-z0-9_]*)(::)?', t)
            head = m2.group(1) if m2 else t
            if not (m2 and m2.group(2)):
                m3 = re.search(r' as ([A-Za-z_][A-Za-z0-9_]*)::', t)
                if m3: return m3.group(1)
                return 'impl for ' + head
            return head
        return seg
    if name.startswith('_R'):
        m = re.search(r'C[s\w]*?(\d+)([a-z_][a-z0-9_]*)', name)
        return m.group(2)[:int(m.group(1))] if m else '?'
    if '::' in name or name.startswith('<'):
        t = re.sub(r'\[[0-9a-f]{16}\]', '', name)
        t = re.sub(r'^[<&*\[( ]*(mut |const |dyn )*', '', t)
        m2 = re.match(r'([A-Za-z_][A-Za-z0-9_]*)(::)?', t)
        head = m2.group(1) if m2 else t
        if not (m2 and m2.group(2)):
            m3 = re.search(r' as ([A-Za-z_][A-Za-z0-9_]*)::', t)
            return m3.group(1) if m3 else 'impl for ' + head
        return head
    return name.split('(')[0] if not name.startswith('func') else '(unnamed)'

def parse(path):
    """The module's size, bytes per section, (function index, body bytes) of each function
    body, and the function names of the name section."""
    b = open(path, 'rb').read()
    i = 8; sections = Counter(); imports = 0; bodies = []; names = {}
    SEC = {1:'type',2:'import',3:'function',4:'table',5:'memory',6:'global',7:'export',8:'start',9:'element',10:'code',11:'data',12:'datacount'}
    while i < len(b):
        sid = b[i]; i += 1
        size, i = leb(b, i); end = i + size
        if sid == 0:
            nl, j = leb(b, i); cname = b[j:j+nl].decode(); j += nl
            sections['custom:' + cname] += size
            if cname == 'name':
                while j < end:
                    sub = b[j]; j += 1; sl, j = leb(b, j); se = j + sl
                    if sub == 1:
                        cnt, k = leb(b, j)
                        for _ in range(cnt):
                            idx, k = leb(b, k); ln, k = leb(b, k); names[idx] = b[k:k+ln].decode('utf8', 'replace'); k += ln
                    j = se
        else:
            sections[SEC.get(sid, str(sid))] += size
            if sid == 2:
                cnt, j = leb(b, i)
                for _ in range(cnt):
                    for _ in range(2):
                        ln, j = leb(b, j); j += ln
                    kind = b[j]; j += 1
                    if kind == 0: _, j = leb(b, j); imports += 1
                    elif kind == 1: j += 1; fl = b[j]; j += 1; _, j = leb(b, j); j = leb(b, j)[1] if fl & 1 else j
                    elif kind == 2: fl = b[j]; j += 1; _, j = leb(b, j); j = leb(b, j)[1] if fl & 1 else j
                    elif kind == 3: j += 2
            if sid == 10:
                cnt, j = leb(b, i)
                for f in range(cnt):
                    s0 = j; bl, j = leb(b, j); j += bl; bodies.append((imports + f, j - s0))
        i = end
    return len(b), sections, bodies, names

def crate_sizes(path):
    """Code bytes per crate of a module with names kept."""
    _, _, bodies, names = parse(path)
    crates = Counter()
    for idx, sz in bodies:
        crates[demangle_crate(names.get(idx, f'func{idx}'))] += sz
    return crates

def main():
    total, sections, bodies, names = parse(sys.argv[1])
    print(f'total {total} bytes')
    for k, v in sections.most_common():
        print(f'  section {k:<28} {v:>9} {100*v/total:5.1f}%')
    if names:
        crates = Counter(); fn = Counter()
        for idx, sz in bodies:
            n = names.get(idx, f'func{idx}')
            crates[demangle_crate(n)] += sz; fn[n] += sz
        code = sum(sz for _, sz in bodies)
        print(f'code bytes per crate (of {code}):')
        for k, v in crates.most_common(int(sys.argv[2]) if len(sys.argv) > 2 else 30):
            print(f'  {k:<40} {v:>9} {100*v/code:5.1f}%')
        mods = Counter()
        for idx, sz in bodies:
            n = names.get(idx, '')
            m = re.search(r'touchstone_client::(\w+)(::(\w+))?', n)
            if m and demangle_crate(n) == 'touchstone_client':
                mods[m.group(1) + ('::' + m.group(3) if m.group(1) in ('pages', 'components') and m.group(3) else '')] += sz
        print('touchstone_client code by module:')
        for k, v in mods.most_common(25):
            print(f'  {k:<40} {v:>9}')
        # The share a lazily loaded audit editor could move out, beside the framework's and serde's.
        leptos = {'reactive_graph', 'tachys', 'leptos', 'leptos_router', 'leptos_dom', 'either_of',
                  'any_spawner', 'or_poisoned', 'throw_error', 'next_tuple', 'slotmap', 'guardian',
                  'send_wrapper', 'leptos_server', 'server_fn', 'oco_ref'}
        editor = ('components::submit_panel', 'components::check_in_panel', 'device',
                  'components::photo_strip', 'components::item_field', 'draft', 'pages::audit',
                  'components::option_group', 'components::touchpoint_note_field',
                  'components::photo_thumb', 'form', 'components::score_badge',
                  'components::progress_bar', 'components::touchpoint_nav', 'components::flag_list')
        shares = Counter()
        for idx, sz in bodies:
            n = names.get(idx, ''); crate = demangle_crate(n)
            m = re.search(r'touchstone_client::(\w+(::\w+)?)', n)
            if re.search(r'serde|Deserializ|Serializ', n): k = 'serde code (any crate)'
            elif crate in leptos: k = 'Leptos'
            elif crate == 'touchstone_client':
                k = 'client: audit editor' if m and m.group(1).startswith(editor) else 'client: the rest'
            elif crate == 'touchstone_shared': k = 'shared (without serde)'
            else: k = 'std, core, alloc and the rest'
            shares[k] += sz
        print('code by share:')
        for k, v in shares.most_common():
            print(f'  {k:<40} {v:>9} {100*v/code:5.1f}%')
        print('largest functions:')
        for k, v in fn.most_common(15):
            print(f'  {v:>7}  {k[:150]}')

if __name__ == '__main__':
    main()
