"""A frontend's client of a Redis server (redis-py), robust to the switch resetting its connection.

Speaks RESP2 (`protocol=2`: no HELLO handshake, so the connection carries only the commands the
frontend issues) and never retries: a command the switch blocks is sent exactly once. A failed
command raises PeerCallFailed, which the HTTP frontend answers with 502; redis-py drops the
reset connection from its pool, so the next command opens a fresh one.
"""
import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from .grpc_peer import PeerCallFailed

COMMAND_TIMEOUT_SECONDS = 5  # a dropped command without a reset must not hang the frontend


class RedisPeer:
    def __init__(self, name, host_port):
        self.name = name
        host, port = host_port
        self._client = redis.Redis(host=host, port=port, protocol=2, retry=Retry(NoBackoff(), 0),
                                   socket_timeout=COMMAND_TIMEOUT_SECONDS,
                                   socket_connect_timeout=COMMAND_TIMEOUT_SECONDS, decode_responses=True)

    def command(self, *arguments):
        """Sends one command (`"SET", key, value`) and returns its reply."""
        try:
            return self._client.execute_command(*arguments)
        except redis.ConnectionError as error:
            reason = "connection reset" if "reset" in str(error).lower() or "closed" in str(error).lower() else str(error)
            raise PeerCallFailed(f"{self.name}.{arguments[0]}: {reason} (UNAVAILABLE)") from None
        except redis.TimeoutError:
            raise PeerCallFailed(f"{self.name}.{arguments[0]}: timed out (UNAVAILABLE)") from None
