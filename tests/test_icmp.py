"""ICMP and ICMPv6 errors quoting a TCP segment: linked to the connection and segment they
answer, with their kind, reporter and effect, on real captures of Linux's own errors
(sample-pcaps/make_real.sh) and on crafted ones for the kinds a kernel does not send on demand."""
import re

import pytest

ICMP_FIELDS = ["frame.number", "tcpconn.label", "tcpconn.icmp.error", "tcpconn.icmp.effect",
               "tcpconn.icmp.reporter", "tcpconn.icmp.reporter_is", "tcpconn.icmp.quoted_sender",
               "tcpconn.icmp.quoted_frame", "tcpconn.icmp.mtu", "tcpconn.icmp.conn_first_frame",
               "tcpconn.conn.icmp", "tcpconn.conn.icmp_frame", "tcpconn.conn.close",
               "tcpconn.warning", "tcpconn.note"]


def rows(tshark, capture, *extra):
    return {int(r[0]): dict(zip(ICMP_FIELDS, r)) for r in tshark.fields(capture, ICMP_FIELDS, *extra)}


def test_port_unreachable_from_the_destination_refuses(tshark):
    # Linux's nftables "reject with icmpx type port-unreachable": connect() failed at once.
    r = rows(tshark, "real/icmp-port-unreachable.pcapng", "-2")
    assert r[2]["tcpconn.label"] == "ICMP port unreachable (refused)"
    assert (r[2]["tcpconn.icmp.error"], r[2]["tcpconn.icmp.effect"]) == ("port_unreachable", "refused")
    assert (r[2]["tcpconn.icmp.reporter"], r[2]["tcpconn.icmp.reporter_is"]) == ("10.99.0.2", "destination")
    assert (r[2]["tcpconn.icmp.quoted_sender"], r[2]["tcpconn.icmp.quoted_frame"]) == ("client", "1")
    assert r[2]["tcpconn.warning"] == "icmp_refused"
    # The SYN's connection, once the whole capture is read.
    assert (r[1]["tcpconn.conn.icmp"], r[1]["tcpconn.conn.icmp_frame"]) == ("refused", "2")
    assert r[1]["tcpconn.conn.close"] == "icmp"
    assert r[1]["tcpconn.warning"] == "syn_icmp"


def test_ipv6_port_unreachable_after_a_retransmitted_syn(tshark):
    # Linux took the first ICMPv6 error while connect() held the socket (a soft error), sent the
    # SYN again, and gave up on the second: the verdict names the second.
    r = rows(tshark, "real/ipv6-icmp-port-unreachable.pcapng", "-2")
    for n in (2, 4):
        assert r[n]["tcpconn.label"] == "ICMP port unreachable (refused)"
        assert (r[n]["tcpconn.icmp.reporter"], r[n]["tcpconn.icmp.quoted_frame"]) == ("fd00:99::2", "1")
    assert r[3]["tcpconn.label"] == "SYN (open 1/3, retransmission)"
    assert (r[1]["tcpconn.conn.icmp_frame"], r[1]["tcpconn.conn.close"]) == ("4", "icmp")


def test_host_unreachable_from_a_router(tshark):
    r = rows(tshark, "real/icmp-host-unreachable.pcapng", "-2")
    assert r[2]["tcpconn.label"] == "ICMP host unreachable (SYN not delivered)"
    # The router is the server's namespace (10.99.0.2); the destination was 10.99.1.5.
    assert (r[2]["tcpconn.icmp.reporter"], r[2]["tcpconn.icmp.reporter_is"]) == ("10.99.0.2", "path")
    assert r[2]["tcpconn.warning"] == "icmp_unreachable"
    assert (r[1]["tcpconn.conn.icmp"], r[1]["tcpconn.conn.close"]) == ("unreachable", "icmp")


def test_every_effect_on_crafted_errors(tshark):
    r = rows(tshark, "crafted/icmp-errors.pcap", "-2")
    effect = {n: r[n]["tcpconn.icmp.effect"] for n in r if r[n]["tcpconn.icmp.effect"]}
    assert effect == {2: "refused", 4: "refused", 6: "unreachable", 12: "path_mtu",
                      16: "not_in_flight", 21: "no_connection", 23: "refused", 28: "path_mtu"}
    # An 8-byte quote (RFC 792's minimum) ends before the flags: matched by the ISN.
    assert (r[4]["tcpconn.icmp.error"], r[4]["tcpconn.icmp.quoted_frame"]) == ("admin_prohibited", "3")
    # The client sent its SYN again after the host unreachable and got nothing: unanswered.
    assert (r[5]["tcpconn.conn.close"], r[5]["tcpconn.warning"]) == ("not-closed", "syn_unanswered")
    # Fragmentation needed and IPv6's packet too big, with the next hop's MTU.
    assert (r[12]["tcpconn.label"], r[12]["tcpconn.icmp.mtu"]) == ("ICMP packet too big (path MTU 1280)", "1280")
    assert (r[12]["tcpconn.icmp.quoted_frame"], r[12]["tcpconn.note"]) == ("11", "icmp_path_mtu")
    assert r[28]["tcpconn.icmp.quoted_frame"] == "27" and r[28]["tcpconn.icmp.reporter_is"] == "path"
    assert r[17]["tcpconn.conn.close"] == "4-way"
    # A sequence number never sent: the client ignores it (RFC 5927), and it names no frame.
    assert (r[16]["tcpconn.icmp.quoted_frame"], r[16]["tcpconn.note"]) == ("", "icmp_not_in_flight")
    assert r[21]["tcpconn.icmp.quoted_sender"] == "" and r[21]["tcpconn.note"] == "icmp_no_connection"


