# Report generator for the mstack benchmark. POSIX awk (mawk ok).
#
#   awk -f report.awk meta.txt raw.csv > report.md
#
# meta.txt: key=value lines written by run.sh (machine, parameters, n/a).
# raw.csv:  round,rep,workload,variant,metric,value; rounds 1..N are
#           measured; rep numbers the interleaved sequences within a round.
#
# Every ratio is computed within one (round, rep) sample (variant and
# baseline measured side by side), then the median over the samples is
# reported.

BEGIN {
	FS = ","
	nw = split("socket getppid socket-native sh-true launch tcp threads procs", W, " ")
	nv = split("native netns floor unotify unotify-sync mstack-o mstack mstack-ptrace mstack-ptrace-o mstack-v mstack-k strace strace-bpf", V, " ")

	wname["socket"] = "(1) socket()+close(), AF_INET"
	wname["getppid"] = "(2) getppid()"
	wname["socket-native"] = "(3) socket()+close(), AF_INET left native"
	wname["sh-true"] = "(4) sh loop, SHLOOP × /bin/true"
	wname["launch"] = "(5) launch of /bin/true"
	wname["tcp"] = "(6) TCP TCPMIB MiB through a veth"
	wname["threads"] = "(7) THREADS threads × K sockets"
	wname["procs"] = "(7) PROCS processes × K sockets"

	metric["socket"] = "ns_per_op"; unit["socket"] = "ns"
	metric["getppid"] = "ns_per_op"; unit["getppid"] = "ns"
	metric["socket-native"] = "ns_per_op"; unit["socket-native"] = "ns"
	metric["sh-true"] = "tmean_ns"; unit["sh-true"] = "ns"
	metric["launch"] = "tmean_ns"; unit["launch"] = "ns"
	metric["tcp"] = "mib_per_s"; unit["tcp"] = "MiB/s"
	metric["threads"] = "ns_per_call"; unit["threads"] = "ns"
	metric["procs"] = "ns_per_call"; unit["procs"] = "ns"
	what["socket"] = "time per socket()+close()"
	what["getppid"] = "time per call"
	what["socket-native"] = "time per socket()+close()"
	what["sh-true"] = "time of the whole loop"
	what["launch"] = "mean time per launch, without the fastest and slowest 5% of the runs"
	what["tcp"] = "throughput"
	what["threads"] = "wall time / calls"
	what["procs"] = "wall time / calls"

	vname["native"] = "native"
	vname["netns"] = "`ip netns exec NAME`"
	vname["floor"] = "`seccomp-floor` (filter only, no tracer)"
	vname["unotify"] = "`unotify-floor` (minimal notification supervisor)"
	vname["unotify-sync"] = "`UNOTIFY_SYNC=1 unotify-floor` (sync wake-ups)"
	vname["mstack-o"] = "`mstack -o ipv6 STACK`"
	vname["mstack"] = "`mstack STACK`"
	vname["mstack-ptrace"] = "`mstack --ptrace-only STACK`"
	vname["mstack-ptrace-o"] = "`mstack --ptrace-only -o ipv6 STACK`"
	vname["mstack-v"] = "`mstack -v STACK`"
	vname["mstack-k"] = "`mstack -k STACK`"
	vname["strace"] = "`strace -f -e trace=socket`"
	vname["strace-bpf"] = "`strace --seccomp-bpf -f -e trace=socket`"

	# workloads where the ratio against strace --seccomp-bpf is relevant
	vsstrace["socket"] = vsstrace["socket-native"] = 1
	vsstrace["threads"] = vsstrace["procs"] = 1

	# Targets: workload variant kind op threshold
	#   kind: native, straceb, netns (ratio of medians' basis, per round),
	#         single (per-call cost vs the single-thread socket loop),
	#         rt (round trips per call), hwm (tracer peak RSS, KiB)
	nt = 0
	T[++nt] = "getppid mstack-o native <= 1.03"
	T[++nt] = "getppid mstack native <= 1.03"
	T[++nt] = "getppid mstack-ptrace native <= 1.03"
	T[++nt] = "socket-native mstack-o native <= 1.06"
	T[++nt] = "socket-native mstack-ptrace-o native <= 1.06"
	T[++nt] = "socket mstack native <= 5"
	T[++nt] = "socket mstack straceb <= 0.65"
	T[++nt] = "socket mstack rt == 1"
	T[++nt] = "socket mstack-ptrace native <= 10"
	T[++nt] = "socket mstack-ptrace rt <= 2"
	T[++nt] = "sh-true mstack-o native <= 1.15"
	T[++nt] = "sh-true mstack native <= 1.15"
	T[++nt] = "launch mstack netns <= 1.0"
	T[++nt] = "tcp mstack-o native >= 0.98"
	T[++nt] = "tcp mstack native >= 0.98"
	T[++nt] = "tcp mstack netns >= 0.98"
	T[++nt] = "threads mstack single <= 1.2"
	T[++nt] = "threads mstack hwm <= 8192"
	T[++nt] = "threads mstack-ptrace single <= 1.2"
	T[++nt] = "threads mstack-ptrace hwm <= 8192"
	T[++nt] = "procs mstack single <= 1.2"
	T[++nt] = "procs mstack hwm <= 8192"
	T[++nt] = "procs mstack-ptrace single <= 1.2"
	T[++nt] = "procs mstack-ptrace hwm <= 8192"
	for (i = 1; i <= nt; i++) {
		split(T[i], f, " ")
		key = f[1] SUBSEP f[2]
		ntg[key]++
		tg[key, ntg[key]] = f[3] " " f[4] " " f[5]
	}
	maxr = 0
}

