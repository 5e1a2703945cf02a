-- Argo CD health of hsrl.io/AbExperiment: Healthy while routing works (a running experiment is healthy);
-- Degraded on an invalid spec or a sample-ratio mismatch, which makes the results untrustworthy.
local hs = {status = "Progressing", message = "Waiting for the controller"}
if obj.status == nil or obj.status.conditions == nil then return hs end
if obj.status.observedGeneration ~= nil and obj.metadata.generation ~= nil
    and obj.status.observedGeneration < obj.metadata.generation then
  hs.message = "Waiting for the controller to observe generation " .. obj.metadata.generation
  return hs
end
local ready, srm
for _, c in ipairs(obj.status.conditions) do
  if c.type == "Ready" then ready = c end
  if c.type == "SampleRatioOK" then srm = c end
end
if ready == nil then return hs end
if ready.status ~= "True" then
  if ready.reason == "InvalidSpec" then return {status = "Degraded", message = ready.message or "Invalid spec"} end
  return {status = "Progressing", message = ready.message or ready.reason}
end
if srm ~= nil and srm.status == "False" then
  return {status = "Degraded", message = srm.message or "Sample ratio mismatch"}
end
local decision = obj.status.decision or "Continue"
return {status = "Healthy", message = (obj.status.summary or ("Decision: " .. decision))}
