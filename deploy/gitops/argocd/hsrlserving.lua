-- Argo CD health of hsrl.io/HsrlServing: Healthy when every replica serves the model.
local hs = {status = "Progressing", message = "Waiting for the operator"}
if obj.status == nil or obj.status.conditions == nil then return hs end
if obj.status.observedGeneration ~= nil and obj.metadata.generation ~= nil
    and obj.status.observedGeneration < obj.metadata.generation then
  hs.message = "Waiting for the operator to observe generation " .. obj.metadata.generation
  return hs
end
local ready, degraded
for _, c in ipairs(obj.status.conditions) do
  if c.type == "Ready" then ready = c end
  if c.type == "Degraded" then degraded = c end
end
if degraded ~= nil and degraded.status == "True" then
  return {status = "Degraded", message = degraded.message or degraded.reason}
end
if ready ~= nil and ready.status == "True" then
  return {status = "Healthy", message = ready.message or "Serving"}
end
if ready ~= nil and (ready.reason == "InvalidSpec" or ready.reason == "TrainingFailed") then
  return {status = "Degraded", message = ready.message or "Invalid spec"}
end
if ready ~= nil then hs.message = ready.message or ready.reason end
return hs
