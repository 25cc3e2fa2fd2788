#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Writes the captures in zeek/ (classic pcap, Ethernet + IPv4): one small TCP connection per
file, each built to give a known Zeek conn_state and history.

    /usr/bin/python3 sample-pcaps/make_zeek.py            all of them
    /usr/bin/python3 sample-pcaps/make_zeek.py FILE...    only these, e.g. rej-syn-rst

A FILE is named as in zeek/, with or without ".pcap".

Needs scapy (Debian: python3-scapy). The output is deterministic: fixed addresses, MACs, ISNs,
IP ids and timestamps, so regenerating gives byte-identical files. Every connection is
self-consistent TCP (SYN and FIN take one sequence number, acks count exactly what the peer
sent) except where a capture exists to show a particular oddity; those places are marked.

The expected Zeek results are in zeek/expected.tsv, worked out by hand from
Zeek's conn_state and history rules (docs.zeek.org, Conn::Info; this script does not compute them).
Conventions that the expectations rely on:
  - client 192.0.2.10, server 192.0.2.20, client ports 40001..40037 (one per capture, never
    a likely server port);
  - the server listens on port 80 (in likely_server_ports once Zeek's HTTP scripts are loaded),
    except in the three captures whose point is that no role flip happens when the connection
    is created: there the server port is 45000-45002, which no Zeek analyzer registers;
  - every capture lasts well under 1 s, so no Zeek timer (5 s attempt delay etc.) fires;
    except those of Zeek's connection boundaries (BOUNDARY_BUILDERS), whose rows are in
    zeek/expected-rows.tsv.
sample-pcaps/README.md describes each capture frame by frame.
"""

import pathlib
import sys

from scapy.all import TCP, Ether

# Found whatever the current directory: Python puts this script's folder on sys.path.
from pcap_craft import C, REQUEST, RESPONSE, S, T0, Conn, Trace, ms

OUT = pathlib.Path(__file__).resolve().parent / "zeek"

CLIENT_IP = "192.0.2.10"
SERVER_IP = "192.0.2.20"
HTTP = 80

START = T0 + ms(100)  # first frame of every capture


class ZeekConn(Conn):
    """One TCP connection between CLIENT_IP:client_port and SERVER_IP:server_port; a segment
    can be given a wrong TCP checksum (bad_checksum=True)."""

    def __init__(self, trace, client_port, client_isn, server_isn, server_port=HTTP):
        super().__init__(trace, (CLIENT_IP, client_port), (SERVER_IP, server_port),
                         client_isn, server_isn)

    def segment(self, side, flags, payload=b"", window=None, bad_checksum=False, **fields):
        if window is None and "R" in flags:
            window = 0  # resets advertise no window, as Linux
        frame = super().segment(side, flags, payload, window=window, **fields)
        if bad_checksum:
            good = Ether(bytes(frame))[TCP].chksum
            frame[TCP].chksum = good ^ 0x5A5A  # never 0x0000/0xFFFF-equivalent to the good one
            assert Ether(bytes(frame))[TCP].chksum != good
        return frame

    def handshake(self):
        super().handshake(dt=0)  # the SYN is the capture's first frame, at START

    def request_response(self):
        """GET, server ACK, 200 OK, client ACK: history letters D a d (A already seen)."""
        self.send(C, "PA", REQUEST, dt=ms(2))
        self.send(S, "A", dt=ms(0.5))
        self.send(S, "PA", RESPONSE, dt=ms(3))
        self.send(C, "A", dt=ms(0.5))


def new(name, client_port, client_isn, server_isn, server_port=HTTP):
    trace = Trace(name, START)
    return trace, ZeekConn(trace, client_port, client_isn, server_isn, server_port)


# --- S0 ---------------------------------------------------------------------------------------

def s0_syn_retransmitted():
    t, c = new("s0-syn-retransmitted.pcap", 40001, 0x10000001, 0)
    isn = c.next_seq(C)
    c.send(C, "S", dt=0)
    c.send(C, "S", dt=ms(200), seq=isn)  # exact retransmissions: same ISN, no new letter
    c.send(C, "S", dt=ms(400), seq=isn)
    return t


def s0_syn_new_isn():
    t, c = new("s0-syn-new-isn.pcap", 40002, 0x10000002, 0)
    isn = c.next_seq(C)
    c.send(C, "S", dt=0)
    c.send(C, "S", dt=ms(200), seq=isn)  # exact retransmission
    c.send(C, "S", dt=ms(400), seq=0x2A000002)  # the client restarts with a new ISN
    return t


# --- established, closed or not ---------------------------------------------------------------

def s1_established():
    t, c = new("s1-established.pcap", 40003, 0x10000003, 0x80000003)
    c.send(C, "S", dt=0)
    synack_seq = c.next_seq(S)
    c.send(S, "SA", dt=ms(0.5))
    c.send(S, "SA", dt=ms(200), seq=synack_seq)  # SYN-ACK retransmitted (same ISN)
    c.send(C, "A", dt=ms(0.5))
    c.request_response()
    return t


def sf_normal():
    t, c = new("sf-normal.pcap", 40004, 0x10000004, 0x80000004)
    c.handshake()
    c.request_response()
    c.close(C)
    return t


def sf_midstream_no_syn():
    t, c = new("sf-midstream-no-syn.pcap", 40005, 0x10000005, 0x80000005)
    # Captured mid-connection: no handshake; the client's request is the first frame.
    c.send(C, "PA", REQUEST, dt=0)
    c.send(S, "A", dt=ms(0.5))
    c.send(C, "FA", dt=ms(10))
    c.send(S, "FA", dt=ms(5))
    c.send(C, "A", dt=ms(0.5))
    return t


def sf_synack_first():
    t, c = new("sf-synack-first.pcap", 40006, 0x10000006, 0x80000006)
    c.segment(C, "S")  # the SYN is not in the capture
    c.send(S, "SA", dt=0)
    c.send(C, "A", dt=ms(0.5))
    c.send(C, "PA", REQUEST, dt=ms(2))
    c.send(S, "PA", RESPONSE, dt=ms(3))  # also ACKs the request
    c.send(C, "FA", dt=ms(10))  # also ACKs the response
    c.send(S, "A", dt=ms(0.5))
    c.send(S, "FA", dt=ms(5))
    c.send(C, "A", dt=ms(0.5))
    return t


def sf_rst_after_both_fins():
    t, c = new("sf-rst-after-both-fins.pcap", 40007, 0x10000007, 0x80000007)
    c.handshake()
    c.request_response()
    c.send(C, "FA", dt=ms(10))
    c.send(S, "FA", dt=ms(0.5))  # ACKs the client's FIN and closes (3-way close)
    c.send(C, "RA", dt=ms(0.5))  # the client ends with a RST instead of the last ACK
    return t


def sf_fin_rst_then_peer_fin():
    t, c = new("sf-fin-rst-then-peer-fin.pcap", 40008, 0x10000008, 0x80000008)
    c.handshake()
    c.request_response()
    client_fin_ack = c.next_seq(C) + 1
    c.send(C, "FA", dt=ms(10))
    c.send(S, "A", dt=ms(0.5))
    c.send(C, "RA", dt=ms(1))  # the client aborts after its FIN
    c.send(S, "FA", dt=ms(0.1), ack=client_fin_ack)  # the server's FIN was already on its way
    return t


def s2_orig_fin_unanswered():
    t, c = new("s2-orig-fin-unanswered.pcap", 40011, 0x10000011, 0x80000011)
    c.handshake()
    c.request_response()
    fin_seq = c.next_seq(C)
    c.send(C, "FA", dt=ms(10))
    c.send(C, "FA", dt=ms(200), seq=fin_seq)  # exact FIN retransmission: no new letter
    c.send(S, "A", dt=ms(0.5))  # the server ACKs the FIN but never closes
    return t


def s3_resp_fin_unanswered():
    t, c = new("s3-resp-fin-unanswered.pcap", 40012, 0x10000012, 0x80000012)
    c.handshake()
    c.send(C, "PA", REQUEST, dt=ms(2))
    c.send(S, "A", dt=ms(0.5))
    c.send(S, "PA", RESPONSE, dt=ms(3))
    c.send(S, "FA", dt=ms(0.1))  # the server closes right after the response
    c.send(C, "A", dt=ms(0.5))  # the client ACKs both but never closes
    return t


# --- rejected and reset -------------------------------------------------------------------------

def rej_syn_rst():
    t, c = new("rej-syn-rst.pcap", 40009, 0x10000009, 0)
    c.send(C, "S", dt=0)
    c.send(S, "RA", dt=ms(0.3), seq=0)  # closed port: seq 0, ack ISN + 1
    return t


def rej_both_reset_midstream():
    t, c = new("rej-both-reset-midstream.pcap", 40010, 0x10000010, 0x80000010)
    # A firewall kills an idle connection (captured midstream): one RST towards each end,
    # each with the sequence number the end it pretends to be would use. RST only, no ACK.
    c.send(C, "R", dt=0)
    c.send(S, "R", dt=ms(0.05))
    return t


def rsto_client_abort():
    t, c = new("rsto-client-abort.pcap", 40013, 0x10000013, 0x80000013)
    c.handshake()
    c.request_response()
    c.send(C, "RA", dt=ms(10))  # SO_LINGER {1, 0} + close()
    return t


def rstr_server_abort():
    t, c = new("rstr-server-abort.pcap", 40014, 0x10000014, 0x80000014)
    c.handshake()
    c.request_response()
    c.send(S, "RA", dt=ms(10))
    return t


def rstos0_syn_rst():
    t, c = new("rstos0-syn-rst.pcap", 40015, 0x10000015, 0)
    c.send(C, "S", dt=0)
    c.send(C, "R", dt=ms(300))  # the client gives up on its own attempt: RST at ISN + 1
    return t


def rstos0_challenge_ack():
    t, c = new("rstos0-challenge-ack.pcap", 40016, 0x10000016, 0)
    c.send(C, "S", dt=0)
    # The server still holds an older connection on this 4-tuple and answers the SYN with a
    # challenge ACK (RFC 5961 4.2): that connection's numbers, not a SYN-ACK.
    old_client_next, old_server_next = 0x0F00AB00, 0x7F00CD00
    c.send(S, "A", dt=ms(0.3), seq=old_server_next, ack=old_client_next)
    # The client finds the ACK unacceptable in SYN-SENT and resets: seq = SEG.ACK, RST only.
    c.send(C, "R", dt=ms(0.1), seq=old_client_next)
    return t


def oth_syn_ack_fin_rst():
    t, c = new("oth-syn-ack-fin-rst.pcap", 40017, 0x10000017, 0x80000017)
    c.send(C, "S", dt=0)
    c.send(S, "A", dt=ms(0.3))  # a pure ACK of the SYN (ack ISN + 1) instead of a SYN-ACK
    c.send(C, "FA", dt=ms(5))  # odd on purpose: FIN while the handshake is incomplete
    c.send(C, "RA", dt=ms(5))
    return t


def rstrh_data_then_rst():
    t, c = new("rstrh-data-then-rst.pcap", 40018, 0x10000018, 0x80000018)
    # Captured midstream: the server has lost the connection (rebooted) and answers the
    # client's data with a RST: seq = the data's ack field, RST only.
    c.send(C, "PA", REQUEST, dt=0)
    c.send(S, "R", dt=ms(0.3))
    return t


def rstrh_synack_rst():
    t, c = new("rstrh-synack-rst.pcap", 40019, 0x10000019, 0x80000019)
    c.segment(C, "S")  # the SYN is not in the capture
    c.send(S, "SA", dt=0)
    c.send(S, "R", dt=ms(200))  # the listener went away: the server resets the half-open one
    return t


def rsto_fin_rst():
    t, c = new("rsto-fin-rst.pcap", 40032, 0x10000032, 0x80000032)
    c.handshake()
    c.request_response()
    c.send(C, "FRA", dt=ms(10))  # FIN and RST in one segment
    return t


def rsto_rst_repeated():
    t, c = new("rsto-rst-repeated.pcap", 40036, 0x10000036, 0x80000036)
    c.handshake()
    c.send(C, "PA", REQUEST, dt=ms(2))
    c.send(S, "A", dt=ms(0.5))
    body = b"x" * 300
    c.send(S, "PA", b"HTTP/1.1 200 OK\r\nContent-Length: 900\r\n\r\n" + body, dt=ms(3))
    c.send(C, "A", dt=ms(0.5))
    # The client sends a few more bytes and aborts at once; the server's next two segments
    # were sent before those bytes arrived, so they ACK only up to before them. The client's
    # stack answers each with a RST whose seq is that segment's ack (RFC 9293 3.10.7.1).
    before_extra = c.next_seq(C)
    c.send(C, "PA", b"STOP\r\n", dt=ms(1))
    c.send(C, "RA", dt=ms(0.1))
    c.send(S, "PA", b"y" * 300, dt=ms(0.2), ack=before_extra)
    c.send(C, "R", dt=ms(0.05), seq=before_extra)  # new seq: a second R
    c.send(S, "PA", b"z" * 300, dt=ms(0.1), ack=before_extra)
    c.send(C, "R", dt=ms(0.05), seq=before_extra)  # same seq as the last RST: no new letter
    return t


# --- one-sided and midstream -------------------------------------------------------------------

def sh_one_sided_client():
    t, c = new("sh-one-sided-client.pcap", 40020, 0x10000020, 0x80000020)
    # Only the client-to-server direction is captured (asymmetric routing).
    c.send(C, "S", dt=0)
    c.segment(S, "SA")
    c.send(C, "A", dt=ms(1))
    c.send(C, "PA", REQUEST, dt=ms(2))
    c.segment(S, "PA", RESPONSE)
    c.send(C, "FA", dt=ms(10))
    return t


def sh_midstream_one_sided():
    t, c = new("sh-midstream-one-sided.pcap", 40021, 0x10000021, 0x80000021)
    # Midstream, and only the client-to-server direction is captured.
    c.send(C, "PA", REQUEST, dt=0)
    c.segment(S, "PA", RESPONSE)
    c.send(C, "A", dt=ms(4))
    c.send(C, "FA", dt=ms(10))
    return t


def shr_one_sided_server():
    t, c = new("shr-one-sided-server.pcap", 40022, 0x10000022, 0x80000022)
    # Only the server-to-client direction is captured.
    c.segment(C, "S")
    c.send(S, "SA", dt=0)
    c.segment(C, "A")
    c.segment(C, "PA", REQUEST)
    c.send(S, "A", dt=ms(3))
    c.send(S, "PA", RESPONSE, dt=ms(3))
    c.send(S, "FA", dt=ms(0.1))
    return t


def oth_lone_synack():
    t, c = new("oth-lone-synack.pcap", 40023, 0x10000023, 0x80000023)
    c.segment(C, "S")  # the SYN is not in the capture, and nothing follows the SYN-ACK
    c.send(S, "SA", dt=0)
    return t


def oth_lone_synack_no_flip():
    t, c = new("oth-lone-synack-no-flip.pcap", 40024, 0x10000024, 0x80000024, server_port=45000)
    c.segment(C, "S")  # as oth-lone-synack, but neither port is a likely server port
    c.send(S, "SA", dt=0)
    return t


def oth_midstream_open():
    t, c = new("oth-midstream-open.pcap", 40025, 0x10000025, 0x80000025)
    c.send(C, "PA", REQUEST, dt=0)
    c.send(S, "PA", RESPONSE, dt=ms(3))
    c.send(C, "A", dt=ms(0.5))
    return t


def oth_lone_rst():
    t, c = new("oth-lone-rst.pcap", 40026, 0x10000026, 0x80000026)
    c.send(C, "R", dt=0)
    return t


def sf_midstream_server_first():
    t, c = new("sf-midstream-server-first.pcap", 40037, 0x10000037, 0x80000037)
    # Midstream; the first frame is the end of an earlier response, from port 80.
    c.send(S, "PA", b"<p>end of an earlier response</p>\n", dt=0)
    c.send(C, "A", dt=ms(0.5))
    c.send(C, "PA", REQUEST, dt=ms(20))
    c.send(S, "PA", RESPONSE, dt=ms(3))
    c.send(C, "A", dt=ms(0.5))
    c.send(C, "FA", dt=ms(10))
    c.send(S, "FA", dt=ms(5))
    c.send(C, "A", dt=ms(0.5))
    return t


# --- role flips ----------------------------------------------------------------------------------

def sf_reversed_handshake():
    t, c = new("sf-reversed-handshake.pcap", 40027, 0x10000027, 0x80000027, server_port=45001)
    # SYN-ACK captured 0.1 ms before the SYN it answers (two capture interfaces merged).
    # Server port 45001 is not a likely server port, so Zeek does not flip at creation.
    syn = c.segment(C, "S")
    synack = c.segment(S, "SA")
    t.add(synack, dt=0)
    t.add(syn, dt=100)
    c.send(C, "A", dt=ms(0.5))
    c.request_response()
    c.close(C)
    return t


def s1_synack_first():
    t, c = new("s1-synack-first.pcap", 40028, 0x10000028, 0x80000028)
    c.segment(C, "S")  # the SYN is not in the capture
    c.send(S, "SA", dt=0)
    c.send(C, "A", dt=ms(0.5))
    c.send(C, "PA", REQUEST, dt=ms(2))
    c.send(S, "PA", RESPONSE, dt=ms(3))
    c.send(C, "A", dt=ms(0.5))
    return t


def oth_synack_first_no_flip():
    t, c = new("oth-synack-first-no-flip.pcap", 40029, 0x10000029, 0x80000029,
               server_port=45002)
    # Same frames as s1-synack-first, but server port 45002 is not a likely server port.
    c.segment(C, "S")
    c.send(S, "SA", dt=0)
    c.send(C, "A", dt=ms(0.5))
    c.send(C, "PA", REQUEST, dt=ms(2))
    c.send(S, "PA", RESPONSE, dt=ms(3))
    c.send(C, "A", dt=ms(0.5))
    return t


# --- T, W, I, Q, C -----------------------------------------------------------------------------

def sf_retransmissions():
    t, c = new("sf-retransmissions.pcap", 40030, 0x10000030, 0x80000030)
    c.handshake()
    request_seq = c.next_seq(C)
    c.send(C, "PA", REQUEST, dt=ms(2))
    for _ in range(9):  # 9 client retransmissions: one T (threshold 1; the next is 10)
        c.send(C, "PA", REQUEST, dt=ms(5), seq=request_seq)
    c.send(S, "A", dt=ms(0.5))
    response_seq = c.next_seq(S)
    c.send(S, "PA", RESPONSE, dt=ms(3))
    for _ in range(10):  # 10 server retransmissions: t at the 1st and at the 10th
        c.send(S, "PA", RESPONSE, dt=ms(5), seq=response_seq)
    c.send(C, "A", dt=ms(0.5))
    c.send(C, "FA", dt=ms(10))
    c.send(S, "FA", dt=ms(0.5))
    c.send(C, "A", dt=ms(0.5))
    return t


def sf_zero_window():
    t, c = new("sf-zero-window.pcap", 40031, 0x10000031, 0x80000031)
    c.handshake()
    body = b"k=" + b"v" * 1498
    header = b"POST /upload HTTP/1.1\r\nHost: www.example.test\r\nContent-Length: 1500\r\n\r\n"
    c.send(C, "PA", header + body[:1000], dt=ms(2))
    c.send(S, "A", dt=ms(0.5), window=0)  # the server's receive buffer is full
    c.send(C, "A", dt=ms(200), seq=c.next_seq(C) - 1)  # zero-window probe: seq - 1, no data
    c.send(S, "A", dt=ms(0.3), window=0)  # still full
    c.send(S, "A", dt=ms(100))  # window update (65160)
    c.send(C, "PA", body[1000:], dt=ms(0.5))
    c.send(S, "PA", RESPONSE, dt=ms(3))
    c.send(C, "A", dt=ms(0.5), window=0)  # now the client's buffer is full
    c.send(C, "A", dt=ms(50))  # window update (64240)
    c.send(C, "FA", dt=ms(10))
    c.send(S, "FA", dt=ms(0.5))
    c.send(C, "A", dt=ms(0.5))
    return t


def sh_syn_fin():
    t, c = new("sh-syn-fin.pcap", 40033, 0x10000033, 0)
    c.send(C, "SF", dt=0, options=[])  # SYN+FIN probe (scanner), no options
    return t


def rsto_syn_fin_answered():
    t, c = new("rsto-syn-fin-answered.pcap", 40034, 0x10000034, 0x80000034)
    isn = c.next_seq(C)
    c.send(C, "SF", dt=0, options=[])
    # The server's stack takes the SYN+FIN for a SYN: SYN-ACK with ack ISN + 1.
    c.send(S, "SA", dt=ms(0.3), ack=isn + 1)
    c.send(C, "R", dt=ms(0.3), seq=isn + 1)  # the scanner resets (seq = SEG.ACK)
    return t


def sf_bad_checksum():
    t, c = new("sf-bad-checksum.pcap", 40035, 0x10000035, 0x80000035)
    c.handshake()
    request_seq = c.next_seq(C)
    # Deliberate mistake: the request's TCP checksum is wrong (corrupted on the way); the
    # client retransmits it intact.
    c.send(C, "PA", REQUEST, dt=ms(2), bad_checksum=True)
    c.send(C, "PA", REQUEST, dt=ms(200), seq=request_seq)
    c.send(S, "A", dt=ms(0.5))
    c.send(S, "PA", RESPONSE, dt=ms(3))
    c.send(C, "A", dt=ms(0.5))
    c.send(C, "FA", dt=ms(10))
    c.send(S, "FA", dt=ms(0.5))
    c.send(C, "A", dt=ms(0.5))
    return t


def s0_empty_segment_no_ack():
    t, c = new("s0-empty-segment-no-ack.pcap", 40045, 0x10000045, 0x80000045)
    c.send(C, "S", dt=0)
    # Deliberate oddity: the server answers with a segment that has no flags at all, not even
    # ACK, and no payload.
    c.send(S, "", dt=ms(0.5), ack=0)
    return t


def s0_bad_checksum_synack():
    t, c = new("s0-bad-checksum-synack.pcap", 40046, 0x10000046, 0x80000046)
    c.send(C, "S", dt=0)
    # Deliberate mistake: the SYN-ACK's TCP checksum is wrong; nothing follows.
    c.send(S, "SA", dt=ms(0.5), bad_checksum=True)
    return t


def s1_synack_from_3268():
    # 3268 (LDAP global catalog) is in Zeek's default likely_server_ports.
    t, c = new("s1-synack-from-3268.pcap", 40047, 0x10000047, 0x80000047, server_port=3268)
    c.segment(C, "S")  # the SYN is not in the capture
    c.send(S, "SA", dt=0)
    c.send(C, "A", dt=ms(0.5))
    return t


def oth_synack_from_8443():
    # 8443 is in no default Zeek analyzer's ports.
    t, c = new("oth-synack-from-8443.pcap", 40048, 0x10000048, 0x80000048, server_port=8443)
    c.segment(C, "S")  # the SYN is not in the capture
    c.send(S, "SA", dt=0)
    c.send(C, "A", dt=ms(0.5))
    return t


# --- Zeek's connection boundaries: several conn.log rows on one address and port pair --------
# (zeek/expected-rows.tsv; these captures last longer than Zeek's timers)

def split_attempt_one_sided():
    t, c = new("split-attempt-one-sided.pcap", 40040, 0x10000040, 0x80000040, server_port=22)
    # Only the client's side was captured: its SYN, its ACK of the (unseen) SYN-ACK, data.
    c.send(C, "S", dt=0)
    c.segment(S, "SA")  # the SYN-ACK is not in the capture
    c.send(C, "A", dt=ms(100))
    c.send(C, "PA", REQUEST, dt=ms(100))
    c.send(C, "PA", REQUEST, dt=ms(5800))  # 6 s after the SYN: past tcp_attempt_delay
    c.send(C, "A", dt=ms(100))
    c.send(C, "FA", dt=ms(900))
    return t


def split_close_delay_rst():
    t, c = new("split-close-delay-rst.pcap", 40041, 0x10000041, 0x80000041)
    c.send(C, "S", dt=0)
    c.send(S, "SA", dt=ms(100))
    c.send(C, "R", dt=ms(100), ack=0)
    # Deliberate oddity: 15 s after its reset the client sends data on the same ports, and
    # the server resets that.
    c.send(C, "PA", REQUEST, dt=ms(15000))
    c.send(S, "R", dt=ms(100), ack=0)
    return t


def reuse_refused_retransmitted():
    t, c = new("reuse-refused-retransmitted.pcap", 40042, 0x10000042, 0)
    isn = c.next_seq(C)
    for at in (0, 1000, 3000):  # the SYN retransmitted after 1 s and 3 s, each refused
        c.send(C, "S", at=START + ms(at), seq=isn)
        c.send(S, "RA", dt=ms(1), seq=0, ack=isn + 1)
    return t


def reuse_synack_new_isn():
    t, c = new("reuse-synack-new-isn.pcap", 40043, 0x10000043, 0x80000043)
    synack = c.next_seq(S)
    c.segment(C, "S")  # the SYN is not in the capture
    c.send(S, "SA", dt=0)
    c.send(S, "SA", dt=ms(500), seq=synack)  # retransmitted: same ISN
    c.send(S, "SA", dt=ms(500), seq=0x9A000043)  # a new ISN
    return t


def split_inactivity():
    t, c = new("split-inactivity.pcap", 40044, 0x10000044, 0x80000044)
    c.handshake()
    c.request_response()
    # 301 s of silence, past tcp_inactivity_timeout (5 min); then more data.
    c.send(C, "PA", REQUEST, dt=ms(301000))
    c.send(S, "A", dt=ms(0.5))
    return t


BOUNDARY_BUILDERS = [
    split_attempt_one_sided, split_close_delay_rst, reuse_refused_retransmitted,
    reuse_synack_new_isn, split_inactivity,
]


BUILDERS = [
    s0_syn_retransmitted, s0_syn_new_isn, s1_established, sf_normal, sf_midstream_no_syn,
    sf_synack_first, sf_rst_after_both_fins, sf_fin_rst_then_peer_fin, rej_syn_rst,
    rej_both_reset_midstream, s2_orig_fin_unanswered, s3_resp_fin_unanswered,
    rsto_client_abort, rstr_server_abort, rstos0_syn_rst, rstos0_challenge_ack,
    oth_syn_ack_fin_rst, rstrh_data_then_rst, rstrh_synack_rst, sh_one_sided_client,
    sh_midstream_one_sided, shr_one_sided_server, oth_lone_synack, oth_lone_synack_no_flip,
    oth_midstream_open, oth_lone_rst, sf_reversed_handshake, s1_synack_first,
    oth_synack_first_no_flip, sf_retransmissions, sf_zero_window, rsto_fin_rst, sh_syn_fin,
    rsto_syn_fin_answered, sf_bad_checksum, rsto_rst_repeated, sf_midstream_server_first,
    s0_empty_segment_no_ack, s0_bad_checksum_synack, s1_synack_from_3268, oth_synack_from_8443,
]


def main():
    traces = [build() for build in BUILDERS + BOUNDARY_BUILDERS]
    long_ones = {build().name for build in BOUNDARY_BUILDERS}
    names = [trace.name for trace in traces]
    assert len(set(names)) == len(names)
    wanted = {pathlib.Path(name).name.removesuffix(".pcap") + ".pcap" for name in sys.argv[1:]}
    unknown = wanted - set(names)
    if unknown:
        sys.exit("make_zeek.py: no capture named %s; known: %s" % (
            ", ".join(sorted(unknown)), " ".join(sorted(names))))
    OUT.mkdir(exist_ok=True)
    for trace in traces:
        if not wanted or trace.name in wanted:
            assert trace.name in long_ones or trace.now - START < 1_000_000, \
                "%s lasts 1 s or more" % trace.name
            print("%-32s %3d frames" % (trace.name, trace.write(OUT)))


if __name__ == "__main__":
    main()
