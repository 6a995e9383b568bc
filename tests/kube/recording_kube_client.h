#pragma once
/// The direct ApiServer client (KubeCalls, ServicesApi) as a fake that records every call ("GET endpoints
/// prod/db", "LIST endpointslices prod ...") and answers each kind of call at once with the answer the test
/// set for it (200 with an echo of the written object by default), so CachingKubeClient tests can see which
/// reads reached the ApiServer.

#include <map>
#include <string>
#include <vector>

#include "lecter/kube/kube_calls.h"
#include "lecter/kube/services_api.h"

namespace lecter::testing {

class RecordingKubeClient final : public KubeCalls, public ServicesApi {
 public:
  void start(const KubeCall& c, KubeDone done) override {
    switch (c.verb) {
      case KubeVerb::GetEndpoints:
        return done(call("GET", "endpoints " + key(c.ref), nullptr));
      case KubeVerb::PutEndpoints:
        return done(call("PUT", "endpoints " + key(c.ref), c.object));
      case KubeVerb::ListEndpointSlices:
        return done(call("LIST", "endpointslices " + c.ref.ns + " " + c.label_selector, nullptr));
      case KubeVerb::CreateEndpointSlice:
        return done(call("CREATE", "endpointslices " + c.ref.ns, c.object));
      case KubeVerb::PutEndpointSlice:
        return done(call("PUTSLICE", "endpointslices " + key(c.ref), c.object));
      case KubeVerb::DeleteEndpointSlice:
        return done(call("DELETE", "endpointslices " + key(c.ref), nullptr));
    }
  }
  std::size_t poll(std::chrono::milliseconds) override { return 0; }

  /// The answer to calls of `verb` (GET, PUT, SERVICE, LIST, CREATE, PUTSLICE, DELETE).
  void answer(const std::string& verb, KubeResult result) { answers_[verb] = std::move(result); }

  KubeResult getService(const ObjectRef& ref) override {
    return call("SERVICE", "services " + key(ref), nullptr);
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