# ---- input ----------------------------------------------------------------
FNR == NR {
	p = index($0, "=")
	if (p) {
		k = substr($0, 1, p - 1)
		v = substr($0, p + 1)
		if (k == "na")
			nalist[++nna] = v
		else
			meta[k] = v
	}
	next
}
FNR == 1 { next }	# CSV header
{
	if ($1 + 0 < 1)
		next
	r = $1 SUBSEP $2; w = $3; v = $4; m = $5
	if (!(r in isid)) {
		isid[r] = 1
		ids[++maxr] = r
	}
	if ($1 + 0 > nround)
		nround = $1 + 0
	seen[w, v] = 1
	if (m == "na") { na[w, v] = 1; next }
	if (m == "failed") { failed[w, v] = failed[w, v] " " $6; next }
	val[w, v, m, r] = $6 + 0
}

# ---- helpers --------------------------------------------------------------
# median of a[1..n] (the 0.5 quantile interpolates the middle pair); sorts a
function median(a, n) {
	return quantile(a, n, 0.5)
}

# median over the rounds of metric m of (w, v); "" if none
function med(w, v, m,    i, r, n, a) {
	n = 0
	for (i = 1; i <= maxr; i++) {
		r = ids[i]
		if ((w, v, m, r) in val)
			a[++n] = val[w, v, m, r]
	}
	return median(a, n)
}

# median over the rounds of (w,v,m) / (bw,bv,m2), ratio taken per round
function ratio(w, v, m, bw, bv, m2,    i, r, n, a) {
	n = 0
	for (i = 1; i <= maxr; i++) {
		r = ids[i]
		if ((w, v, m, r) in val && (bw, bv, m2, r) in val && val[bw, bv, m2, r] > 0)
			a[++n] = val[w, v, m, r] / val[bw, bv, m2, r]
	}
	return median(a, n)
}

# median over the rounds of (w,v,m) - (bw,bv,m)
function delta(w, v, m, bw, bv,    i, r, n, a) {
	n = 0
	for (i = 1; i <= maxr; i++) {
		r = ids[i]
		if ((w, v, m, r) in val && (bw, bv, m, r) in val)
			a[++n] = val[w, v, m, r] - val[bw, bv, m, r]
	}
	return median(a, n)
}

function nrounds(w, v, m,    i, n) {
	n = 0
	for (i = 1; i <= maxr; i++)
		if ((w, v, m, ids[i]) in val)
			n++
	return n
}

# q-quantile (0..1) of a[1..n], linear interpolation; sorts a
function quantile(a, n, q,    i, j, t, h, lo) {
	for (i = 2; i <= n; i++) {
		t = a[i]
		for (j = i - 1; j >= 1 && a[j] > t; j--)
			a[j + 1] = a[j]
		a[j + 1] = t
	}
	if (n == 0)
		return ""
	h = (n - 1) * q + 1
	lo = int(h)
	if (lo >= n)
		return a[n]
	return a[lo] + (h - lo) * (a[lo + 1] - a[lo])
}

