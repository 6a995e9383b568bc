#pragma once
/// A KubeClient that records every call ("GET endpoints prod/db", "LIST endpointslices prod ...") and
/// answers each kind of call with the answer the test set for it (200 with an echo of the written
/// object by default), so CachingKubeClient tests can see which reads reached the ApiServer.

#include <map>
#include <string>
#include <vector>

#include "lecter/kube/kube_client.h"

namespace lecter::testing {

class RecordingKubeClient final : public KubeClient {
 public:
  /// The answer to calls of `verb` (GET, PUT, SERVICE, EVENT, LIST, CREATE, PUTSLICE, DELETE).
  void answer(const std::string& verb, KubeResult result) { answers_[verb] = std::move(result); }

  KubeResult getEndpoints(const ObjectRef& ref) override {
    return call("GET", "endpoints " + key(ref), nullptr);
  }
  KubeResult putEndpoints(const ObjectRef& ref, const nlohmann::json& object) override {
    return call("PUT", "endpoints " + key(ref), object);
  }
  KubeResult getService(const ObjectRef& ref) override {
    return call("SERVICE", "services " + key(ref), nullptr);
  }
  KubeResult createEvent(const std::string& ns, const nlohmann::json& event) override {
    return call("EVENT", "events " + ns, event);
  }
  KubeResult listEndpointSlices(const std::string& ns, const std::string& selector) override {
    return call("LIST", "endpointslices " + ns + " " + selector, nullptr);
  }
  KubeResult createEndpointSlice(const std::string& ns, const nlohmann::json& object) override {
    return call("CREATE", "endpointslices " + ns, object);
  }
  KubeResult putEndpointSlice(const ObjectRef& ref, const nlohmann::json& object) override {
    return call("PUTSLICE", "endpointslices " + key(ref), object);
  }
  KubeResult deleteEndpointSlice(const ObjectRef& ref) override {
    return call("DELETE", "endpointslices " + key(ref), nullptr);
  }

  [[nodiscard]] const std::vector<std::string>& calls() const { return calls_; }
  void clearCalls() { calls_.clear(); }

 private:
  static std::string key(const ObjectRef& ref) { return ref.ns + "/" + ref.name; }
  KubeResult call(const std::string& verb, const std::string& what, const nlohmann::json& body) {
    calls_.push_back(verb + " " + what);
    const auto it = answers_.find(verb);
    if (it != answers_.end()) return it->second;
    return KubeResult{200, body.is_null() ? nlohmann::json::object() : body, "", ""};
  }

  std::map<std::string, KubeResult> answers_;
  std::vector<std::string> calls_;
};

}  // namespace lecter::testing
