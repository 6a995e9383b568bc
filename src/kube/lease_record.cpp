#include "lecter/kube/lease_record.h"

#include "lecter/base/json_fields.h"
#include "lecter/base/utc_time.h"

namespace lecter {

namespace {

long long integerMember(const nlohmann::json& object, const char* key) {
  const nlohmann::json& value = jsonMember(object, key);
  return value.is_number_integer() ? value.get<long long>() : 0;
}

}  // namespace

LeaseRecord leaseRecordOf(const nlohmann::json& lease) {
  LeaseRecord record;
  const nlohmann::json& spec = jsonMember(lease, "spec");
  record.holder = stringMember(spec, "holderIdentity");
  record.lease_duration_s = integerMember(spec, "leaseDurationSeconds");
  record.acquire_time = stringMember(spec, "acquireTime");
  record.renew_time = stringMember(spec, "renewTime");
  record.transitions = integerMember(spec, "leaseTransitions");
  record.resource_version = stringMember(jsonMember(lease, "metadata"), "resourceVersion");
  return record;
}

nlohmann::json leaseObject(const ObjectRef& ref, const LeaseRecord& record) {
  nlohmann::json metadata = {{"name", ref.name}, {"namespace", ref.ns}};
  if (!record.resource_version.empty()) metadata["resourceVersion"] = record.resource_version;
  nlohmann::json spec = {{"holderIdentity", record.holder},
                         {"leaseDurationSeconds", record.lease_duration_s},
                         {"leaseTransitions", record.transitions}};
  if (!record.acquire_time.empty()) spec["acquireTime"] = record.acquire_time;
  if (!record.renew_time.empty()) spec["renewTime"] = record.renew_time;
  return {
      {"apiVersion", "coordination.k8s.io/v1"}, {"kind", "Lease"}, {"metadata", metadata}, {"spec", spec}};
}

std::string microTime(long long unix_ms) {
  std::string text = utcTimestamp(unix_ms, /*with_millis=*/true);  // …:05.123Z
  text.insert(text.size() - 1, "000");
  return text;
}

}  // namespace lecter