# per-sample values a target is judged on, into a[]; returns their number
function tsamples(w, v, kind, a,    i, r, m, bw, bv, m2, n) {
	m = metric[w]; bw = w; m2 = m
	if (kind == "native") bv = "native"
	else if (kind == "straceb") bv = "strace-bpf"
	else if (kind == "netns") bv = "netns"
	else if (kind == "single") { bv = v; m2 = "single_ns_per_call" }
	else if (kind == "rt") m = "rt_per_call"
	else if (kind == "hwm") m = "tracer_hwm_kib"
	n = 0
	for (i = 1; i <= maxr; i++) {
		r = ids[i]
		if (!((w, v, m, r) in val))
			continue
		if (kind == "rt" || kind == "hwm")
			a[++n] = val[w, v, m, r]
		else if ((bw, bv, m2, r) in val && val[bw, bv, m2, r] > 0)
			a[++n] = val[w, v, m, r] / val[bw, bv, m2, r]
	}
	return n
}

# " (IQR q1–q3, n=N)", plus a warning when the threshold lies inside
function spread(w, v, kind, thr,    a, n, q1, q3, s) {
	n = tsamples(w, v, kind, a)
	if (n < 2)
		return ""
	q1 = quantile(a, n, 0.25)
	q3 = quantile(a, n, 0.75)
	if (kind == "hwm")
		return sprintf(" (IQR %s–%s, n=%d)", fmt_kib(q1), fmt_kib(q3), n)
	s = sprintf(" (IQR %.3f–%.3f, n=%d)", q1, q3, n)
	if (kind != "rt" && q1 <= thr && thr <= q3)
		s = s " — threshold inside the IQR: noise-limited at this n"
	return s
}

function fmt_ns(x,    s) {
	s = ""
	if (x < 0) { s = "−"; x = -x }
	if (x < 1000) return sprintf("%s%.0f ns", s, x)
	if (x < 1e6) return sprintf("%s%.2f µs", s, x / 1e3)
	if (x < 1e9) return sprintf("%s%.1f ms", s, x / 1e6)
	return sprintf("%s%.2f s", s, x / 1e9)
}

function fmt_val(w, x) {
	if (x == "")
		return "—"
	if (unit[w] == "ns")
		return fmt_ns(x)
	return sprintf("%.0f %s", x, unit[w])
}

function fmt_ratio(x) {
	if (x == "")
		return "—"
	if (x >= 100)
		return sprintf("%.0f×", x)
	if (x >= 10)
		return sprintf("%.1f×", x)
	return sprintf("%.3f×", x)
}

function fmt_kib(x) {
	if (x == "")
		return "—"
	return sprintf("%.1f MiB", x / 1024)
}

function kind_text(kind) {
	if (kind == "native") return "native"
	if (kind == "straceb") return "strace --seccomp-bpf"
	if (kind == "netns") return "ip netns exec"
	if (kind == "single") return "1-thread loop"
	return kind
}

# value a target is judged on
function tvalue(w, v, kind,    m) {
	m = metric[w]
	if (kind == "native") return ratio(w, v, m, w, "native", m)
	if (kind == "straceb") return ratio(w, v, m, w, "strace-bpf", m)
	if (kind == "netns") return ratio(w, v, m, w, "netns", m)
	if (kind == "single") return ratio(w, v, m, w, v, "single_ns_per_call")
	if (kind == "rt") return med(w, v, "rt_per_call")
	if (kind == "hwm") return med(w, v, "tracer_hwm_kib")
	return ""
}

function ttext(kind, op, thr,    o) {
	o = op == "<=" ? "≤ " : op == ">=" ? "≥ " : ""
	if (kind == "rt")
		return (op == "==" ? "exactly " thr : o thr) " round trip" (thr == 1 ? "" : "s") "/call"
	if (kind == "hwm")
		return "tracer RSS " o (thr / 1024) " MiB"
	return o thr "× " kind_text(kind)
}

# tol: 0.01 for round trips (a few fixed stops per process: exec, exit),
# otherwise none
function judge(x, op, thr, tol) {
	if (x == "")
		return "n/a"
	if (op == "<=") return x <= thr + tol ? "PASS" : "MISS"
	if (op == ">=") return x >= thr - tol ? "PASS" : "MISS"
	if (op == "==") return (x - thr <= tol && thr - x <= tol) ? "PASS" : "MISS"
	return "n/a"
}

