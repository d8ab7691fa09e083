-- wrk script for vaultstream's benchmarks (io.vaultstream.bench.WrkLoad): sends pre-built requests read
-- from a file, so every request can be distinct (signed notifications) at no cost during the run.
--
--   wrk -t THREADS ... -s wrk-requests.lua http://host:port -- FILE MODE THREADS
--
-- FILE holds, per request: a line "METHOD PATH HEADER_COUNT BODY_BYTES", HEADER_COUNT lines "Name: value",
-- then BODY_BYTES bytes of body and a newline. Thread t of n takes requests t+1, t+1+n, ... .
-- MODE "each": every request is sent exactly once (a connection that finds none left stays idle, so none is
-- ever sent twice); a thread stops once all of its requests are answered and prints "WRK_THREAD_DONE".
-- wrk's main thread still sleeps for --duration, so the bench interrupts it (SIGINT) once every thread is
-- done; the run's duration is therefore measured here: first request sent to last answer received.
-- MODE "cycle": requests are sent round-robin until wrk's --duration ends.
-- done() prints one line "WRK_RESULT {json}" for the bench to parse.

local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_nsec; } wrk_timespec;
int clock_gettime(int clock, wrk_timespec *t);
]]
local CLOCK_MONOTONIC = 1
local now_buffer = ffi.new("wrk_timespec")

-- microseconds on the system-wide monotonic clock, comparable between threads
local function now_micros()
   ffi.C.clock_gettime(CLOCK_MONOTONIC, now_buffer)
   return tonumber(now_buffer.tv_sec) * 1000000 + math.floor(tonumber(now_buffer.tv_nsec) / 1000)
end

local threads = {}

-- wrk calls setup(t) then t's init() thread by thread, so a thread learns the thread count from its arguments
function setup(thread)
   thread:set("thread_index", #threads)
   table.insert(threads, thread)
end

local requests = {}
local count = 0
local next_request = 1
local mode = "each"
-- wrk 4.1 calls request() once on the first thread before the run, to check that the script's request
-- parses (script_verify_request); that call must not use up a request, or it would never be sent
local verifying = false
answered = 0
statuses = {}
first_sent = -1
last_answered = -1

local function read_requests(file, index, total)
   local f = assert(io.open(file, "rb"))
   local data = f:read("*a")
   f:close()
   local host = wrk.headers["Host"]
   local pos, i = 1, 0
   while pos <= #data do
      local eol = data:find("\n", pos, true)
      local method, path, header_count, body_bytes = data:sub(pos, eol - 1):match("^(%S+) (%S+) (%d+) (%d+)$")
      assert(method, "bad request line in " .. file)
      pos = eol + 1
      local headers = { Host = host }
      for _ = 1, tonumber(header_count) do
         eol = data:find("\n", pos, true)
         local name, value = data:sub(pos, eol - 1):match("^([^:]+): (.*)$")
         headers[name] = value
         pos = eol + 1
      end
      local length = tonumber(body_bytes)
      local body = nil
      if length > 0 then
         body = data:sub(pos, pos + length - 1)
      end
      pos = pos + length + 1
      if i % total == index then
         requests[#requests + 1] = wrk.format(method, path, headers, body)
      end
      i = i + 1
   end
end

function init(args)
   mode = args[2]
   read_requests(args[1], thread_index, tonumber(args[3]))
   count = #requests
   verifying = thread_index == 0
   if count == 0 then
      wrk.thread:stop()
   end
end

function request()
   if verifying then
      verifying = false
      return requests[1]
   end
   if next_request > count then
      if mode == "cycle" then
         next_request = 1
      else
         return "" -- all sent: this connection idles until the thread's last answer arrives
      end
   end
   if first_sent < 0 then
      first_sent = now_micros()
   end
   local r = requests[next_request]
   next_request = next_request + 1
   return r
end

function response(status, headers, body)
   answered = answered + 1
   statuses[status] = (statuses[status] or 0) + 1
   if mode == "each" and answered == count then
      last_answered = now_micros()
      wrk.thread:stop()
      io.write("WRK_THREAD_DONE ", thread_index, "\n")
      io.flush()
   end
end

function done(summary, latency, requests)
   local by_status = {}
   local answers, non2xx = 0, 0
   local first, last = -1, -1
   for _, t in ipairs(threads) do
      answers = answers + t:get("answered")
      local f, l = t:get("first_sent"), t:get("last_answered")
      if f >= 0 and (first < 0 or f < first) then first = f end
      if l > last then last = l end
      for status, n in pairs(t:get("statuses")) do
         by_status[status] = (by_status[status] or 0) + n
         if status < 200 or status > 299 then
            non2xx = non2xx + n
         end
      end
   end
   local parts = {}
   for status, n in pairs(by_status) do
      parts[#parts + 1] = string.format('"%d":%d', status, n)
   end
   local e = summary.errors
   -- "each": first request to last answer; "cycle": wrk's own run time
   local duration = summary.duration
   if mode == "each" and first >= 0 and last >= first then
      duration = last - first
   end
   io.write(string.format('WRK_RESULT {"requests":%d,"answers":%d,"durationMicros":%d,"non2xx":%d,"statuses":{%s},'
         .. '"errors":{"connect":%d,"read":%d,"write":%d,"timeout":%d},'
         .. '"latencyMicros":{"p50":%d,"p95":%d,"p99":%d,"p999":%d,"max":%d,"mean":%.1f}}\n',
      summary.requests, answers, duration, non2xx, table.concat(parts, ","),
      e.connect, e.read, e.write, e.timeout,
      latency:percentile(50), latency:percentile(95), latency:percentile(99), latency:percentile(99.9),
      latency.max, latency.mean))
end
