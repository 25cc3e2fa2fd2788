#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Regenerates the captures in real/: genuine Linux TCP connections between two network
# namespaces joined by a veth pair, captured with dumpcap on the server's side.
#
#   sample-pcaps/make_real.sh                 (as root) all of them
#   sample-pcaps/make_real.sh FILE...         only these, e.g. keepalive.pcapng rst-no-ack
#
# A FILE is named as in real/, with or without ".pcapng"; the other captures are left as they
# are (their bytes change at every run, and tests depend on them).
#
# Needs root, iproute2 (ip, ss), nft (nftables), dumpcap and tshark, and /usr/bin/python3 (real_peers.py,
# the socket programs, only uses the standard library). Each capture holds exactly one
# connection; its shape is checked after capturing and the capture is taken again (a few
# times) if the kernel's timing gave a different one. The script fails if it cannot get it.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
OUT=$HERE/real
PEERS=$HERE/real_peers.py
PY=/usr/bin/python3

CLI_NS=tcpconn-cli
SRV_NS=tcpconn-srv
CLI_IF=tcpconn-c
SRV_IF=tcpconn-s
CLI4=10.99.0.1
SRV4=10.99.0.2
CLI6=fd00:99::1
SRV6=fd00:99::2
# Beyond the server's namespace, which routes to them as a router with no route would: ICMP
# host unreachable from the router (the server's address), not from the destination.
FAR4=10.99.1.5
FAR4_NET=10.99.1.0/24
# Ports where the server's firewall answers a SYN with ICMP port unreachable, not a RST.
ICMP_PORTS="8092, 8094"

if [[ $EUID -ne 0 ]]; then
    echo "make_real.sh: must run as root (network namespaces, packet capture)" >&2
    exit 1
fi
for tool in ip ss nft dumpcap tshark "$PY"; do
    command -v "$tool" >/dev/null || { echo "make_real.sh: $tool not found" >&2; exit 1; }
done

WORK=$(mktemp -d)
DUMPCAP_PID=
SERVER_PID=

