-- A fixed request (wrk's own, so no Lua runs per request); figures at the end.
dofile(string.gsub(debug.getinfo(1, "S").source, "^@(.*)wrk_get.lua$", "%1") .. "wrk_report.lua")

function done(summary, latency, requests)
   report(summary, latency)
end
