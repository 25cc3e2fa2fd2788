#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Client and server programs for make_real.sh.

Each scenario is a pair of tiny socket programs whose order of send/shutdown/close, and the
pauses between them, make the Linux TCP stack put one particular connection shape on the wire
(who closes first, 3- or 4-segment close, half-close, abort, keep-alive probes, data sent to a
closed connection, a stale RST the server drops, a stray SYN the server answers with a
challenge ACK).  make_real.sh runs the server in
one network namespace and the client in the other, and checks the captured shape afterwards.

    real_peers.py server SCENARIO ADDRESS PORT READY_FILE
    real_peers.py client SCENARIO ADDRESS PORT
    real_peers.py offloads-off INTERFACE

offloads-off does what `ethtool -K INTERFACE tx off tso off gso off gro off` does, for
machines without ethtool (see make_real.sh).

Two kernel behaviours decide the shapes:
- On receiving a FIN, Linux delays its ACK (the socket enters "pingpong" delayed-ACK mode).
  If the application closes before the delayed-ACK timer fires, the ACK rides on its FIN: a
  3-segment close.  Otherwise the ACK goes out alone first: a 4-segment close.
- setsockopt(TCP_QUICKACK, 1) sends a pending delayed ACK at once.  flush_ack() uses it
  where a scenario needs the ACK as a segment of its own, so the shape does not depend on
  the delayed-ACK timer (40-200 ms) racing the program's pauses.
"""

import argparse
import errno
import ctypes
import fcntl
import pathlib
import socket
import struct
import sys
import time

TIMEOUT = 5.0  # no step of any exchange should take this long; fail instead of hanging

BODY = b"<html><body><p>tcpconn sample page</p></body></html>\n"
REQUEST = (b"GET /index.html HTTP/1.1\r\n"
           b"Host: www.example.test\r\n"
           b"User-Agent: tcpconn-sample/1.0\r\n"
           b"Accept: */*\r\n\r\n")
RESPONSE = (b"HTTP/1.1 200 OK\r\n"
            b"Content-Type: text/html\r\n"
            b"Content-Length: %d\r\n\r\n" % len(BODY)) + BODY

# half-close: the client sends a job and shuts down its sending side; the server only answers
# once it has seen that FIN, in several separate segments.
JOB = b"REPORT daily\r\n"
REPORT_LINES = [b"report line %d: ok\r\n" % i for i in range(1, 5)]

# keepalive: after one request and response the client leaves the connection idle for
# KEEPALIVE_IDLE_TIME seconds with SO_KEEPALIVE on, TCP_KEEPIDLE and TCP_KEEPINTVL 1 s: the
# kernel probes about once a second (pure ACK, seq = snd_nxt - 1, no payload) and the server's
# kernel answers each probe with a duplicate ACK. 3.5 s gives three probes (at least two).
KEEPALIVE_INTERVAL = 1
KEEPALIVE_IDLE_TIME = 3.5

TCP_CLOSE = 7  # <netinet/tcp.h> TCP_CLOSE, the first byte (tcpi_state) of struct tcp_info


def flush_ack(sock):
    """Send the ACK the kernel is holding back (if any) now, as a segment of its own."""
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)


def recv_until(sock, marker):
    data = b""
    while marker not in data:
        chunk = sock.recv(4096)
        if not chunk:
            raise RuntimeError("peer closed before %r arrived" % marker)
        data += chunk
    return data


def recv_to_eof(sock):
    data = b""
    while True:
        chunk = sock.recv(4096)
        if not chunk:
            return data
        data += chunk


def recv_response(sock):
    """Read one HTTP response framed by Content-Length (without waiting for EOF)."""
    data = recv_until(sock, b"\r\n\r\n")
    head, _, body = data.partition(b"\r\n\r\n")
    length = next(int(line.split(b":")[1]) for line in head.split(b"\r\n")
                  if line.lower().startswith(b"content-length:"))
    while len(body) < length:
        chunk = sock.recv(4096)
        if not chunk:
            raise RuntimeError("peer closed in the middle of the response")
        body += chunk
    return head, body


# --- stale-rst: a RST from the client's address with a sequence number its data has passed --

ETH_P_ALL = 0x0003  # only ETH_P_ALL packet sockets see the frames a host sends
ETH_HEADER = 14


def open_sniffer():
    """A packet socket that sees the frames of this network namespace (the client's SYN)."""
    sniffer = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
    sniffer.settimeout(TIMEOUT)
    return sniffer


def own_isn(sniffer, port):
    """The ISN of the SYN sent from local `port`, as the sniffer saw it leave."""
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        frame = sniffer.recv(65535)
        ip = frame[ETH_HEADER:]
        if frame[12:14] != b"\x08\x00" or len(ip) < 40 or ip[9] != socket.IPPROTO_TCP:
            continue
        tcp = ip[(ip[0] & 0x0F) * 4:]
        sport, _, seq = struct.unpack("!HHI", tcp[:8])
        if sport == port and tcp[13] & 0x12 == 0x02:  # SYN without ACK
            return seq
    raise RuntimeError("stale-rst: our SYN was not seen")


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


RST, SYN = 0x04, 0x02


def send_bare(src, dst, seq, flags):
    """A segment without ACK or payload (a RST or a SYN) from src to dst ((address, port)
    pairs, IPv4), built whole, as an attacker or a confused middlebox would send it."""
    window = 64240 if flags == SYN else 0
    tcp = struct.pack("!HHIIBBHHH", src[1], dst[1], seq, 0, 5 << 4, flags, window, 0, 0)
    pseudo = socket.inet_aton(src[0]) + socket.inet_aton(dst[0]) + struct.pack("!BBH", 0, 6, 20)
    tcp = tcp[:16] + struct.pack("!H", checksum(pseudo + tcp)) + tcp[18:]
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 40, 0x5151, 0x4000, 64, socket.IPPROTO_TCP, 0,
                     socket.inet_aton(src[0]), socket.inet_aton(dst[0]))
    ip = ip[:10] + struct.pack("!H", checksum(ip)) + ip[12:]
    with socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW) as raw:
        raw.sendto(ip + tcp, (dst[0], 0))


