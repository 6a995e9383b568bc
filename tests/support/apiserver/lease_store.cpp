#include "support/apiserver/lease_store.h"

#include "support/apiserver/group_resource_status.h"
#include "support/apiserver/json_fields.h"
#include "support/apiserver/status.h"

namespace lecter::testing {
namespace {

using json = nlohmann::json;

const GroupResource kLeases{"coordination.k8s.io", "leases"};
constexpr const char* kGroup = "coordination.k8s.io";

/// NewInvalid: `Lease.coordination.k8s.io "NAME" is invalid: FIELD: Invalid value: VALUE: WHY`.
WriteOutcome invalid(const std::string& name, const std::string& field, const std::string& value,
                     const std::string& why) {
  std::string message = "Lease.coordination.k8s.io ";
  message += quoted(name);
  json body =
      statusBody(422, "Invalid", message + " is invalid: " + field + ": Invalid value: " + value + ": " + why,
                 {{"name", name},
                  {"group", kGroup},
                  {"kind", "Lease"},
                  {"causes", json::array({{{"reason", "FieldValueInvalid"},
                                           {"message", "Invalid value: " + value + ": " + why},
                                           {"field", field}}})}});
  return WriteOutcome{422, std::move(body)};
}

/// The spec rules of ValidateLeaseSpec that lecter's writes could break.
std::optional<WriteOutcome> specProblem(const std::string& name, const json& object) {
  const json spec = object.is_object() && object.contains("spec") ? object["spec"] : json::object();
  if (!spec.is_object()) return invalid(name, "spec", spec.dump(), "must be an object");
  if (spec.contains("leaseDurationSeconds")) {
    const json& duration = spec["leaseDurationSeconds"];
    if (!duration.is_number_integer() || duration.get<long long>() <= 0)
      return invalid(name, "spec.leaseDurationSeconds", duration.dump(), "must be greater than 0");
  }
  if (spec.contains("leaseTransitions")) {
    const json& transitions = spec["leaseTransitions"];
    if (!transitions.is_number_integer() || transitions.get<long long>() < 0)
      return invalid(name, "spec.leaseTransitions", transitions.dump(), "must be greater than or equal to 0");
  }
  return std::nullopt;
}

}  // namespace

json leaseForbiddenStatus(const std::string& user, const std::string& verb, const std::string& ns,
                          const std::string& name) {
  return groupForbiddenStatus(kLeases, user, verb, ns, name);
}

json leaseNotFoundStatus(const std::string& name) { return groupNotFoundStatus(kLeases, name); }

std::optional<json> LeaseStore::get(const std::string& ns, const std::string& name) const {
  const auto found = objects_.find({ns, name});
  if (found == objects_.end()) return std::nullopt;
  return found->second;
}

WriteOutcome LeaseStore::create(const std::string& ns, json object) {
  const std::string name = metadataString(object, "name");
  if (name.empty()) {
    return WriteOutcome{
        422, statusBody(422, "Invalid",
                        "Lease.coordination.k8s.io \"\" is invalid: metadata.name: Required value: "
                        "name or generateName is required",
                        {{"group", kGroup}, {"kind", "Lease"}})};
  }
  if (objects_.contains({ns, name})) return WriteOutcome{409, groupAlreadyExistsStatus(kLeases, name)};
  if (auto problem = specProblem(name, object)) return *problem;
  object["kind"] = "Lease";
  object["apiVersion"] = "coordination.k8s.io/v1";
  object["metadata"]["namespace"] = ns;
  object["metadata"]["resourceVersion"] = history_.nextResourceVersion();
  objects_[{ns, name}] = object;
  history_.record("leases", "ADDED", object);
  return WriteOutcome{201, object};
}

WriteOutcome LeaseStore::update(const std::string& ns, const std::string& name, json object) {
  const auto current = objects_.find({ns, name});
  if (current == objects_.end()) return WriteOutcome{404, leaseNotFoundStatus(name)};
  const std::string version = metadataString(object, "resourceVersion");
  if (version.empty())
    return invalid(name, "metadata.resourceVersion", "0x0", "must be specified for an update");
  if (version != metadataString(current->second, "resourceVersion")) {
    return WriteOutcome{409, groupConflictStatus(kLeases, name)};
  }
  if (auto problem = specProblem(name, object)) return *problem;
  object["kind"] = "Lease";
  object["apiVersion"] = "coordination.k8s.io/v1";
  object["metadata"]["name"] = name;
  object["metadata"]["namespace"] = ns;
  object["metadata"]["resourceVersion"] = history_.nextResourceVersion();
  current->second = object;
  history_.record("leases", "MODIFIED", object);
  return WriteOutcome{200, object};
}

}  // namespace lecter::testing