function fmt_tvalue(kind, x) {
	if (x == "") return "n/a"
	if (kind == "hwm") return fmt_kib(x)
	if (kind == "rt") return sprintf("%.3f", x)
	return fmt_ratio(x)
}

function cell(s) {
	gsub(/\|/, "\\|", s)
	return s
}

# ---- output ---------------------------------------------------------------
END {
	gsub_names()
	print "# mstack benchmark report"
	print ""
	print "- Machine: " meta["machine"] "; " meta["load"]
	print "- Date: " meta["date"] "; " meta["rounds"] " measured rounds after one warm-up round, " meta["elapsed"]
	if (meta["quick"] == 1)
		print "- **BENCH_QUICK=1: short smoke run, not a real measurement**"
	print "- mstack: " (meta["mstack"] == "" ? "(no version)" : meta["mstack"]) "; " meta["strace"] "; " meta["iproute2"]
	print "- Reproduce (as root, after `./configure && make`): `make bench`"
	print "- Parameters: " meta["params"]
	print ""
	print "How to read it: variants run interleaved within each round (A B C … A B C …,"
	print "the starting variant rotates). Each round runs every variant of a workload"
	print "once, then repeats the sequence of the variants its targets compare, so"
	print "cheap workloads with tight targets get more samples (n). Each cell is the"
	print "median over the samples; every ratio is computed within one sample"
	print "(variant and baseline run side by side), then its median taken; the"
	print "Targets section adds the interquartile range of those per-sample ratios."
	print "STACK = `/run/netns/NAME`, a namespace reached through a veth; `-o ipv6`"
	print "selects a family the workloads do not use, so nothing is redirected."
	print "`seccomp-floor` runs the workload under a filter shaped like mstack's that"
	print "allows everything, with no tracer: the least any seccomp-based tool costs."
	print "`unotify-floor` serves socket() by seccomp user notification and nothing"
	print "else (one thread, NOTIF_RECV, socket(), NOTIF_ADDFD with FLAG_SEND, in its"
	print "own namespace): the least mstack's fast path can cost; with UNOTIFY_SYNC=1"
	print "it asks for SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP (Linux 6.6)."
	print "For (6) native and `-o ipv6` clients reach the server from the host"
	print "namespace, the others from STACK: one veth either way. For (7) the"
	print "1-thread figure is a single-thread loop run first in the same process."
	print "Round trips/call = (notifications + ptrace_stops) / socket() calls, from"
	print "the tracer's MSTACK_DEBUG_COUNTERS line (process start and exit add a few"
	print "fixed stops: targets allow 0.01). Tracer RSS = VmHWM of the TracerPid,"
	print "or where mstack holds no process of the session's tracer (the process"
	print "with mstack's command line and a seccomp listener), read by the workload"
	print "just before it exits (for (7) also while all processes are alive)."
	print ""
	printf "Median of: "
	for (i = 1; i <= nw; i++)
		printf "%s%s %s", (i > 1 ? "; " : ""), substr(wname[W[i]], 1, 3), what[W[i]]
	print "."
	print ""
	print "| Workload | Variant | Median | n | × native | × strace --seccomp-bpf | Other | Round trips/call | Tracer peak RSS | Target | Result |"
	print "|---|---|---:|---:|---:|---:|---|---:|---:|---|---|"
	npass = nmiss = nna_t = 0
	for (i = 1; i <= nw; i++) {
		w = W[i]
		m = metric[w]
		for (j = 1; j <= nv; j++) {
			v = V[j]
			if (!((w, v) in seen))
				continue
			row = "| " wname[w] " | " vname[v] " | "
			if ((w, v) in na) {
				row = row "n/a |  |  |  |  |  |  | "
			} else if (nrounds(w, v, m) == 0) {
				row = row "FAILED (status" failed[w, v] ") |  |  |  |  |  |  | "
			} else {
				x = med(w, v, m)
				row = row fmt_val(w, x) " | " nrounds(w, v, m) " | "
				row = row (v == "native" ? "1" : fmt_ratio(ratio(w, v, m, w, "native", m))) " | "
				row = row ((w in vsstrace) && v != "strace-bpf" ? fmt_ratio(ratio(w, v, m, w, "strace-bpf", m)) : "") " | "
				o = ""
				if ((w == "launch" || w == "tcp") && v != "netns")
					o = fmt_ratio(ratio(w, v, m, w, "netns", m)) " ip netns exec"
				if ((w == "socket" || w == "threads" || w == "procs") && v ~ /^mstack/ && v != "mstack-o" && nrounds(w, "unotify", m))
					o = o (o == "" ? "" : "; ") fmt_ratio(ratio(w, v, m, w, "unotify", m)) " unotify-floor"
				if (w == "launch" && nrounds(w, v, "p90_ns"))
					o = o (o == "" ? "" : "; ") "p90 " fmt_ns(med(w, v, "p90_ns"))
				else if ((w == "threads" || w == "procs") && nrounds(w, v, "single_ns_per_call"))
					o = fmt_ratio(ratio(w, v, m, w, v, "single_ns_per_call")) " 1-thread loop"
				else if (w == "socket" && (v == "mstack-v" || v == "mstack-k") && nrounds(w, "mstack", m))
					o = "+" fmt_ns(delta(w, v, m, w, "mstack")) "/call vs `mstack STACK`"
				if ((w, v) in failed)
					o = o (o == "" ? "" : "; ") "failed in some rounds, status" failed[w, v]
				if (nrounds(w, v, "valid") && med(w, v, "valid") < 1)
					o = o (o == "" ? "" : "; ") "**sockets on the wrong stack**"
				row = row o " | "
				rt = med(w, v, "rt_per_call")
				row = row (rt == "" ? "" : sprintf("%.3f", rt)) " | "
				h = med(w, v, "tracer_hwm_kib")
				row = row (h == "" ? "" : fmt_kib(h)) " | "
			}
			tt = tr = ""
			key = w SUBSEP v
			for (k = 1; k <= ntg[key]; k++) {
				split(tg[key, k], f, " ")
				tx = tvalue(w, v, f[1])
				res = judge(tx, f[2], f[3], f[1] == "rt" ? 0.01 : 0)
				if (res == "PASS" && nrounds(w, v, "valid") && med(w, v, "valid") < 1)
					res = "INVALID"
				if (res == "PASS") npass++
				else if (res == "MISS") nmiss++
				else nna_t++
				summary[++ns] = "- " res ": " wname[w] ", " vname[v] ": " ttext(f[1], f[2], f[3]) ", measured " fmt_tvalue(f[1], tx) spread(w, v, f[1], f[3])
				tt = tt (k > 1 ? "; " : "") ttext(f[1], f[2], f[3])
				tr = tr (k > 1 ? "; " : "") (res == "PASS" ? "PASS" : "**" res "**") (res == "n/a" ? "" : " (" fmt_tvalue(f[1], tx) ")")
			}
			row = row tt " | " tr " |"
			print row
		}
	}
	print ""
	print "## Targets"
	print ""
	print npass " PASS, " nmiss " MISS, " nna_t " n/a (of " (npass + nmiss + nna_t) ")."
	if (ns) {
		print ""
		for (k = 1; k <= ns; k++)
			print summary[k]
	}
	if (nna || meta["counters"] != 1) {
		print ""
		print "## Not available"
		print ""
		for (k = 1; k <= nna; k++)
			print "- " nalist[k]
		if (meta["counters"] != 1)
			print "- MSTACK_DEBUG_COUNTERS: mstack wrote no counter line (round trips/call n/a)"
	}
}

# fill the parameters into the workload names
function gsub_names(    p, n, a, i) {
	n = split(meta["params"], a, "; ")
	for (i = 1; i <= n; i++) {
		if (a[i] ~ /^sh loop /) { split(a[i], p, " "); sub(/SHLOOP/, p[3], wname["sh-true"]) }
		if (a[i] ~ /^TCP /) { split(a[i], p, " "); sub(/TCPMIB/, p[2], wname["tcp"]) }
		if (a[i] ~ / threads x /) { split(a[i], p, " "); sub(/THREADS/, p[1], wname["threads"]); sub(/K/, p[4], wname["threads"]) }
		if (a[i] ~ / processes x /) { split(a[i], p, " "); sub(/PROCS/, p[1], wname["procs"]); sub(/K/, p[4], wname["procs"]) }
	}
}
