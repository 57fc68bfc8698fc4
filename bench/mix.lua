-- A realistic mix of storefront page views for wrk (used by bench/live.sh and bench/soak.sh).
--
--   wrk -t1 -c16 -d60s --latency --timeout 35s -s bench/mix.lua http://127.0.0.1:PORT
--
-- Per request it picks one of: the home page, listing pages (/products?page=1..5), category
-- listings, searches (about 50 buyer keywords, English and Chinese, URL-encoded, with a skewed
-- popularity), product pages (ids with a Zipf-like popularity), and the JSON API. Every choice comes
-- from a seeded Park-Miller generator, so a run sends the same sequence each time. Page views carry
-- a browser's navigation headers (Sec-Fetch-Mode: navigate, Accept-Encoding: br, gzip).
--
-- Environment:
--   MIX_SEED        seed (default 1688); thread n uses MIX_SEED + n
--   MIX_IDS_FILE    product ids, one per line, most popular first (mock mode: harvested from
--                   /api/products); default: the stand-in's generated catalog (3000 offers)
--   MIX_CATEGORIES  comma-separated category ids for category listings; default: the stand-in's
--   MIX_HOSTILE     share of odd or hostile requests (bad parameters, long queries, unknown
--                   paths), 0.0-1.0; default 0
--   MIX_ZIPF_S      exponent of the product popularity (default 1.0)
--
-- At the end it prints one line starting with "MIX " holding JSON: requests, duration, latency
-- percentiles (µs), responses by status code, requests by kind, socket errors.

local threads = {}

