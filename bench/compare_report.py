#!/usr/bin/python3
"""Turns bench/compare.sh's raw results (a dir of keeper bench JSON files) into rows, prints the table and writes
{"machine": {...}, "rows": [{"name", "unit", "ours", "apache", "ratio", "better", "limit"}]}.
usage: compare_report.py RAW_DIR OUT_JSON"""
import json, os, sys

raw, out_file = sys.argv[1], sys.argv[2]


def load(name):
    try:
        with open(os.path.join(raw, name + '.json')) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


machine = load('machine') or {}
machine.update(load('machine-end') or {})
fsync_ms = machine.get('disk_fsync_us', 0) / 1000
rtt_ms = machine.get('loopback_rtt_us', 0) / 1000
rows = []


def row(name, unit, better, value_of, limit=''):
    """value_of(kind) -> number or None, for kind in apache, keeper."""
    def safe(kind):
        try:
            return value_of(kind)
        except (TypeError, KeyError, IndexError, ZeroDivisionError):
            return None
    ours, apache = safe('keeper'), safe('apache')
    ratio = ours / apache if ours is not None and apache else None
    rows.append({'name': name, 'unit': unit, 'ours': ours, 'apache': apache, 'ratio': ratio, 'better': better, 'limit': limit})


def op(test, kind, field, which='total'):
    d = load(f'{kind}-{test}')
    return d[which][field] if which == 'total' else None


def ms(test, field):
    return lambda kind: op(test, kind, field) / 1000


def rate(test):
    return lambda kind: op(test, kind, 'ops_per_s')


for p, label in ((100, '100 B'), (1024, '1 KB')):
    for o in ('create', 'set', 'get'):
        lim = f'fsync {fsync_ms:.2f} ms' if o != 'get' else f'loopback RTT {rtt_ms:.3f} ms'
        row(f'sync {o} {label}, 1 session: p50', 'ms', 'lower', ms(f'sync-{o}-{p}', 'p50_us'), lim)
        row(f'sync {o} {label}, 1 session: p99', 'ms', 'lower', ms(f'sync-{o}-{p}', 'p99_us'), lim)
for s in (1, 16, 64):
    row(f'write saturation create 100 B, {s}x64', 'ops/s', 'higher', rate(f'wsat-create-{s}'), 'group commit: fsyncs/s x batch')
    row(f'write saturation set 1 KB, {s}x64', 'ops/s', 'higher', rate(f'wsat-set-{s}'), 'group commit: fsyncs/s x batch')
row('write saturation create 100 B, 64x64: p99', 'ms', 'lower', ms('wsat-create-64', 'p99_us'))
row('write saturation set 1 KB, 64x64: p99', 'ms', 'lower', ms('wsat-set-64', 'p99_us'))
row('read saturation get 1 KB, 64x64', 'ops/s', 'higher', rate('rsat-get'), '2 cores shared by client and server')
row('read saturation get 1 KB, 64x64: p99', 'ms', 'lower', ms('rsat-get', 'p99_us'))
row('read saturation getChildren (1,000 children), 64x64', 'ops/s', 'higher', rate('rsat-children'), '2 cores shared by client and server')
row('read saturation getChildren, 64x64: p99', 'ms', 'lower', ms('rsat-children', 'p99_us'))
def cpu_per_op(test):
    def f(kind):
        d = load(f'{kind}-{test}')
        return load(f'{kind}-{test}-cpu')['server_cpu_s'] * 1e6 / (d['answered_including_warmup'] + d['config']['setup_nodes'])
    return f


for test, label in (('wsat-create-16', 'create 100 B, 16x64'), ('wsat-set-64', 'set 1 KB, 64x64'), ('rsat-get', 'get 1 KB, 64x64'),
                    ('rsat-children', 'getChildren 1,000, 64x64'), ('mix-closed', 'mix 70/30, 16x64')):
    row(f'server CPU per op: {label}', 'us', 'lower', cpu_per_op(test), 'user+sys of the server process / ops answered')
