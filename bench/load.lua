-- wrk script of bench/run.py: each request takes the next of BENCH_PATHS (space-separated) and the
-- next of BENCH_COOKIES (one logged-in session per simulated user), so that 20 connections are 20
-- users opening the pages in turn; prints one RESULT line with the counts and percentiles (µs).
local paths, cookies = {}, {}
for p in string.gmatch(os.getenv("BENCH_PATHS") or "/", "[^ ]+") do table.insert(paths, p) end
for c in string.gmatch(os.getenv("BENCH_COOKIES") or "", "[^ ]+") do table.insert(cookies, c) end
local n = math.random(1, 1000)

request = function()
  n = n + 1
  local headers = { ["Accept-Language"] = "zh-hans" }
  if #cookies > 0 then headers["Cookie"] = "sessionid=" .. cookies[(n % #cookies) + 1] end
  return wrk.format("GET", paths[(n % #paths) + 1], headers)
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d duration_us=%d connect=%d read=%d write=%d status=%d timeout=%d p50=%d p95=%d p99=%d max=%d\n",
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
end
