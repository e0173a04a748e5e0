-- wrk script: realistic beacons for POST /a/e (see run.py, step 1).
--   wrk -t2 -c64 -d20s -s bench/analytics/beacons.lua http://127.0.0.1:8000
-- Each visitor (its own address, first of a two-entry X-Forwarded-For: "<visitor>, 10.255.0.1", as a CDN then
-- the load balancer write it; the server must run with LANTOA_TRUSTED_PROXIES=2) views 1 to 4 distinct
-- pages with skewed popularity, arriving from search, social networks, Zalo, campaigns or directly, on a
-- phone, a tablet or a desktop. No beacon repeats and no visitor floods, so every one must be stored:
-- done() prints the responses by status as JSON, for run.py to compare with what the store holds.

local PAGES = 6000
local UAS = {
  "Mozilla/5.0 (Linux; Android 14; SM-A546E) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
  "Mozilla/5.0 (Linux; Android 13; Redmi Note 12) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Mobile Safari/537.36 Zalo android/12110 ZaloTheme/light",
  "Mozilla/5.0 (Linux; Android 12; OPPO A57) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36 [FB_IAB/FB4A;FBAV/470.0.0.35.83;]",
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 coc_coc_browser/137.0.172",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:127.0) Gecko/20100101 Firefox/127.0",
  "Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
  "Mozilla/5.0 (Linux; Android 13; SM-X205) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
}
-- Where a visit comes from: a referrer, or a campaign's query string on the landing URL (cumulative shares).
local ENTRIES = {
  {0.38, "https://www.google.com/", ""},
  {0.43, "https://coccoc.com/search?query=bhxh", ""},
  {0.45, "https://www.bing.com/", ""},
  {0.58, "https://m.facebook.com/", ""},
  {0.61, "https://l.facebook.com/", "?fbclid=IwAR2x"},
  {0.70, "https://zalo.me/", ""},
  {0.72, "https://www.youtube.com/", ""},
  {0.75, "https://www.tiktok.com/", ""},
  {0.77, "https://baochinhphu.vn/bhxh-tu-nguyen.htm", ""},
  {0.79, "https://vnexpress.net/", ""},
  {0.82, "", "?utm_source=zalo-oa&utm_medium=social&utm_campaign=bhxh-tu-nguyen-2025"},
  {0.83, "", "?utm_source=sms&utm_medium=sms&utm_campaign=gia-han-bhyt"},
  {1.00, "", ""},
}
local SECTIONS = {"tin-tuc", "hoi-dap", "van-ban", "chinh-sach", "huong-dan"}

local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  statuses = {}
  sent = 0
  visitor = 0
  left = 0
  entry = nil
  page = 0
  host = wrk.host
  -- Another run within seconds must not look like a replay of this one: its readers are other addresses.
  run = os.time() % 64
  math.randomseed(id * 7919 + os.time())
end

local function zipf_page()
  -- r^4 piles the draws on the first ranks: a few pages take most of the traffic.
  local r = math.random()
  return math.floor(PAGES * r * r * r * r)
end

local function pick_entry()
  local r = math.random()
  for _, item in ipairs(ENTRIES) do
    if r < item[1] then return item end
  end
  return ENTRIES[#ENTRIES]
end

function request()
  local referrer, query
  if left == 0 then
    visitor = visitor + 1
    left = 1 + math.floor(math.random() * math.random() * 4)
    entry = pick_entry()
    page = zipf_page()
    referrer, query = entry[2], entry[3]
  else
    -- The next page of the visit: another page, reached by a link inside the portal.
    page = (page + 1 + math.floor(math.random() * 50)) % PAGES
    referrer, query = "http://" .. host .. "/", ""
  end
  left = left - 1
  sent = sent + 1
  local path = "/" .. SECTIONS[page % #SECTIONS + 1] .. "/bai-" .. page .. "/"
  local body = '{"u":"http://' .. host .. path .. query .. '","r":"' .. referrer .. '","p":' .. (page + 1) .. '}'
  local headers = {
    ["Content-Type"] = "text/plain;charset=UTF-8",
    ["User-Agent"] = UAS[visitor % #UAS + 1],
    ["X-Forwarded-For"] = "10." .. (run * 4 + id - 1) % 256 .. "." .. (math.floor(visitor / 256) % 256) .. "." .. (visitor % 256)
      .. ", 10.255.0.1",
    ["Accept-Language"] = "vi-VN,vi;q=0.9",
  }
  return wrk.format("POST", "/a/e", headers, body)
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    local counts = thread:get("statuses")
    for status, n in pairs(counts) do
      total[status] = (total[status] or 0) + n
    end
  end
  local parts = {}
  for status, n in pairs(total) do
    table.insert(parts, '"' .. status .. '": ' .. n)
  end
  io.write("STATUSES {" .. table.concat(parts, ", ") .. "}\n")
  io.write(string.format("LATENCY {\"p50_ms\": %.2f, \"p99_ms\": %.2f}\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
