#!/usr/bin/env python3
"""Generates drover's command table from a live redis-server.

    scripts/gen-command-table.py              # starts redis-server on a free loopback port
    scripts/gen-command-table.py --port 6379  # or asks one that is already running

Facts (arity, flags, first/last/step, ACL categories, tips, key-specs, group, since,
summary) come from `COMMAND` and `COMMAND DOCS`. drover's own columns -- where it finds
the keys (KeySpec) and how it routes the command (Route) -- come from this file: the
explicit ROUTES and KEY_OVERRIDES mappings below, then the rules in route_by_rule().
A command no rule can place stops the generator, so a new Redis command is never routed
by accident.

Writes Sources/DroverCore/Commands/Generated/CommandRow+<Group>.swift. Afterwards refresh
COMMANDS.md with:  DROVER_UPDATE_COMMANDS_MD=1 swift test --filter CommandsMarkdown
"""

import argparse
import os
import re
import socket
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT_DIR = os.path.join(ROOT, "Sources", "DroverCore", "Commands", "Generated")

# --------------------------------------------------------------------------------------
# drover's routing decisions (Swift expressions of type Route)
# --------------------------------------------------------------------------------------

ROUTES = {
    # Several independent keys: one fragment per shard, merged in key order.
    "MGET": ".split(.array)",
    "MSET": ".split(.allOK)",
    "DEL": ".split(.sumIntegers)",
    "UNLINK": ".split(.sumIntegers)",
    "EXISTS": ".split(.sumIntegers)",
    "TOUCH": ".split(.sumIntegers)",

    # Flagged blocking, but they block only with a BLOCK option: the router decides.
    "XREAD": ".sameShard",
    "XREADGROUP": ".sameShard",
    # Flagged @dangerous by Redis (slow on big data), harmless through a proxy. SORT's
    # BY/GET patterns name other keys drover cannot see; they must share the shard.
    "SORT": ".sameShard",
    "SORT_RO": ".single",
    "RESTORE": ".single",

    # Every shard.
    "KEYS": ".fanout(.concatArrays)",
    "SCAN": ".fanout(.scan)",
    "DBSIZE": ".fanout(.sumIntegers)",
    "FLUSHDB": ".fanout(.allOK)",
    "FLUSHALL": ".fanout(.allOK)",
    "RANDOMKEY": ".fanout(.firstNonNil)",
    "SCRIPT|EXISTS": ".fanout(.logicalAnd)",
    "SCRIPT|KILL": ".fanout(.oneSucceeded)",
    "FUNCTION|LOAD": ".fanout(.allEqual)",
    "FUNCTION|DELETE": ".fanout(.allOK)",
    "FUNCTION|FLUSH": ".fanout(.allOK)",
    "FUNCTION|RESTORE": ".fanout(.allOK)",
    "FUNCTION|KILL": ".fanout(.oneSucceeded)",
    "PUBSUB|CHANNELS": ".fanout(.concatArrays)",
    "PUBSUB|SHARDCHANNELS": ".fanout(.concatArrays)",
    # Replies that do not depend on the data: any one shard answers.
    "TIME": ".fanout(.anyShard)",
    "LOLWUT": ".fanout(.anyShard)",
    "FUNCTION|LIST": ".fanout(.anyShard)",
    "FUNCTION|DUMP": ".fanout(.anyShard)",
    "COMMAND|GETKEYSANDFLAGS": ".fanout(.anyShard)",

    # Answered by drover.
    "DROVER": ".local(.unknownSubcommand)",
    "DROVER|RELOAD": ".local(.droverReload)",
    "DROVER|CONFIG": ".local(.droverConfig)",
    "DROVER|GENERATION": ".local(.droverGeneration)",
    "PING": ".local(.ping)",
    "ECHO": ".local(.echo)",
    "QUIT": ".local(.quit)",
    "AUTH": ".local(.auth)",
    "HELLO": ".local(.hello)",
    "SELECT": ".local(.select)",
    "RESET": ".local(.reset)",
    "INFO": ".local(.info)",
    "COMMAND": ".local(.command)",
    "COMMAND|COUNT": ".local(.commandCount)",
    "COMMAND|INFO": ".local(.commandInfo)",
    "COMMAND|DOCS": ".local(.commandDocs)",
    "COMMAND|LIST": ".local(.commandList)",
    "COMMAND|GETKEYS": ".local(.commandGetKeys)",
    "CLIENT|SETNAME": ".local(.clientSetName)",
    "CLIENT|GETNAME": ".local(.clientGetName)",
    "CLIENT|ID": ".local(.clientID)",
    "CLIENT|SETINFO": ".local(.clientSetInfo)",
    "CLIENT|INFO": ".local(.clientInfo)",
    "CLIENT|LIST": ".local(.clientList)",

    # Every shard, each on a dedicated connection (it blocks up to its timeout); the
    # smallest count, as Redis's own response_policy:agg_min tip says.
    "WAIT": ".fanout(.minInteger)",

    # Queued by drover and run on one shard (see TransactionState).
    "MULTI": ".transaction(.multi)",
    "EXEC": ".transaction(.exec)",
    "DISCARD": ".transaction(.discard)",
    "WATCH": ".transaction(.watch)",
    "UNWATCH": ".transaction(.unwatch)",

    # Pub/sub: channels hash like keys, patterns go to every shard (see PubSubState).
    "SUBSCRIBE": ".pubsub(.subscribe)",
    "UNSUBSCRIBE": ".pubsub(.unsubscribe)",
    "PSUBSCRIBE": ".pubsub(.psubscribe)",
    "PUNSUBSCRIBE": ".pubsub(.punsubscribe)",
    "SSUBSCRIBE": ".pubsub(.ssubscribe)",
    "SUNSUBSCRIBE": ".pubsub(.sunsubscribe)",
    "PUBLISH": ".pubsub(.publish)",
    "SPUBLISH": ".pubsub(.spublish)",

    # Scripts: drover keeps the bodies it sees so EVALSHA never meets a shard without one.
    "EVAL": ".script(.eval)",
    "EVAL_RO": ".script(.eval)",
    "EVALSHA": ".script(.evalsha)",
    "EVALSHA_RO": ".script(.evalsha)",
    "SCRIPT|LOAD": ".script(.load)",
    "SCRIPT|FLUSH": ".script(.flush)",

    # Refused beyond the @admin/@dangerous rule.
    "MOVE": ".refused",                 # leaves the pool's database
    "ASKING": ".refused",               # cluster protocol
    "READONLY": ".refused",
    "READWRITE": ".refused",
    "CLIENT|TRACKING": ".refused",      # client-side caching needs RESP3 push / redirection
    "CLIENT|CACHING": ".refused",
    "CLIENT|GETREDIR": ".refused",
    "CLIENT|TRACKINGINFO": ".refused",
    "CLIENT|REPLY": ".refused",         # would desynchronise drover's reply FIFO
    "SCRIPT|DEBUG": ".refused",         # interactive debugger session
    "FUNCTION|STATS": ".refused",       # per-node running-script state
    "PUBSUB|NUMSUB": ".refused",        # counts would need a per-channel merge
    "PUBSUB|SHARDNUMSUB": ".refused",
    "PUBSUB|NUMPAT": ".refused",
    "MEMORY|DOCTOR": ".refused",        # per-node diagnostics
    "MEMORY|STATS": ".refused",
    "MEMORY|MALLOC-STATS": ".refused",
    "MEMORY|PURGE": ".refused",
}

