"""A local SMS gateway that answers like the provider (Infobip's HTTP API), for tests and the benchmark.

    with LocalGateway(key="test-key") as gateway:
        settings.NOTIFICATIONS_SMS_GATEWAY_URL = gateway.url
        gateway.queue("timeout", "accept")   # the next two sends: too late, then accepted
        ...
        assert len(gateway.messages) == 1

What it imitates, because our delivery guarantees rest on it:
- ``POST /sms/2/text/advanced`` with ``Authorization: App <key>`` (401 and the provider's
  ``requestError`` body otherwise); each destination's ``messageId`` is ours, and the provider keeps
  ONE log line per message id: a second send of the same id is answered but not recorded twice, so
  ``messages`` counts what a phone would have received (a resend under a new id would show as two);
- ``GET /sms/1/logs?messageId=...``: ``{"results": [...]}`` with the message if it was recorded.

Modes, for the next sends (``queue``) or for every send (``mode``):
``accept`` (200, groupName PENDING), ``refuse`` (200, groupName REJECTED), ``bad-request`` (400 with
a requestError), ``error`` (500), ``garbage`` (200 with an HTML page, as a proxy in between may answer),
``timeout`` (answers after ``delay`` seconds, longer than the
client's time-out; ``timeout_records`` says whether the provider still took the message: one that
got it and answered too late).

It runs in a thread of the test process (``ThreadingHTTPServer`` on port 0), so it needs nothing
installed; the worker subprocess of a test reaches it by its URL.
"""

import collections
import contextlib
import datetime
import json
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

MODES = {"accept", "refuse", "bad-request", "error", "timeout", "garbage"}

UNAUTHORIZED = {"requestError": {"serviceException": {"messageId": "UNAUTHORIZED", "text": "Invalid login details"}}}
BAD_REQUEST = {"requestError": {"serviceException": {"messageId": "BAD_REQUEST", "text": "Bad request"}}}
PENDING = {"groupId": 1, "groupName": "PENDING", "id": 26, "name": "PENDING_ACCEPTED", "description": "Message sent"}
REJECTED = {
    "groupId": 5,
    "groupName": "REJECTED",
    "id": 51,
    "name": "REJECTED_DESTINATION",
    "description": "Destination not reachable",
}
DELIVERED = {"groupId": 3, "groupName": "DELIVERED", "id": 5, "name": "DELIVERED_TO_HANDSET"}


class LocalGateway:
    def __init__(self, *, key="test-key", delay=2.5):
        self.key = key
        self.delay = delay  # a "timeout" answer comes this late (the test settings' client time-out is 1 s)
        self.mode = "accept"
        self.timeout_records = True
        self.messages = []  # one dict per message id the provider took: to, text, from, message_id, at
        self.calls = []  # every request: (method, path, mode used)
        self.requests = []  # every request as received: method, path, headers, body (parsed JSON or None)
        self.send_times = []  # time.monotonic() of each send request's arrival (the benchmark's clock)
        self._by_id = {}
        self._modes = collections.deque()
        self._lock = threading.Lock()
        self._server = None
        self._thread = None

    # --- what a test sets -------------------------------------------------------------------------
    def queue(self, *modes):
        """The modes of the next sends, in order; then ``mode`` again."""
        unknown = set(modes) - MODES
        if unknown:
            raise ValueError(f"unknown gateway modes: {sorted(unknown)}")
        with self._lock:
            self._modes.extend(modes)

    def texts_to(self, number):
        return [message["text"] for message in self.messages if message["to"] == number.lstrip("+")]

    def sends(self):
        """How many send requests reached the gateway (answered or not)."""
        return sum(1 for method, path, _mode in self.calls if method == "POST")

    # --- life --------------------------------------------------------------------------------------
    @property
    def url(self):
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self):
        gateway = self

        class Handler(_Handler):
            pass

        Handler.gateway = gateway
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True  # a "timeout" answer still sleeping does not hold the test's end
        self._thread = threading.Thread(target=self._server.serve_forever, name="local-sms-gateway", daemon=True)
        self._thread.start()
        return self

    def stop(self):
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    # --- the provider's side -------------------------------------------------------------------------
    def _next_mode(self):
        with self._lock:
            return self._modes.popleft() if self._modes else self.mode

    def _record(self, destination, text, sender):
        message_id = str(destination.get("messageId") or uuid.uuid4())
        with self._lock:
            if message_id not in self._by_id:
                line = {
                    "message_id": message_id,
                    "to": str(destination.get("to", "")),
                    "text": text,
                    "from": sender,
                    "at": datetime.datetime.now(datetime.UTC).isoformat(),
                }
                self._by_id[message_id] = line
                self.messages.append(line)
        return message_id

    def _log_line(self, message_id):
        with self._lock:
            line = self._by_id.get(message_id)
        if line is None:
            return None
        return {
            "messageId": line["message_id"],
            "to": line["to"],
            "from": line["from"],
            "text": line["text"],
            "sentAt": line["at"],
            "status": DELIVERED,
        }


