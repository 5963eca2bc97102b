# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""A fake SMS provider on 127.0.0.1 for the campaign tests.

``POST /send`` takes the JSON of ``HttpSmsProvider``.  A message whose
idempotency key (``Idempotency-Key`` header) was already accepted is
answered with the same id and not sent again, as real providers do.  The
numbers for which ``refuse(number)`` is true are refused with 400 (an
invalid number).  Every accepted message is appended to ``sent`` (the log
the tests count) and its delivery report ``{"reference", "id", "status":
"delivered"}`` is queued in ``reports``; with ``callback`` set, a thread
posts the reports there (``X-CRM-Token``), retrying until the CRM answers.
"""
import http.server
import json
import queue
import threading
import time
import urllib.error
import urllib.request


class FakeSmsProvider:

    def __init__(self, refuse=lambda number: False, callback=None,
            token=None, delay=0):
        self.refuse = refuse
        self.callback = callback
        self.token = token
        self.delay = delay
        self.sent = []
        self.requests = 0
        self.keys = {}
        self.reports = []
        self.posted = []
        self._lock = threading.Lock()
        self._queue = queue.Queue()
        provider = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get('Content-Length') or 0)
                message = json.loads(self.rfile.read(length))
                key = self.headers.get('Idempotency-Key')
                status, answer = provider.accept(key, message)
                body = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header('Content-Type', 'application/json')
                self.send_header('Content-Length', str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass
        self.server = http.server.ThreadingHTTPServer(
            ('127.0.0.1', 0), Handler)
        self.url = 'http://127.0.0.1:%s/send' % self.server.server_port
        self._threads = [
            threading.Thread(target=self.server.serve_forever, daemon=True),
            threading.Thread(target=self._post_reports, daemon=True)]

    def accept(self, key, message):
        if self.delay:
            time.sleep(self.delay)
        with self._lock:
            self.requests += 1
            if key and key in self.keys:
                return 200, {'id': self.keys[key], 'duplicate': True}
            if self.refuse(message['to']):
                return 400, {'error': 'invalid number'}
            id_ = 'm%s' % (len(self.sent) + 1)
            if key:
                self.keys[key] = id_
            self.sent.append((message['to'], key, id_, message['text']))
            report = {'reference': key, 'id': id_, 'status': 'delivered'}
            self.reports.append(report)
        if self.callback:
            self._queue.put(report)
        return 200, {'id': id_}

    def _post_reports(self):
        while True:
            report = self._queue.get()
            if report is None:
                return
            for attempt in range(300):
                request = urllib.request.Request(self.callback,
                    data=json.dumps(report).encode(), method='POST',
                    headers={'Content-Type': 'application/json',
                        'X-CRM-Token': self.token or ''})
                try:
                    with urllib.request.urlopen(request, timeout=30):
                        pass
                    self.posted.append(report)
                    break
                except (urllib.error.URLError, OSError):
                    time.sleep(0.2)

    def __enter__(self):
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *args):
        self._queue.put(None)
        self.server.shutdown()
        self.server.server_close()
