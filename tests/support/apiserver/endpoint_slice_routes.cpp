#include "support/apiserver/endpoint_slice_routes.h"

#include <regex>

#include "support/apiserver/endpoint_slice_status.h"
#include "support/apiserver/request_body.h"
#include "support/apiserver/status.h"

namespace lecter::testing {

std::optional<WriteOutcome> routeEndpointSlices(const CoreRequest& request, EndpointSliceStore& slices) {
  static const std::regex kCollectionPath("/apis/discovery\\.k8s\\.io/v1/namespaces/([^/]+)/endpointslices");
  static const std::regex kObjectPath(
      "/apis/discovery\\.k8s\\.io/v1/namespaces/([^/]+)/endpointslices/([^/]+)");
  std::smatch match;
  if (std::regex_match(request.path, match, kCollectionPath)) {
    if (request.method != "POST") return std::nullopt;  // list and watch are served elsewhere
    const std::string ns = match[1];
    if (request.read_only) return WriteOutcome{403, sliceForbiddenStatus(request.user, "create", ns, "")};
    DecodedBody body = decodeRequestBody(request.media_type, request.body);
    if (!body.object) return body.refusal;
    return slices.create(ns, std::move(*body.object));
  }
  if (!std::regex_match(request.path, match, kObjectPath)) return std::nullopt;
  const std::string ns = match[1];
  const std::string name = match[2];
  if (request.method == "GET") {
    if (auto object = slices.get(ns, name)) return WriteOutcome{200, *object};
    return WriteOutcome{404, sliceNotFoundStatus(name)};
  }
  if (request.method == "PUT") {
    if (request.read_only) return WriteOutcome{403, sliceForbiddenStatus(request.user, "update", ns, name)};
    DecodedBody body = decodeRequestBody(request.media_type, request.body);
    if (!body.object) return body.refusal;
    return slices.update(ns, name, std::move(*body.object));
  }
  if (request.method == "DELETE") {
    if (request.read_only) return WriteOutcome{403, sliceForbiddenStatus(request.user, "delete", ns, name)};
    return slices.remove(ns, name);
  }
  return WriteOutcome{405, methodNotAllowedStatus()};
}

}  // namespace lecter::testing
