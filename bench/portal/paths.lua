-- wrk script of bench/portal/run.py: cycles through the paths of a file; "unique" mode adds a query
-- string no other request has (every request misses the page cache); "click" mode adds a click id no other
-- request has, as Facebook does to every click on a shared link (fbclid, which the page cache leaves out of its
-- key); prints JSON figures when done.
--   wrk ... -s paths.lua http://127.0.0.1:PORT -- PATHS_FILE cycle|unique|click RUN_ID
-- (RUN_ID differs between invocations, so that no run repeats another's "unique" URLs).
local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  paths = {}
  for line in io.lines(args[1]) do
    if #line > 0 then paths[#paths + 1] = line end
  end
  mode = args[2] or "cycle"
  run = args[3] or "0"
  counter = 0
  -- What the TLS proxy in front of the production server sends (SECURE_PROXY_SSL_HEADER).
  wrk.headers["X-Forwarded-Proto"] = "https"
end

function request()
  counter = counter + 1
  local path = paths[((counter * 7919 + id * 104729) % #paths) + 1]
  if mode == "unique" or mode == "click" then
    local sep = string.find(path, "?", 1, true) and "&" or "?"
    local name = mode == "click" and "fbclid=IwAR" or "bench="
    path = path .. sep .. name .. run .. "-" .. id .. "-" .. counter
  end
  return wrk.format("GET", path)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests": %d, "duration_us": %d, "non_2xx_3xx": %d, "socket_errors": %d, ' ..
    '"p50_us": %d, "p95_us": %d, "p99_us": %d, "mean_us": %.1f}\n',
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.mean))
end
