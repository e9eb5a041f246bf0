-- wrk script: every request is a query nobody asked before (a token-mode count of a
-- made-up Id), so that no cache can answer it and each one goes to a jobsctl replica.
-- The argument after "--" tags the run, so that two runs never share a query:
--   wrk -s bench/unique-queries.lua http://127.0.0.1:PORT -- run1
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("thread_number", threads)
end

local tag, sent = "run", 0
function init(args)
  tag = args[1] or tag
end

function request()
  sent = sent + 1
  return wrk.format(nil, "/data/count?_match=token&Id=" .. tag .. "-" .. thread_number .. "-" .. sent)
end
