"""Runs a Thrift backend (binary protocol, framed transport): binds --listen, announces `ready`,
serves one thread per connection until SIGTERM."""
import threading

from thrift.protocol import TBinaryProtocol
from thrift.server import TServer
from thrift.transport import TSocket, TTransport

from .lifecycle import announce_ready, wait_for_termination


def serve_thrift(listen, processor):
    host, port = listen
    transport = TSocket.TServerSocket(host=host, port=port)
    try:
        transport.listen()
    except OSError as error:
        raise SystemExit(f"cannot listen on {host}:{port}: {error}")
    # TThreadedServer's per-connection loop, driven by our own accept loop so that the socket is
    # bound (and its port known) before `ready` is printed.
    server = TServer.TThreadedServer(processor, transport, TTransport.TFramedTransportFactory(),
                                     TBinaryProtocol.TBinaryProtocolFactory(), daemon=True)

    def accept_forever():
        while True:
            try:
                client = transport.accept()
            except OSError:
                return
            if client:
                threading.Thread(target=server.handle, args=(client,), daemon=True).start()

    threading.Thread(target=accept_forever, daemon=True).start()
    announce_ready(host, transport.handle.getsockname()[1])
    wait_for_termination()
    transport.close()
