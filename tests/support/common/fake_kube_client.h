#pragma once
/// A KubeClient over an in-memory object map with resourceVersions, so the reconciler's logic
/// (conflicts, creation, failures) is tested without HTTP. Records every call.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "lecter/kube/kube_client.h"

namespace lecter::testing {

class FakeKubeClient final : public KubeClient {
 public:
  struct Call {
    std::string verb;  // GET or PUT
    std::string ref;   // ns/name
    nlohmann::json body;
  };

  KubeResult getEndpoints(const ObjectRef& ref) override {
    calls_.push_back({"GET", key(ref), nullptr});
    if (auto failure = takeFailure()) return *failure;
    const auto it = objects_.find(key(ref));
    if (it == objects_.end())
      return KubeResult{404, nullptr, "NotFound", "endpoints \"" + ref.name + "\" not found"};
    return KubeResult{200, it->second, "", ""};
  }

  KubeResult putEndpoints(const ObjectRef& ref, const nlohmann::json& object) override {
    calls_.push_back({"PUT", key(ref), object});
    if (auto failure = takeFailure()) return *failure;
    if (conflicts_ > 0) {
      --conflicts_;
      // Another writer gets in first: the stored object changes and this PUT is stale.
      if (objects_.contains(key(ref))) {
        nlohmann::json& stored = objects_[key(ref)];
        stored["metadata"]["labels"]["owner"] = "someone-else";
        stored["metadata"]["resourceVersion"] = std::to_string(++version_);
      }
      return KubeResult{409, nullptr, "Conflict", "the object has been modified"};
    }
    const auto it = objects_.find(key(ref));
    const std::string sent_version = object.value("/metadata/resourceVersion"_json_pointer, std::string());
    if (it != objects_.end() && !sent_version.empty() &&
        sent_version != it->second["metadata"]["resourceVersion"].get<std::string>()) {
      return KubeResult{409, nullptr, "Conflict", "the object has been modified"};
    }
    nlohmann::json stored = object;
    stored["metadata"]["resourceVersion"] = std::to_string(++version_);
    objects_[key(ref)] = stored;
    return KubeResult{it == objects_.end() ? 201L : 200L, stored, "", ""};
  }

  /// Stores an object as another writer would.
  void store(const std::string& ns, const std::string& name, nlohmann::json object) {
    object["metadata"]["resourceVersion"] = std::to_string(++version_);
    objects_[ns + "/" + name] = std::move(object);
  }
  [[nodiscard]] const nlohmann::json* object(const std::string& ns, const std::string& name) const {
    const auto it = objects_.find(ns + "/" + name);
    return it == objects_.end() ? nullptr : &it->second;
  }
  /// The next `count` calls fail with `status`.
  void failNext(int count, long status) {
    failures_ = count;
    failure_status_ = status;
  }
  /// The next `count` PUTs lose a race with another writer.
  void conflictNext(int count) { conflicts_ = count; }

  [[nodiscard]] const std::vector<Call>& calls() const { return calls_; }
  [[nodiscard]] int count(const std::string& verb) const {
    int n = 0;
    for (const auto& c : calls_) n += c.verb == verb ? 1 : 0;
    return n;
  }
  void clearCalls() { calls_.clear(); }

 private:
  static std::string key(const ObjectRef& ref) { return ref.ns + "/" + ref.name; }
  std::optional<KubeResult> takeFailure() {
    if (failures_ <= 0) return std::nullopt;
    --failures_;
    return KubeResult{failure_status_, nullptr, "InternalError", "injected failure"};
  }

  std::map<std::string, nlohmann::json> objects_;
  std::vector<Call> calls_;
  long long version_ = 100;
  int failures_ = 0;
  long failure_status_ = 500;
  int conflicts_ = 0;
};

}  // namespace lecter::testing
