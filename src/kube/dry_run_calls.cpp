#include "lecter/kube/dry_run_calls.h"

#include "http_status.h"

#include <utility>

namespace lecter {

using http_status::kCreated;
using http_status::kNotFound;
using http_status::kOk;
namespace {

std::string keyOf(const ObjectRef& ref) { return ref.ns + "/" + ref.name; }

}  // namespace

DryRunCalls::DryRunCalls(KubeCalls& reads) : reads_(reads) {}

void DryRunCalls::start(const KubeCall& call, KubeDone done) {
  switch (call.verb) {
    case KubeVerb::GetEndpoints:
    case KubeVerb::ListEndpointSlices:
      reads_.start(call, [this, call, done = std::move(done)](KubeResult result) {
        if (!result.ok() && !result.notFound()) {
          // Without a reachable ApiServer a dry run still shows what it would write.
          unknown_[keyOf(call.ref)] = "live object unknown (" + result.describe() + ")";
          result = call.verb == KubeVerb::ListEndpointSlices
                       ? KubeResult{kOk,
                                    {{"kind", "EndpointSliceList"}, {"items", nlohmann::json::array()}},
                                    "",
                                    ""}
                       : KubeResult{kNotFound, nullptr, "NotFound", "live object unknown"};
        }
        done(std::move(result));
      });
      return;
    case KubeVerb::PutEndpoints:
    case KubeVerb::PutEndpointSlice:
      done(KubeResult{kOk, call.object, "", ""});
      return;
    case KubeVerb::CreateEndpointSlice:
      done(KubeResult{kCreated, call.object, "", ""});
      return;
    case KubeVerb::DeleteEndpointSlice:
      done(KubeResult{kOk, {{"kind", "Status"}, {"status", "Success"}}, "", ""});
      return;
  }
}

KubeResult DryRunCalls::createEvent(const std::string& ns, const nlohmann::json& event) {
  (void)ns;
  return KubeResult{kCreated, event, "", ""};
}

std::optional<std::string> DryRunCalls::unknownLive(const ObjectRef& service) const {
  const auto it = unknown_.find(keyOf(service));
  if (it == unknown_.end()) return std::nullopt;
  return it->second;
}

}  // namespace lecter
