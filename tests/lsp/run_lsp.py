#!/usr/bin/env python3
"""tests/lsp/run_lsp.py: one recorded exchange with `cible lsp`.

    python3 tests/lsp/run_lsp.py CIBLE FILE.in   prints the normalised transcript

FILE.in holds what the client sends, one item a line ('#' lines and blank
lines are skipped):
    {json}              a message, framed with its Content-Length
    @open NAME FILE     textDocument/didOpen of file:///lsp/NAME with FILE's text
    @raw LITERAL        bytes as a Python bytes literal, sent unframed
                        (malformed or truncated frames)
"%ROOT%" in a line is replaced by the repository's absolute path.
The input is closed after the last item; the server must end within 20 s.
The transcript is each message the server wrote, one a line, as JSON with
sorted keys (paths of the repository written %ROOT%), then "--- statut N"
and, when it wrote to stderr, "--- stderr" and its lines. A frame of the
server that cannot be read is printed as "!! ..." (a failure to see)."""
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def frame(obj_bytes):
    return b"Content-Length: %d\r\n\r\n" % len(obj_bytes) + obj_bytes


def build_input(path):
    out = b""
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n").replace("%ROOT%", ROOT)
            if not line.strip() or line.startswith("#"):
                continue
            if line.startswith("@open "):
                _, name, file = line.split(" ", 2)
                with open(os.path.join(ROOT, file), encoding="utf-8") as g:
                    text = g.read()
                msg = {"jsonrpc": "2.0", "method": "textDocument/didOpen",
                       "params": {"textDocument": {"uri": "file:///lsp/" + name,
                                                   "languageId": "cible", "version": 1,
                                                   "text": text}}}
                out += frame(json.dumps(msg, ensure_ascii=False).encode())
            elif line.startswith("@raw "):
                out += eval(line[5:])  # a bytes literal written by the test's author
            else:
                json.loads(line)  # the test itself must be valid
                out += frame(line.encode())
    return out


def parse_frames(data):
    msgs = []
    while data:
        head, sep, rest = data.partition(b"\r\n\r\n")
        if not sep or not head.startswith(b"Content-Length: "):
            msgs.append("!! unreadable output: %r" % data[:80])
            break
        n = int(head[16:])
        body, data = rest[:n], rest[n:]
        if len(body) != n:
            msgs.append("!! truncated output frame")
            break
        text = json.dumps(json.loads(body), sort_keys=True, ensure_ascii=False)
        msgs.append(text.replace(ROOT, "%ROOT%"))
    return msgs


def main():
    cible, inp = sys.argv[1], sys.argv[2]
    data = build_input(inp)
    env = dict(os.environ, CIBLE_STDLIB=os.path.join(ROOT, "stdlib"))
    try:
        p = subprocess.run([cible, "lsp"], input=data, capture_output=True, timeout=20, env=env)
    except subprocess.TimeoutExpired:
        print("!! the server did not end within 20 s")
        return 1
    for m in parse_frames(p.stdout):
        print(m)
    print("--- statut %d" % p.returncode)
    err = p.stderr.decode("utf-8", "replace")
    if err:
        print("--- stderr")
        sys.stdout.write(err.replace(ROOT, "%ROOT%"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