class _Handler(BaseHTTPRequestHandler):
    gateway: LocalGateway
    protocol_version = "HTTP/1.1"  # keep-alive, as the provider: a sender with a session reuses its connection
    # Headers and body leave in two writes: without this, a reused connection waits for the client's delayed ACK.
    disable_nagle_algorithm = True

    def log_message(self, format, *args):
        pass  # the test output stays readable

    def _answer(self, status, body):
        payload = (body if isinstance(body, str) else json.dumps(body)).encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/html" if isinstance(body, str) else "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        # The client may have given up waiting (a time-out): as with the real provider, the answer is lost.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(payload)

    def _authorised(self):
        if self.headers.get("Authorization") == f"App {self.gateway.key}":
            return True
        self._answer(401, UNAUTHORIZED)
        return False

    def do_POST(self):
        gateway = self.gateway
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length)
        gateway.send_times.append(time.monotonic())
        path = urlsplit(self.path).path
        try:
            body = json.loads(raw)
        except ValueError:
            body = None
        gateway.requests.append({"method": "POST", "path": path, "headers": dict(self.headers), "body": body})
        if path != "/sms/2/text/advanced":
            gateway.calls.append(("POST", path, ""))
            return self._answer(404, BAD_REQUEST)
        if not self._authorised():
            gateway.calls.append(("POST", path, "unauthorised"))
            return None
        mode = gateway._next_mode()
        gateway.calls.append(("POST", path, mode))
        try:
            messages = body["messages"]
            pairs = [(message, destination) for message in messages for destination in message["destinations"]]
        except (ValueError, KeyError, TypeError):
            return self._answer(400, BAD_REQUEST)
        if mode == "bad-request":
            return self._answer(400, BAD_REQUEST)
        if mode == "error":
            return self._answer(500, {"requestError": {"serviceException": {"messageId": "GENERAL_ERROR"}}})
        if mode == "garbage":
            return self._answer(200, "<html>Bad gateway</html>")
        answered = []
        for message, destination in pairs:
            status = REJECTED if mode == "refuse" else PENDING
            message_id = str(destination.get("messageId") or "")
            if mode != "refuse" and (mode != "timeout" or gateway.timeout_records):
                message_id = gateway._record(destination, message.get("text", ""), message.get("from", ""))
            answered.append({"to": destination.get("to"), "status": status, "messageId": message_id})
        if mode == "timeout":
            time.sleep(gateway.delay)
        return self._answer(200, {"bulkId": str(uuid.uuid4()), "messages": answered})

    def do_GET(self):
        gateway = self.gateway
        parts = urlsplit(self.path)
        gateway.calls.append(("GET", parts.path, ""))
        gateway.requests.append({"method": "GET", "path": self.path, "headers": dict(self.headers), "body": None})
        if parts.path != "/sms/1/logs":
            return self._answer(404, BAD_REQUEST)
        if not self._authorised():
            return None
        wanted = parse_qs(parts.query).get("messageId", [])
        results = [line for line in (gateway._log_line(message_id) for message_id in wanted) if line]
        return self._answer(200, {"results": results})


def configure(settings, gateway):
    """Point the real ``GatewaySender`` at ``gateway`` (``settings``: pytest-django's fixture)."""
    settings.NOTIFICATIONS_SMS_SENDER = "gateway"
    settings.NOTIFICATIONS_SMS_GATEWAY_URL = gateway.url
    settings.NOTIFICATIONS_SMS_GATEWAY_KEY = gateway.key


def environment(gateway):
    """The same, for a worker subprocess (its settings come from the environment)."""
    return {
        "NOTIFICATIONS_SMS_SENDER": "gateway",
        "NOTIFICATIONS_SMS_GATEWAY_URL": gateway.url,
        "NOTIFICATIONS_SMS_GATEWAY_KEY": gateway.key,
    }
