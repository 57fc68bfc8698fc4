-- Shoppers for wrk: each connection is one shopper who searches, reads the results, opens some
-- of the offers they show, sometimes looks at the next page or another sort, and thinks between
-- pages (bench/live.sh, the persistent-catalog run).
--
--   wrk -t8 -c8 -d300s --latency --timeout 35s -s bench/shoppers.lua http://127.0.0.1:PORT
--
-- Run it with as many threads as connections (-tN -cN): a thread then has one request in flight,
-- so each answer is matched with its address. Searches draw from about 50 buyer keywords (English
-- and Chinese) with a skewed popularity; the offers opened are those the shopper's search pages
-- showed. Every choice comes from a seeded Park-Miller generator.
--
-- Environment:
--   MIX_SEED        seed (default 1688); thread n uses MIX_SEED + n
--   SHOPPER_THINK   think time between pages, ms: "A-B" (default 1000-4000)
--   SHOPPER_SEEN    a file of addresses answered 200 before (one per line): read at start,
--                   appended to; a 5xx on one of them is counted apart ("seen_5xx")
--
-- At the end it prints one line starting with "MIX " holding JSON: requests, duration, latency
-- percentiles (µs), responses by status, 200s by kind, self-refreshing pages, saved-offer searches,
-- offer previews, 5xx on addresses seen before, socket errors.

local threads = {}