row('mix 70% get / 30% set 100 B, 16x64 closed loop', 'ops/s', 'higher', rate('mix-closed'))
row('mix 70/30 open loop 2,000/s: p99 from intended send', 'ms', 'lower', ms('mix-open', 'p99_us'))
row('mix 70/30 open loop 2,000/s: p99.9', 'ms', 'lower', ms('mix-open', 'p99.9_us'))
row('watch fan-out, 1,000 sessions: set to last event (median)', 'ms', 'lower',
    lambda k: load(f'{k}-fanout')['fanout']['all_arrived_median_us'] / 1000)
row('watch fan-out: per-event p99', 'ms', 'lower', lambda k: load(f'{k}-fanout')['fanout']['p99_us'] / 1000)


def scale(kind):
    return load(f'{kind}-scale')


n = (scale('keeper') or scale('apache') or {}).get('n', 0)
row(f'scale: load {n:,} znodes of 100 B (multis of 1,000)', 's', 'lower', lambda k: load(f'{k}-scale-load')['setup_s'])
row(f'scale: RSS growth per znode', 'B', 'lower',
    lambda k: (scale(k)['rss_after_kib'] - scale(k)['rss_before_kib']) * 1024 / scale(k)['n'])
row(f'scale: RSS after {n:,} znodes', 'MiB', 'lower', lambda k: scale(k)['rss_after_kib'] / 1024)
row(f'scale: snapshot size', 'MB', 'lower', lambda k: scale(k)['snapshot_bytes'] / 1e6)
row(f'scale: restart (kill -9) to first read', 's', 'lower', lambda k: load(f'{k}-scale-restart')['probe']['ms'] / 1000)
row('3-server ensemble: create 100 B, 16x64', 'ops/s', 'higher', rate('ens-create'), 'every member fsyncs on one disk')
row('3-server ensemble: sync set via follower, p50', 'ms', 'lower', ms('ens-sync-set', 'p50_us'),
    f'2 RTT + leader and follower fsync ({2 * fsync_ms:.2f} ms)')
row('3-server ensemble: leader SIGKILL to first write', 'ms', 'lower', lambda k: load(f'{k}-ens-failover')['probe']['ms'])
row('CLI: one get, wall time (keeper cli vs zkCli.sh)', 'ms', 'lower', lambda k: load(f'{k}-cli')['results'][0]['mean'] * 1000)

with open(out_file, 'w') as f:
    json.dump({'machine': machine, 'rows': rows}, f, indent=1)
    f.write('\n')


def fmt(v):
    if v is None:
        return 'n/a'
    return f'{v:,.0f}' if abs(v) >= 100 else f'{v:.3g}'


print(f"machine: {machine.get('cores')} cores ({machine.get('cpu')}), {machine.get('memory_mib')} MiB, fsync {fsync_ms:.2f} ms, "
      f"loopback RTT {rtt_ms * 1000:.0f} us, load average {machine.get('load_average_start')} -> {machine.get('load_average_end')}, "
      f"{machine.get('mode')} run in {machine.get('seconds')} s")
print(f"| {'row':<58} | {'unit':<5} | {'Keeper':>9} | {'Apache':>9} | {'ours/Apache':>11} | target met | physical limit |")
print(f"|{'-' * 60}|{'-' * 7}|{'-' * 11}|{'-' * 11}|{'-' * 13}|{'-' * 12}|{'-' * 16}|")
for r in rows:
    ratio = r['ratio']
    met = 'n/a' if ratio is None else ('yes' if (ratio >= 2 if r['better'] == 'higher' else ratio <= 0.5) else 'no')
    rs = 'n/a' if ratio is None else f'{ratio:.2f}x'
    print(f"| {r['name']:<58} | {r['unit']:<5} | {fmt(r['ours']):>9} | {fmt(r['apache']):>9} | {rs:>11} | {met:<10} | {r['limit']} |")
print(f'written: {out_file}')
