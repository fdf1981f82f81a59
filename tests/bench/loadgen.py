"""Load from a separate process: wrk, with a Lua script that picks paths, bodies and cookies.

wrk prints only a few fixed percentiles, so the script's `done` hook prints the
numbers we report (requests/s, p50, p95, errors) as one JSON line.
"""

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

LUA_TEMPLATE = r"""
local items = {}
local i = 0
init = function(args)
  for line in io.lines("%(items)s") do table.insert(items, line) end
  i = math.random(#items)
end
request = function()
  i = (i %% #items) + 1
  local method, path, cookie, body = items[i]:match("^(%%S+)\t(%%S+)\t(%%S*)\t?(.*)$")
  local headers = {}
  if cookie ~= nil and cookie ~= "" then headers["Cookie"] = cookie end
  if body ~= nil and body ~= "" then
    headers["Content-Type"] = "application/json"
    return wrk.format(method, path, headers, body)
  end
  return wrk.format(method, path, headers)
end
done = function(summary, latency, requests)
  local e = summary.errors
  local errors = e.connect + e.read + e.write + e.status + e.timeout
  io.write(string.format(
    '{"requests": %%d, "seconds": %%f, "rps": %%f, "p50_ms": %%f, "p95_ms": %%f, "errors": %%d, "non_2xx": %%d}\n',
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, errors, summary.errors.status))
end
"""


def available():
    return shutil.which("wrk") is not None


def run(base_url, items, *, duration=10, connections=8, threads=2):
    """Load `base_url` with requests drawn from `items`: (method, path, cookie, json_body or "")."""
    with tempfile.TemporaryDirectory() as folder:
        item_file = Path(folder) / "items.tsv"
        item_file.write_text("\n".join("\t".join(item) for item in items) + "\n", encoding="utf-8")
        script = Path(folder) / "bench.lua"
        script.write_text(LUA_TEMPLATE % {"items": item_file}, encoding="utf-8")
        completed = subprocess.run(
            # A slow answer is a latency to report, not an error: wrk gives up after 2 s by default.
            [
                "wrk",
                f"-t{threads}",
                f"-c{connections}",
                f"-d{duration}s",
                "--timeout",
                "60s",
                "-s",
                str(script),
                base_url,
            ],
            capture_output=True,
            text=True,
            timeout=duration + 60,
            check=True,
        )
    for line in reversed(completed.stdout.splitlines()):
        if line.startswith("{"):
            return json.loads(line)
    raise RuntimeError(f"wrk printed no summary:\n{completed.stdout}\n{completed.stderr}")
