// RestKubeClient's discovery.k8s.io/v1 EndpointSlice calls (kubernetes_conf.mode: endpointslice).
// Kubernetes API reference "EndpointSlice v1": list (GET …/endpointslices?labelSelector=…), create
// (POST to the collection: a PUT cannot create a slice), replace (PUT …/endpointslices/NAME, conditional
// on metadata.resourceVersion) and delete (DELETE …/endpointslices/NAME).

#include <string>

#include "api_prefix.h"
#include "lecter/base/json_fields.h"
#include "lecter/kube/rest_kube_client.h"
#include "query_escape.h"

namespace lecter {
namespace {

constexpr const char* kSlicesPath = "/apis/discovery.k8s.io/v1/namespaces/myNameSpaces/endpointslices";

}  // namespace

std::string RestKubeClient::endpointSlicesPathFor(const std::string& ns) const {
  std::string path = apiPrefixOf(options_.endpoint_api) + kSlicesPath;
  path.replace(path.find("myNameSpaces"), std::string("myNameSpaces").size(), ns);
  return path;
}

KubeResult RestKubeClient::listEndpointSlices(const std::string& ns, const std::string& label_selector) {
  std::string path = endpointSlicesPathFor(ns);
  if (!label_selector.empty()) path += "?labelSelector=" + queryEscaped(label_selector);
  return call("GET", path, {}, ExpectedObject{ObjectKind::EndpointSliceList, ns, ""});
}

KubeResult RestKubeClient::createEndpointSlice(const std::string& ns, const nlohmann::json& object) {
  return call("POST", endpointSlicesPathFor(ns), encoded(object),
              ExpectedObject{ObjectKind::EndpointSlice, ns, metadataString(object, "name")});
}

KubeResult RestKubeClient::putEndpointSlice(const ObjectRef& ref, const nlohmann::json& object) {
  return call("PUT", endpointSlicesPathFor(ref.ns) + "/" + ref.name, encoded(object),
              ExpectedObject{ObjectKind::EndpointSlice, ref.ns, ref.name});
}

KubeResult RestKubeClient::deleteEndpointSlice(const ObjectRef& ref) {
  return call("DELETE", endpointSlicesPathFor(ref.ns) + "/" + ref.name, {},
              ExpectedObject{ObjectKind::DeleteResult, ref.ns, ref.name});
}

}  // namespace lecter
