#pragma once
/// Leases kept as the ApiServer keeps them (coordination.k8s.io/v1): every write gets a new
/// metadata.resourceVersion; a POST of a Lease that exists is 409 AlreadyExists; a PUT whose
/// resourceVersion is not the current one is 409 Conflict; a GET or PUT of one that does not exist is
/// 404. Several replicas share one instance; each call is recorded, and `down` makes every call of
/// one identity's a transport failure (a replica cut off from the ApiServer).

#include <map>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "lecter/base/json_fields.h"
#include "lecter/kube/leases_api.h"

namespace lecter::testing {

class FakeLeases {
 public:
  struct Call {
    std::string who;
    std::string verb;  // GET, POST, PUT, LIST
    std::string lease;
    long status = 0;
  };

  /// The LeasesApi one replica uses: its calls carry `who`.
  class Client final : public LeasesApi {
   public:
    Client(FakeLeases& leases, std::string who) : leases_(leases), who_(std::move(who)) {}
    KubeResult getLease(const ObjectRef& ref) override { return leases_.get(who_, ref); }
    KubeResult createLease(const ObjectRef& ref, const nlohmann::json& lease) override {
      return leases_.create(who_, ref, lease);
    }
    KubeResult updateLease(const ObjectRef& ref, const nlohmann::json& lease) override {
      return leases_.update(who_, ref, lease);
    }
    /// Every Lease, whatever the selector (the fixture serves selectors: support/apiserver).
    KubeResult listLeases(const std::string& /*ns*/, const std::string& /*labels*/) override {
      return leases_.list(who_);
    }

   private:
    FakeLeases& leases_;
    std::string who_;
  };

  [[nodiscard]] const nlohmann::json* find(const std::string& name) const {
    const auto found = objects_.find(name);
    return found == objects_.end() ? nullptr : &found->second;
  }
  [[nodiscard]] std::string holder(const std::string& name) const {
    const nlohmann::json* lease = find(name);
    return lease == nullptr ? "" : stringMember(jsonMember(*lease, "spec"), "holderIdentity");
  }

  /// Another client (kubectl annotate, a controller) touches the Lease: a new resourceVersion, the
  /// same election record.
  void annotate(const std::string& name, const std::string& key, const std::string& value) {
    nlohmann::json& lease = objects_.at(name);
    lease["metadata"]["annotations"][key] = value;
    lease["metadata"]["resourceVersion"] = std::to_string(++version_);
  }

  std::vector<Call> calls;
  std::set<std::string> down;  // identities whose calls fail as if the network were gone

 private:
  static KubeResult status(long code, const char* reason, std::string message) {
    return KubeResult(code, nlohmann::json{{"kind", "Status"}, {"code", code}, {"reason", reason}}, reason,
                      std::move(message));
  }
  KubeResult record(const std::string& who, const char* verb, const ObjectRef& ref, KubeResult result) {
    calls.push_back(Call{who, verb, ref.name, result.http_status});
    return result;
  }
  KubeResult stored(const std::string& name) { return KubeResult(200, objects_.at(name), "", ""); }

  KubeResult get(const std::string& who, const ObjectRef& ref) {
    if (down.contains(who)) return record(who, "GET", ref, KubeResult(0, {}, "", "connection refused"));
    if (!objects_.contains(ref.name)) return record(who, "GET", ref, status(404, "NotFound", "not found"));
    return record(who, "GET", ref, stored(ref.name));
  }
  KubeResult list(const std::string& who) {
    const ObjectRef all{"", "(list)"};
    if (down.contains(who)) return record(who, "LIST", all, KubeResult(0, {}, "", "connection refused"));
    nlohmann::json items = nlohmann::json::array();
    for (const auto& [name, lease] : objects_) items.push_back(lease);
    return record(who, "LIST", all,
                  KubeResult(200,
                             nlohmann::json{{"kind", "LeaseList"},
                                            {"apiVersion", "coordination.k8s.io/v1"},
                                            {"metadata", {{"resourceVersion", std::to_string(version_)}}},
                                            {"items", items}},
                             "", ""));
  }
  KubeResult create(const std::string& who, const ObjectRef& ref, nlohmann::json lease) {
    if (down.contains(who)) return record(who, "POST", ref, KubeResult(0, {}, "", "connection refused"));
    if (objects_.contains(ref.name)) {
      return record(who, "POST", ref,
                    status(409, "AlreadyExists", "leases \"" + ref.name + "\" already exists"));
    }
    lease["metadata"]["resourceVersion"] = std::to_string(++version_);
    objects_[ref.name] = lease;
    return record(who, "POST", ref, stored(ref.name));
  }
  KubeResult update(const std::string& who, const ObjectRef& ref, nlohmann::json lease) {
    if (down.contains(who)) return record(who, "PUT", ref, KubeResult(0, {}, "", "connection refused"));
    const auto current = objects_.find(ref.name);
    if (current == objects_.end()) return record(who, "PUT", ref, status(404, "NotFound", "not found"));
    if (stringMember(jsonMember(lease, "metadata"), "resourceVersion") !=
        stringMember(jsonMember(current->second, "metadata"), "resourceVersion")) {
      return record(who, "PUT", ref,
                    status(409, "Conflict",
                           "the object has been modified; please apply your changes to the latest "
                           "version and try again"));
    }
    lease["metadata"]["resourceVersion"] = std::to_string(++version_);
    current->second = lease;
    return record(who, "PUT", ref, stored(ref.name));
  }

  std::map<std::string, nlohmann::json> objects_;
  long long version_ = 100;
};

}  // namespace lecter::testing