function setup(thread)
   thread:set("thread_id", #threads + 1)
   table.insert(threads, thread)
end

-- The stand-in's generated catalog: offer n has id BASE + n * STEP (stand-ins/src/gateway/generated.rs).
local GENERATED_OFFERS = 3000
local GENERATED_ID_BASE = 600000000000
local GENERATED_ID_STEP = 97654321
local STAND_IN_CATEGORIES = { 7, 127, 128, 1031919, 1038378, 1046625, 1813, 181301, 181302 }

local KEYWORDS = {
   "phone case", "手机壳", "数据线", "charging cable", "dress", "连衣裙", "backpack", "双肩包",
   "LED strip", "LED灯带", "kitchen", "厨房用品", "dog toy", "宠物玩具", "socks", "袜子",
   "t-shirt", "T恤", "building blocks", "积木", "plush toy", "毛绒玩具", "hoodie", "卫衣",
   "water bottle", "水杯", "earphones", "蓝牙耳机", "sunglasses", "太阳镜", "hair clip", "发夹",
   "storage box", "收纳盒", "yoga pants", "瑜伽裤", "phone holder", "手机支架", "jewelry", "饰品",
   "sneakers", "运动鞋", "umbrella", "雨伞", "notebook", "笔记本", "power bank", "充电宝",
   "baby clothes", "童装", "wholesale packaging", "包装盒",
}

local function getenv_number(name, default)
   local value = tonumber(os.getenv(name) or "")
   if value == nil then return default end
   return value
end

-- Park-Miller minimal standard generator: exact in doubles (products stay below 2^53).
local state = 1
local function random()
   state = (state * 16807) % 2147483647
   return state / 2147483647
end

local function random_int(n) -- 1..n
   return math.floor(random() * n) + 1
end

-- Cumulative Zipf weights over n ranks.
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

local product_ids, categories, hostile_share
local product_cdf, keyword_cdf, page_cdf

function init(args)
   state = (getenv_number("MIX_SEED", 1688) + (thread_id or 1) * 7919) % 2147483646 + 1
   hostile_share = getenv_number("MIX_HOSTILE", 0)

   product_ids = {}
   local ids_file = os.getenv("MIX_IDS_FILE")
   if ids_file and ids_file ~= "" then
      for line in io.lines(ids_file) do
         local id = string.match(line, "^%s*(%d+)")
         if id then table.insert(product_ids, id) end
      end
   end
   if #product_ids == 0 then
      -- Popularity rank r is offer (7r + 13) mod 3000: a bijection, so the hits spread over the
      -- catalog and its categories instead of following the id order.
      for rank = 0, GENERATED_OFFERS - 1 do
         local index = (rank * 7 + 13) % GENERATED_OFFERS
         product_ids[rank + 1] = string.format("%.0f", GENERATED_ID_BASE + index * GENERATED_ID_STEP)
      end
   end

   categories = {}
   for id in string.gmatch(os.getenv("MIX_CATEGORIES") or "", "%d+") do
      table.insert(categories, id)
   end
   if #categories == 0 then
      for _, id in ipairs(STAND_IN_CATEGORIES) do table.insert(categories, tostring(id)) end
   end

   product_cdf = zipf_table(#product_ids, getenv_number("MIX_ZIPF_S", 1.0))
   keyword_cdf = zipf_table(#KEYWORDS, 0.8)
   page_cdf = zipf_table(5, 1.2)

   statuses = {}
   kinds = {}
end

local function keyword()
   return urlencode(KEYWORDS[zipf_pick(keyword_cdf)])
end

-- Odd or hostile requests: every one must get a 4xx (or a page), never a 500.
local function hostile()
   local choice = random_int(14)
   if choice == 1 then return "/products?page=abc" end
   if choice == 2 then return "/products?page=0" end
   if choice == 3 then return "/products?page=99999999999" end
   if choice == 4 then return "/search?q=" .. keyword() .. "&min_price=-1&max_price=abc" end
   if choice == 5 then return "/products?sort=bogus&category=abc" end
   if choice == 6 then return "/products?page=1&page=2" end
   if choice == 7 then return "/search?q=" .. string.rep("x", 201) end -- over MAX_KEYWORD_CHARS
   if choice == 8 then return "/search?q=" .. string.rep("%E6%89%8B", 1400) end -- URI > 4096 bytes
   if choice == 9 then return "/search?q=%E6%89%8B%FF%FE" end -- invalid UTF-8
   if choice == 10 then return "/products/not-a-number" end
   if choice == 11 then return "/products/999999999999" end -- unknown offer
   if choice == 12 then return "/wp-login.php" end
   if choice == 13 then return "/static/..%2F..%2Fetc%2Fpasswd" end
   return "/api/products?q=" .. keyword() .. "&page_size=1000"
end

local function pick()
   if random() < hostile_share then return "hostile", hostile() end
   local u = random()
   if u < 0.10 then return "home", "/" end
   if u < 0.25 then return "listing", "/products?page=" .. zipf_pick(page_cdf) end
   if u < 0.35 then
      local path = "/products?category=" .. categories[random_int(#categories)]
      if random() < 0.3 then path = path .. "&page=2" end
      return "category", path
   end
   if u < 0.60 then
      local path = "/search?q=" .. keyword()
      if random() < 0.15 then path = path .. "&page=2" end
      return "search", path
   end
   if u < 0.95 then return "product", "/products/" .. product_ids[zipf_pick(product_cdf)] end
   return "api", "/api/products?q=" .. keyword()
end

-- Page views ask as a browser navigating does; the JSON API as a script does, with a User-Agent of
-- its own. The store tells clients apart by address and User-Agent, and treats one that ignores a
-- Retry-After as a crawler (answered only from what it holds; a browser's navigation never counts
-- as ignoring it): without these headers the page views and the script would be one client, wrk,
-- which ignores every Retry-After (issue 18).
local BROWSER = {
   ["User-Agent"] = "Mozilla/5.0 (X11; Linux x86_64) bench-mix shopper",
   ["Accept-Encoding"] = "br, gzip",
   ["Sec-Fetch-Mode"] = "navigate",
}
local SCRIPT = { ["User-Agent"] = "bench-mix-script/1.0", ["Accept-Encoding"] = "gzip" }

function request()
   local kind, path = pick()
   kinds[kind] = (kinds[kind] or 0) + 1
   return wrk.format("GET", path, kind == "api" and SCRIPT or BROWSER)
end

function response(status, headers, body)
   local key = tostring(status)
   statuses[key] = (statuses[key] or 0) + 1
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
   local all_statuses, all_kinds = {}, {}
   for _, thread in ipairs(threads) do
      for k, v in pairs(thread:get("statuses") or {}) do all_statuses[k] = (all_statuses[k] or 0) + v end
      for k, v in pairs(thread:get("kinds") or {}) do all_kinds[k] = (all_kinds[k] or 0) + v end
   end
   local e = summary.errors
   io.write(string.format(
      'MIX {"requests":%d,"duration_us":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,' ..
      '"status":%s,"kinds":%s,"errors":{"connect":%d,"read":%d,"write":%d,"timeout":%d,"status":%d}}\n',
      summary.requests, summary.duration, math.floor(latency:percentile(50)),
      math.floor(latency:percentile(90)), math.floor(latency:percentile(99)),
      math.floor(latency.max), json_object(all_statuses), json_object(all_kinds),
      e.connect, e.read, e.write, e.timeout, e.status))
end