# How commands meet drover's value envelope on pools with compression or herd_timeout
# (Swift expressions of type EnvelopeRole; every other command is .none). The INCR family
# is left out on purpose: numbers are never enveloped, so counters work as they are.
ENVELOPE = {
    "GET": ".read",
    "MGET": ".readMany",
    "GETDEL": ".take",
    "GETEX": ".getEx",
    "SET": ".set",
    "SETNX": ".setNX",
    "SETEX": ".setEx(.seconds)",
    "PSETEX": ".setEx(.milliseconds)",
    "GETSET": ".getSet",
    "MSET": ".mset",
    "MSETNX": ".msetNX",
    "EXPIRE": ".expire(.seconds, absolute: false)",
    "PEXPIRE": ".expire(.milliseconds, absolute: false)",
    "EXPIREAT": ".expire(.seconds, absolute: true)",
    "PEXPIREAT": ".expire(.milliseconds, absolute: true)",
    "PERSIST": ".persist",
    "TTL": ".ttl(.seconds, absolute: false)",
    "PTTL": ".ttl(.milliseconds, absolute: false)",
    "EXPIRETIME": ".ttl(.seconds, absolute: true)",
    "PEXPIRETIME": ".ttl(.milliseconds, absolute: true)",
    # Read or change a string's bytes in place: run only on values without an envelope.
    "STRLEN": ".content(writes: false)",
    "GETRANGE": ".content(writes: false)",
    "SUBSTR": ".content(writes: false)",
    "GETBIT": ".content(writes: false)",
    "BITCOUNT": ".content(writes: false)",
    "BITPOS": ".content(writes: false)",
    "BITFIELD_RO": ".content(writes: false)",
    "LCS": ".content(writes: false)",
    "DUMP": ".content(writes: false)",
    "OBJECT|ENCODING": ".content(writes: false)",
    "APPEND": ".content(writes: true)",
    "SETRANGE": ".content(writes: true)",
    "SETBIT": ".content(writes: true)",
    "BITFIELD": ".content(writes: true)",
    "RESTORE": ".content(writes: true)",
}

