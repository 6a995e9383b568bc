// RestKubeClient's coordination.k8s.io/v1 Lease calls (leader election): read (GET …/leases/NAME),
// create (POST to the collection) and replace (PUT …/leases/NAME, conditional on
// metadata.resourceVersion: Leases allow no unconditional update), and the collection's list by label
// (the shards' view).

#include <string>

#include "api_prefix.h"
#include "lecter/base/query_escape.h"
#include "lecter/kube/rest_kube_client.h"

namespace lecter {

std::string RestKubeClient::leasesPathFor(const std::string& ns) const {
  return apiPrefixOf(options_.endpoint_api) + "/apis/coordination.k8s.io/v1/namespaces/" + ns + "/leases";
}

KubeResult RestKubeClient::getLease(const ObjectRef& ref) {
  return call({"GET",
               leasesPathFor(ref.ns) + "/" + ref.name,
               {},
               ExpectedObject{ObjectKind::Lease, ref.ns, ref.name}});
}

KubeResult RestKubeClient::createLease(const ObjectRef& ref, const nlohmann::json& lease) {
  return call(
      {"POST", leasesPathFor(ref.ns), encoded(lease), ExpectedObject{ObjectKind::Lease, ref.ns, ref.name}});
}

KubeResult RestKubeClient::updateLease(const ObjectRef& ref, const nlohmann::json& lease) {
  return call({"PUT", leasesPathFor(ref.ns) + "/" + ref.name, encoded(lease),
               ExpectedObject{ObjectKind::Lease, ref.ns, ref.name}});
}

KubeResult RestKubeClient::listLeases(const std::string& ns, const std::string& label_selector) {
  std::string path = leasesPathFor(ns);
  if (!label_selector.empty()) path += "?labelSelector=" + queryEscaped(label_selector);
  return call({"GET", path, {}, ExpectedObject{ObjectKind::LeaseList, ns, ""}});
}

}  // namespace lecter