# --- servers: called with the accepted connection -------------------------------------------

def server_client_close(conn):
    recv_until(conn, b"\r\n\r\n")
    conn.sendall(RESPONSE)
    recv_to_eof(conn)
    # ACK the client's FIN on its own, and wait, so our FIN is a separate segment: 4-way close.
    flush_ack(conn)
    time.sleep(0.2)
    conn.close()


def server_server_close(conn):
    recv_until(conn, b"\r\n\r\n")
    conn.sendall(RESPONSE)
    time.sleep(0.2)
    conn.close()


def server_three_way(conn):
    recv_until(conn, b"\r\n\r\n")
    conn.sendall(RESPONSE)
    recv_to_eof(conn)
    # Close at once: the ACK of the client's FIN is still delayed and leaves merged with our FIN.
    conn.close()


def server_abort(conn):
    recv_until(conn, b"\r\n\r\n")
    conn.sendall(RESPONSE)
    try:
        recv_to_eof(conn)
    except ConnectionResetError:
        pass  # the client's RST is what this scenario produces
    conn.close()


def server_half_close(conn):
    conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # one segment per line
    recv_to_eof(conn)  # the job ends with the client's FIN; only then do we answer
    for line in REPORT_LINES:
        conn.sendall(line)
        time.sleep(0.05)
    conn.close()


def server_stale_rst(conn):
    recv_until(conn, b"\r\n\r\n")
    flush_ack(conn)  # the request acknowledged before the RST: it is below the next byte
    time.sleep(0.3)  # the client's stale RST arrives meanwhile, and changes nothing
    conn.sendall(RESPONSE)
    server_client_close_after_response(conn)