# Whole containers, subcommands included; their HELP is still answered by drover.
CONTAINER_ROUTES = {
    "ACL": ".refused",
    "CLUSTER": ".refused",
    "CONFIG": ".refused",
    "LATENCY": ".refused",
    "MODULE": ".refused",
    "SLOWLOG": ".refused",
}

# Keys Redis finds with special code rather than its key-specs (Swift KeySpec expressions).
KEY_OVERRIDES = {
    "SORT": '.scan(fixedKey: 1, from: 2, options: [KeyOption("BY", .skip(1)), '
            'KeyOption("LIMIT", .skip(2)), KeyOption("GET", .skip(1)), KeyOption("STORE", .keyAfter)])',
    # BY/GET patterns name keys drover cannot know; the sorted key is the only one.
    "SORT_RO": ".range(first: 1, last: 1, step: 1)",
    "GEORADIUS": '.scan(fixedKey: 1, from: 6, options: [KeyOption("STORE", .keyAfter), '
                 'KeyOption("STOREDIST", .keyAfter)])',
    "GEORADIUSBYMEMBER": '.scan(fixedKey: 1, from: 5, options: [KeyOption("STORE", .keyAfter), '
                         'KeyOption("STOREDIST", .keyAfter)])',
    "XREAD": '.scan(fixedKey: 0, from: 1, options: [KeyOption("COUNT", .skip(1)), '
             'KeyOption("BLOCK", .skip(1)), KeyOption("STREAMS", .keysToEnd(divisor: 2))])',
    "XREADGROUP": '.scan(fixedKey: 0, from: 1, options: [KeyOption("GROUP", .skip(2)), '
                  'KeyOption("COUNT", .skip(1)), KeyOption("BLOCK", .skip(1)), '
                  'KeyOption("STREAMS", .keysToEnd(divisor: 2))])',
    "MIGRATE": '.scan(fixedKey: 3, from: 6, options: [KeyOption("AUTH", .skip(1)), '
               'KeyOption("AUTH2", .skip(2)), KeyOption("KEYS", .keysToEnd(divisor: 1))])',
}

# Commands newer than the generating server that drover must know anyway.
EXTRA_COMMANDS = [
    # redis-py >= 5 sends it on every connection (Redis 7.2).
    dict(name="client|setinfo", arity=4, flags=["noscript", "loading", "stale"], first=0, last=0,
         step=0, acl=["@slow", "@connection"], tips=[], key_specs=[], group="connection",
         since="7.2.0", summary="Set client or connection specific info"),
    # drover's own admin commands for redis-cli users (README "Reloading the configuration").
    dict(name="drover", arity=-2, flags=[], first=0, last=0, step=0, acl=["@slow"], tips=[],
         key_specs=[], group="server", since="0.1.0", summary="A container for drover's admin commands"),
    dict(name="drover|reload", arity=2, flags=["admin", "noscript", "loading", "stale"], first=0, last=0,
         step=0, acl=["@admin", "@slow", "@dangerous"], tips=[], key_specs=[], group="server", since="0.1.0",
         summary="Reread drover's configuration file and apply it, as SIGHUP does"),
    dict(name="drover|config", arity=2, flags=["loading", "stale"], first=0, last=0, step=0,
         acl=["@slow"], tips=[], key_specs=[], group="server", since="0.1.0",
         summary="Show the running configuration, as drover --test-config prints it"),
    dict(name="drover|generation", arity=2, flags=["loading", "stale"], first=0, last=0, step=0,
         acl=["@slow"], tips=[], key_specs=[], group="server", since="0.1.0",
         summary="The running configuration's generation: 1 at start, one more per applied reload"),
    dict(name="drover|help", arity=2, flags=["loading", "stale"], first=0, last=0, step=0,
         acl=["@slow"], tips=[], key_specs=[], group="server", since="0.1.0",
         summary="Show helpful text about the different subcommands"),
]


