// RestKubeClient's discovery.k8s.io/v1 EndpointSlice calls (kubernetes_conf.mode: endpointslice).
// Kubernetes API reference "EndpointSlice v1": list (GET …/endpointslices?labelSelector=…), create
// (POST to the collection: a PUT cannot create a slice), replace (PUT …/endpointslices/NAME, conditional
// on metadata.resourceVersion) and delete (DELETE …/endpointslices/NAME).

#include <string>

#include "api_prefix.h"
#include "lecter/base/json_fields.h"
#include "lecter/base/query_escape.h"
#include "lecter/kube/rest_kube_client.h"

namespace lecter {
namespace {

constexpr const char* kSlicesPath = "/apis/discovery.k8s.io/v1/namespaces/myNameSpaces/endpointslices";

}  // namespace

std::string RestKubeClient::endpointSlicesPathFor(const std::string& ns) const {
  std::string path = apiPrefixOf(options_.endpoint_api) + kSlicesPath;
  path.replace(path.find("myNameSpaces"), std::string("myNameSpaces").size(), ns);
  return path;
}

RestKubeClient::Prepared RestKubeClient::prepareSliceCall(const KubeCall& call) const {
  const ObjectRef& ref = call.ref;
  const std::string collection = endpointSlicesPathFor(ref.ns);
  switch (call.verb) {
    case KubeVerb::ListEndpointSlices: {
      std::string path = collection;
      if (!call.label_selector.empty()) path += "?labelSelector=" + queryEscaped(call.label_selector);
      return {"GET", path, {}, ExpectedObject{ObjectKind::EndpointSliceList, ref.ns, ""}};
    }
    case KubeVerb::CreateEndpointSlice:
      return {"POST", collection, encoded(call.object),
              ExpectedObject{ObjectKind::EndpointSlice, ref.ns, metadataString(call.object, "name")}};
    case KubeVerb::PutEndpointSlice:
      return {"PUT", collection + "/" + ref.name, encoded(call.object),
              ExpectedObject{ObjectKind::EndpointSlice, ref.ns, ref.name}};
    default:  // KubeVerb::DeleteEndpointSlice; the Endpoints verbs never come here
      return {"DELETE",
              collection + "/" + ref.name,
              {},
              ExpectedObject{ObjectKind::DeleteResult, ref.ns, ref.name}};
  }
}

}  // namespace lecter
