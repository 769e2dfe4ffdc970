-- Argo CD health of a GuestRedemptionReset, by the rules kstatus (Flux) applies to its conditions:
-- a status behind the spec or Reconciling=True is Progressing, Stalled=True is Degraded, Ready=True
-- is Healthy. No status yet means the operator has not acted: Progressing, never Healthy.
local health = { status = "Progressing", message = "Waiting for the operator to report status" }
if obj.status == nil then
  return health
end
local generation = obj.metadata and obj.metadata.generation
local observed = obj.status.observedGeneration
if generation ~= nil and (observed == nil or observed < generation) then
  health.message = "The operator has not acted on generation " .. tostring(generation) .. " yet"
  return health
end
local conditions = {}
for _, condition in ipairs(obj.status.conditions or {}) do
  conditions[condition.type] = condition
end
local function isTrue(kind)
  return conditions[kind] ~= nil and conditions[kind].status == "True"
end
local function explain(condition)
  return (condition.reason or "") .. ": " .. (condition.message or "")
end
if isTrue("Stalled") then
  health.status = "Degraded"
  health.message = explain(conditions.Stalled)
elseif isTrue("Reconciling") then
  health.message = explain(conditions.Reconciling)
elseif isTrue("Ready") then
  health.status = "Healthy"
  health.message = explain(conditions.Ready)
elseif conditions.Ready ~= nil then
  health.message = explain(conditions.Ready)
end
return health
