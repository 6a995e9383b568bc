#pragma once
/// Reading a Service (its ports, selector and uid), as ServiceDirectory needs it.

#include "lecter/kube/kube_result.h"

namespace lecter {

class ServicesApi {
 public:
  virtual ~ServicesApi() = default;
  /// GET of the Service ns/name. A client that cannot reach Services answers like a transport error
  /// (http_status 0).
  virtual KubeResult getService(const ObjectRef& ref) = 0;
};

}  // namespace lecter
