"""A frontend's client of one Thrift backend (binary protocol, framed transport).

Thrift has no call metadata, so no trace context is sent. Each call opens its own connection, so
a connection the switch reset never affects a later call.
"""
from thrift.protocol import TBinaryProtocol
from thrift.Thrift import TException
from thrift.transport import TSocket, TTransport

from .grpc_peer import PeerCallFailed

CALL_TIMEOUT_MILLISECONDS = 5000  # a dropped message without a reset must not hang the frontend


class ThriftPeer:
    def __init__(self, name, host_port, client_class, application_errors=()):
        """application_errors: the IDL's exception types, passed on to the caller as they are."""
        self.name = name
        self._host, self._port = host_port
        self._client_class = client_class
        self._application_errors = tuple(application_errors)

    def call(self, method, *arguments):
        socket = TSocket.TSocket(self._host, self._port)
        socket.setTimeout(CALL_TIMEOUT_MILLISECONDS)
        transport = TTransport.TFramedTransport(socket)
        try:
            transport.open()
            client = self._client_class(TBinaryProtocol.TBinaryProtocol(transport))
            return getattr(client, method)(*arguments)
        except self._application_errors:
            raise
        except (TException, OSError) as error:
            cause = getattr(error, "inner", None) or error  # TSocket wraps the socket error
            raise PeerCallFailed(f"{self.name}.{method} failed: {cause}") from None
        finally:
            transport.close()
