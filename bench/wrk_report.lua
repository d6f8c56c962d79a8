-- Shared by the bench's wrk scripts: one JSON line with the figures the bench
-- needs. wrk counts every response outside 2xx/3xx in summary.errors.status.
threads = {}

function setup(thread)
   table.insert(threads, thread)
   thread:set("thread_number", #threads)
end

-- Quantiles at every half percent and 99.9 %, so the bench can merge runs.
function quantiles(latency)
   local q = {}
   for i = 1, 199 do q[i] = latency:percentile(i / 2) end
   q[200] = latency:percentile(99.9)
   return table.concat(q, ", ")
end

function report(summary, latency, extra)
   local e = summary.errors
   io.write(string.format(
      'BENCH_JSON {"requests": %d, "duration_us": %d, "bytes": %d, "connect_errors": %d, ' ..
      '"read_errors": %d, "write_errors": %d, "bad_status": %d, "timeouts": %d, ' ..
      '"p50_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d, "quantiles_us": [%s]%s}\n',
      summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status,
      e.timeout, latency:percentile(50), latency:percentile(95), latency:percentile(99),
      latency.max, summary.requests > 0 and quantiles(latency) or "", extra or ""))
end