function setup(thread)
   thread:set("thread_id", #threads + 1)
   table.insert(threads, thread)
end

local KEYWORDS = {
   "phone case", "手机壳", "数据线", "charging cable", "dress", "连衣裙", "backpack", "双肩包",
   "LED strip", "LED灯带", "kitchen", "厨房用品", "dog toy", "宠物玩具", "socks", "袜子",
   "t-shirt", "T恤", "building blocks", "积木", "plush toy", "毛绒玩具", "hoodie", "卫衣",
   "water bottle", "水杯", "earphones", "蓝牙耳机", "sunglasses", "太阳镜", "hair clip", "发夹",
   "storage box", "收纳盒", "yoga pants", "瑜伽裤", "phone holder", "手机支架", "jewelry", "饰品",
   "sneakers", "运动鞋", "umbrella", "雨伞", "notebook", "笔记本", "power bank", "充电宝",
   "baby clothes", "童装", "wholesale packaging", "包装盒",
}

local state = 1
local function random()
   state = (state * 16807) % 2147483647
   return state / 2147483647
end

local function zipf_table(n, s)
   local cdf, total = {}, 0
   for rank = 1, n do
      total = total + 1 / rank ^ s
      cdf[rank] = total
   end
   for rank = 1, n do cdf[rank] = cdf[rank] / total end
   return cdf
end

local function zipf_pick(cdf)
   local u, lo, hi = random(), 1, #cdf
   while lo < hi do
      local mid = math.floor((lo + hi) / 2)
      if cdf[mid] < u then lo = mid + 1 else hi = mid end
   end
   return lo
end

local function urlencode(s)
   return (string.gsub(s, "[^%w%-%._~]", function(c)
      return string.format("%%%02X", string.byte(c))
   end))
end

local keyword_cdf, think_min, think_max, seen_file
local seen = {}
local plan = {}          -- the shopper's next pages
local current            -- {kind, path} of the request in flight

function init(args)
   state = (tonumber(os.getenv("MIX_SEED") or "") or 1688) + (thread_id or 1) * 7919
   state = state % 2147483646 + 1
   keyword_cdf = zipf_table(#KEYWORDS, 0.9)
   local a, b = string.match(os.getenv("SHOPPER_THINK") or "", "^(%d+)-(%d+)$")
   think_min, think_max = tonumber(a) or 1000, tonumber(b) or 4000
   seen_file = os.getenv("SHOPPER_SEEN")
   if seen_file and seen_file ~= "" then
      local f = io.open(seen_file, "r")
      if f then
         for line in f:lines() do seen[line] = true end
         f:close()
      end
   end
   statuses, ok_kinds = {}, {}
   pending, saved_searches, previews, seen_5xx = 0, 0, 0, 0
end

local function new_session()
   local path
   if random() < 0.1 then
      plan = { { "home", "/" } }
      return
   end
   local q = urlencode(KEYWORDS[zipf_pick(keyword_cdf)])
   path = "/search?q=" .. q
   plan = { { "search", path } }
   if random() < 0.25 then table.insert(plan, { "search", path .. "&sort=sales" }) end
   if random() < 0.2 then table.insert(plan, { "search", path .. "&page=2" }) end
end

function delay()
   return think_min + math.floor(random() * (think_max - think_min))
end

function request()
   if #plan == 0 then new_session() end
   current = table.remove(plan, 1)
   return wrk.format("GET", current[2])
end

function response(status, headers, body)
   local key = tostring(status)
   statuses[key] = (statuses[key] or 0) + 1
   if not current then return end
   local kind, path = current[1], current[2]
   if status == 200 then
      ok_kinds[kind] = (ok_kinds[kind] or 0) + 1
      if string.find(body, 'id="saved-search-notice"', 1, true) then saved_searches = saved_searches + 1 end
      if string.find(body, 'id="offer-preview"', 1, true) then previews = previews + 1 end
      if not seen[path] then
         seen[path] = true
         if seen_file and seen_file ~= "" then
            local f = io.open(seen_file, "a")
            if f then f:write(path, "\n"); f:close() end
         end
      end
      -- Open one to three of the offers a search page shows.
      if kind == "search" or kind == "home" then
         local ids = {}
         for id in string.gmatch(body, 'href="/products/(%d+)"') do table.insert(ids, id) end
         local opens = math.floor(random() * 3) + 1
         for _ = 1, math.min(opens, #ids) do
            local id = ids[math.floor(random() * math.min(#ids, 8)) + 1]
            table.insert(plan, 1, { "product", "/products/" .. id })
         end
      end
   elseif status == 202 then
      pending = pending + 1
      -- The page reloads itself: the shopper waits for it.
      table.insert(plan, 1, current)
   elseif status >= 500 and seen[path] then
      seen_5xx = seen_5xx + 1
   end
end

local function json_object(t)
   local keys, parts = {}, {}
   for k in pairs(t) do table.insert(keys, k) end
   table.sort(keys)
   for _, k in ipairs(keys) do
      table.insert(parts, string.format("%q:%d", tostring(k), t[k]))
   end
   return "{" .. table.concat(parts, ",") .. "}"
end

function done(summary, latency, requests)
   local all_statuses, all_ok = {}, {}
   local totals = { pending = 0, saved_searches = 0, previews = 0, seen_5xx = 0 }
   for _, thread in ipairs(threads) do
      for k, v in pairs(thread:get("statuses") or {}) do all_statuses[k] = (all_statuses[k] or 0) + v end
      for k, v in pairs(thread:get("ok_kinds") or {}) do all_ok[k] = (all_ok[k] or 0) + v end
      for k in pairs(totals) do totals[k] = totals[k] + (thread:get(k) or 0) end
   end
   local e = summary.errors
   io.write(string.format(
      'MIX {"requests":%d,"duration_us":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,' ..
      '"status":%s,"ok_kinds":%s,"self_refreshing":%d,"saved_searches":%d,"offer_previews":%d,' ..
      '"seen_5xx":%d,"errors":{"connect":%d,"read":%d,"write":%d,"timeout":%d,"status":%d}}\n',
      summary.requests, summary.duration, math.floor(latency:percentile(50)),
      math.floor(latency:percentile(90)), math.floor(latency:percentile(99)),
      math.floor(latency.max), json_object(all_statuses), json_object(all_ok),
      totals.pending, totals.saved_searches, totals.previews, totals.seen_5xx,
      e.connect, e.read, e.write, e.timeout, e.status))
end
