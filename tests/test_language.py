# SPDX-License-Identifier: GPL-2.0-or-later
"""The tcpconn.language preference: labels, the column, the flow graph's arrows and the
expert messages in the seeds' own Chinese (三次握手, 四次挥手, 确认, 序号, 确认号), while role
tokens, field names and filter values stay the same. Checked on the seed captures.
"""

import pytest

from tshark_run import REPO
from test_menus import flow_arrows

CHINESE = ["-o", "tcpconn.language:chinese"]
SEEDS = sorted(p.name for p in (REPO / "sample-pcaps" / "crafted").glob("seed-*.pcap"))


def test_seed000_close_in_the_tutorials_words(tshark):
    rows = tshark.fields("crafted/seed-000-ssh.pcap", ["tcpconn.role", "tcpconn.label"], *CHINESE)
    labels = {role: label for role, label in rows}
    assert [label for _, label in rows[:3]] == ["SYN（第一次握手）", "SYN-ACK（第二次握手）", "ACK（第三次握手）"]
    assert [label for role, label in rows if role in ("FIN-ACK", "CLOSE-ACK")] == [
        "FIN-ACK（第一次挥手）", "ACK（第二次挥手）", "FIN-ACK（第三次挥手）", "ACK（第四次挥手）"]
    assert labels["DATA"] == "数据" and labels["DATA-ACK"] == "数据确认"


def test_three_way_close(tshark):
    rows = tshark.fields("crafted/seed-001-netcat.pcap", ["tcpconn.teardown.step", "tcpconn.label"], *CHINESE)
    assert [label for step, label in rows if step] == [
        "FIN-ACK（第一次挥手）", "FIN-ACK（第二次挥手，共三次）", "ACK（第三次挥手，共三次）"]


@pytest.mark.parametrize("capture", SEEDS)
def test_tokens_fields_and_filters_do_not_change(tshark, capture):
    fields = ["frame.number", "tcpconn.role", "tcpconn.step", "tcpconn.sender", "tcpconn.state.client",
              "tcpconn.state.server", "tcpconn.teardown.kind", "tcpconn.warning", "tcpconn.note"]
    name = f"crafted/{capture}"
    assert tshark.fields(name, fields, "-2", *CHINESE) == tshark.fields(name, fields, "-2")
    syns = tshark.fields(name, ["frame.number"], "-Y", 'tcpconn.role == "SYN"', *CHINESE)
    assert syns == tshark.fields(name, ["frame.number"], "-Y", 'tcpconn.role == "SYN"')
    labels = [row[0] for row in tshark.fields(name, ["tcpconn.label"], *CHINESE)]
    assert all(label and not any(c.isascii() and c.islower() for c in label) for label in labels)


def test_expert_messages_use_the_seeds_terms(tshark):
    messages = [row[0] for row in tshark.fields("crafted/seed-002-close.pcap", ["_ws.expert.message"],
                                                "-2", "-E", "aggregator=|", *CHINESE)]
    ours = [m for row in messages for m in row.split("|") if any(ord(c) > 0x2e80 for c in m)]
    assert "确认号 4092453323（相对 1）没有确认第 3 帧的 FIN（发这个 ACK 之前它可能已经到达）：应为 FIN 序号 4092453323 + 1 = 4092453324（相对 2）" in ours
    assert "抓包中这个 FIN 始终没有被确认" in ours
    smtp = tshark.fields("crafted/seed-004-smtp.pcap", ["_ws.expert.message"], "-2", "-E", "aggregator=|", *CHINESE)
    text = "|".join(row[0] for row in smtp)
    assert "三次握手完成：这个 ACK 确认了第 2 帧的 SYN-ACK" in text
    assert "连接停在半关闭：只有客户端发送了 FIN（抓包结束时客户端 FIN-WAIT-2，服务端 CLOSE-WAIT）" in text


def test_flow_graph_arrows_in_chinese(tshark):
    arrows = flow_arrows(tshark, "crafted/seed-000-ssh.pcap", *CHINESE)
    assert [label for _, label, _ in arrows][:3] == ["SYN（第一次握手）", "SYN-ACK（第二次握手）", "ACK（第三次握手）"]
    assert arrows[0][2].startswith("client->server seq=0 ack=0 len=0")


def test_details_pane_in_chinese(tshark):
    """What a learner reads in the details pane: the subtrees and the ack check, with the
    seeds' 确认号 and 序号; the field names stay Wireshark's English ones."""
    capture = tshark.capture("crafted/seed-002-close.pcap")
    text = tshark.run("-r", capture, "-2", "-V", *CHINESE).stdout
    assert "[TCP 连接：ACK，来自客户端]" in text
    assert "[确认号检查：确认号 4092453323 != FIN 序号 4092453323 + 1（相对：1 != 1 + 1） [错误]]" in text
    assert "[挥手]" in text and "[目前的判定：conn_state " in text
    english = tshark.run("-r", capture, "-2", "-V").stdout
    assert "[Ack check: ack 4092453323 != FIN seq 4092453323 + 1 (relative: 1 != 1 + 1) [wrong]]" in english
