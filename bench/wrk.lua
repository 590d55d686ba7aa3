-- wrk script for bench/run: the method comes from BENCH_METHOD (default GET), and done()
-- prints one machine-readable line (integer microseconds) so report.py need not parse units.
wrk.method = os.getenv("BENCH_METHOD") or "GET"
if wrk.method ~= "GET" then
  wrk.body = os.getenv("BENCH_BODY") or ""
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests":%d,"duration_us":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,' ..
    '"non2xx":%d,"connect_errors":%d,"read_errors":%d,"write_errors":%d,"timeouts":%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, e.status, e.connect, e.read, e.write, e.timeout))
end
