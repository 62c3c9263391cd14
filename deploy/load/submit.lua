-- wrk script: asynchronous submits of a no-op workflow (POST /workflows/{id}/runs).
--   wrk -t2 -c32 -d10s -s deploy/load/submit.lua http://127.0.0.1:8003
-- Register the workflow first (deploy/load/noop.yaml), e.g.
--   curl -s -XPOST --data-binary @deploy/load/noop.yaml http://127.0.0.1:8003/workflows
-- Environment: WORKFLOW_ID (default noop_flow), DAGFLOW_TOKEN (optional bearer token).
local workflow = os.getenv("WORKFLOW_ID") or "noop_flow"
local token = os.getenv("DAGFLOW_TOKEN")

wrk.method = "POST"
wrk.path = "/workflows/" .. workflow .. "/runs"
wrk.body = "{}"
wrk.headers["Content-Type"] = "application/json"
if token then
  wrk.headers["Authorization"] = "Bearer " .. token
end

local threads = {}

setup = function(thread)
  table.insert(threads, thread)
end

init = function(args)
  accepted, limited, other = 0, 0, 0
end

response = function(status, headers, body)
  if status == 202 then
    accepted = accepted + 1
  elseif status == 429 then
    limited = limited + 1
  else
    other = other + 1
  end
end

done = function(summary, latency, requests)
  local a, l, o = 0, 0, 0
  for _, thread in ipairs(threads) do
    a = a + thread:get("accepted")
    l = l + thread:get("limited")
    o = o + thread:get("other")
  end
  io.write(string.format("responses: 202=%d 429=%d other=%d\n", a, l, o))
end
