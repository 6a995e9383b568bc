#include "support/apiserver/endpoint_slice_status.h"

#include "support/apiserver/group_resource_status.h"
#include "support/apiserver/status.h"

namespace lecter::testing {
namespace {

using nlohmann::json;

const GroupResource kSlices{"discovery.k8s.io", "endpointslices"};

json details(const std::string& name) { return groupDetails(kSlices, name); }

}  // namespace

json sliceNotFoundStatus(const std::string& name) { return groupNotFoundStatus(kSlices, name); }

json sliceAlreadyExistsStatus(const std::string& name) { return groupAlreadyExistsStatus(kSlices, name); }

json sliceConflictStatus(const std::string& name) { return groupConflictStatus(kSlices, name); }

json sliceForbiddenStatus(const std::string& user, const std::string& verb, const std::string& ns,
                          const std::string& name) {
  return groupForbiddenStatus(kSlices, user, verb, ns, name);
}

json sliceDeletedStatus(const std::string& name, const std::string& uid) {
  json body = {{"kind", "Status"}, {"apiVersion", "v1"}, {"metadata", json::object()}, {"status", "Success"}};
  body["details"] = details(name);
  body["details"]["uid"] = uid;
  return body;
}

json resourceVersionOnCreateStatus() {
  json body = statusBody(500, "", "resourceVersion should not be set on objects to be created");
  body.erase("reason");  // StatusReasonUnknown is "", left out by omitempty
  return body;
}

}  // namespace lecter::testing
