# SPDX-License-Identifier: GPL-2.0-or-later
"""A sharkd process driven over JSON-RPC, one request at a time, as the GUI would."""
import json
import tempfile


class SharkdError(RuntimeError):
    pass


class SharkdSession:
    def __init__(self, wireshark):
        # stderr to a file: a full pipe would stall sharkd while we wait on stdout.
        self.stderr = tempfile.TemporaryFile(mode="w+", errors="replace")
        self.proc = wireshark.sharkd(self.stderr)
        self.next_id = 0

    def send(self, method, **params):
        self.next_id += 1
        request = {"jsonrpc": "2.0", "id": self.next_id, "method": method}
        if params:
            request["params"] = params
        self.proc.stdin.write(json.dumps(request) + "\n")
        self.proc.stdin.flush()
        return self.next_id

    def call(self, method, **params):
        """The answer to this request; answers to earlier ones still unread are skipped."""
        wanted = self.send(method, **params)
        while True:
            line = self.proc.stdout.readline()
            if not line:
                raise SharkdError(f"sharkd ended during {method} {params}")
            answer = json.loads(line)
            if answer.get("id") == wanted:
                break
        if "error" in answer:
            raise SharkdError(f"{method} {params}: {answer['error']}")
        return answer["result"]

    def load(self, path):
        # sharkd 4.0 does not answer a load whose file ends mid-record: ask the status instead.
        self.send("load", file=str(path))
        return self.call("status")["frames"]

    def tree(self, frame):
        return self.call("frame", frame=frame, proto=True)["tree"]

    def close(self, timeout=120):
        """Ends sharkd; returns (exit status, stderr)."""
        self.proc.stdin.close()
        try:
            self.proc.wait(timeout=timeout)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait()
        self.stderr.seek(0)
        return self.proc.returncode, self.stderr.read()
