-- Argo CD health of the hsrl.io kinds: one script for SemanticIndex, HsrlTraining, HsrlServing and AbExperiment.
-- What differs between kinds is the table below: rules tried in order against the status conditions; the first
-- that matches gives the health. A rule names a condition type, optionally its status ("True", "False", "notTrue"),
-- its reasons, and a second condition that must be True; the message is the condition's message, else its reason
-- (orReason), else the default.
local kinds = {
  SemanticIndex = {controller = "operator", needs = "Ready", rules = {
    {type = "Degraded", status = "True", alsoTrue = "Ready", health = "Degraded",
     default = "Index quality thresholds breached"},
    {type = "Ready", status = "True", health = "Healthy", default = "Index ready"},
    {type = "Ready", reasons = {InvalidSpec = true, Failed = true, BuildFailed = true}, health = "Degraded",
     orReason = true},
    {type = "Ready", health = "Progressing", orReason = true, default = "Building"},
  }},
  HsrlServing = {controller = "operator", rules = {
    {type = "Degraded", status = "True", health = "Degraded", orReason = true},
    {type = "Ready", status = "True", health = "Healthy", default = "Serving"},
    {type = "Ready", reasons = {InvalidSpec = true, TrainingFailed = true}, health = "Degraded",
     default = "Invalid spec"},
    {type = "Ready", health = "Progressing", orReason = true},
  }},
  AbExperiment = {controller = "controller", needs = "Ready", rules = {
    {type = "Ready", status = "notTrue", reasons = {InvalidSpec = true}, health = "Degraded",
     default = "Invalid spec"},
    {type = "Ready", status = "notTrue", health = "Progressing", orReason = true},
    {type = "SampleRatioOK", status = "False", health = "Degraded", default = "Sample ratio mismatch"},
  }, otherwise = function(status)
    return {status = "Healthy", message = status.summary or ("Decision: " .. (status.decision or "Continue"))}
  end},
  HsrlTraining = {controller = "operator", conditionsOptional = true, rules = {
    {type = "Failed", status = "True", health = "Degraded", orReason = true},
    {type = "Complete", status = "True", health = "Healthy", default = "Training complete"},
    {type = "Suspended", status = "True", health = "Suspended", default = "Suspended"},
  }, otherwise = function(status, conds)
    local msg = status.state or "Pending"
    if status.progress ~= nil and status.progress.percent ~= nil then
      msg = msg .. string.format(" %.1f%%", status.progress.percent)
    end
    for _, t in ipairs({"Running", "Pending"}) do
      local c = conds[t]
      if c ~= nil and c.status == "True" then
        if c.message ~= nil then msg = msg .. ": " .. c.message end
        break
      end
    end
    return {status = "Progressing", message = msg}
  end},
}

local kind = kinds[obj.kind] or {controller = "operator", rules = {}}
local waiting = {status = "Progressing", message = "Waiting for the " .. kind.controller}
local status = obj.status
if status == nil or (status.conditions == nil and not kind.conditionsOptional) then return waiting end
if status.observedGeneration ~= nil and obj.metadata.generation ~= nil
    and status.observedGeneration < obj.metadata.generation then
  waiting.message = waiting.message .. " to observe generation " .. obj.metadata.generation
  return waiting
end
local conds = {}
for _, c in ipairs(status.conditions or {}) do conds[c.type] = c end
if kind.needs ~= nil and conds[kind.needs] == nil then return waiting end

local function matches(rule, c)
  if c == nil then return false end
  if rule.status == "notTrue" then
    if c.status == "True" then return false end
  elseif rule.status ~= nil and c.status ~= rule.status then
    return false
  end
  if rule.reasons ~= nil and not rule.reasons[c.reason] then return false end
  if rule.alsoTrue ~= nil and (conds[rule.alsoTrue] == nil or conds[rule.alsoTrue].status ~= "True") then
    return false
  end
  return true
end

for _, rule in ipairs(kind.rules) do
  local c = conds[rule.type]
  if matches(rule, c) then
    local message = c.message
    if message == nil and rule.orReason then message = c.reason end
    if message == nil then message = rule.default end
    return {status = rule.health, message = message}
  end
end
if kind.otherwise ~= nil then return kind.otherwise(status, conds) end
return waiting
