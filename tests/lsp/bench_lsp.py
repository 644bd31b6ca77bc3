#!/usr/bin/env python3
"""tests/lsp/bench_lsp.py: how fast `cible lsp` answers an edit (make bench).

    python3 tests/lsp/bench_lsp.py CIBLE LINES [RUNS]

Generates a contract of about LINES lines (axes of 100 indicators, a
`mesures` block so that each analysis evaluates too), opens it in the
server, then sends RUNS didChange (each changes one objective) and times
each from the write of the didChange to the read of its
publishDiagnostics. Prints one line: lines, indicators, best and median
ms, the server's peak memory (VmHWM) after the runs. Exit 1 when the
server does not answer."""
import json
import subprocess
import sys
import time


def contract(lines, variant):
    n = max(1, lines * 100 // 603)
    out = ['contrat bench "Contrat de banc d\'essai" {', "  periode 2020", "  atteinte proportionnelle"]
    for k in range(1, n + 1):
        if k % 100 == 1:
            out.append('  axe a%d "Axe %d" {' % ((k - 1) // 100 + 1, (k - 1) // 100 + 1))
        obj = 75 + (variant % 7 if k == 1 else 0)
        out += ['    indicateur i%d "Indicateur %d" {' % (k, k), "      unite %", "      sens croissant",
                "      objectif 2020 : %d %%" % obj, "    }"]
        if k % 100 == 0 or k == n:
            out.append("  }")
    out.append("}")
    out.append("")
    out.append("mesures bench 2020 {")
    out += ["  i%d : %d %%" % (k, 20 + (k * 37) % 80) for k in range(1, n + 1)]
    out.append("}")
    return "\n".join(out) + "\n", n


class Server:
    def __init__(self, cible):
        self.p = subprocess.Popen([cible, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)

    def send(self, msg):
        b = json.dumps(msg, ensure_ascii=False).encode()
        self.p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(b) + b)
        self.p.stdin.flush()

    def read(self):
        n = None
        while True:
            line = self.p.stdout.readline()
            if not line:
                raise EOFError("the server ended")
            line = line.strip()
            if not line:
                break
            if line.lower().startswith(b"content-length:"):
                n = int(line.split(b":")[1])
        return json.loads(self.p.stdout.read(n))

    def wait_for(self, pred):
        while True:
            m = self.read()
            if pred(m):
                return m


def main():
    cible, lines = sys.argv[1], int(sys.argv[2])
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    s = Server(cible)
    uri = "file:///bench/bench.cible"
    s.send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}})
    s.wait_for(lambda m: m.get("id") == 1)
    s.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    text, n = contract(lines, 0)
    s.send({"jsonrpc": "2.0", "method": "textDocument/didOpen",
            "params": {"textDocument": {"uri": uri, "languageId": "cible", "version": 1, "text": text}}})
    first = s.wait_for(lambda m: m.get("method") == "textDocument/publishDiagnostics")
    errors = [d for d in first["params"]["diagnostics"] if d.get("severity") == 1]
    if errors:
        print("bench_lsp: the generated contract has errors: %s" % errors[0]["message"], file=sys.stderr)
        return 1
    times = []
    for r in range(runs):
        text, _ = contract(lines, r + 1)
        t0 = time.perf_counter()
        s.send({"jsonrpc": "2.0", "method": "textDocument/didChange",
                "params": {"textDocument": {"uri": uri, "version": r + 2}, "contentChanges": [{"text": text}]}})
        s.wait_for(lambda m: m.get("method") == "textDocument/publishDiagnostics")
        times.append((time.perf_counter() - t0) * 1000)
    peak = "-"
    try:
        with open("/proc/%d/status" % s.p.pid) as f:
            for l in f:
                if l.startswith("VmHWM:"):
                    peak = "%.1f MiB" % (int(l.split()[1]) / 1024)
    except OSError:
        pass
    s.send({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
    s.wait_for(lambda m: m.get("id") == 2)
    s.send({"jsonrpc": "2.0", "method": "exit"})
    s.p.stdin.close()
    s.p.wait(timeout=30)
    times.sort()
    print("%7d lignes %6d indicateurs   didChange → diagnostics : meilleur %7.1f ms, médian %7.1f ms"
          "   mémoire max du serveur %s" % (len(text.splitlines()), n, times[0], times[len(times) // 2], peak))
    return 0


if __name__ == "__main__":
    sys.exit(main())
