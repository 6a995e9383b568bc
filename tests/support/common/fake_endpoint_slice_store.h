#pragma once
/// The EndpointSlices of a FakeKubeClient: an in-memory collection with resourceVersions that behaves
/// as the ApiServer does for the calls lecter makes (Kubernetes API reference "EndpointSlice v1"): list
/// by an equality label selector, POST creates (409 AlreadyExists when the name is taken), PUT replaces
/// an existing slice only (404 when missing; 409 Conflict on a stale resourceVersion), DELETE (404 when
/// missing).

#include <algorithm>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "lecter/kube/kube_result.h"

namespace lecter::testing {

class FakeEndpointSliceStore {
 public:
  KubeResult list(const std::string& ns, const std::string& label_selector) const {
    nlohmann::json items = nlohmann::json::array();
    for (const auto& [key, slice] : slices_) {
      if (key.rfind(ns + "/", 0) == 0 && matches(slice, label_selector)) items.push_back(slice);
    }
    return KubeResult{200,
                      {{"kind", "EndpointSliceList"},
                       {"apiVersion", "discovery.k8s.io/v1"},
                       {"metadata", {{"resourceVersion", std::to_string(version_)}}},
                       {"items", std::move(items)}},
                      "",
                      ""};
  }

  KubeResult create(const std::string& ns, const nlohmann::json& object) {
    const std::string name = object.value("/metadata/name"_json_pointer, std::string());
    if (slices_.contains(ns + "/" + name)) {
      return KubeResult{409, nullptr, "AlreadyExists",
                        "endpointslices.discovery.k8s.io \"" + name + "\" already exists"};
    }
    if (object.contains("metadata") && object["metadata"].contains("resourceVersion")) {
      return KubeResult{422, nullptr, "Invalid",
                        "resourceVersion should not be set on objects to be created"};
    }
    return KubeResult{201, store(ns, object), "", ""};
  }

  KubeResult put(const ObjectRef& ref, const nlohmann::json& object) {
    const auto it = slices_.find(ref.ns + "/" + ref.name);
    if (it == slices_.end()) return notFound(ref.name);
    const std::string sent = object.value("/metadata/resourceVersion"_json_pointer, std::string());
    if (!sent.empty() && sent != it->second["metadata"]["resourceVersion"].get<std::string>()) {
      return KubeResult{409, nullptr, "Conflict", "the object has been modified"};
    }
    return KubeResult{200, store(ref.ns, object), "", ""};
  }

  KubeResult remove(const ObjectRef& ref) {
    if (slices_.erase(ref.ns + "/" + ref.name) == 0) return notFound(ref.name);
    ++version_;
    return KubeResult{200, {{"kind", "Status"}, {"status", "Success"}}, "", ""};
  }

  /// Stores a slice as another writer would (a new resourceVersion); returns what was stored.
  nlohmann::json store(const std::string& ns, nlohmann::json object) {
    object["metadata"]["namespace"] = ns;
    object["metadata"]["resourceVersion"] = std::to_string(++version_);
    const std::string name = object["metadata"]["name"].get<std::string>();
    slices_[ns + "/" + name] = object;
    return object;
  }

  [[nodiscard]] const nlohmann::json* find(const std::string& ns, const std::string& name) const {
    const auto it = slices_.find(ns + "/" + name);
    return it == slices_.end() ? nullptr : &it->second;
  }
  /// Names of the namespace's slices, sorted.
  [[nodiscard]] std::vector<std::string> names(const std::string& ns) const {
    std::vector<std::string> out;
    for (const auto& [key, slice] : slices_) {
      if (key.rfind(ns + "/", 0) == 0) out.push_back(key.substr(ns.size() + 1));
    }
    return out;
  }

 private:
  static KubeResult notFound(const std::string& name) {
    return KubeResult{404, nullptr, "NotFound", "endpointslices.discovery.k8s.io \"" + name + "\" not found"};
  }
  /// Equality selectors only ("a=b,c=d"), which is all lecter sends.
  static bool matches(const nlohmann::json& slice, const std::string& selector) {
    std::size_t start = 0;
    while (start < selector.size()) {
      const std::size_t end = std::min(selector.find(',', start), selector.size());
      const std::string term = selector.substr(start, end - start);
      const std::size_t eq = term.find('=');
      const std::string key = term.substr(0, eq);
      const std::string value = eq == std::string::npos ? "" : term.substr(eq + 1);
      const nlohmann::json labels = slice.value("/metadata/labels"_json_pointer, nlohmann::json::object());
      if (!labels.contains(key) || labels[key] != value) return false;
      start = end + 1;
    }
    return true;
  }

  std::map<std::string, nlohmann::json> slices_;  // by ns/name
  long long version_ = 500;
};

}  // namespace lecter::testing
