-- binary-trees (after the Computer Language Benchmarks Game): builds and
-- walks complete binary trees of tables; the depth is the first argument
-- (default 14).  Used by tests/perf/run as the `lua' workload.
local function bottom_up(depth)
  if depth == 0 then return {} end
  depth = depth - 1
  return { bottom_up(depth), bottom_up(depth) }
end

local function check(tree)
  if tree[1] then return 1 + check(tree[1]) + check(tree[2]) end
  return 1
end

local n = tonumber(arg and arg[1]) or 14
local max_depth = math.max(6, n)
local stretch = max_depth + 1
io.write("stretch tree of depth ", stretch, "\t check: ", check(bottom_up(stretch)), "\n")
local long_lived = bottom_up(max_depth)
for depth = 4, max_depth, 2 do
  local iters = 2 ^ (max_depth - depth + 4) // 1
  local sum = 0
  for _ = 1, iters do sum = sum + check(bottom_up(depth)) end
  io.write(iters, "\t trees of depth ", depth, "\t check: ", sum, "\n")
end
io.write("long lived tree of depth ", max_depth, "\t check: ", check(long_lived), "\n")
