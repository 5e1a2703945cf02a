-- Argo CD health of hsrl.io/HsrlTraining: Healthy when Complete, Suspended when suspended, Degraded when Failed.
local hs = {status = "Progressing", message = "Waiting for the operator"}
if obj.status == nil then return hs end
if obj.status.observedGeneration ~= nil and obj.metadata.generation ~= nil
    and obj.status.observedGeneration < obj.metadata.generation then
  hs.message = "Waiting for the operator to observe generation " .. obj.metadata.generation
  return hs
end
local function cond(t)
  if obj.status.conditions == nil then return nil end
  for _, c in ipairs(obj.status.conditions) do
    if c.type == t and c.status == "True" then return c end
  end
  return nil
end
local c = cond("Failed")
if c ~= nil then return {status = "Degraded", message = c.message or c.reason} end
c = cond("Complete")
if c ~= nil then return {status = "Healthy", message = c.message or "Training complete"} end
c = cond("Suspended")
if c ~= nil then return {status = "Suspended", message = c.message or "Suspended"} end
local msg = obj.status.state or "Pending"
if obj.status.progress ~= nil and obj.status.progress.percent ~= nil then
  msg = msg .. string.format(" %.1f%%", obj.status.progress.percent)
end
c = cond("Running") or cond("Pending")
if c ~= nil and c.message ~= nil then msg = msg .. ": " .. c.message end
return {status = "Progressing", message = msg}
