-- POSTs that each act on another object: the pool file holds the path of
-- every request, one a line, and the form body is the first line. Threads
-- take every n-th line, so no path is used twice. When a thread runs out,
-- it repeats its last path and counts the repeats ("exhausted"), which the
-- bench reports: such a run measured less than real work.
dofile(string.gsub(debug.getinfo(1, "S").source, "^@(.*)wrk_pool.lua$", "%1") .. "wrk_report.lua")

function init(args)
   local number = thread_number
   local count = tonumber(args[2])
   paths = {}
   body = nil
   local i = 0
   for line in io.lines(args[1]) do
      if body == nil then
         body = line
      else
         if i % count == number - 1 then table.insert(paths, line) end
         i = i + 1
      end
   end
   used = 0
   exhausted = 0
end

function request()
   used = used + 1
   local path = paths[used]
   if path == nil then
      exhausted = exhausted + 1
      path = paths[#paths]
   end
   return wrk.format("POST", path, nil, body)
end

function done(summary, latency, requests)
   local used_total, exhausted_total = 0, 0
   for _, thread in ipairs(threads) do
      used_total = used_total + thread:get("used")
      exhausted_total = exhausted_total + thread:get("exhausted")
   end
   report(summary, latency, string.format(', "issued": %d, "exhausted": %d', used_total, exhausted_total))
end