def server_syn_on_open(conn):
    for _ in range(2):  # a request before the client's stray SYN and one after it
        recv_until(conn, b"\r\n\r\n")
        conn.sendall(RESPONSE)
    server_client_close_after_response(conn)


def server_client_close_after_response(conn):
    recv_to_eof(conn)
    flush_ack(conn)
    time.sleep(0.2)
    conn.close()


def server_keepalive(conn):
    server_client_close(conn)  # recv_to_eof() sits through the idle time, then a 4-way close


# --- clients: called with a connected socket --------------------------------------------------

def client_client_close(sock):
    sock.sendall(REQUEST)
    recv_response(sock)
    flush_ack(sock)
    time.sleep(0.1)
    sock.close()


def client_server_close(sock):
    sock.sendall(REQUEST)
    recv_to_eof(sock)
    # ACK the server's FIN on its own, and wait, so our FIN is a separate segment: 4-way close.
    flush_ack(sock)
    time.sleep(0.2)
    sock.close()


def client_abort(sock):
    sock.sendall(REQUEST)
    recv_response(sock)
    flush_ack(sock)
    time.sleep(0.1)
    # SO_LINGER on with a zero timeout: close() discards the connection and sends RST, no FIN.
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()


def client_half_close(sock):
    sock.sendall(JOB)
    time.sleep(0.05)  # let the job be ACKed before the FIN, as an interactive client would
    sock.shutdown(socket.SHUT_WR)
    report = recv_to_eof(sock)
    if report != b"".join(REPORT_LINES):
        raise RuntimeError("half-close: unexpected report %r" % report)
    sock.close()


def client_stale_rst(sock, isn):
    sock.sendall(REQUEST)
    time.sleep(0.1)  # the server has acknowledged the request by now
    # The request's own first byte: the server expects the byte after the request.
    send_bare(sock.getsockname(), sock.getpeername(), (isn + 1) % 2**32, RST)
    recv_response(sock)  # the server answers all the same: the RST was dropped
    flush_ack(sock)
    time.sleep(0.1)
    sock.close()


def client_syn_on_open(sock, isn):
    sock.sendall(REQUEST)
    recv_response(sock)
    flush_ack(sock)
    time.sleep(0.1)
    # A SYN from our address and port with an ISN half the sequence space away: the server's
    # connection is ESTABLISHED, so its kernel answers with a challenge ACK and keeps it.
    send_bare(sock.getsockname(), sock.getpeername(), (isn + 2**31) % 2**32, SYN)
    time.sleep(0.2)
    sock.sendall(REQUEST)  # the connection goes on
    recv_response(sock)
    flush_ack(sock)
    time.sleep(0.1)
    sock.close()


def client_keepalive(sock):
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPIDLE, KEEPALIVE_INTERVAL)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPINTVL, KEEPALIVE_INTERVAL)
    sock.sendall(REQUEST)
    recv_response(sock)
    flush_ack(sock)
    time.sleep(KEEPALIVE_IDLE_TIME)  # idle: only the keep-alive probes and their ACKs
    sock.close()


def client_write_after_close(sock):
    sock.sendall(REQUEST)
    recv_to_eof(sock)  # the response, then the server's FIN (its close())
    flush_ack(sock)
    time.sleep(0.2)
    # A second request on the connection the server has closed (as an HTTP keep-alive client
    # racing the server's idle close would). The server's socket is no longer owned by any
    # program and has shut down its receiving side, so its kernel answers new data with RST,
    # and since our segment carries an ACK, that RST is a bare one: flags R only, seq = our ack.
    # (A SO_LINGER {1, 0} close by the server would not do: its RST-ACK reaches us first, and
    # then send() fails without anything going out.)
    sock.sendall(REQUEST)
    # Wait for the reset. recv() cannot tell: after the FIN it returns b"" before it looks at
    # the error; the socket's TCP state becomes CLOSE.
    deadline = time.monotonic() + TIMEOUT
    while sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 1)[0] != TCP_CLOSE:
        if time.monotonic() > deadline:
            raise RuntimeError("write-after-close: no reset from the server")
        time.sleep(0.01)
    sock.close()


