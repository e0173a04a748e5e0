-- wrk script of bench/portal/run.py's publishing row: readers cycle through a file of article paths (drawn with a
-- popularity curve), and each response's X-Lantoa-Cache header is counted; prints JSON figures when done.
--   wrk ... -s publishing.lua http://127.0.0.1:PORT -- PATHS_FILE
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
  counter = 0
  hits = 0
  misses = 0
  wrk.headers["X-Forwarded-Proto"] = "https"
end

function request()
  counter = counter + 1
  return wrk.format("GET", paths[((counter * 7919 + id * 104729) % #paths) + 1])
end

function response(status, headers, body)
  local state = headers["X-Lantoa-Cache"]
  if state == "hit" then hits = hits + 1 elseif state == "miss" then misses = misses + 1 end
end

function done(summary, latency, requests)
  local h, m = 0, 0
  for _, thread in ipairs(threads) do
    h = h + thread:get("hits")
    m = m + thread:get("misses")
  end
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests": %d, "duration_us": %d, "non_2xx_3xx": %d, "socket_errors": %d, ' ..
    '"p50_us": %d, "p95_us": %d, "p99_us": %d, "mean_us": %.1f, "hits": %d, "misses": %d}\n',
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.mean, h, m))
end
