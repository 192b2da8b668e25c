-- wrk script: POST the final submit, each request with a different prepared draft (cookie),
-- as each resident's browser would. Drafts come from ASB_BENCH_IDS, split between threads.
local thread_count = 0

function setup(thread)
  thread:set("tid", thread_count)
  thread_count = thread_count + 1
end

function init(args)
  ids = {}
  local threads = tonumber(os.getenv("ASB_BENCH_THREADS"))
  local n = 0
  -- Each line: a draft id and the CSRF token its forms carry.
  for line in io.lines(os.getenv("ASB_BENCH_IDS")) do
    if n % threads == tid then
      local id, token = line:match("^(%S+)%s+(%S+)$")
      ids[#ids + 1] = { id = id, token = token }
    end
    n = n + 1
  end
  i = 0
end

function request()
  i = i + 1
  if i > #ids then
    -- Out of fresh drafts: later requests would measure the cheaper idempotent path.
    i = 1
    io.stderr:write("warning: draft ids exhausted; seed more\n")
  end
  return wrk.format("POST", nil, {
    ["Cookie"] = "asb_draft=" .. ids[i].id,
    ["Content-Type"] = "application/x-www-form-urlencoded",
  }, "version=1&csrf=" .. ids[i].token)
end

function done(summary, latency, requests)
  io.write(string.format("RESULT requests=%d duration_s=%.2f rps=%.1f p50_ms=%.2f p99_ms=%.2f errors=%d non2xx3xx=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status))
end
