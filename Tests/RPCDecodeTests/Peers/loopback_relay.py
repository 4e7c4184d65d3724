"""A TCP relay on loopback that records each direction's bytes of every connection it carries.

Used by the RPCDecode peer scripts: real clients talk to real servers through it, and the Swift
tests decode exactly the bytes that crossed. Connection N's bytes go to
OUT/connN.c2s and OUT/connN.s2c when it closes, and OUT/connN.log keeps both directions in the
order the relay received them: records of direction (0 = client to server, 1 = server to
client), 4-byte big-endian length, bytes.
"""
import os
import socket
import threading
import time


class LoopbackRelay:
    def __init__(self, target_port, out_dir):
        self.target_port = target_port
        self.out_dir = out_dir
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(16)
        self.port = self.listener.getsockname()[1]
        self.count = 0
        self.threads = []
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            server = socket.create_connection(("127.0.0.1", self.target_port))
            with self.lock:
                index = self.count
                self.count += 1
            log = []
            for sock in (client, server):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            pumps = [
                threading.Thread(target=self._pump, args=(client, server, index, 0, log)),
                threading.Thread(target=self._pump, args=(server, client, index, 1, log)),
            ]
            for t in pumps:
                t.start()
            self.threads.extend(pumps)
            threading.Thread(target=self._write_log, args=(index, pumps, log), daemon=True).start()

    def _pump(self, src, dst, index, direction, log):
        recorded = bytearray()
        forwarding = True
        while True:
            try:
                data = src.recv(65536)
            except OSError:
                data = b""
            if not data:
                break
            recorded += data
            with self.lock:
                log.append((direction, data))
            if forwarding:
                try:
                    dst.sendall(data)
                except OSError:
                    # The receiver is gone; keep recording what the sender still sends.
                    forwarding = False
        try:
            dst.shutdown(socket.SHUT_WR)
        except OSError:
            pass
        name = f"conn{index}." + ("c2s" if direction == 0 else "s2c")
        with open(os.path.join(self.out_dir, name), "wb") as f:
            f.write(recorded)

    def _write_log(self, index, pumps, log):
        for t in pumps:
            t.join()
        # Written under a temporary name and renamed, so a reader never sees half a log.
        path = os.path.join(self.out_dir, f"conn{index}.log")
        with open(path + ".tmp", "wb") as f:
            for direction, data in log:
                f.write(bytes([direction]) + len(data).to_bytes(4, "big") + data)
        os.replace(path + ".tmp", path)

    def close(self, timeout=10):
        """Waits for every relayed connection to end (both directions), then stops listening."""
        for t in list(self.threads):
            t.join(timeout)
        deadline = time.time() + timeout
        while time.time() < deadline and not all(
                os.path.exists(os.path.join(self.out_dir, f"conn{i}.log")) for i in range(self.count)):
            time.sleep(0.01)
        self.listener.close()
