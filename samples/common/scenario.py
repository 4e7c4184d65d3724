"""What every sample's scenario.py shares: an HTTP client that reports resets instead of raising,
and a report that prints one aligned line per step (or one JSON object per step with --json).

A step says what it does, what a correct system should do with it (allowed or blocked) and
what happened; the last column says whether that is what a correct system does.
"""
import argparse
import http.client
import json
import socket
import sys
from urllib.parse import urlencode

from .lifecycle import address, format_address
from .trace import new_traceparent

HTTP_TIMEOUT_SECONDS = 10


class Outcome:
    """What one HTTP exchange gave: a status and body, or a failure (reset, timeout, refused)."""

    def __init__(self, status=None, text="", failure=None, traceparent=None):
        self.status = status
        self.text = text
        self.failure = failure
        self.traceparent = traceparent

    @property
    def succeeded(self):
        return self.status is not None and 200 <= self.status < 300

    def summary(self, width=40):
        if self.failure:
            return self.failure
        line = f"{self.status} {self.text.strip().splitlines()[0] if self.text.strip() else ''}".strip()
        return line if len(line) <= width else line[: width - 1] + "…"


class HttpClient:
    def __init__(self, host_port):
        self.host, self.port = host_port

    def send(self, method, path, query=None, form=None, json_body=None):
        """One request on a fresh connection, with a new trace (traceparent header)."""
        traceparent = new_traceparent()
        headers = {"traceparent": traceparent}
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        elif json_body is not None:
            body = json.dumps(json_body)
            headers["Content-Type"] = "application/json"
        if query:
            path = f"{path}?{urlencode(query)}"
        connection = http.client.HTTPConnection(self.host, self.port, timeout=HTTP_TIMEOUT_SECONDS)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            return Outcome(response.status, response.read().decode("utf-8", "replace"), traceparent=traceparent)
        except (ConnectionResetError, http.client.RemoteDisconnected, BrokenPipeError):
            return Outcome(failure="connection reset", traceparent=traceparent)
        except ConnectionRefusedError:
            return Outcome(failure="connection refused", traceparent=traceparent)
        except (socket.timeout, TimeoutError):
            return Outcome(failure="timed out", traceparent=traceparent)
        except OSError as error:
            return Outcome(failure=f"network error: {error.strerror or error}", traceparent=traceparent)
        finally:
            connection.close()


class Report:
    def __init__(self, as_json=False, stream=sys.stdout):
        self.as_json = as_json
        self.stream = stream
        self.colour = not as_json and stream.isatty()
        self.unexpected = []

    def _paint(self, text, code):
        return f"\033[{code}m{text}\033[0m" if self.colour else text

    def title(self, text):
        if not self.as_json:
            print(self._paint(text, "1"), file=self.stream)

    def section(self, name, checks=False):
        """Starts a group of steps, or of checks of the final state when checks is true."""
        if not self.as_json:
            print(f"\n{self._paint(name, '1')}", file=self.stream)
            columns = f"{'check':<50} {'result':<51}" if checks else \
                f"{'step':<50} {'should be':<10} {'happened':<40}"
            print(f"  {columns} verdict", file=self.stream)

    def step(self, description, should, outcome, expected_statuses=(200,), blocked_statuses=(400, 403, 502),
             as_expected=None):
        """should is "allowed" (then the status must be one of expected_statuses) or "blocked":
        the connection failed (reset), the frontend refused before calling a backend (400, 403), or
        its backend call failed (502, e.g. reset by the switch). Any other answer means the
        message reached the backend. A scenario that judges a step from the backends' logs
        passes its own should and as_expected."""
        if as_expected is None and should == "allowed":
            as_expected = outcome.status in expected_statuses
        elif as_expected is None:
            as_expected = outcome.failure is not None or outcome.status in blocked_statuses
        if not as_expected:
            self.unexpected.append(description)
        if self.as_json:
            print(json.dumps({"step": description, "should": should, "status": outcome.status,
                              "text": outcome.text.strip(), "failure": outcome.failure,
                              "traceparent": outcome.traceparent, "as_expected": as_expected}),
                  file=self.stream, flush=True)
        else:
            if as_expected:
                verdict = self._paint("ok", "32")
            else:
                verdict = self._paint("WRONG" if should == "allowed" else "WRONG: it got through", "31")
            print(f"  {description:<50} {should:<10} {outcome.summary():<40} {verdict}",
                  file=self.stream, flush=True)
        return outcome

    def fact(self, description, value, good):
        """A check of the final state, e.g. whether a post is intact."""
        if not good:
            self.unexpected.append(description)
        if self.as_json:
            print(json.dumps({"check": description, "value": value, "as_expected": good}), file=self.stream)
        else:
            verdict = self._paint("ok", "32") if good else self._paint("WRONG", "31")
            print(f"  {description:<50} {value:<51} {verdict}", file=self.stream)

    def finish(self):
        if self.as_json:
            print(json.dumps({"summary": {"unexpected": self.unexpected}}), file=self.stream)
            return
        print(file=self.stream)
        if self.unexpected:
            print(self._paint(f"{len(self.unexpected)} step(s) did not go as a correct system's would:", "31"),
                  file=self.stream)
            for description in self.unexpected:
                print(f"  - {description}", file=self.stream)
        else:
            print(self._paint("every step went as a correct system's would", "32"), file=self.stream)


def scenario_arguments(description, frontend_option, frontend_default):
    """The command line every scenario shares: the frontend's address and --json."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument(frontend_option, type=address, default=address(frontend_default),
                        metavar="HOST:PORT", help=f"the HTTP frontend (default {frontend_default})")
    parser.add_argument("--json", action="store_true", help="one JSON object per step instead of text")
    return parser


def count_calls(calls, method, predicate=lambda fields: True):
    return sum(1 for call in calls if call["method"] == method and predicate(call["fields"]))


def nothing_listening(first, service, at):
    """Whether the scenario's first request found no `service` listening at `at` (then says so on
    stderr): the scenario should stop with status 2 instead of reporting every step as failed."""
    if first.failure != "connection refused":
        return False
    print(f"scenario: no {service} listening at {format_address(at)}", file=sys.stderr)
    return True