cleanup() {
    if [[ -n $SERVER_PID ]]; then kill "$SERVER_PID" 2>/dev/null || true; fi
    if [[ -n $DUMPCAP_PID ]]; then kill "$DUMPCAP_PID" 2>/dev/null || true; fi
    ip netns del "$CLI_NS" 2>/dev/null || true
    ip netns del "$SRV_NS" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM  # so that an interrupted run cleans up too

fail() {
    echo "make_real.sh: $*" >&2
    exit 1
}

# Wait up to $1 seconds for the command that follows to succeed.
wait_for() {
    local deadline=$((SECONDS + $1))
    shift
    until "$@"; do
        ((SECONDS < deadline)) || return 1
        sleep 0.05
    done
}

setup_namespaces() {
    # Leftovers of an interrupted run would make "ip netns add" fail.
    ip netns del "$CLI_NS" 2>/dev/null || true
    ip netns del "$SRV_NS" 2>/dev/null || true
    ip netns add "$CLI_NS"
    ip netns add "$SRV_NS"
    ip link add "$CLI_IF" netns "$CLI_NS" type veth peer name "$SRV_IF" netns "$SRV_NS"
    local ns dev v4 v6
    for ns in "$CLI_NS" "$SRV_NS"; do
        if [[ $ns == "$CLI_NS" ]]; then
            dev=$CLI_IF v4=$CLI4 v6=$CLI6
        else
            dev=$SRV_IF v4=$SRV4 v6=$SRV6
        fi
        ip -n "$ns" addr add "$v4/24" dev "$dev"
        # nodad: the address is usable at once, not after duplicate address detection.
        ip -n "$ns" addr add "$v6/64" dev "$dev" nodad
        ip -n "$ns" link set lo up
        ip -n "$ns" link set "$dev" up
        # The capture must show what TCP really sent. With offloads on, a veth leaves
        # checksums to a "hardware" that does not exist (the capture shows them wrong) and
        # may carry several segments as one large packet. Turn them off: with ethtool where
        # it is installed, else with the same ioctls from real_peers.py.
        if command -v ethtool >/dev/null; then
            ip netns exec "$ns" ethtool -K "$dev" tx off tso off gso off gro off >/dev/null
        else
            ip netns exec "$ns" "$PY" "$PEERS" offloads-off "$dev"
        fi
    done
    # The server's namespace is the client's router towards FAR4_NET, which it cannot reach.
    ip -n "$CLI_NS" route add "$FAR4_NET" via "$SRV4"
    ip netns exec "$SRV_NS" sysctl -q -w net.ipv4.ip_forward=1
    ip -n "$SRV_NS" route add unreachable "$FAR4_NET"
    ip netns exec "$SRV_NS" nft -f - <<EOF
table inet tcpconn {
    chain input {
        type filter hook input priority 0;
        tcp dport { $ICMP_PORTS } reject with icmpx type port-unreachable
    }
}
EOF
}

# True when no socket on port $1 is still closing in either namespace: only TIME-WAIT (or
# nothing) is left, so every FIN has been ACKed and that last ACK has crossed the capture point.
connection_settled() {
    local ns
    for ns in "$CLI_NS" "$SRV_NS"; do
        if [[ -n $(ip netns exec "$ns" ss -Htan state all exclude time-wait exclude listening \
                   "( sport = :$1 or dport = :$1 )") ]]; then
            return 1
        fi
    done
}

# One word per segment: c/s (sent by client/server), then S F R A for the flags that are set,
# then d if it carries payload. E.g. "cS sSA cA cAd ...".
shape() {
    # tshark's stderr (a warning about running as root) is dropped; a capture it cannot read
    # still makes the pipeline fail.
    tshark -r "$1" -T fields -e tcp.dstport -e tcp.flags.syn -e tcp.flags.fin \
        -e tcp.flags.reset -e tcp.flags.ack -e tcp.len 2>/dev/null |
        awk -v port="$2" '{
            t = ($1 == port) ? "c" : "s"
            if ($2) t = t "S"; if ($3) t = t "F"; if ($4) t = t "R"; if ($5) t = t "A"
            if ($6 > 0) t = t "d"
            printf "%s%s", sep, t; sep = " "
        } END { print "" }'
}

# capture_once FILE SCENARIO SERVER_ADDRESS PORT: one exchange, captured into $WORK/FILE.
capture_once() {
    local file=$WORK/$1 scenario=$2 address=$3 port=$4
    local ready=$WORK/ready interface=$SRV_IF client_ns=$CLI_NS
    rm -f "$file" "$ready" "$WORK/dumpcap.log"
    # To 127.0.0.1: both ends in the server's namespace, over its loopback interface, where
    # the kernel leaves every checksum unfinished (checksum offload) as a sending host does.
    if [[ $address == 127.0.0.1 ]]; then
        interface=lo client_ns=$SRV_NS
    fi

    # The ICMP errors are captured too: destination unreachable only, not IPv6's neighbour
    # discovery.
    local filter="tcp port $port or icmp[icmptype] == icmp-unreach"
    filter+=" or icmp6[icmp6type] == icmp6-destinationunreach"
    ip netns exec "$SRV_NS" dumpcap -q -i "$interface" -f "$filter" -w "$file" \
        2>"$WORK/dumpcap.log" &
    DUMPCAP_PID=$!
    # dumpcap writes the file's first blocks only once the interface is open with its filter
    # (its "Capturing on" message comes earlier, before that).
    wait_for 10 test -s "$file" || fail "dumpcap did not start: $(cat "$WORK/dumpcap.log")"

    if [[ $scenario != refused && $scenario != unreachable ]]; then
        ip netns exec "$SRV_NS" "$PY" "$PEERS" server "$scenario" "$address" "$port" "$ready" &
        SERVER_PID=$!
        wait_for 10 test -e "$ready" || fail "$scenario: server did not start"
    fi
    ip netns exec "$client_ns" "$PY" "$PEERS" client "$scenario" "$address" "$port" ||
        fail "$scenario: client failed"
    if [[ -n $SERVER_PID ]]; then
        wait "$SERVER_PID" || fail "$scenario: server failed"
        SERVER_PID=
    fi

    wait_for 10 connection_settled "$port" || fail "$scenario: connection did not finish closing"
    # The last segment has been handed to the capture socket; give dumpcap time to read it.
    sleep 0.3
    kill -INT "$DUMPCAP_PID"
    wait "$DUMPCAP_PID" || fail "dumpcap failed: $(cat "$WORK/dumpcap.log")"
    DUMPCAP_PID=
}

