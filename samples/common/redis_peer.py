"""A frontend's client of a Redis server (redis-py), robust to the switch resetting its connection.

Speaks RESP2 (`protocol=2`: no HELLO handshake) without announcing itself (no CLIENT SETINFO), so
the connection carries only the commands the frontend issues, and never retries: a command the switch blocks is sent exactly once. A failed
command raises PeerCallFailed, which the HTTP frontend answers with 502; redis-py drops the
reset connection from its pool, so the next command opens a fresh one.
"""
import inspect

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from .grpc_peer import PeerCallFailed

COMMAND_TIMEOUT_SECONDS = 5  # a dropped command without a reset must not hang the frontend


def _without_client_setinfo():
    """redis-py's keyword arguments that turn CLIENT SETINFO off: `driver_info=None` from 8.0,
    `lib_name`/`lib_version` None in 5.x-7.x; older versions never send it."""
    parameters = inspect.signature(redis.Redis.__init__).parameters
    if "driver_info" in parameters:
        return {"driver_info": None}
    if "lib_name" in parameters:
        return {"lib_name": None, "lib_version": None}
    return {}


class RedisPeer:
    def __init__(self, name, host_port):
        self.name = name
        host, port = host_port
        self._client = redis.Redis(host=host, port=port, protocol=2, retry=Retry(NoBackoff(), 0),
                                   socket_timeout=COMMAND_TIMEOUT_SECONDS,
                                   socket_connect_timeout=COMMAND_TIMEOUT_SECONDS, decode_responses=True,
                                   **_without_client_setinfo())

    def command(self, *arguments):
        """Sends one command (`"SET", key, value`) and returns its reply."""
        try:
            return self._client.execute_command(*arguments)
        except redis.ConnectionError as error:
            reason = "connection reset" if "reset" in str(error).lower() or "closed" in str(error).lower() else str(error)
            raise PeerCallFailed(f"{self.name}.{arguments[0]}: {reason} (UNAVAILABLE)") from None
        except redis.TimeoutError:
            raise PeerCallFailed(f"{self.name}.{arguments[0]}: timed out (UNAVAILABLE)") from None