def test_error_on_an_open_connection_is_soft(tshark):
    r = rows(tshark, "crafted/icmp-quoted.pcap", "-2")
    assert r[12]["tcpconn.label"] == "ICMP host unreachable (soft error)"
    assert r[12]["tcpconn.icmp.quoted_frame"] == "11" and r[12]["tcpconn.note"] == "icmp_soft"
    assert r[16]["tcpconn.conn.close"] == "4-way"
    # The first connection's SYN was sent again after frame 2's error, not after frame 4's.
    assert (r[1]["tcpconn.conn.icmp_frame"], r[1]["tcpconn.conn.close"]) == ("4", "icmp")


@pytest.mark.parametrize("capture", ["real/icmp-port-unreachable.pcapng",
                                     "real/ipv6-icmp-port-unreachable.pcapng",
                                     "real/icmp-host-unreachable.pcapng", "crafted/icmp-errors.pcap",
                                     "crafted/icmp-quoted.pcap"])
def test_error_frames_are_the_same_in_one_pass(tshark, capture):
    own = ICMP_FIELDS.index("tcpconn.conn.icmp")
    one = [row[:own] for row in tshark.fields(capture, ICMP_FIELDS)]
    two = [row[:own] for row in tshark.fields(capture, ICMP_FIELDS, "-2")]
    assert one == two
    # What needs the whole capture is not guessed in one pass.
    assert not any(row[own:own + 2] != ["", ""] for row in tshark.fields(capture, ICMP_FIELDS))


def test_chinese_label_and_message(tshark):
    out = tshark.run("-r", tshark.capture("real/icmp-port-unreachable.pcapng"), "-2",
                     "-o", "tcpconn.language:chinese", "-V", "-Y", "frame.number == 2").stdout
    assert "ICMP 端口不可达（拒绝连接）" in out
    assert "连接被拒绝：来自 10.99.0.2（目的主机）的端口不可达回应客户端的 SYN（第 1 帧）" in out


def test_messages_name_reporter_and_segment(tshark):
    out = tshark.run("-r", tshark.capture("real/icmp-host-unreachable.pcapng"), "-2", "-V").stdout
    assert ("Connection attempt answered by ICMP host unreachable from 10.99.0.2 (a router on "
            "the path): it answers the client's SYN (frame 1)") in out
    assert ("SYN answered by ICMP host unreachable from 10.99.0.2 (a router on the path) in "
            "frame 2 and by no SYN-ACK or RST") in out


def test_statistics_tree_counts_attempts_ended_by_icmp(tshark):
    out = tshark.run("-r", tshark.capture("crafted/icmp-errors.pcap"), "-2", "-q",
                     "-z", "tcpconn,tree").stdout
    counts = {}
    for line in out.splitlines():
        row = re.match(r"\s+(\S.*?)\s{2,}(\d+)\s", line)
        if row:
            counts.setdefault(row.group(1), row.group(2))
    # Connections 1, 2 and 7; the third went on sending SYNs, which nobody answered.
    assert counts["ended by an ICMP error (connection attempt)"] == "3"
    assert counts["refused"] == "3"


@pytest.mark.parametrize("page", ["README.md", "docs/roles-and-fields.md"])
def test_documented_runs_are_real(tshark, page):
    """The ICMP examples the docs show are what tshark prints."""
    from tshark_run import REPO
    text = (REPO / page).read_text()
    found = 0
    for m in re.finditer(r"\$ tshark -r sample-pcaps/(real/icmp-\S+) (.*?)\n((?:.*\n)*?)\s*```", text):
        args, shown = m.group(2), []
        for line in m.group(3).splitlines():
            if line.strip().startswith("-e"):
                args += " " + line.strip().rstrip("\\")
            else:
                shown.append(line[2:] if page == "README.md" else line)
        out = tshark.run("-r", tshark.capture(m.group(1)), *args.replace("\\", " ").split()).stdout
        assert out.splitlines() == shown, (page, m.group(1))
        found += 1
    assert found == 1
