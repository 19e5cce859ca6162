"""Tests of the parts of the load benchmark that need no server: wrk output parsing, medians and tables,
/proc address decoding. Run: /usr/bin/python3 -m unittest discover -s benchmarks/load -p 'test_*.py'"""
import math
import os
import socket
import unittest

import procs
import report
import servers
import wrkrun

KEEP_ALIVE = """Running 2s test @ http://127.0.0.1:37305/plaintext
  1 threads and 64 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     1.52ms    2.13ms  29.21ms   93.05%
    Req/Sec    51.91k    10.91k   75.37k    80.00%
  Latency Distribution
     50%  880.00us
     75%    1.57ms
     90%    3.14ms
     99%    1.05s
  103301 requests in 2.00s, 13.00MB read
  Socket errors: connect 1, read 2, write 3, timeout 4
  Non-2xx or 3xx responses: 5
Requests/sec:  51560.58
Transfer/sec:      6.49MB
"""

PLAIN = wrkrun.Scenario("plaintext c64", "/plaintext", 64, 1)
PIPELINED = wrkrun.Scenario("plaintext pipelined x16 c256", "/plaintext", 256, 16)


class ParseTests(unittest.TestCase):
    def test_keep_alive_figures_units_and_errors(self):
        r = wrkrun.parse(KEEP_ALIVE, PLAIN, 0.5, 0.9)
        self.assertEqual(r.rps, 51560.58)
        self.assertEqual(r.requests, 103301)
        self.assertAlmostEqual(r.p50_ms, 0.88)
        self.assertAlmostEqual(r.p99_ms, 1050.0)
        self.assertAlmostEqual(r.mean_ms, 1.52)
        self.assertEqual(r.errors, 1 + 2 + 3 + 4 + 5)
        self.assertEqual((r.wrk_cpu, r.server_cpu), (0.5, 0.9))

    def test_pipelined_batch_mean_is_littles_law(self):
        r = wrkrun.parse(KEEP_ALIVE.replace("51560.58", "409600.00"), PIPELINED, 0.4, 1.0)
        self.assertAlmostEqual(r.batch_mean_ms, 256 * 16 / 409600 * 1000)

    def test_output_without_rate_is_an_error(self):
        with self.assertRaises(RuntimeError):
            wrkrun.parse("unable to connect to 127.0.0.1:1 Connection refused", PLAIN, 0, 0)


class ReportTests(unittest.TestCase):
    def setUp(self):
        self.servers = [s for s in servers.catalogue() if s.name in ("squall-http", "kestrel", "tornado")]

    def row(self, server, rps, round_no):
        return {"server": server, "scenario": PLAIN.name, "round": round_no, "rps": rps, "p50_ms": 1.0,
                "p99_ms": 2.0, "batch_mean_ms": float("nan"), "wrk_cpu": 0.5, "server_cpu": 1.0, "errors": 0}

    def test_medians_and_ratios(self):
        rows = [self.row("kestrel", v, i) for i, v in enumerate([90e3, 100e3, 200e3])]
        rows += [self.row("tornado", v, i) for i, v in enumerate([10e3, 9e3, 11e3])]
        rows += [self.row("squall-http", v, i) for i, v in enumerate([150e3, 120e3, 1e3])]
        table = report.throughput_table(rows, self.servers, [PLAIN])
        squall = next(line for line in table.splitlines() if line.startswith("| Squall"))
        self.assertIn("| 120.0k | 1.20× | 12.0× |", squall)

    def test_failed_server_row_keeps_the_column_count(self):
        rows = [self.row("kestrel", 1e5, 1),
                {"server": "squall-http", "scenario": PLAIN.name, "round": 1, "error": "start: a|b"}]
        lines = report.throughput_table(rows, self.servers, [PLAIN]).splitlines()
        self.assertEqual({line.count("|") for line in lines}, {13})
        self.assertTrue(any("failed: start: a/b" in line for line in lines))

    def test_median_ignores_nan(self):
        self.assertEqual(report.median([1.0, float("nan"), 3.0]), 2.0)
        self.assertTrue(math.isnan(report.median([])))


class ProcTests(unittest.TestCase):
    def test_proc_net_addresses(self):
        self.assertEqual(procs._decode_address("0100007F:1F90", 4), "127.0.0.1:8080")
        self.assertEqual(procs._decode_address("00000000000000000000000001000000:0050", 6), "[::1]:80")
        self.assertTrue(procs.is_loopback("[::1]:80"))
        self.assertFalse(procs.is_loopback(procs._decode_address("00000000:1F90", 4)))

    def test_listening_sockets_are_read_from_proc(self):
        # 127.0.0.2 is loopback to the kernel but not the address the benchmark allows: it must be flagged.
        with socket.socket() as a, socket.socket() as b:
            a.bind(("127.0.0.1", 0))
            a.listen()
            b.bind(("127.0.0.2", 0))
            b.listen()
            allowed, other = f"127.0.0.1:{a.getsockname()[1]}", f"127.0.0.2:{b.getsockname()[1]}"
            found = procs.listening_addresses(os.getpid())
        self.assertIn(allowed, found)
        self.assertIn(other, found)
        self.assertEqual([x for x in found if not procs.is_loopback(x)], [other])


if __name__ == "__main__":
    unittest.main()
