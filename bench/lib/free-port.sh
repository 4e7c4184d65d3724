# free_loopback_port prints a TCP port on 127.0.0.1 that nothing listens on, for a benchmark's
# loopback server. Source this file.
free_loopback_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