# check_frames FILE "MIN FILTER"...: true if, for each argument, at least MIN frames of FILE
# match the display filter FILTER; else says which one failed.
check_frames() {
    local file=$1 check min filter count
    shift
    for check in "$@"; do
        min=${check%% *} filter=${check#* }
        count=$(tshark -r "$file" -Y "$filter" -T fields -e frame.number 2>/dev/null | wc -l)
        if ((count < min)); then
            echo "$count frame(s) match '$filter', expected at least $min"
            return 1
        fi
    done
}

# capture FILE SCENARIO SERVER_ADDRESS PORT TRIES EXPECTED_SHAPE_REGEX ["MIN FILTER"...]
# The optional checks are those of check_frames, on top of the shape (which cannot tell, e.g.,
# a keep-alive probe from an ordinary ACK).
capture() {
    local file=$1 scenario=$2 address=$3 port=$4 tries=$5 expected=$6 got attempt why
    shift 6
    if ((LISTING)); then
        KNOWN[$file]=1
        return
    fi
    if ((${#SELECTED[@]} > 0)) && [[ -z ${SELECTED[$file]-} ]]; then
        return
    fi
    for ((attempt = 1; attempt <= tries; attempt++)); do
        capture_once "$file" "$scenario" "$address" "$port"
        got=$(shape "$WORK/$file" "$port") || fail "$file: tshark cannot read the capture"
        if ! [[ $got =~ $expected ]]; then
            echo "$file: attempt $attempt gave '$got', expected /$expected/" >&2
        elif ! why=$(check_frames "$WORK/$file" "$@"); then
            echo "$file: attempt $attempt gave '$got', but $why" >&2
        else
            install -m 644 "$WORK/$file" "$OUT/$file"
            echo "$file: $got (attempt $attempt)"
            return
        fi
    done
    fail "$file: no capture with the expected shape after $tries attempts"
}

# Expected shapes. A pure ACK may or may not appear before a data segment that would carry
# the same acknowledgment (delayed ACK), hence the optional "(sA )?" / "(cA )?".
HS='cS sSA cA'                             # three-way handshake
REQ_RESP='cAd (sA )?sAd (cA )?'            # request, response

all_captures() {
    capture http-client-close.pcapng client-close "$SRV4" 8080 3 "^$HS $REQ_RESP""cFA sA sFA cA$"
    capture http-server-close.pcapng server-close "$SRV4" 8081 3 "^$HS $REQ_RESP""sFA cA cFA sA$"
    capture refused.pcapng refused "$SRV4" 8082 3 '^cS sRA$'
    capture abortive-close.pcapng abort "$SRV4" 8083 3 "^$HS $REQ_RESP""cRA?$"
    # Client job, its FIN, then at least three data segments from the server (the first one may
    # carry the ACK of the FIN), then the server's FIN and the client's last ACK.
    HALF_CLOSE="^$HS cAd (sA )?cFA (sA )?(sAd (cA )?){3,}sFA cA$"
    capture half-close.pcapng half-close "$SRV4" 8084 3 "$HALF_CLOSE"
    capture ipv6-client-close.pcapng client-close "$SRV6" 8085 3 "^$HS $REQ_RESP""cFA sA sFA cA$"
    # The merge depends on the server's delayed-ACK timer not firing between the client's FIN and
    # the server's close(): allow more attempts.
    capture three-way-close.pcapng three-way-close "$SRV4" 8086 10 "^$HS $REQ_RESP""cFA sFA cA$"
    # After the exchange, idle: keep-alive probes from the client (a pure ACK each, in the shape
    # like any other) and the server's ACKs, then a 4-way close by the client. tshark must call at
    # least two of them "TCP Keep-Alive" and two "TCP Keep-Alive ACK".
    capture keepalive.pcapng keepalive "$SRV4" 8087 3 "^$HS $REQ_RESP(cA sA ){2,}cFA sA sFA cA$" \
        "2 tcp.analysis.keep_alive" "2 tcp.analysis.keep_alive_ack"
    # The server closes; the client ACKs its FIN and sends another request; the server's kernel
    # answers with a RST without ACK.
    capture rst-no-ack.pcapng write-after-close "$SRV4" 8088 3 "^$HS $REQ_RESP""sFA cA cAd sR$" \
        "1 tcp.flags == 0x004"
    # A RST from the client's address with the request's first byte as its seq, once the server
    # has acknowledged the request: below the next byte it expects, so it drops it and answers
    # the request; then a 4-way close by the client.
    capture stale-rst.pcapng stale-rst "$SRV4" 8090 3 "^$HS cAd sA cR sAd (cA )?cFA sA sFA cA$"
    # After the exchange, a SYN from the client's address and port with a new ISN: the
    # server's kernel answers with a challenge ACK and keeps its connection; a second exchange
    # and a 4-way close by the client follow.
    capture syn-on-open.pcapng syn-on-open "$SRV4" 8091 3 "^$HS $REQ_RESP""cS sA $REQ_RESP""cFA sA sFA cA$"
    # The server's firewall answers the SYN with ICMP port unreachable (IPv4, then IPv6): the
    # client's connect() fails with ECONNREFUSED at once, as for a RST.
    capture icmp-port-unreachable.pcapng refused "$SRV4" 8092 3 '^cS cS$' \
        "1 icmp.type == 3 && icmp.code == 3"
    capture ipv6-icmp-port-unreachable.pcapng refused "$SRV6" 8094 3 '^cS cS( cS cS)?$' \
        "1 icmpv6.type == 1 && icmpv6.code == 4"
    # A router on the path (the server's namespace) has no route to the destination: ICMP host
    # unreachable from the router; connect() fails with EHOSTUNREACH, the SYN is not sent again.
    capture icmp-host-unreachable.pcapng unreachable "$FAR4" 8093 3 '^cS cS$' \
        "1 icmp.type == 3 && icmp.code == 1"
    # On the loopback interface: every TCP checksum holds only its pseudo-header's sum.
    capture loopback-offload.pcapng client-close 127.0.0.1 8089 3 "^$HS $REQ_RESP""cFA sA sFA cA$"
}

# Which captures to make: all of them, or the ones named on the command line.
declare -A KNOWN=() SELECTED=()
LISTING=1
all_captures
LISTING=0
for name in "$@"; do
    name=${name##*/}
    name=${name%.pcapng}.pcapng
    [[ -n ${KNOWN[$name]-} ]] ||
        fail "no capture named $name; known: $(printf '%s\n' "${!KNOWN[@]}" | sort | tr '\n' ' ')"
    SELECTED[$name]=1
done

setup_namespaces
mkdir -p "$OUT"
chmod 755 "$OUT"
all_captures
# The one-sided captures are cut from http-client-close.pcapng: made again when it is.
if ((${#SELECTED[@]} == 0)) || [[ -n ${SELECTED[http-client-close.pcapng]-} ]]; then
    "$HERE/make_one_sided.sh"
fi
