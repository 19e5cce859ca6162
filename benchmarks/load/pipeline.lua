-- wrk script: HTTP/1.1 pipelining. Each write carries `depth` copies of the request (first script argument,
-- default 16), so a connection keeps a whole batch in flight; wrk counts every response.
-- wrk 4.1.0 measures latency per write, not per response, so its percentiles are meaningless here:
-- loadbench reports the mean latency per batch instead (connections x depth / req/s).
init = function(args)
  local depth = tonumber(args[1]) or 16
  local batch = {}
  for i = 1, depth do
    batch[i] = wrk.format()
  end
  request_batch = table.concat(batch)
end

request = function()
  return request_batch
end
