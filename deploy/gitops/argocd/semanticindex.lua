-- Argo CD health of hsrl.io/SemanticIndex: Healthy once the index is Ready for the current generation.
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
if ready == nil then return hs end
if ready.status == "True" then
  if degraded ~= nil and degraded.status == "True" then
    return {status = "Degraded", message = degraded.message or "Index quality thresholds breached"}
  end
  return {status = "Healthy", message = ready.message or "Index ready"}
end
if ready.reason == "InvalidSpec" or ready.reason == "Failed" or ready.reason == "BuildFailed" then
  return {status = "Degraded", message = ready.message or ready.reason}
end
return {status = "Progressing", message = ready.message or ready.reason or "Building"}