def route_by_rule(cmd, keys):
    """The route of a command not in ROUTES, by the first rule that applies."""
    name = cmd["name"]
    if name.endswith("|HELP"):
        return ".local(.help)"
    container = name.split("|")[0]
    if container in CONTAINER_ROUTES:
        return CONTAINER_ROUTES[container]
    if cmd["subcommands"]:
        return ".local(.unknownSubcommand)"
    if "admin" in cmd["flags"] or "@admin" in cmd["acl"] or "@dangerous" in cmd["acl"]:
        return ".refused"
    if "blocking" in cmd["flags"]:
        return ".dedicated"
    if "pubsub" in cmd["flags"] or "@transaction" in cmd["acl"]:
        sys.exit(f"gen-command-table: no route for {name}: add it to ROUTES (pub/sub and "
                 "transaction commands each need their own handling)")
    m = re.match(r"\.range\(first: (\d+), last: (-?\d+), step: \d+\)$", keys)
    if m and m.group(1) == m.group(2):
        return ".single"
    if keys != ".none":
        return ".sameShard"
    sys.exit(f"gen-command-table: no route for {name}: add it to ROUTES")


def drover_keys(cmd):
    """drover's KeySpec (a Swift expression) for a command."""
    name = cmd["name"]
    if name in KEY_OVERRIDES:
        return KEY_OVERRIDES[name]
    if "movablekeys" not in cmd["flags"]:
        if cmd["first"] == 0:
            return ".none"
        return f".range(first: {cmd['first']}, last: {cmd['last']}, step: {cmd['step']})"
    # Movable keys: a numkeys argument, possibly after one fixed destination key.
    fixed, counted = [], []
    for spec in cmd["key_specs"]:
        begin, find = spec["begin_search"], spec["find_keys"]
        if begin["type"] == "index" and find["type"] == "range" and find["spec"]["lastkey"] == 0:
            fixed.append(begin["spec"]["index"])
        elif begin["type"] == "index" and find["type"] == "keynum":
            counted.append((begin["spec"]["index"], find["spec"]))
        else:
            sys.exit(f"gen-command-table: {name} has movable keys: add it to KEY_OVERRIDES")
    if len(counted) != 1 or len(fixed) > 1:
        sys.exit(f"gen-command-table: {name} has movable keys: add it to KEY_OVERRIDES")
    start, spec = counted[0]
    return (f".numkeys(countAt: {start + spec['keynumidx']}, firstKey: {start + spec['firstkey']}, "
            f"step: {spec['keystep']}, destination: {fixed[0] if fixed else 0})")


# --------------------------------------------------------------------------------------
# Talking to redis-server (a minimal RESP2 client, to need nothing beyond python3)
# --------------------------------------------------------------------------------------

def command(sock, reader, *args):
    out = b"*%d\r\n" % len(args)
    for arg in args:
        data = arg.encode()
        out += b"$%d\r\n%s\r\n" % (len(data), data)
    sock.sendall(out)
    return read_reply(reader)


def read_reply(reader):
    line = reader.readline()[:-2]
    kind, rest = line[:1], line[1:]
    if kind == b"+":
        return rest.decode()
    if kind == b"-":
        raise RuntimeError(rest.decode())
    if kind == b":":
        return int(rest)
    if kind == b"$":
        n = int(rest)
        return None if n < 0 else reader.read(n + 2)[:-2].decode()
    if kind == b"*":
        n = int(rest)
        return None if n < 0 else [read_reply(reader) for _ in range(n)]
    raise RuntimeError(f"unexpected reply line {line!r}")


def pairs(flat):
    return dict(zip(flat[::2], flat[1::2]))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(port):
    deadline = time.time() + 10
    while True:
        try:
            sock = socket.create_connection(("127.0.0.1", port))
            break
        except OSError:
            if time.time() > deadline:
                raise
            time.sleep(0.05)
    with sock:
        reader = sock.makefile("rb")
        version = re.search(r"redis_version:(\S+)", command(sock, reader, "INFO", "server")).group(1)
        info = command(sock, reader, "COMMAND")
        docs = pairs(command(sock, reader, "COMMAND", "DOCS"))
    return version, info, docs


# --------------------------------------------------------------------------------------
# Facts -> rows
# --------------------------------------------------------------------------------------

