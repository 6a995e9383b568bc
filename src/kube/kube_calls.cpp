#include "lecter/kube/kube_calls.h"

#include <optional>
#include <utility>

#include "lecter/base/json_fields.h"

namespace lecter {

KubeCall KubeCall::getEndpoints(ObjectRef ref) {
  return KubeCall{KubeVerb::GetEndpoints, std::move(ref), {}, {}};
}

KubeCall KubeCall::putEndpoints(ObjectRef ref, nlohmann::json object) {
  return KubeCall{KubeVerb::PutEndpoints, std::move(ref), std::move(object), {}};
}

KubeCall KubeCall::listEndpointSlices(ObjectRef service, std::string label_selector) {
  return KubeCall{KubeVerb::ListEndpointSlices, std::move(service), {}, std::move(label_selector)};
}

KubeCall KubeCall::createEndpointSlice(std::string ns, nlohmann::json object) {
  ObjectRef ref{std::move(ns), metadataString(object, "name")};
  return KubeCall{KubeVerb::CreateEndpointSlice, std::move(ref), std::move(object), {}};
}

KubeCall KubeCall::putEndpointSlice(ObjectRef ref, nlohmann::json object) {
  return KubeCall{KubeVerb::PutEndpointSlice, std::move(ref), std::move(object), {}};
}

KubeCall KubeCall::deleteEndpointSlice(ObjectRef ref) {
  return KubeCall{KubeVerb::DeleteEndpointSlice, std::move(ref), {}, {}};
}

bool KubeCall::writes() const {
  return verb != KubeVerb::GetEndpoints && verb != KubeVerb::ListEndpointSlices;
}

std::string KubeCall::describe() const {
  const std::string where = ref.ns + "/" + ref.name;
  switch (verb) {
    case KubeVerb::GetEndpoints:
      return "GET endpoints " + where;
    case KubeVerb::PutEndpoints:
      return "PUT endpoints " + where;
    case KubeVerb::ListEndpointSlices:
      return "LIST endpointslices of " + where;
    case KubeVerb::CreateEndpointSlice:
      return "POST endpointslice " + where;
    case KubeVerb::PutEndpointSlice:
      return "PUT endpointslice " + where;
    case KubeVerb::DeleteEndpointSlice:
      return "DELETE endpointslice " + where;
  }
  return "?";
}

KubeResult callAndWait(KubeCalls& calls, const KubeCall& call) {
  std::optional<KubeResult> result;
  calls.start(call, [&result](KubeResult r) { result = std::move(r); });
  // Every request has a timeout of its own, so this ends.
  while (!result && calls.poll(std::chrono::milliseconds(100)) > 0) {
  }
  if (result) return std::move(*result);
  return KubeResult{0, nullptr, "", call.describe() + ": ended without a result"};
}

}  // namespace lecter
