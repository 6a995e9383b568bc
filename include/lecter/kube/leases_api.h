#pragma once
/// The coordination.k8s.io/v1 Leases lecter's replicas elect their writers through.

#include <nlohmann/json.hpp>

#include "lecter/kube/kube_result.h"

namespace lecter {

class LeasesApi {
 public:
  virtual ~LeasesApi() = default;
  /// GET of the Lease ns/name; 404 when nobody made it yet.
  virtual KubeResult getLease(const ObjectRef& ref) = 0;
  /// POST of `lease`; 409 AlreadyExists when another replica made it first.
  virtual KubeResult createLease(const ObjectRef& ref, const nlohmann::json& lease) = 0;
  /// PUT of `lease`, which carries the resourceVersion it was read at; 409 Conflict when another
  /// replica wrote it since.
  virtual KubeResult updateLease(const ObjectRef& ref, const nlohmann::json& lease) = 0;
  /// GET of the namespace's Leases that carry `label_selector` (a LeaseList): the shards' one read
  /// of who holds what, and which replicas are alive.
  virtual KubeResult listLeases(const std::string& ns, const std::string& label_selector) = 0;
};

}  // namespace lecter