# <linux/sockios.h>, <linux/ethtool.h>: the legacy one-feature ethtool ioctls.
SIOCETHTOOL = 0x8946
ETHTOOL_SET = {"tx": 0x17, "tso": 0x1F, "gso": 0x24, "gro": 0x2C}
IFREQ_SIZE = 40  # sizeof(struct ifreq) on 64-bit Linux


def offloads_off(interface):
    """Turn off TX checksum, TSO, GSO and GRO on `interface` (in this network namespace)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        for feature in ("tx", "tso", "gso", "gro"):
            value = ctypes.create_string_buffer(struct.pack("II", ETHTOOL_SET[feature], 0))
            ifreq = struct.pack("16sP", interface.encode(), ctypes.addressof(value))
            fcntl.ioctl(sock, SIOCETHTOOL, ifreq.ljust(IFREQ_SIZE, b"\0"))


SCENARIOS = {
    # name: (server, client)
    "client-close": (server_client_close, client_client_close),
    "server-close": (server_server_close, client_server_close),
    "three-way-close": (server_three_way, client_client_close),
    "abort": (server_abort, client_abort),
    "half-close": (server_half_close, client_half_close),
    "keepalive": (server_keepalive, client_keepalive),
    "write-after-close": (server_server_close, client_write_after_close),
    "refused": (None, None),
    "unreachable": (None, None),
    "stale-rst": (server_stale_rst, client_stale_rst),
    "syn-on-open": (server_syn_on_open, client_syn_on_open),
}


def family_of(address):
    return socket.AF_INET6 if ":" in address else socket.AF_INET


def run_server(scenario, address, port, ready_file):
    handler = SCENARIOS[scenario][0]
    with socket.socket(family_of(address), socket.SOCK_STREAM) as listener:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((address, port))
        listener.listen(1)
        listener.settimeout(TIMEOUT)
        pathlib.Path(ready_file).touch()  # make_real.sh starts the client only after this
        conn, _ = listener.accept()
        conn.settimeout(TIMEOUT)
        handler(conn)


def run_client(scenario, address, port):
    sock = socket.socket(family_of(address), socket.SOCK_STREAM)
    sock.settimeout(TIMEOUT)
    if scenario == "refused":
        try:
            sock.connect((address, port))
        except ConnectionRefusedError:
            return
        raise RuntimeError("refused: connection to port %d was accepted" % port)
    if scenario == "unreachable":
        try:
            sock.connect((address, port))
        except OSError as error:
            if error.errno in (errno.EHOSTUNREACH, errno.ENETUNREACH):
                return
            raise
        raise RuntimeError("unreachable: connection to %s was accepted" % address)
    if scenario in ("stale-rst", "syn-on-open"):  # these need our own ISN
        with open_sniffer() as sniffer:
            sock.connect((address, port))
            isn = own_isn(sniffer, sock.getsockname()[1])
        SCENARIOS[scenario][1](sock, isn)
        return
    sock.connect((address, port))
    SCENARIOS[scenario][1](sock)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    roles = parser.add_subparsers(dest="role", required=True)
    server = roles.add_parser("server")
    server.add_argument("scenario", choices=[k for k, v in SCENARIOS.items() if v[0]])
    server.add_argument("address")
    server.add_argument("port", type=int)
    server.add_argument("ready_file")
    client = roles.add_parser("client")
    client.add_argument("scenario", choices=sorted(SCENARIOS))
    client.add_argument("address")
    client.add_argument("port", type=int)
    roles.add_parser("offloads-off").add_argument("interface")
    args = parser.parse_args()
    if args.role == "server":
        run_server(args.scenario, args.address, args.port, args.ready_file)
    elif args.role == "client":
        run_client(args.scenario, args.address, args.port)
    else:
        offloads_off(args.interface)


if __name__ == "__main__":
    sys.exit(main())
