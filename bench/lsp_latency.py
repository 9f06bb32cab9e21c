#!/usr/bin/env python3
"""Language-server latency and memory, spoken to over JSON-RPC like an editor would.

For a 3 KB letter and a 1 MB document: the time from a one-character `didChange` to the
`publishDiagnostics` for that version, for edits at the start, middle and end (median and
p99); the time from process start to the `initialize` response; resident memory idle and
with the 1 MB document open. The 1 MB document has about 5,000 findings, so each publish
is a ~1.9 MB message that this client alone takes ~25 ms to parse; a second 1 MB document
written only from sentences no rule flags (a few findings) shows the server's own latency.

    cargo build --release && python3 bench/lsp_latency.py [--bin target/release/amends]
"""

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
from batch import SENTENCES, draft  # noqa: E402

# Sentences of `batch.SENTENCES` that no rule flags.
FLAGGED = ("I'm sorry if", "Honestly,", "If you don't", "I can't eat", "Why haven't")
CALM = [s for s in SENTENCES if not s.startswith(FLAGGED)]


def calm_draft(rng: random.Random) -> str:
    return draft(rng, CALM)


class Client:
    def __init__(self, binary):
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(
            [binary, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
        self.next_id = 1

    def send(self, message):
        body = json.dumps(message).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def recv(self):
        length = None
        while True:
            line = self.proc.stdout.readline()
            if not line:
                raise SystemExit("the server closed its output")
            if line in (b"\r\n", b"\n"):
                break
            name, _, value = line.decode().partition(":")
            if name.lower() == "content-length":
                length = int(value)
        return json.loads(self.proc.stdout.read(length))

    def request(self, method, params):
        request_id = self.next_id
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": request_id, "method": method, "params": params})
        while True:
            message = self.recv()
            if message.get("id") == request_id and "method" not in message:
                return message

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def wait_published(self, version):
        while True:
            message = self.recv()
            if message.get("method") == "textDocument/publishDiagnostics" and message["params"].get("version") == version:
                return message

    def rss_kb(self):
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return 0

    def close(self):
        self.request("shutdown", None)
        self.notify("exit", None)
        self.proc.wait(timeout=10)


def position(text, offset):
    before = text[:offset]
    line = before.count("\n")
    column = len(before) - (before.rfind("\n") + 1)
    return {"line": line, "character": column}  # ASCII text: UTF-8 == UTF-16 == chars


def measure(client, uri, text, edits):
    client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": text}})
    published = client.wait_published(1)
    version = 1
    results = {"diagnostics": len(published["params"]["diagnostics"])}
    for where in ("start", "middle", "end"):
        latencies = []
        for i in range(edits):
            offset = {"start": 12, "middle": len(text) // 2, "end": len(text) - 1}[where]
            # Type a letter, then delete it: the text stays the same size.
            insert = i % 2 == 0
            pos = position(text, offset)
            end = pos if insert else {"line": pos["line"], "character": pos["character"] + 1}
            change = {"range": {"start": pos, "end": end}, "text": "x" if insert else ""}
            text = text[:offset] + ("x" if insert else "") + text[offset + (0 if insert else 1):]
            version += 1
            start = time.perf_counter()
            client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]})
            client.wait_published(version)
            latencies.append((time.perf_counter() - start) * 1000)
        latencies.sort()
        results[where] = (statistics.median(latencies), latencies[max(0, int(len(latencies) * 0.99) - 1)])
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin", default="target/release/amends")
    args = parser.parse_args()
    rng = random.Random(3)
    letter = ""
    while len(letter) < 3000:
        letter += draft(rng)
    big = ""
    while len(big) < 1_000_000:
        big += draft(rng)
    calm = ""
    while len(calm) < 1_000_000:
        calm += calm_draft(rng)

    starts = []
    for _ in range(5):
        client = Client(args.bin)
        client.request("initialize", {"processId": None, "capabilities": {}})
        starts.append((time.perf_counter() - client.started) * 1000)
        client.close()
    print(f"process start to initialize response: median {statistics.median(starts):.1f} ms (target 20 ms)")

    client = Client(args.bin)
    client.request("initialize", {"processId": None, "capabilities": {}})
    client.notify("initialized", {})
    time.sleep(0.2)
    print(f"resident memory idle: {client.rss_kb() / 1024:.1f} MiB (target 20 MB)")
    documents = (("3 KB letter", letter, 100), ("1 MB document", big, 20), ("1 MB, few findings", calm, 20))
    for name, text, edits in documents:
        results = measure(client, f"file:///bench/{name.replace(' ', '-')}.txt", text, edits)
        print(f"{name}: {results.pop('diagnostics')} diagnostics")
        for where, (median, p99) in results.items():
            print(f"{name}, edit at the {where}: didChange to publish median {median:.2f} ms, p99 {p99:.2f} ms")
        if text is big:
            print(f"resident memory with the 3 KB letter and the 1 MB document open: {client.rss_kb() / 1024:.1f} MiB (target 80 MB)")
    print(f"resident memory with all three open: {client.rss_kb() / 1024:.1f} MiB")
    client.close()


if __name__ == "__main__":
    main()