FLAG_ORDER = ["write", "readonly", "denyoom", "module", "admin", "pubsub", "noscript", "blocking",
              "loading", "stale", "skip_monitor", "skip_slowlog", "asking", "fast", "no_auth",
              "no_mandatory_keys", "no_async_loading", "no_multi", "movablekeys", "allow_busy"]
ACL_ORDER = ["keyspace", "read", "write", "set", "sortedset", "list", "hash", "string", "bitmap",
             "hyperloglog", "geo", "stream", "pubsub", "admin", "fast", "slow", "blocking",
             "dangerous", "connection", "transaction", "scripting"]
KEY_FLAG_ORDER = ["RO", "RW", "OW", "RM", "access", "update", "insert", "delete", "not_key",
                  "incomplete", "variable_flags"]


def camel(name):
    head, *rest = re.split(r"[_-]", name)
    return head + "".join(part.capitalize() for part in rest)


def ordered_set(values, order, swift_name, what, command_name):
    """A Swift OptionSet literal, checking Redis listed the values in the order drover
    prints them (so drover's COMMAND INFO matches byte for byte)."""
    if [v for v in order if v in values] != list(values):
        sys.exit(f"gen-command-table: {command_name}: {what} {values} not in drover's order")
    return "[" + ", ".join("." + swift_name(v) for v in values) + "]"


