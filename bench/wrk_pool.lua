-- POSTs that each act on another object: the pool file holds the path of
-- every request, one a line, and the form body is the first line; a line
-- "path<TAB>body" has a body of its own (a move's target). Threads take
-- every n-th line, so no path is used twice; one thread sends them in order.
-- When a thread runs out, it repeats its last path and counts the repeats
-- ("exhausted"), which the bench reports: such a run measured less than real work.
dofile(string.gsub(debug.getinfo(1, "S").source, "^@(.*)wrk_pool.lua$", "%1") .. "wrk_report.lua")

function init(args)
   local number = thread_number
   local count = tonumber(args[2])
   paths = {}
   bodies = {}
   body = nil
   local i = 0
   for line in io.lines(args[1]) do
      if body == nil then
         body = line
      else
         if i % count == number - 1 then
            local tab = string.find(line, "\t", 1, true)
            if tab then
               table.insert(paths, string.sub(line, 1, tab - 1))
               table.insert(bodies, string.sub(line, tab + 1))
            else
               table.insert(paths, line)
               table.insert(bodies, body)
            end
         end
         i = i + 1
      end
   end
   used = 0
   exhausted = 0
end

function request()
   used = used + 1
   local path = paths[used]
   local this = bodies[used]
   if path == nil then
      exhausted = exhausted + 1
      path = paths[#paths]
      this = bodies[#bodies]
   end
   return wrk.format("POST", path, nil, this)
end

function done(summary, latency, requests)
   local used_total, exhausted_total = 0, 0
   for _, thread in ipairs(threads) do
      used_total = used_total + thread:get("used")
      exhausted_total = exhausted_total + thread:get("exhausted")
   end
   report(summary, latency, string.format(', "issued": %d, "exhausted": %d', used_total, exhausted_total))
end
