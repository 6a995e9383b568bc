#include "lecter/kube/lease_record.h"

#include <algorithm>

#include "lecter/base/json_fields.h"
#include "lecter/base/utc_time.h"

namespace lecter {

namespace {

constexpr long long kInt32Max = 2147483647;

long long int32Member(const nlohmann::json& object, const char* key) {
  const nlohmann::json& value = jsonMember(object, key);
  if (value.is_number_unsigned()) {
    return static_cast<long long>(std::min<unsigned long long>(value.get<unsigned long long>(), kInt32Max));
  }
  if (!value.is_number_integer()) return 0;
  return std::clamp<long long>(value.get<long long>(), 0, kInt32Max);
}

}  // namespace

LeaseRecord leaseRecordOf(const nlohmann::json& lease) {
  LeaseRecord record;
  const nlohmann::json& spec = jsonMember(lease, "spec");
  record.holder = stringMember(spec, "holderIdentity");
  record.lease_duration_s = int32Member(spec, "leaseDurationSeconds");
  record.acquire_time = stringMember(spec, "acquireTime");
  record.renew_time = stringMember(spec, "renewTime");
  record.transitions = int32Member(spec, "leaseTransitions");
  record.resource_version = stringMember(jsonMember(lease, "metadata"), "resourceVersion");
  return record;
}

nlohmann::json leaseObject(const ObjectRef& ref, const LeaseRecord& record, nlohmann::json read) {
  nlohmann::json object = read.is_object() ? std::move(read) : nlohmann::json::object();
  object["apiVersion"] = "coordination.k8s.io/v1";
  object["kind"] = "Lease";
  nlohmann::json& metadata = object["metadata"];
  if (!metadata.is_object()) metadata = nlohmann::json::object();
  metadata["name"] = ref.name;
  metadata["namespace"] = ref.ns;
  if (record.resource_version.empty()) {
    metadata.erase("resourceVersion");
  } else {
    metadata["resourceVersion"] = record.resource_version;
  }
  nlohmann::json& spec = object["spec"];
  if (!spec.is_object()) spec = nlohmann::json::object();
  spec["holderIdentity"] = record.holder;
  spec["leaseDurationSeconds"] = record.lease_duration_s;
  spec["leaseTransitions"] = record.transitions;
  spec["acquireTime"] = record.acquire_time;
  spec["renewTime"] = record.renew_time;
  return object;
}

std::string microTime(long long unix_ms) {
  std::string text = utcTimestamp(unix_ms, /*with_millis=*/true);  // …:05.123Z
  text.insert(text.size() - 1, "000");
  return text;
}

}  // namespace lecter
