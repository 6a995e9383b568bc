#pragma once
/// Stands in for the ApiServer when a dry run has none configured: every call fails, saying why.

#include <string>
#include <utility>

#include "lecter/kube/events_api.h"
#include "lecter/kube/kube_calls.h"
#include "lecter/kube/services_api.h"

namespace lecter {

class UnreachableApiServer final : public KubeCalls, public ServicesApi, public EventsApi {
 public:
  explicit UnreachableApiServer(std::string why) : why_(std::move(why)) {}
  void start(const KubeCall&, KubeDone done) override { done(KubeResult{0, nullptr, "", why_}); }
  std::size_t poll(std::chrono::milliseconds) override { return 0; }
  KubeResult getService(const ObjectRef&) override { return KubeResult{0, nullptr, "", why_}; }
  KubeResult createEvent(const std::string&, const nlohmann::json&) override {
    return KubeResult{0, nullptr, "", why_};
  }

 private:
  std::string why_;
};

}  // namespace lecter