def swift_string(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def key_spec_literal(spec, command_name):
    flags = ordered_set(spec["flags"], KEY_FLAG_ORDER,
                        lambda f: {"RO": "ro", "RW": "rw", "OW": "ow", "RM": "rm"}.get(f, camel(f)),
                        "key-spec flags", command_name)
    begin, find = spec["begin_search"], spec["find_keys"]
    if begin["type"] == "index":
        b = f".index({begin['spec']['index']})"
    elif begin["type"] == "keyword":
        b = f".keyword({swift_string(begin['spec']['keyword'])}, startFrom: {begin['spec']['startfrom']})"
    else:
        b = ".unknown"
    if find["type"] == "range":
        s = find["spec"]
        f = f".range(lastKey: {s['lastkey']}, step: {s['keystep']}, limit: {s['limit']})"
    elif find["type"] == "keynum":
        s = find["spec"]
        f = f".keynum(index: {s['keynumidx']}, firstKey: {s['firstkey']}, step: {s['keystep']})"
    else:
        f = ".unknown"
    notes = f", notes: {swift_string(spec['notes'])}" if "notes" in spec else ""
    return f"RedisKeySpec({flags}, {b}, {f}{notes})"


def parse_info(entry):
    name, arity, flags, first, last, step, acl, tips, key_specs, subcommands = entry
    specs = []
    for raw in key_specs:
        spec = pairs(raw)
        spec["begin_search"] = pairs(spec["begin_search"])
        spec["begin_search"]["spec"] = pairs(spec["begin_search"]["spec"] or [])
        spec["find_keys"] = pairs(spec["find_keys"])
        spec["find_keys"]["spec"] = pairs(spec["find_keys"]["spec"] or [])
        specs.append(spec)
    return dict(name=name, arity=arity, flags=flags, first=first, last=last, step=step,
                acl=acl, tips=tips, key_specs=specs, subcommands=[parse_info(s) for s in subcommands])


def flatten(info, docs):
    rows = []

    def add(cmd, doc):
        cmd["name"] = cmd["name"].upper()
        cmd.update(group=doc["group"], since=doc["since"], summary=doc["summary"])
        rows.append(cmd)
        subdocs = pairs(doc.get("subcommands", []))
        for sub in cmd["subcommands"]:
            add(sub, pairs(subdocs[sub["name"]]))

    for entry in info:
        cmd = parse_info(entry)
        add(cmd, pairs(docs[cmd["name"]]))
    for extra in EXTRA_COMMANDS:
        cmd = dict(extra, name=extra["name"].upper(), subcommands=[])
        if any(r["name"] == cmd["name"] for r in rows):
            sys.exit(f"gen-command-table: {cmd['name']} is now reported by Redis: drop it from EXTRA_COMMANDS")
        if "|" in cmd["name"] and not any(r["name"] == cmd["name"].split("|")[0] for r in rows):
            sys.exit(f"gen-command-table: {cmd['name']}: list its container in EXTRA_COMMANDS first")
        rows.append(cmd)
    for row in rows:
        keys = drover_keys(row)
        row["keys"] = keys
        row["route"] = ROUTES.get(row["name"]) or route_by_rule(row, keys)
    unused = set(ROUTES) - {r["name"] for r in rows}
    if unused:
        sys.exit(f"gen-command-table: ROUTES names unknown commands: {sorted(unused)}")
    unused = set(ENVELOPE) - {r["name"] for r in rows}
    if unused:
        sys.exit(f"gen-command-table: ENVELOPE names unknown commands: {sorted(unused)}")
    return rows


def row_literal(row):
    n = row["name"]
    flags = ordered_set(row["flags"], FLAG_ORDER, lambda f: "movableKeys" if f == "movablekeys" else camel(f),
                        "flags", n)
    acl = ordered_set([a.lstrip("@") for a in row["acl"]], ACL_ORDER,
                      lambda a: "sortedSet" if a == "sortedset" else a, "ACL categories", n)
    lines = [
        f"CommandRow({swift_string(n)}, arity: {row['arity']}, flags: {flags}, "
        f"first: {row['first']}, last: {row['last']}, step: {row['step']},",
        f"acl: {acl}" + (f", tips: [{', '.join(swift_string(t) for t in row['tips'])}]" if row["tips"] else "") + ",",
        f"keys: {row['keys']}, route: {row['route']},"
        + (f" envelope: {ENVELOPE[n]}," if n in ENVELOPE else ""),
        f"group: {swift_string(row['group'])}, since: {swift_string(row['since'])}, "
        f"summary: {swift_string(row['summary'])}" + ("," if row["key_specs"] else ")"),
    ]
    if row["key_specs"]:
        specs = [key_spec_literal(s, n) for s in row["key_specs"]]
        lines.append("keySpecs: [" + specs[0] + ("," if len(specs) > 1 else "])"))
        for i, spec in enumerate(specs[1:], 1):
            lines.append("           " + spec + ("," if i < len(specs) - 1 else "])"))
    return "        " + lines[0] + "".join("\n                   " + l for l in lines[1:]) + ","


def group_identifier(group):
    return camel(group) + "Group"


def write_files(version, rows):
    os.makedirs(OUT_DIR, exist_ok=True)
    header = (f"// Generated by scripts/gen-command-table.py from redis-server {version}: do not edit.\n"
              "// drover's routing decisions live in that script.\n")
    top_group = {r["name"]: r["group"] for r in rows if "|" not in r["name"]}
    groups = {}
    for row in rows:
        groups.setdefault(top_group[row["name"].split("|")[0]], []).append(row)
    written = set()
    for group, members in sorted(groups.items()):
        members.sort(key=lambda r: r["name"])
        file = "CommandRow+" + "".join(p.capitalize() for p in re.split(r"[-_]", group)) + ".swift"
        body = "\n".join(row_literal(r) for r in members)
        text = (f"{header}\nextension CommandRow {{\n"
                f"    /// Redis's `{group}` commands and their subcommands.\n"
                f"    static var {group_identifier(group)}: [CommandRow] {{ [\n{body}\n    ] }}\n}}\n")
        with open(os.path.join(OUT_DIR, file), "w") as f:
            f.write(text)
        written.add(file)
    parts = " +\n            ".join(group_identifier(g) for g in sorted(groups))
    text = (f"{header}\nextension CommandRow {{\n"
            f"    /// Every generated row, in no particular order.\n"
            f"    static var generated: [CommandRow] {{\n"
            f"        {parts}\n    }}\n}}\n")
    with open(os.path.join(OUT_DIR, "CommandRow+Generated.swift"), "w") as f:
        f.write(text)
    written.add("CommandRow+Generated.swift")
    for stale in set(os.listdir(OUT_DIR)) - written:
        os.remove(os.path.join(OUT_DIR, stale))
    print(f"gen-command-table: {len(rows)} commands and subcommands from redis-server {version} "
          f"into {os.path.relpath(OUT_DIR, ROOT)}/ ({len(written)} files)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--port", type=int, help="use the redis-server already listening here")
    parser.add_argument("--redis-server", default="redis-server")
    args = parser.parse_args()
    server = None
    port = args.port
    if port is None:
        port = free_port()
        server = subprocess.Popen([args.redis_server, "--port", str(port), "--bind", "127.0.0.1",
                                   "--save", "", "--appendonly", "no"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        version, info, docs = fetch(port)
    finally:
        if server is not None:
            subprocess.run(["redis-cli", "-p", str(port), "shutdown", "nosave"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            try:
                server.wait(timeout=5)
            except subprocess.TimeoutExpired:
                server.kill()
    write_files(version, flatten(info, docs))


if __name__ == "__main__":
    main()
