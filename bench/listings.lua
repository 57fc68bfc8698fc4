-- Distinct listing URLs for wrk, as shoppers and crawlers produce them (used by bench/pages.sh).
--
--   wrk -t1 -c32 -d30s --latency -s bench/listings.lua http://127.0.0.1:PORT
--   wrk ... -H 'Accept-Encoding: br, gzip' -s bench/listings.lua ...   (as a browser asks)
--
-- Each request combines a keyword (none, or one of about 50 buyer keywords in English and Chinese
-- with a Zipf-like popularity), a sort order, a page (1-10, earlier pages more likely) and a
-- price range (none, or one of about 25 ranges): about 49 x 4 x 10 x 26 = 51,000 distinct URLs,
-- the popular ones asked often, a long tail asked once. Keyword searches go to /search, the rest
-- to /products. A seeded Park-Miller generator makes every run send the same sequence.
--
-- Environment:
--   LISTINGS_SEED   seed (default 1688); thread n starts from (LISTINGS_SEED + 7919 n) mod (2^31 - 2) + 1
--
-- At the end it prints one line starting with "LISTINGS " holding JSON: requests, distinct URLs
-- sent and the share of requests for a URL not sent before (by the same thread), non-200 answers
-- and socket errors.

local threads = {}

function setup(thread)
   thread:set("thread_id", #threads + 1)
   table.insert(threads, thread)
end

local KEYWORDS = {
   "phone case", "手机壳", "数据线", "charging cable", "dress", "连衣裙", "backpack", "双肩包",
   "LED", "LED灯", "kitchen", "厨房", "dog toy", "宠物", "socks", "袜子",
   "t-shirt", "T恤", "toy", "玩具", "bag", "包", "shoes", "鞋",
   "cup", "保温杯", "earrings", "耳环", "towel", "毛巾", "storage", "收纳",
   "phone holder", "手机支架", "charger", "充电器", "mug", "杯", "tape", "胶带",
   "packaging", "包装", "phone", "手机", "cable", "手机 case", "women", "kids",
}
local SORTS = { { "", 50 }, { "price_asc", 20 }, { "sales", 20 }, { "price_desc", 10 } }
local MIN_PRICES = { "1", "5", "10", "20", "50" }
local MAX_PRICES = { "10", "20", "50", "100", "500" }

-- Park-Miller minimal standard generator: exact in doubles.
local state = 1
local function random()
   state = (state * 16807) % 2147483647
   return state / 2147483647
end

local function random_int(n) -- 1..n
   return math.floor(random() * n) + 1
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

local function weighted(choices)
   local total = 0
   for _, c in ipairs(choices) do total = total + c[2] end
   local u = random() * total
   for _, c in ipairs(choices) do
      u = u - c[2]
      if u <= 0 then return c[1] end
   end
   return choices[#choices][1]
end

local function urlencode(s)
   return (string.gsub(s, "[^%w%-%._~]", function(c)
      return string.format("%%%02X", string.byte(c))
   end))
end

local keyword_cdf, page_cdf

function init(args)
   state = ((tonumber(os.getenv("LISTINGS_SEED") or "") or 1688) + (thread_id or 1) * 7919) % 2147483646 + 1
   keyword_cdf = zipf_table(#KEYWORDS, 1.0)
   page_cdf = zipf_table(10, 1.0)
   seen, distinct, first_seen, not_ok = {}, 0, 0, 0
end

-- A price range: none half of the time, else a minimum, a maximum or both (min < max).
local function price_range()
   if random() < 0.5 then return "" end
   local min = MIN_PRICES[random_int(#MIN_PRICES)]
   local max = MAX_PRICES[random_int(#MAX_PRICES)]
   local u = random()
   if u < 0.3 then return "min_price=" .. min end
   if u < 0.6 or tonumber(min) >= tonumber(max) then return "max_price=" .. max end
   return "min_price=" .. min .. "&max_price=" .. max
end

local function listing_path()
   local params = {}
   local path = "/products"
   if random() >= 0.25 then
      path = "/search"
      table.insert(params, "q=" .. urlencode(KEYWORDS[zipf_pick(keyword_cdf)]))
   end
   local sort = weighted(SORTS)
   if sort ~= "" then table.insert(params, "sort=" .. sort) end
   local price = price_range()
   if price ~= "" then table.insert(params, price) end
   local page = zipf_pick(page_cdf)
   if page > 1 then table.insert(params, "page=" .. page) end
   if #params == 0 then return path end
   return path .. "?" .. table.concat(params, "&")
end

function request()
   local path = listing_path()
   if not seen[path] then
      seen[path] = true
      distinct = distinct + 1
      first_seen = first_seen + 1
   end
   return wrk.format("GET", path)
end

function response(status, headers, body)
   if status ~= 200 then not_ok = not_ok + 1 end
end

function done(summary, latency, requests)
   local all_distinct, all_first, all_not_ok = 0, 0, 0
   for _, thread in ipairs(threads) do
      all_distinct = all_distinct + (thread:get("distinct") or 0)
      all_first = all_first + (thread:get("first_seen") or 0)
      all_not_ok = all_not_ok + (thread:get("not_ok") or 0)
   end
   local e = summary.errors
   io.write(string.format(
      'LISTINGS {"requests":%d,"distinct_urls":%d,"first_seen":%d,"not_200":%d,' ..
      '"socket_errors":%d}\n',
      summary.requests, all_distinct, all_first, all_not_ok,
      e.connect + e.read + e.write + e.timeout))
end
